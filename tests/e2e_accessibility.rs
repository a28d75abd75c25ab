//! End to end, accessibility (#16): axe-core (npm `axe-core`, the engine of most accessibility
//! checkers) runs in the real browser on the sign-in screen and every signed-in view, as the
//! account owner, on a desktop window and on a phone; any violation of WCAG 2.x A or AA fails
//! the test, naming the rule, the element and how to fix it.
//!
//! The script comes from `GATEHOUSE_AXE` (set by `scripts/ensure-tools.sh --browser`) or the
//! tools folder it installs into.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{axe_source, Browser, Studio, OWNER, SIGNED_IN_VIEWS as VIEWS};

async fn every_view_passes_axe_at(width: u32, height: u32) {
    let axe = axe_source();
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.resize(width, height).await;
    let mut found = Vec::new();

    browser.open(&studio.url("/users")).await;
    browser.wait_for("[data-testid=sign-in-form]").await;
    browser.settled().await;
    for v in browser.axe_violations(&axe).await {
        found.push(format!("sign-in: {v}"));
    }

    browser.sign_in(&studio.url("/users"), OWNER).await;
    for view in VIEWS {
        browser.open(&studio.url(view)).await;
        browser.wait_for("#page-title").await;
        browser.settled().await;
        for v in browser.axe_violations(&axe).await {
            found.push(format!("{view}: {v}"));
        }
    }
    assert!(
        found.is_empty(),
        "axe-core found {} violation(s) at {width} px:\n{}",
        found.len(),
        found.join("\n")
    );
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_passes_axe_on_a_desktop() {
    every_view_passes_axe_at(1366, 900).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_passes_axe_on_a_phone() {
    every_view_passes_axe_at(390, 844).await;
}
