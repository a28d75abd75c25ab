//! End to end: the account owner adds a user from the Users view — one change set for the user
//! and their groups; a refused field is shown at that field and nothing is written; other users
//! are not offered the action.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_owner_adds_a_user_with_a_group_in_one_change_set() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    browser.click("[data-testid=add-user]").await;
    browser.wait_for("[data-testid=add-user-dialog]").await;
    // The code starts with the organisation's number.
    assert_eq!(browser.value("[data-testid=new-user-code]").await, "12345.");
    browser
        .fill("[data-testid=new-user-code]", "12345.LNieuw")
        .await;
    browser
        .type_into("[data-testid=new-user-name]", "Lotte Nieuw")
        .await;
    // An address another user has, in other letter case.
    browser
        .type_into(
            "[data-testid=new-user-email]",
            "B.Williams@northwind.example",
        )
        .await;
    browser.click("[data-testid=save-add-user]").await;
    let error = browser.text("[data-testid=add-user-error-email]").await;
    assert_eq!(
        error,
        "email B.Williams@northwind.example is already used by 12345.BWilliams"
    );
    browser.screenshot("add-user-refused").await;

    // Corrected, the user and the membership land together.
    browser
        .fill("[data-testid=new-user-email]", "l.nieuw@northwind.example")
        .await;
    let groups = browser.texts("[data-testid=new-user-groups] label").await;
    let support = groups
        .iter()
        .position(|g| g == "Support")
        .expect("Support is offered");
    browser
        .click(support::nth("[data-testid=new-user-group]", support))
        .await;
    browser.click("[data-testid=save-add-user]").await;
    assert_eq!(browser.text("[data-testid=user-name]").await, "Lotte Nieuw");
    let lede = browser.text(".page-lede").await;
    assert!(lede.contains("12345.LNieuw"), "{lede}");
    assert!(lede.contains("Support"), "{lede}");
    browser.screenshot("add-user-added").await;

    browser.open(&studio.url("/users")).await;
    browser.wait_for("[data-testid=user-row]").await;
    assert_eq!(
        browser.texts("[data-testid=user-count]").await,
        ["12 users"]
    );
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_account_owner_is_offered_add_user() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), "12345.FSmit").await;
    browser.wait_for("[data-testid=user-row]").await;
    browser.count_eventually("[data-testid=add-user]", 0).await;
    browser.close().await;
    studio.stop().await;
}
