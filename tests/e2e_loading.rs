//! End to end: the studio loads a view's code only when the view is opened — the first screen
//! fetches the main module and the Users area, another area's chunk arrives on navigation (with
//! the view working), and a deep link into that area loads it directly.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER};

/// Whether one of the fetched `paths` has `part` in its name.
fn has(paths: &[String], part: &str) -> bool {
    paths.iter().any(|p| p.contains(part))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_area_is_fetched_when_first_opened() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;

    // A fresh page on /users: the main module and the Users area, nothing of the others.
    browser
        .client
        .goto(&studio.url("/users"))
        .await
        .expect("reload");
    browser.wait_for("[data-testid=user-row]").await;
    let first = browser.code_fetched().await;
    assert!(has(&first, "gatehouse-studio_bg.wasm"), "{first:?}");
    assert!(has(&first, "split_users_area_"), "{first:?}");
    for other in [
        "split_data_area_",
        "split_collaboration_area_",
        "split_integration_area_",
    ] {
        assert!(!has(&first, other), "{other} fetched for /users: {first:?}");
    }
    assert!(
        !has(&first, "split_answer_"),
        "the demo store is not fetched with a server"
    );

    // Navigating in the app fetches the Data area, and its view works.
    browser.click("a[href=\"/tables\"]").await;
    browser.wait_for("[data-testid=table-row]").await;
    assert!(has(&browser.code_fetched().await, "split_data_area_"));
    assert_eq!(browser.text("#page-title").await, "Tables & filters");

    // A deep link into an area not loaded before.
    browser
        .client
        .goto(&studio.url("/sync"))
        .await
        .expect("deep link");
    browser.wait_for("[data-testid=sync-schedule]").await;
    let deep = browser.code_fetched().await;
    assert!(has(&deep, "split_collaboration_area_"), "{deep:?}");
    assert!(
        !has(&deep, "split_data_area_"),
        "a fresh page fetches only what it shows: {deep:?}"
    );
    browser.close().await;
}
