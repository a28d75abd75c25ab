//! End to end: the Users view in headless Chromium against the real server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_view_lists_the_demo_users_then_shows_an_error_when_the_server_stops() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;

    // Arrange: open the Users view and sign in as the account owner.
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;

    // Assert: every demo user is listed with status and groups.
    let rows = browser.texts("[data-testid=user-row]").await;
    assert_eq!(rows.len(), 11, "{rows:#?}");
    assert!(rows.iter().any(|r| r.contains("Britt Williams")
        && r.contains("12345.BWilliams")
        && r.contains("Support")));
    assert!(rows
        .iter()
        .any(|r| r.contains("Hana Bos") && r.contains("Deactivated")));
    assert!(rows
        .iter()
        .any(|r| r.contains("Jasmijn Dekker") && r.contains("No email")));
    assert_eq!(
        browser.texts("[data-testid=user-count]").await,
        ["11 users"]
    );
    assert_eq!(
        browser.texts("[data-testid=environment-kind]").await,
        ["Production"]
    );
    browser.screenshot("users").await;

    // One visit asks for each thing once: the session, the environments, and the users (the
    // first screenful beside the whole list) — counted on a fresh page load.
    browser.open(&studio.url("/users")).await;
    browser.count_eventually("[data-testid=user-row]", 11).await;
    let calls = browser
        .script(
            "const n = p => performance.getEntriesByType('resource')\
               .filter(e => new URL(e.name).pathname === p).length;\
             return [n('/api/v1/session'), n('/api/v1/environments'), \
               n('/api/v1/environments/O12345AA/users')];",
        )
        .await;
    assert_eq!(
        calls,
        serde_json::json!([1, 1, 2]),
        "session, environments, users"
    );

    // Act: search narrows the list.
    browser
        .type_into("[data-testid=user-search]", "williams")
        .await;
    browser.count_eventually("[data-testid=user-row]", 1).await;
    assert_eq!(
        browser.texts("[data-testid=user-count]").await,
        ["1 of 11 users"]
    );

    // Act: stop the server and refresh the list.
    studio.stop().await;
    browser.click("[data-testid=refresh]").await;

    // Assert: a readable error with a retry button, not a blank page.
    let text = browser.text("[data-testid=error-state]").await;
    assert!(text.contains("Cannot reach the Gatehouse server"), "{text}");
    browser.screenshot("users-error").await;

    // Act: the server comes back; Retry brings the users back.
    studio.restart().await;
    browser.click("[data-testid=retry]").await;
    browser.wait_for("[data-testid=user-row]").await;
    assert_eq!(
        browser.texts("[data-testid=user-row]").await.len(),
        1,
        "the search is kept"
    );

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_refuses_a_wrong_password_and_sign_out_returns_to_the_sign_in_screen() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;

    browser.open(&studio.url("/users")).await;
    // The placeholder and the hint name the same account (the account owner's).
    let placeholder = browser
        .attr("[data-testid=sign-in-code]", "placeholder")
        .await
        .unwrap_or_default();
    let hint = browser.text("[data-testid=sign-in-form] p.muted").await;
    assert!(hint.contains(&placeholder), "{placeholder} / {hint}");
    // Signed out, the studio does not ask the server who is signed in (the browser would log
    // the 401 as an error): the server's readable sign-in hint cookie is absent.
    let asked = browser
        .script(
            "return performance.getEntriesByType('resource')\
               .filter(e => new URL(e.name).pathname === '/api/v1/session').length;",
        )
        .await;
    assert_eq!(asked, 0, "GET /session on the signed-out page");
    browser.type_into("[data-testid=sign-in-code]", OWNER).await;
    browser
        .type_into("[data-testid=sign-in-password]", "wrong")
        .await;
    browser.click("[data-testid=sign-in-submit]").await;
    let error = browser.text("[data-testid=sign-in-error]").await;
    assert_eq!(error, "unknown user code or wrong password");
    browser.screenshot("sign-in-error").await;

    browser
        .sign_in(&studio.url("/users"), "12345.BWilliams")
        .await;
    let account = browser.text("[data-testid=account]").await;
    assert!(account.contains("Britt Williams"), "{account}");
    browser.wait_for("[data-testid=user-row]").await;

    browser.click("[data-testid=sign-out]").await;
    browser.wait_for("[data-testid=sign-in-form]").await;

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_users_page_explains_every_cell_of_their_access() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser
        .click("[data-code='12345.BWilliams'] [data-testid=user-link]")
        .await;
    let cell = browser
        .text("[data-testid=access-cell][data-resource=res-timesheets][data-env=production]")
        .await;
    assert!(
        cell.contains("Editor") && cell.contains("from All Users") && cell.contains("shadowed"),
        "{cell}"
    );
    let dev = browser
        .text("[data-testid=access-cell][data-resource=res-crm][data-env=development]")
        .await;
    assert!(dev.contains("Preview Only"), "{dev}");
    browser.screenshot("user-access").await;

    browser.open(&studio.url("/users/12345.HBos")).await;
    let banner = browser.text("[data-testid=deactivated-banner]").await;
    assert!(banner.contains("cannot be edited"), "{banner}");

    browser.close().await;
    studio.stop().await;
}
