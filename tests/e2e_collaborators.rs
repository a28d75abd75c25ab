//! End to end: a provider changes a collaborator's email, runs the sync, and sees two client
//! environments updated and the third skipped with the conflict; the client then sees the new
//! email, and name and email read-only with the reason and its InSite address. Also: the
//! properties dialog's Pocket rule and its keyboard behaviour — in headless Chromium against
//! the real server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use support::{static_host, Browser, Studio, OWNER};

/// The client organisation's account owner (Zuidas Bakery, O98765AA).
const CLIENT_OWNER: &str = "98765.MOosterhuis";

/// The new email: already used by 54321.BJansen in Delta Care's O54321AA.
const NEW_EMAIL: &str = "b.jansen-williams@northwind.example";

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

/// Waits until "Edit properties" has the focus again.
async fn focus_returns_to_opener(browser: &Browser) {
    browser
        .eventually(
            "focus returns to the opener (Edit properties)",
            || async move { focused(browser).await == "edit-properties" },
        )
        .await;
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

/// Scrolls to the bottom of the page (for a screenshot of what is below the fold).
async fn scroll_to_bottom(browser: &Browser) {
    js(
        browser,
        "window.scrollTo(0, document.body.scrollHeight); return true;",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_email_syncs_to_clients_and_a_taken_address_is_reported_as_a_conflict() {
    let studio = Studio::start().await;

    // Arrange: the provider's owner opens Britt's user page in O12345AA.
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/users/12345.BWilliams"), OWNER)
        .await;
    browser
        .text_containing("[data-testid=collaborator-panel]", "activated")
        .await;
    browser.screenshot("collab-user-provider").await;

    // Act: Edit properties → the dialog takes focus; Save waits for a change.
    browser.click("[data-testid=edit-properties]").await;
    browser.wait_for("[role=dialog][aria-modal=true]").await;
    browser
        .eventually("focus moves into the dialog", || focus_in_dialog(&browser))
        .await;
    browser
        .wait_for("[data-testid=save-properties][disabled]")
        .await;
    browser.fill("[data-testid=prop-email]", NEW_EMAIL).await;
    browser
        .text_containing("[data-testid=properties-summary]", "email")
        .await;
    browser
        .text_containing("[data-testid=sync-note]", "nightly sync")
        .await;
    browser.screenshot("collab-properties-dialog").await;
    browser.click("[data-testid=save-properties]").await;

    // Assert: saved, the dialog closed, the page shows the new email.
    browser
        .text_containing("[data-testid=toast]", "Saved Britt Williams")
        .await;
    browser.wait_gone("[data-testid=properties-dialog]").await;
    browser
        .text_containing("[data-testid=user-email]", NEW_EMAIL)
        .await;
    focus_returns_to_opener(&browser).await;

    // Act: Run now on the Sync view.
    browser.open(&studio.url("/sync")).await;
    browser
        .text_containing("[data-testid=schedule-every]", "Every day at 23:00")
        .await;
    browser.click("[data-testid=run-sync]").await;
    let status = browser
        .text_containing("[data-testid=run-status]", "Run finished")
        .await;
    assert!(status.contains("2 updated · 1 conflict"), "{status}");

    // Assert: the run heads the history with 2 updated and 1 conflict, and its results show
    // the conflict with what to do.
    let newest = "[data-testid=sync-run-row]:first-child";
    let row = browser.text_containing(newest, "Manual").await;
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
    // A run that skipped an environment is not "Succeeded": it completed with conflicts, and
    // its count leads to them.
    assert_eq!(
        browser
            .text(&format!("{newest} [data-testid=run-status-badge]"))
            .await,
        "Completed with conflicts"
    );
    assert_eq!(
        browser
            .attr(&format!("{newest} [data-testid=show-conflicts]"), "href")
            .await
            .as_deref(),
        Some("#sync-conflicts")
    );
    let conflict = browser
        .text_containing("[data-testid=sync-conflict]", "54321.BJansen")
        .await;
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
    scroll_to_bottom(&browser).await;
    browser.screenshot("collab-sync-run-results").await;
    browser.close().await;

    // Arrange: the client's owner signs in (a fresh browser, so a fresh session).
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), CLIENT_OWNER).await;

    // Assert: Britt's new email in O98765AA's users list.
    let britt = "[data-testid=user-row][data-code='12345.BWilliams']";
    browser.text_containing(britt, NEW_EMAIL).await;
    browser.screenshot("collab-client-users").await;

    // Assert: on Britt's page, where she comes from, this client's InSite address, and name
    // and email read-only with the server's reason.
    browser.open(&studio.url("/users/12345.BWilliams")).await;
    browser
        .text_containing("[data-testid=collab-insite]", "https://98765.afasinsite.nl")
        .await;
    let provider = browser.text("[data-testid=collab-provider]").await;
    assert!(provider.contains("Northwind Advisory"), "{provider}");
    let sso = browser.text("[data-testid=collab-sso]").await;
    assert!(sso.contains("Not available"), "{sso}");
    let reason = browser
        .text_containing("[data-testid=collab-read-only]", "12345")
        .await;
    assert!(reason.contains("can only be changed"), "{reason}");
    browser.screenshot("collab-user-client").await;

    browser.click("[data-testid=edit-properties]").await;
    let lock = browser
        .text_containing("[data-testid=identity-read-only]", "12345")
        .await;
    assert!(lock.contains("can only be changed"), "{lock}");
    for field in ["prop-name", "prop-email"] {
        let readonly = browser
            .attr(&format!("[data-testid={field}]"), "readonly")
            .await;
        assert!(readonly.is_some(), "{field} is read-only");
    }
    browser.screenshot("collab-properties-read-only").await;
    browser.press_key(Key::Escape).await;
    browser.wait_gone("[data-testid=properties-dialog]").await;

    // Carlos is a system user here: convert him to a normal user linked to a person.
    browser.open(&studio.url("/users/12345.CJansen")).await;
    browser
        .text_containing("[data-testid=collab-kind]", "System user")
        .await;
    browser
        .type_into("[data-testid=convert-person]", "P-98765-044")
        .await;
    browser.screenshot("collab-convert").await;
    browser.click("[data-testid=convert-submit]").await;
    browser
        .text_containing(
            "[data-testid=collab-kind]",
            "Normal user · person P-98765-044",
        )
        .await;
    browser.wait_gone("[data-testid=convert-form]").await;
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
        if browser.checked(&css).await {
            browser.click(&css).await;
        }
    }

    // Assert: Pocket is disabled (and unticked) with the reason next to it.
    browser
        .wait_for("[data-testid=prop-pocket][disabled]")
        .await;
    assert!(!browser.checked("[data-testid=prop-pocket]").await);
    let reason = browser.text("[data-testid=pocket-reason]").await;
    assert!(
        reason.contains("Pocket needs Windows or InSite"),
        "{reason}"
    );
    browser.screenshot("collab-pocket-disabled").await;

    // Windows back on: Pocket may be chosen again.
    browser.click("[data-testid=prop-windows]").await;
    browser
        .wait_gone("[data-testid=prop-pocket][disabled]")
        .await;
    browser.wait_gone("[data-testid=pocket-reason]").await;

    // Tab never leaves the dialog; Esc closes it and focus returns to the button.
    for _ in 0..12 {
        browser.press_key(Key::Tab).await;
        assert!(focus_in_dialog(&browser).await, "Tab stays in the dialog");
    }
    browser.press_key(Key::Escape).await;
    browser.wait_gone("[data-testid=properties-dialog]").await;
    focus_returns_to_opener(&browser).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_adds_a_collaborator_and_the_provider_sees_where_it_works() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;

    // Arrange: the client's owner works in its test environment, where Carlos is not yet.
    browser.sign_in(&studio.url("/users"), CLIENT_OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    browser.pick("environment-select", "T98765AA").await;
    browser.click("a.nav-link[href$='/collaborators']").await;
    browser
        .wait_for("[data-testid=add-collaborator][data-environment=T98765AA]")
        .await;

    // Act: look up one of our own users: refused with the reason.
    browser
        .type_into("[data-testid=collaborator-code]", "98765.PKok")
        .await;
    browser.click("[data-testid=lookup-collaborator]").await;
    let refusal = browser.text("[data-testid=lookup-refusal]").await;
    assert!(!refusal.trim().is_empty(), "a reason is given");

    // Act: look up the provider's collaborator: its name comes from the source.
    browser
        .fill("[data-testid=collaborator-code]", "12345.CJansen")
        .await;
    browser.click("[data-testid=lookup-collaborator]").await;
    let source = browser
        .text_containing("[data-testid=collaborator-source]", "Carlos Jansen")
        .await;
    assert!(source.contains("Northwind Advisory"), "{source}");
    browser.screenshot("collab-add-lookup").await;

    // Act: add as a normal user linked to a person.
    browser.click("[data-testid=kind-normal]").await;
    browser
        .type_into("[data-testid=collaborator-person]", "P-98765-031")
        .await;
    browser.click("[data-testid=add-collaborator-submit]").await;

    // Assert: added, listed among the collaborators working here, linked to its user page.
    let result = browser
        .text_containing("[data-testid=add-result]", "Carlos Jansen")
        .await;
    assert!(result.contains("T98765AA"), "{result}");
    browser
        .wait_for("[data-testid=here-row][data-code='12345.CJansen']")
        .await;
    browser.wait_for("[data-testid=licence-table]").await;
    browser.screenshot("collab-collaborators-client").await;
    scroll_to_bottom(&browser).await;
    browser
        .screenshot("collab-collaborators-client-bottom")
        .await;
    browser.click("[data-testid=added-user-link]").await;
    let kind = browser
        .text_containing("[data-testid=collab-kind]", "Normal user")
        .await;
    assert!(kind.contains("P-98765-031"), "{kind}");

    // Assert: the provider sees Carlos placed in T98765AA, and its licence use.
    browser.click("[data-testid=sign-out]").await;
    browser.sign_in(&studio.url("/collaborators"), OWNER).await;
    browser
        .wait_for(
            "[data-testid=placement-row][data-code='12345.CJansen'][data-environment=T98765AA]",
        )
        .await;
    assert_eq!(
        browser
            .text("[data-testid=licence-row][data-participant='12345'] [data-testid=licence-collaborators]")
            .await,
        "2"
    );
    browser.screenshot("collab-collaborators-provider").await;
    scroll_to_bottom(&browser).await;
    browser
        .screenshot("collab-collaborators-provider-bottom")
        .await;
    browser.close().await;
}

/// Renames 12345.CJansen in O12345AA behind the studio's back, as another administrator
/// would (a `fetch` in the page, with the session cookie).
const RENAME_BEHIND_THE_BACK: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const base = '/api/v1/environments/O12345AA/users';
  const list = await (await fetch(base)).json();
  const u = list.items.find((x) => x.code === '12345.CJansen');
  const r = await fetch(`${base}/12345.CJansen/properties`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-gatehouse-csrf': '1', 'if-match': `"${u.version}"` },
    body: JSON.stringify({ name: 'Carlos Jansen-Smit', email: u.email, flags: u.flags, status: u.status }),
  });
  done(r.status);
})();
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_save_shows_the_conflict_and_reapplies_my_edit_on_their_version() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/users/12345.CJansen"), OWNER)
        .await;

    // Arrange: the dialog is open with my edit; someone else renames Carlos meanwhile.
    browser.click("[data-testid=edit-properties]").await;
    browser
        .fill("[data-testid=prop-email]", "carlos@northwind.example")
        .await;
    let status = browser
        .client
        .execute_async(RENAME_BEHIND_THE_BACK, Vec::new())
        .await
        .expect("rename");
    assert_eq!(status, serde_json::json!(200));

    // Act: save → 412.
    browser.click("[data-testid=save-properties]").await;

    // Assert: the conflict panel with what is saved now; nothing of mine was lost.
    let current = browser.text("[data-testid=conflict-current]").await;
    assert!(current.contains("Carlos Jansen-Smit"), "{current}");
    browser.screenshot("collab-properties-conflict").await;

    // Act: reload and re-apply: their name, my email; then save.
    browser.click("[data-testid=conflict-reload]").await;
    browser.wait_gone("[data-testid=conflict-panel]").await;
    let name = browser.prop("[data-testid=prop-name]", "value").await;
    assert_eq!(name.as_deref(), Some("Carlos Jansen-Smit"));
    let summary = browser.text("[data-testid=properties-summary]").await;
    assert_eq!(summary, "Changes: email");
    browser.click("[data-testid=save-properties]").await;
    browser
        .text_containing("[data-testid=toast]", "Saved Carlos Jansen-Smit")
        .await;
    browser
        .text_containing("[data-testid=user-email]", "carlos@northwind.example")
        .await;

    // A collaborator still placed at clients cannot be deactivated: the reason is shown.
    browser.click("[data-testid=deactivate-collaborator]").await;
    let refusal = browser.text("[data-testid=collab-refusal]").await;
    assert!(refusal.contains("O98765AA"), "{refusal}");
    browser.screenshot("collab-deactivate-refused").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_says_collaboration_needs_the_server() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser.sign_in(&format!("{base}/users"), OWNER).await;
    browser.wait_for("[data-testid=demo-banner]").await;

    for (link, shot) in [
        ("/collaborators", "collab-demo-collaborators"),
        ("/sync", "collab-demo-sync"),
    ] {
        browser.click(&format!("a.nav-link[href$='{link}']")).await;
        let note = browser
            .text_containing("[data-testid=server-only]", "need the Gatehouse server")
            .await;
        assert!(note.contains("scripts/run.sh"), "{note}");
        browser.screenshot(shot).await;
    }
    browser.click("a.nav-link[href$='/users']").await;
    browser
        .click("[data-testid=user-row][data-code='12345.BWilliams'] [data-testid=user-link]")
        .await;
    browser
        .wait_for("[data-testid=collaborator-panel] [data-testid=server-only]")
        .await;
    // Properties are saved as change sets, which the demo store applies too.
    browser
        .wait_for("[data-testid=edit-properties]:not([disabled])")
        .await;
    browser.screenshot("collab-demo-user").await;
    browser.close().await;
    host.abort();
}
