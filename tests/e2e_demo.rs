//! End to end: the static build with no server at all runs on the in-browser demo store — the
//! banner shows, and an edit survives a page reload.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{static_host, Browser, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_build_runs_on_the_demo_store_and_keeps_edits() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;

    browser
        .sign_in(&format!("{base}/apps/res-crm/permissions"), OWNER)
        .await;
    let banner = browser.text("[data-testid=demo-banner]").await;
    assert!(
        banner.contains("Demo mode — changes stay in this browser"),
        "{banner}"
    );
    let row = "tr[data-subject='Carlos Jansen']";
    browser
        .select_value(&format!("{row} [data-testid=role-select]"), "publisher")
        .await;
    browser.click("[data-testid=save]").await;
    assert_eq!(browser.text("[data-testid=toast]").await, "Saved 1 change");
    browser.screenshot("demo-mode").await;

    browser.reload().await;
    browser.wait_for("[data-testid=demo-banner]").await;
    let role = browser
        .prop(&format!("{row} [data-testid=role-select]"), "value")
        .await;
    assert_eq!(
        role.as_deref(),
        Some("publisher"),
        "the edit survived the reload"
    );

    // The demo store enforces the same rules: Britt may not edit.
    browser.click("[data-testid=sign-out]").await;
    browser
        .sign_in(
            &format!("{base}/apps/res-crm/permissions"),
            "12345.BWilliams",
        )
        .await;
    assert!(browser
        .text("[data-testid=read-only]")
        .await
        .contains("only an owner"));

    browser.close().await;
    host.abort();
}
