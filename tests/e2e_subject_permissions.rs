//! End to end: Edit Permissions for one subject (a user or a group) across every app and
//! connector — tabs, the impact before saving, a saved grant surviving a reload, shadowed
//! grants, keyboard tabs, and the read-only cases — in headless Chromium against the server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use support::{Browser, Studio, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_users_grant_set_from_their_page_survives_a_reload() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    let page = studio.url("/users/12345.IMulder/permissions");
    browser.sign_in(&page, OWNER).await;
    browser.wait_for("[data-testid=subject-table]").await;

    let crm = "tr[data-resource=res-crm]";
    browser
        .select_value(&format!("{crm} [data-testid=subject-role]"), "editor")
        .await;
    browser
        .click(&format!("{crm} [data-testid=subject-env-production]"))
        .await;
    browser
        .click(&format!("{crm} [data-testid=subject-env-development]"))
        .await;
    let summary = browser.text("[data-testid=impact-summary]").await;
    assert_eq!(summary, "1 person's effective access changes");
    browser.screenshot("subject-permissions-draft").await;
    browser.click("[data-testid=save]").await;
    assert_eq!(browser.text("[data-testid=toast]").await, "Saved 1 change");

    browser.open(&page).await;
    browser.wait_for(crm).await;
    assert!(
        browser
            .checked(&format!("{crm} [data-testid=subject-env-staging]"))
            .await
    );
    assert!(
        !browser
            .checked(&format!("{crm} [data-testid=subject-env-production]"))
            .await
    );
    let role = browser
        .prop(&format!("{crm} [data-testid=subject-role]"), "value")
        .await;
    assert_eq!(role.as_deref(), Some("editor"));

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shadowed_grant_is_flagged_and_the_tabs_work_from_the_keyboard() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/users/12345.BWilliams/permissions"), OWNER)
        .await;
    let warning = browser
        .text("tr[data-resource=res-timesheets] [data-testid=subject-warning]")
        .await;
    assert!(
        warning.contains("has no effect") && warning.contains("All Users"),
        "{warning}"
    );
    browser.screenshot("subject-permissions-shadowed").await;

    // Arrow keys move between the Apps and Connectors tabs.
    browser.press("[data-testid=tab-apps]", Key::Right).await;
    browser
        .wait_for("[data-testid=tab-connectors][aria-selected=true]")
        .await;
    browser.wait_for("tr[data-resource=res-salesforce]").await;
    let focused = browser
        .client
        .execute("return document.activeElement.dataset.testid", vec![])
        .await
        .expect("active element");
    assert_eq!(focused.as_str(), Some("tab-connectors"));

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_the_administrator_does_not_own_and_deactivated_users_are_read_only() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    // Fleur Smit owns CRM Portal only.
    browser
        .sign_in(
            &studio.url("/groups/grp-support/permissions"),
            "12345.FSmit",
        )
        .await;
    let crm = browser
        .prop(
            "tr[data-resource=res-crm] [data-testid=subject-role]",
            "disabled",
        )
        .await;
    assert_eq!(crm.as_deref(), Some("false"));
    let timesheets = browser
        .prop(
            "tr[data-resource=res-timesheets] [data-testid=subject-role]",
            "disabled",
        )
        .await;
    assert_eq!(timesheets.as_deref(), Some("true"));
    let reason = browser
        .text("tr[data-resource=res-timesheets] [data-testid=row-locked]")
        .await;
    assert!(
        reason.contains("only an owner of `Timesheets`") && reason.contains("you are neither"),
        "{reason}"
    );
    browser.screenshot("subject-permissions-not-owner").await;
    browser.close().await;

    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/users/12345.HBos/permissions"), OWNER)
        .await;
    let banner = browser.text("[data-testid=read-only]").await;
    assert!(banner.contains("deactivated"), "{banner}");
    let role = browser
        .prop(
            "tr[data-resource=res-insights] [data-testid=subject-role]",
            "disabled",
        )
        .await;
    assert_eq!(role.as_deref(), Some("true"));
    browser.close().await;
    studio.stop().await;
}
