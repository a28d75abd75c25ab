//! End to end: Manage Groups — All Users first, create a group, pick members, delete it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Locator;
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
    let filter = browser.wait_for("#member-filter").await;
    filter.send_keys("Ivo").await.expect("type");
    browser.click("[data-testid=member-toggle]").await;
    filter.clear().await.expect("clear");
    filter.send_keys("Koen").await.expect("type");
    browser.click("[data-testid=member-toggle]").await;
    browser.click("[data-testid=save-members]").await;
    browser
        .client
        .wait()
        .for_element(Locator::XPath("//h2[text()='Members (2)']"))
        .await
        .expect("two members");
    browser.client.refresh().await.expect("reload");
    browser
        .client
        .wait()
        .for_element(Locator::XPath("//h2[text()='Members (2)']"))
        .await
        .expect("still two after reload");
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
