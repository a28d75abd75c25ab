//! End to end: Edit Permissions, the simulator, read-only and deactivated cases, and two
//! sessions editing the same grant — in headless Chromium against the real server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER};

async fn select(browser: &Browser, css: &str, label: &str) {
    browser.select_label(css, label).await;
}

async fn decision_text(browser: &Browser, env: &str) -> String {
    browser
        .text(&format!("[data-testid=decision][data-env={env}]"))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editor_in_staging_only_survives_a_reload_and_shows_in_the_simulator() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/apps/res-crm/permissions"), OWNER)
        .await;
    browser.wait_for("[data-testid=grants-table]").await;

    // Act: add Ivo Mulder as Editor in Staging only.
    browser.pick("add-subject", "Ivo Mulder").await;
    let row = "tr[data-subject='Ivo Mulder']";
    browser
        .select_value(&format!("{row} [data-testid=role-select]"), "editor")
        .await;
    browser
        .click(&format!("{row} [data-testid=env-production]"))
        .await;
    browser
        .click(&format!("{row} [data-testid=env-development]"))
        .await;
    let summary = browser.text("[data-testid=impact-summary]").await;
    assert_eq!(
        summary, "1 person's effective access changes",
        "preview before saving"
    );
    browser.screenshot("permissions-draft").await;
    browser.click("[data-testid=save]").await;
    assert_eq!(browser.text("[data-testid=toast]").await, "Saved 1 change");
    // The toast stays clear of the Save button (and the footer it sits in).
    let overlap = browser
        .script(
            "const a = document.querySelector('[data-testid=toast]').getBoundingClientRect(); \
             const f = document.querySelector('[data-testid=save]').closest('.dialog-footer'); \
             const b = (f || document.querySelector('[data-testid=save]')).getBoundingClientRect(); \
             return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;",
        )
        .await;
    assert_eq!(overlap, false, "the toast covers the Save footer");

    // Assert: after a reload the grant is still there, Staging only.
    browser.open(&studio.url("/apps/res-crm/permissions")).await;
    browser.wait_for(row).await;
    let staging = browser
        .prop(&format!("{row} [data-testid=env-staging]"), "checked")
        .await;
    assert_eq!(staging.as_deref(), Some("true"));
    let production = browser
        .prop(&format!("{row} [data-testid=env-production]"), "checked")
        .await;
    assert_eq!(production.as_deref(), Some("false"));

    // Assert: the simulator shows Editor in Staging and All Users' Preview Only elsewhere.
    browser.open(&studio.url("/simulator")).await;
    select(&browser, "[data-testid=sim-user]", "Ivo Mulder").await;
    select(&browser, "[data-testid=sim-resource]", "CRM Portal · App").await;
    let staging = decision_text(&browser, "staging").await;
    assert!(
        staging.contains("Editor") && staging.contains("Ivo Mulder"),
        "{staging}"
    );
    let production = decision_text(&browser, "production").await;
    assert!(
        production.contains("Preview Only") && production.contains("All Users"),
        "{production}"
    );
    browser.screenshot("simulator").await;

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_users_editor_outranks_an_individual_preview_only() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/apps/res-timesheets/permissions"), OWNER)
        .await;
    let text = browser
        .text("tr[data-subject='Britt Williams'] [data-testid=grant-warning]")
        .await;
    assert!(
        text.contains("has no effect") && text.contains("All Users"),
        "{text}"
    );
    browser.screenshot("permissions-shadowed").await;

    browser.open(&studio.url("/simulator")).await;
    select(&browser, "[data-testid=sim-user]", "Britt Williams").await;
    select(&browser, "[data-testid=sim-resource]", "Timesheets · App").await;
    let production = decision_text(&browser, "production").await;
    let winner = browser
        .text("[data-testid=decision][data-env=production] [data-testid=decision-winner]")
        .await;
    assert_eq!(winner, "Winner: All Users · Editor");
    assert!(production.contains("no effect"), "{production}");

    browser.close().await;
    studio.stop().await;
}

/// Two grants giving the same role: the simulator names the one that decides and the one
/// tied with it (neither shadowed nor silently dropped).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_tied_with_the_winner_is_shown_in_the_simulator() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/simulator"), OWNER).await;
    // Britt is Editor on CRM Portal through Support; give her Editor in Production herself.
    let created = browser
        .client
        .execute_async(
            "const done = arguments[0]; fetch('/api/v1/environments/O12345AA/resources/res-crm/grants', {method: 'POST', \
             headers: {'content-type': 'application/json', 'x-gatehouse-csrf': '1'}, body: JSON.stringify({subject: {type: 'user', id: 'usr-12345-bwilliams'}, \
             role: {app: 'editor'}, environments: ['production']})}).then(r => done(r.status))",
            vec![],
        )
        .await
        .expect("fetch");
    assert_eq!(created, 201, "{created}");
    browser.reload().await;
    select(&browser, "[data-testid=sim-user]", "Britt Williams").await;
    select(&browser, "[data-testid=sim-resource]", "CRM Portal · App").await;
    let winner = browser
        .text("[data-testid=decision][data-env=production] [data-testid=decision-winner]")
        .await;
    let tied = browser
        .text("[data-testid=decision][data-env=production] [data-testid=decision-tied]")
        .await;
    let mut both = [winner.trim_start_matches("Winner: ").to_owned(), tied];
    both.sort();
    assert_eq!(
        both,
        [
            "Britt Williams · Editor".to_owned(),
            "Support · Editor".to_owned()
        ]
    );
    let production = decision_text(&browser, "production").await;
    assert!(
        production.to_lowercase().contains("tied with the winner"),
        "{production}"
    );
    // In Staging only Support's grant reaches her: nothing is tied there.
    let staging = decision_text(&browser, "staging").await;
    assert!(
        !staging.to_lowercase().contains("tied with the winner"),
        "{staging}"
    );
    browser.screenshot("simulator-tied").await;

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivated_users_and_non_owners_cannot_edit() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;

    // A deactivated user's grant is read-only, with the reason.
    browser
        .sign_in(&studio.url("/apps/res-insights/permissions"), OWNER)
        .await;
    let hana = "tr[data-subject='Hana Bos'] [data-testid=role-select]";
    assert_eq!(
        browser.prop(hana, "disabled").await.as_deref(),
        Some("true")
    );
    let title = browser.attr(hana, "title").await.unwrap_or_default();
    assert!(title.contains("deactivated"), "{title}");

    // A non-owner sees read-only permissions and disabled controls.
    browser.click("[data-testid=sign-out]").await;
    browser
        .sign_in(&studio.url("/apps/res-crm/permissions"), "12345.BWilliams")
        .await;
    let banner = browser.text("[data-testid=read-only]").await;
    assert!(banner.contains("only an owner"), "{banner}");
    let selects = browser.props("[data-testid=role-select]", "disabled").await;
    assert!(!selects.is_empty(), "the grants are listed");
    for disabled in selects {
        assert_eq!(disabled.as_deref(), Some("true"));
    }
    // No Remove, Cancel or Save to press: nothing that could only fail after the click.
    for action in ["remove-grant", "save", "cancel"] {
        assert!(
            browser
                .texts(&format!("[data-testid={action}]"))
                .await
                .is_empty(),
            "{action} is not offered read only"
        );
    }
    browser.screenshot("permissions-read-only").await;

    // A forced request from this session is refused by the server.
    let forced = browser
        .client
        .execute_async(
            "const done = arguments[0]; fetch('/api/v1/environments/O12345AA/resources/res-crm/grants', {method: 'POST', \
             headers: {'content-type': 'application/json', 'x-gatehouse-csrf': '1'}, body: JSON.stringify({subject: {type: 'all_users'}, \
             role: {app: 'owner'}, environments: ['production']})}).then(r => r.json().then(b => done([r.status, b.error])))",
            vec![],
        )
        .await
        .expect("fetch");
    assert_eq!(forced[0], 403, "{forced}");
    assert!(
        forced[1]
            .as_str()
            .unwrap_or_default()
            .contains("only an owner"),
        "{forced}"
    );

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_session_editing_the_same_grant_gets_the_conflict_view() {
    let mut studio = Studio::start().await;
    let first = Browser::start().await;
    let second = Browser::start().await;
    let page = studio.url("/apps/res-crm/permissions");
    first.sign_in(&page, OWNER).await;
    second.sign_in(&page, "12345.FSmit").await;
    let row = "tr[data-subject='Carlos Jansen']";
    first.wait_for(row).await;
    second.wait_for(row).await;

    first
        .select_value(&format!("{row} [data-testid=role-select]"), "publisher")
        .await;
    first.click("[data-testid=save]").await;
    first.wait_for("[data-testid=toast]").await;

    second
        .click(&format!("{row} [data-testid=env-development]"))
        .await;
    second.click("[data-testid=save]").await;
    let panel = second.text("[data-testid=conflict-panel]").await;
    assert!(
        panel.contains("Someone else changed Carlos Jansen's grant"),
        "{panel}"
    );
    let current = second.text("[data-testid=conflict-current]").await;
    assert!(
        current.contains("Publisher"),
        "the other person's save is shown: {current}"
    );
    second.screenshot("permissions-conflict").await;

    // Reload keeps the draft on top of the latest; saving again re-applies it.
    second.click("[data-testid=conflict-reload]").await;
    second
        .wait_for(&format!("{row} [data-testid=role-select]"))
        .await;
    second.click("[data-testid=save]").await;
    second.wait_for("[data-testid=toast]").await;
    second.open(&page).await;
    let dev = second
        .prop(&format!("{row} [data-testid=env-development]"), "checked")
        .await;
    assert_eq!(dev.as_deref(), Some("true"));
    let role = second
        .prop(&format!("{row} [data-testid=role-select]"), "value")
        .await;
    assert_eq!(
        role.as_deref(),
        Some("editor"),
        "the re-applied draft carries the role the second admin saw"
    );

    first.close().await;
    second.close().await;
    studio.stop().await;
}
