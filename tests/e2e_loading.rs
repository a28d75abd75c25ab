//! End to end: the studio loads a view's code only when the view is opened — the first screen
//! fetches the main module and the Users area, another area's chunk arrives on navigation (with
//! the view working), and a deep link into that area loads it directly. A chunk that cannot be
//! fetched (the connection dropped, or a newer build replaced this page's files) shows an error
//! state in the frame, the rest of the studio keeps working, and Retry brings the view.
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
    browser.open(&studio.url("/users")).await;
    browser.wait_for("[data-testid=user-row]").await;
    let first = browser.code_fetched().await;
    assert!(has(&first, "gatehouse-studio_bg.wasm"), "{first:?}");
    assert!(has(&first, "split_users_area"), "{first:?}");
    for other in [
        "split_data_area",
        "split_collaboration_area",
        "split_integration_area",
    ] {
        assert!(!has(&first, other), "{other} fetched for /users: {first:?}");
    }
    assert!(
        !has(&first, "split_demo_store"),
        "the demo store is not fetched with a server"
    );

    // Navigating in the app fetches the Data area, and its view works.
    browser.click("a[href$=\"/tables\"]").await;
    browser.wait_for("[data-testid=table-row]").await;
    assert!(has(&browser.code_fetched().await, "split_data_area"));
    assert_eq!(browser.text("#page-title").await, "Tables & filters");

    // A deep link into an area not loaded before.
    browser.open(&studio.url("/sync")).await;
    browser.wait_for("[data-testid=sync-schedule]").await;
    let deep = browser.code_fetched().await;
    assert!(has(&deep, "split_collaboration_area"), "{deep:?}");
    assert!(
        !has(&deep, "split_data_area"),
        "a fresh page fetches only what it shows: {deep:?}"
    );
    browser.close().await;
}

/// Makes every further `.wasm` fetch of this page fail, as when the files of the build the
/// page came from were replaced by a newer one (or the connection dropped).
const BREAK_CHUNK_FETCHES: &str = "
    const real = window.fetch;
    window.fetch = (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        return url.endsWith('.wasm') ? Promise.reject(new TypeError('Failed to fetch')) : real(input, init);
    };";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_area_whose_code_cannot_be_fetched_shows_an_error_and_retry_brings_it() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    browser
        .client
        .execute(BREAK_CHUNK_FETCHES, vec![])
        .await
        .expect("break chunk fetches");

    browser.click("a[href$=\"/groups\"]").await;
    let error = "main [data-testid=error-state]";
    let said = browser.text(error).await;
    assert!(
        said.contains("This part of the studio could not be loaded"),
        "{said}"
    );
    assert!(said.contains("newer version of Gatehouse"), "{said}");
    browser.screenshot("area-unavailable").await;
    assert_eq!(browser.attr(error, "role").await.as_deref(), Some("alert"));
    // The studio did not stop: the frame still navigates to what is loaded.
    browser.click("a[href$=\"/users\"]").await;
    browser.wait_for("[data-testid=user-row]").await;

    // Still failing: the error again; Retry reloads the page, which fetches the code.
    browser.click("a[href$=\"/groups\"]").await;
    browser.wait_for("main [data-testid=error-state]").await;
    browser.click("main [data-testid=retry]").await;
    browser.wait_for("[data-testid=group-row]").await;
    assert_eq!(browser.text("#page-title").await, "Groups");
    browser.close().await;
}
