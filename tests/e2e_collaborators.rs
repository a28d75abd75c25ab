//! End to end: a provider changes a collaborator's email, runs the sync, and sees two client
//! environments updated and the third skipped with the conflict; the client then sees the new
//! email, and name and email read-only with the reason and its InSite address. Also: the
//! properties dialog's Pocket rule and its keyboard behaviour — in headless Chromium against
//! the real server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::key::Key;
use support::{Browser, Studio, OWNER};

/// The client organisation's account owner (Zuidas Bakery, O98765AA).
const CLIENT_OWNER: &str = "98765.MOosterhuis";

/// The new email: already used by 54321.BJansen in Delta Care's O54321AA.
const NEW_EMAIL: &str = "b.jansen-williams@northwind.example";

/// Waits until the element matching `css` has text containing `part`, and returns the text.
async fn text_containing(browser: &Browser, css: &str, part: &str) -> String {
    let mut last = String::new();
    for _ in 0..150 {
        last = browser.text(css).await;
        if last.contains(part) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.screenshot("failure").await;
    panic!("`{css}` never contained `{part}`; last text: {last}");
}

/// Waits until nothing matches `css`.
async fn wait_gone(browser: &Browser, css: &str) {
    for _ in 0..150 {
        if browser.texts(css).await.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.screenshot("failure").await;
    panic!("`{css}` did not go away");
}

/// Runs `script` (which returns a value) in the page.
async fn js(browser: &Browser, script: &str) -> serde_json::Value {
    browser
        .client
        .execute(script, Vec::new())
        .await
        .expect("run script")
}

/// The `data-testid` of the focused element.
async fn focused(browser: &Browser) -> String {
    js(
        browser,
        "return document.activeElement && document.activeElement.getAttribute('data-testid')",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Whether focus is inside the properties dialog.
async fn focus_in_dialog(browser: &Browser) -> bool {
    js(
        browser,
        "const d = document.querySelector('[data-testid=properties-dialog]'); \
         return !!d && d.contains(document.activeElement);",
    )
    .await
    .as_bool()
    .unwrap_or(false)
}

/// Presses `key` on the focused element.
async fn press(browser: &Browser, key: Key) {
    let key: char = key.into();
    browser
        .client
        .active_element()
        .await
        .expect("focused element")
        .send_keys(&key.to_string())
        .await
        .expect("press key");
}

/// The `checked` property of the checkbox matching `css`.
async fn checked(browser: &Browser, css: &str) -> bool {
    let value = browser.wait_for(css).await.prop("checked").await;
    value.ok().flatten().as_deref() == Some("true")
}

/// Replaces the text of the input matching `css`.
async fn replace_text(browser: &Browser, css: &str, text: &str) {
    let input = browser.wait_for(css).await;
    input.clear().await.expect("clear");
    input.send_keys(text).await.expect("type");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_email_syncs_to_clients_and_a_taken_address_is_reported_as_a_conflict() {
    let studio = Studio::start().await;

    // Arrange: the provider's owner opens Britt's user page in O12345AA.
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/users/12345.BWilliams"), OWNER)
        .await;
    text_containing(&browser, "[data-testid=collaborator-panel]", "activated").await;
    browser.screenshot("collab-user-provider").await;

    // Act: Edit properties → the dialog takes focus; Save waits for a change.
    browser.click("[data-testid=edit-properties]").await;
    browser.wait_for("[role=dialog][aria-modal=true]").await;
    assert!(focus_in_dialog(&browser).await, "focus moved into the dialog");
    browser
        .wait_for("[data-testid=save-properties][disabled]")
        .await;
    replace_text(&browser, "[data-testid=prop-email]", NEW_EMAIL).await;
    text_containing(&browser, "[data-testid=properties-summary]", "email").await;
    text_containing(&browser, "[data-testid=sync-note]", "nightly sync").await;
    browser.screenshot("collab-properties-dialog").await;
    browser.click("[data-testid=save-properties]").await;

    // Assert: saved, the dialog closed, the page shows the new email.
    text_containing(&browser, "[data-testid=toast]", "Saved Britt Williams").await;
    wait_gone(&browser, "[data-testid=properties-dialog]").await;
    text_containing(&browser, "[data-testid=user-email]", NEW_EMAIL).await;

    // Act: Run now on the Sync view.
    browser
        .client
        .goto(&studio.url("/sync"))
        .await
        .expect("open sync");
    text_containing(&browser, "[data-testid=schedule-every]", "Every day at 23:00").await;
    browser.click("[data-testid=run-sync]").await;
    let status = text_containing(&browser, "[data-testid=run-status]", "Run finished").await;
    assert!(status.contains("2 updated · 1 conflict"), "{status}");

    // Assert: the run heads the history with 2 updated and 1 conflict, and its results show
    // the conflict with what to do.
    let newest = "[data-testid=sync-run-row]:first-child";
    let row = text_containing(&browser, newest, "Manual").await;
    assert!(row.contains(OWNER), "{row}");
    assert_eq!(
        browser
            .text(&format!("{newest} [data-testid=run-updated]"))
            .await,
        "2"
    );
    assert_eq!(
        browser
            .text(&format!("{newest} [data-testid=run-conflicts]"))
            .await,
        "1"
    );
    let conflict = text_containing(&browser, "[data-testid=sync-conflict]", "54321.BJansen").await;
    assert!(
        conflict.contains("O54321AA") && conflict.contains(NEW_EMAIL),
        "{conflict}"
    );
    let results = browser.texts("[data-testid=sync-result]").await;
    assert_eq!(results.len(), 3, "{results:#?}");
    let updated = browser
        .texts("[data-testid=sync-result][data-outcome=updated]")
        .await;
    assert!(
        updated.iter().any(|r| r.contains("O98765AA"))
            && updated.iter().any(|r| r.contains("T98765AA")),
        "{updated:#?}"
    );
    browser
        .wait_for("[data-testid=sync-result][data-outcome=conflict][data-environment=O54321AA]")
        .await;
    browser.screenshot("collab-sync-run").await;
    browser.close().await;

    // Arrange: the client's owner signs in (a fresh browser, so a fresh session).
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), CLIENT_OWNER).await;

    // Assert: Britt's new email in O98765AA's users list.
    let britt = "[data-testid=user-row][data-code='12345.BWilliams']";
    text_containing(&browser, britt, NEW_EMAIL).await;
    browser.screenshot("collab-client-users").await;

    // Assert: on Britt's page, where she comes from, this client's InSite address, and name
    // and email read-only with the server's reason.
    browser
        .client
        .goto(&studio.url("/users/12345.BWilliams"))
        .await
        .expect("open Britt");
    text_containing(
        &browser,
        "[data-testid=collab-insite]",
        "https://98765.afasinsite.nl",
    )
    .await;
    let provider = browser.text("[data-testid=collab-provider]").await;
    assert!(provider.contains("Northwind Advisory"), "{provider}");
    let sso = browser.text("[data-testid=collab-sso]").await;
    assert!(sso.contains("Not available"), "{sso}");
    let reason = text_containing(&browser, "[data-testid=collab-read-only]", "12345").await;
    assert!(reason.contains("can only be changed"), "{reason}");
    browser.screenshot("collab-user-client").await;

    browser.click("[data-testid=edit-properties]").await;
    let lock = text_containing(&browser, "[data-testid=identity-read-only]", "12345").await;
    assert!(lock.contains("can only be changed"), "{lock}");
    for field in ["prop-name", "prop-email"] {
        let readonly = browser
            .wait_for(&format!("[data-testid={field}]"))
            .await
            .attr("readonly")
            .await
            .expect("readonly attribute");
        assert!(readonly.is_some(), "{field} is read-only");
    }
    browser.screenshot("collab-properties-read-only").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pocket_needs_windows_or_insite_and_the_dialog_keeps_the_keyboard_inside() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/users/12345.BWilliams"), OWNER)
        .await;
    browser.click("[data-testid=edit-properties]").await;
    browser.wait_for("[data-testid=properties-dialog]").await;

    // Act: switch Windows and InSite off.
    for flag in ["prop-windows", "prop-insite"] {
        let css = format!("[data-testid={flag}]");
        if checked(&browser, &css).await {
            browser.click(&css).await;
        }
    }

    // Assert: Pocket is disabled (and unticked) with the reason next to it.
    browser.wait_for("[data-testid=prop-pocket][disabled]").await;
    assert!(!checked(&browser, "[data-testid=prop-pocket]").await);
    let reason = browser.text("[data-testid=pocket-reason]").await;
    assert!(reason.contains("Pocket needs Windows or InSite"), "{reason}");
    browser.screenshot("collab-pocket-disabled").await;

    // Windows back on: Pocket may be chosen again.
    browser.click("[data-testid=prop-windows]").await;
    wait_gone(&browser, "[data-testid=prop-pocket][disabled]").await;
    wait_gone(&browser, "[data-testid=pocket-reason]").await;

    // Tab never leaves the dialog; Esc closes it and focus returns to the button.
    for _ in 0..12 {
        press(&browser, Key::Tab).await;
        assert!(focus_in_dialog(&browser).await, "Tab stays in the dialog");
    }
    press(&browser, Key::Escape).await;
    wait_gone(&browser, "[data-testid=properties-dialog]").await;
    let mut back = String::new();
    for _ in 0..50 {
        back = focused(&browser).await;
        if back == "edit-properties" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(back, "edit-properties", "focus returned to the opener");
    browser.close().await;
}
