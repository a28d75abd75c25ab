//! End to end: Manage Groups — All Users first, create a group, pick members, delete it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owner_creates_a_group_picks_members_and_deletes_it() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/groups"), OWNER).await;
    browser.wait_for("[data-testid=group-row]").await;
    let rows = browser.texts("[data-testid=group-row]").await;
    assert!(
        rows[0].starts_with("All Users"),
        "All Users is the first row: {rows:?}"
    );
    assert_eq!(rows.len(), 4);
    browser.screenshot("groups").await;

    // Create.
    browser
        .type_into("[data-testid=new-group-name]", "Finance")
        .await;
    browser
        .click("[data-testid=new-group] button[type=submit]")
        .await;
    browser.wait_for("#member-add").await;
    assert_eq!(browser.text("#page-title").await, "Finance");

    // Pick two members and save.
    browser.pick("member-add", "Ivo").await;
    browser.pick("member-add", "Koen").await;
    browser.count_eventually("[data-testid=member]", 2).await;
    browser.click("[data-testid=save-members]").await;
    // The first section title of a group's page is its members heading.
    let members = "h2.section-title";
    let heading = browser.text_containing(members, "Members (2)").await;
    assert_eq!(heading, "Members (2)", "two members");
    browser.reload().await;
    let heading = browser.text_containing(members, "Members (2)").await;
    assert_eq!(heading, "Members (2)", "still two after reload");
    browser.screenshot("group").await;

    // Delete, with confirmation.
    browser.click("[data-testid=delete-group]").await;
    browser.click("[data-testid=confirm-delete]").await;
    browser.wait_for("[data-testid=groups-table]").await;
    let rows = browser.texts("[data-testid=group-row]").await;
    assert!(rows.iter().all(|r| !r.contains("Finance")), "{rows:?}");

    browser.close().await;
    studio.stop().await;
}

/// A member edit is previewed with the function the server saves with: who gains what, and a
/// lock-out refusal (with Save disabled) before anything is sent; a valid edit saves as one
/// change set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_edits_are_previewed_before_saving() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    // Management is the only Owner of Customer Insights: emptying it is refused up front.
    browser
        .sign_in(&studio.url("/groups/grp-management"), OWNER)
        .await;
    browser.wait_for("#member-add").await;
    let summary = "[data-testid=member-impact] [data-testid=impact-summary]";
    assert_eq!(browser.text(summary).await, "No unsaved changes");
    let kept = "[data-testid=member-remove]";
    for _ in 0..2 {
        browser.click(kept).await;
    }
    browser.count_eventually(kept, 0).await;
    let refusal = browser
        .text("[data-testid=member-impact] [data-testid=impact-refusal]")
        .await;
    assert!(
        refusal.contains("would leave Customer Insights without an owner"),
        "{refusal}"
    );
    assert!(!browser.enabled("[data-testid=save-members]").await);
    browser.screenshot("group-member-refusal").await;
    browser.click("[data-testid=cancel-members]").await;
    browser.count_eventually(kept, 2).await;

    // Adding Jasmijn Dekker to Support gives her Support's Editor on CRM Portal.
    browser.open(&studio.url("/groups/grp-support")).await;
    browser.wait_for("#member-add").await;
    browser.pick("member-add", "Jasmijn Dekker").await;
    let text = browser
        .text_containing(summary, "effective access changes")
        .await;
    assert_eq!(text, "1 person's effective access changes");
    browser
        .click("[data-testid=member-impact] .impact-details summary")
        .await;
    let affected = browser
        .text("[data-testid=member-impact] [data-testid=impact-list]")
        .await;
    assert!(affected.contains("Jasmijn Dekker"), "{affected}");
    browser.click("[data-testid=save-members]").await;
    browser
        .text_containing("h2.section-title", "Members (5)")
        .await;
    assert_eq!(browser.text(summary).await, "No unsaved changes");
    browser.close().await;
    studio.stop().await;
}
