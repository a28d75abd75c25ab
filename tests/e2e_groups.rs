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
    browser.wait_for("[data-testid=member-picker]").await;
    assert_eq!(browser.text("#page-title").await, "Finance");

    // Pick two members and save.
    // Each search leaves one person to tick.
    let toggle = "[data-testid=member-toggle]";
    browser.type_into("#member-filter", "Ivo").await;
    browser.count_eventually(toggle, 1).await;
    browser.click(toggle).await;
    browser.fill("#member-filter", "Koen").await;
    browser.count_eventually(toggle, 1).await;
    browser.click(toggle).await;
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
