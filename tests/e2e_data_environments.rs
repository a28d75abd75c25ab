//! End to end: data environments — the account owner adds one, renames it and deletes it
//! after seeing the deletion's preview (each a change set); the built-ins cannot be changed;
//! another administrator reads the list only; the static demo stores an added one.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{static_host, Browser, Studio, OWNER};

const ROWS: &str = "[data-testid=data-environment]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_owner_adds_renames_and_deletes_a_data_environment() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/data-environments"), OWNER)
        .await;
    let rows = browser.count_eventually(ROWS, 3).await;
    assert!(rows[0].starts_with("Production"), "{rows:?}");
    // The built-ins have no actions.
    browser
        .count_eventually(
            "[data-testid=data-environment][data-id=production] [data-testid=delete]",
            0,
        )
        .await;

    browser.fill("[data-testid=new-name]", "Acceptance").await;
    browser.click("[data-testid=add]").await;
    let rows = browser.count_eventually(ROWS, 4).await;
    assert!(
        rows[3].starts_with("Acceptance") && rows[3].contains("No grants"),
        "{rows:?}"
    );
    let acceptance = format!("{ROWS}:nth-child(4)");

    // A name another environment has is refused at once, naming the reason.
    browser.fill("[data-testid=new-name]", "staging").await;
    browser.click("[data-testid=add]").await;
    let error = browser.text("[data-testid=data-environment-error]").await;
    assert!(
        error.contains("another data environment is already called staging"),
        "{error}"
    );
    browser.count_eventually(ROWS, 4).await;

    browser
        .click(format!("{acceptance} [data-testid=rename]").as_str())
        .await;
    browser
        .fill("[data-testid=rename-input]", "Pre-production")
        .await;
    browser.click("[data-testid=rename-save]").await;
    browser
        .text_containing(acceptance.as_str(), "Pre-production")
        .await;

    browser
        .click(format!("{acceptance} [data-testid=delete]").as_str())
        .await;
    let panel = browser.text("[data-testid=delete-panel]").await;
    assert!(panel.contains("Delete Pre-production?"), "{panel}");
    assert!(panel.contains("No grant covers it."), "{panel}");
    browser.screenshot("data-environments-delete").await;
    browser.click("[data-testid=delete-confirm]").await;
    browser.count_eventually(ROWS, 3).await;
    browser.close().await;

    // Another administrator reads the list only.
    let fleur = Browser::start().await;
    fleur
        .sign_in(&studio.url("/data-environments"), "12345.FSmit")
        .await;
    fleur.count_eventually(ROWS, 3).await;
    fleur
        .wait_for("[data-testid=data-environments-read-only]")
        .await;
    fleur
        .count_eventually("[data-testid=add-data-environment]", 0)
        .await;
    fleur.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_adds_a_data_environment_and_keeps_it() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&format!("{base}/data-environments"), OWNER)
        .await;
    let rows = browser.count_eventually(ROWS, 3).await;
    assert!(rows[1].starts_with("Staging"), "{rows:?}");
    browser.fill("[data-testid=new-name]", "Training").await;
    browser.click("[data-testid=add]").await;
    browser.count_eventually(ROWS, 4).await;
    browser.reload().await;
    let rows = browser.count_eventually(ROWS, 4).await;
    assert!(
        rows[3].starts_with("Training"),
        "the edit survived the reload: {rows:?}"
    );
    browser.resize(390, 844).await;
    browser.screenshot("data-environments-390").await;
    browser.close().await;
    host.abort();
}
