//! End to end: actions a signed-in administrator may not take are disabled or absent before
//! the click, each with the reason and who to ask by name ("Ask Anna de Vries (account
//! owner)", "Ask Fleur Smit (Owner of CRM Portal)") — for a resource owner (Fleur Smit), a
//! plain editor (Britt Williams) on the server and in the static demo; and the account owner
//! is warned before issuing a token that could not be used.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{static_host, Browser, Studio, OWNER};

/// The sentence every account-owner-only action ends with, from the policy crate.
const ASK_ANNA: &str = "Ask Anna de Vries (account owner).";

/// Britt reads CRM Portal's permissions (Editor through Support) but may not change them:
/// the page says who may, before anything is tried.
async fn read_only_permissions_name_who_to_ask(browser: &Browser, base: &str) {
    browser
        .sign_in(
            &format!("{base}/apps/res-crm/permissions"),
            "12345.BWilliams",
        )
        .await;
    let banner = browser
        .text_containing("[data-testid=read-only]", "Ask ")
        .await;
    assert!(
        banner.contains("Ask Fleur Smit (Owner of CRM Portal) or Anna de Vries (account owner)."),
        "{banner}"
    );
    assert!(!banner.contains("res-crm"), "no internal ids: {banner}");

    browser.open(&format!("{base}/users/12345.KPeters")).await;
    browser
        .wait_for("[data-testid=edit-properties][disabled]")
        .await;
    let note = browser
        .text_containing("#properties-owner-only", ASK_ANNA)
        .await;
    assert!(
        note.starts_with("Only the account owner changes a user's properties."),
        "{note}"
    );
    assert_eq!(
        browser
            .attr("[data-testid=edit-properties]", "aria-describedby")
            .await
            .as_deref(),
        Some("properties-owner-only"),
        "the disabled button is described by the note"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resource_owner_sees_what_only_the_account_owner_may_do_and_who_to_ask() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/users/12345.KPeters"), "12345.FSmit")
        .await;
    // Effective access comes first on the page, before rows and collaborator status.
    let order = browser
        .script(
            "const a = document.querySelector('[data-testid=user-access]');
             const c = document.querySelector('[data-testid=collaborator-panel]');
             return !!a && !!c && !!(a.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);",
        )
        .await;
    assert_eq!(
        order,
        serde_json::json!(true),
        "effective access precedes the panels"
    );
    browser
        .wait_for("[data-testid=edit-properties][disabled]")
        .await;
    browser
        .text_containing("#properties-owner-only", ASK_ANNA)
        .await;
    // Activating a collaborator is the account owner's too.
    browser
        .wait_for("[data-testid=collaborator-panel] [data-testid=activate-collaborator][disabled]")
        .await;
    let collab = browser
        .text_containing(
            "[data-testid=collaborator-panel] [data-testid=owner-only]",
            ASK_ANNA,
        )
        .await;
    assert!(
        collab.contains("activates and deactivates collaborators"),
        "{collab}"
    );
    browser.screenshot("non-owner-user-page").await;

    // App connectors: read only, no actions, and why.
    browser.open(&studio.url("/app-connectors")).await;
    browser
        .text_containing("[data-testid=owner-only]", ASK_ANNA)
        .await;
    browser.wait_for("[data-testid=app-connector]").await;
    assert!(browser
        .texts("[data-testid=new-app-connector]")
        .await
        .is_empty());
    assert!(browser
        .texts("[data-testid=edit-app-connector]")
        .await
        .is_empty());
    assert!(browser
        .texts("[data-testid=delete-app-connector]")
        .await
        .is_empty());

    // Tokens: only for herself, said up front.
    browser.open(&studio.url("/tokens")).await;
    browser.wait_for("[data-testid=token-user][disabled]").await;
    let options = browser.texts("[data-testid=token-user] option").await;
    assert_eq!(options, vec!["Fleur Smit (12345.FSmit)".to_owned()]);
    let note = browser
        .text_containing(
            "[data-testid=issue-token] [data-testid=owner-only]",
            ASK_ANNA,
        )
        .await;
    assert!(
        note.contains("only the account owner issues them for others"),
        "{note}"
    );

    // Sync and collaborators: the account owner's, and who that is.
    browser.open(&studio.url("/sync")).await;
    browser
        .text_containing("[data-testid=sync-owner-only]", ASK_ANNA)
        .await;
    assert!(browser.texts("[data-testid=run-sync]").await.is_empty());
    browser.open(&studio.url("/collaborators")).await;
    browser
        .text_containing("[data-testid=collaborators-read-only]", ASK_ANNA)
        .await;
    assert!(browser.texts("[data-testid=error-state]").await.is_empty());

    // Users and groups: adding is the account owner's.
    browser.open(&studio.url("/users")).await;
    browser
        .text_containing("[data-testid=owner-only]", ASK_ANNA)
        .await;
    assert!(browser.texts("[data-testid=add-user]").await.is_empty());
    browser.open(&studio.url("/groups")).await;
    browser
        .text_containing("[data-testid=owner-only]", ASK_ANNA)
        .await;
    browser.resize(390, 844).await;
    browser.open(&studio.url("/tokens")).await;
    browser.wait_for("[data-testid=owner-only]").await;
    browser.settled().await;
    let overflow = browser
        .script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        )
        .await;
    assert_eq!(
        overflow,
        serde_json::json!(0),
        "no horizontal overflow at 390 px"
    );
    browser.screenshot("non-owner-tokens-390").await;
    browser.close().await;

    let britt = Browser::start().await;
    read_only_permissions_name_who_to_ask(&britt, &studio.base).await;
    britt.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_editor_is_told_who_to_ask_in_the_static_demo() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    read_only_permissions_name_who_to_ask(&browser, &base).await;
    browser.wait_for("[data-testid=demo-banner]").await;
    browser.close().await;
    host.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_owner_is_warned_before_issuing_a_token_that_cannot_be_used() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/tokens"), OWNER).await;
    browser.wait_for("[data-testid=token-user]").await;
    let options = browser.texts("[data-testid=token-user] option").await;
    assert!(
        options.iter().any(|o| o == "Carlos Jansen (12345.CJansen)"),
        "{options:?}"
    );
    assert!(
        !options.iter().any(|o| o.contains("12345.HBos")),
        "deactivated users are not offered: {options:?}"
    );
    browser
        .select_label("[data-testid=token-app-connector]", "HR Portal sync")
        .await;
    browser
        .select_value("[data-testid=token-user]", "12345.CJansen")
        .await;
    let warning = browser
        .text_containing(
            "[data-testid=issue-warning]",
            "not a member of group Support",
        )
        .await;
    assert!(
        warning.contains("calls with this token will be refused"),
        "{warning}"
    );
    browser.screenshot("token-warning").await;
    // A member of Support gets no warning.
    browser
        .select_value("[data-testid=token-user]", "12345.BWilliams")
        .await;
    browser.wait_gone("[data-testid=issue-warning]").await;
    browser.close().await;
    studio.stop().await;
}
