//! End to end: the Edit properties dialog decides the draft in the browser with the policy
//! crate before saving — deactivating a resource's only Owner is refused up front with Save
//! disabled, deactivating someone else shows whose access goes and saves as one change set —
//! against the real server and in the static demo (where properties are saved through the
//! same change-set path of the demo store).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{static_host, Browser, Studio, OWNER};

/// On Fleur Smit's page (only Owner of CRM Portal), deactivation is refused before saving;
/// on Ivo Mulder's it shows his lost access, saves, and the page shows him deactivated.
async fn deactivation_is_previewed_and_saved(browser: &Browser, base: &str) {
    browser
        .sign_in(&format!("{base}/users/12345.FSmit"), OWNER)
        .await;
    browser.click("[data-testid=edit-properties]").await;
    browser.wait_for("[data-testid=properties-dialog]").await;
    browser
        .select_value("[data-testid=prop-status]", "deactivated")
        .await;
    let refusal = browser
        .text_containing(
            "[data-testid=properties-impact]",
            "CRM Portal without an owner",
        )
        .await;
    assert!(refusal.contains("cannot be saved"), "{refusal}");
    browser
        .wait_for("[data-testid=save-properties][disabled]")
        .await;
    browser.screenshot("properties-refused-up-front").await;
    browser.click("[data-testid=cancel-properties]").await;
    browser.wait_gone("[data-testid=properties-dialog]").await;

    browser.open(&format!("{base}/users/12345.IMulder")).await;
    browser.click("[data-testid=edit-properties]").await;
    browser.wait_for("[data-testid=properties-dialog]").await;
    browser
        .select_value("[data-testid=prop-status]", "deactivated")
        .await;
    browser
        .text_containing(
            "[data-testid=properties-impact]",
            "1 person's effective access changes",
        )
        .await;
    // The lines sit in a closed <details>: read their text content.
    let lines = browser
        .props("[data-testid=properties-impact] li", "textContent")
        .await;
    assert!(
        !lines.is_empty()
            && lines
                .iter()
                .all(|l| l.as_deref().is_some_and(|l| l.starts_with("Ivo Mulder"))),
        "{lines:?}"
    );
    browser.screenshot("properties-deactivation-impact").await;
    browser.click("[data-testid=save-properties]").await;
    browser
        .text_containing("[data-testid=toast]", "Saved Ivo Mulder")
        .await;
    browser.wait_gone("[data-testid=properties-dialog]").await;
    browser.text_containing(".page-lede", "Deactivated").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivation_is_previewed_before_saving_on_the_server() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    deactivation_is_previewed_and_saved(&browser, &studio.base).await;
    browser.close().await;

    // Someone who is not the account owner sees the action disabled, with the reason.
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/users/12345.KPeters"), "12345.FSmit")
        .await;
    browser
        .wait_for("[data-testid=edit-properties][disabled]")
        .await;
    browser
        .text_containing("#properties-owner-only", "Only the account owner")
        .await;
    // ... and who to ask instead, by name.
    browser
        .text_containing(
            "#properties-owner-only",
            "Ask Anna de Vries (account owner).",
        )
        .await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivation_is_previewed_before_saving_in_the_static_demo() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    deactivation_is_previewed_and_saved(&browser, &base).await;
    browser.wait_for("[data-testid=demo-banner]").await;
    browser.close().await;
    host.abort();
}
