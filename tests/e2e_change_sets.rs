//! End to end: Edit Permissions saves every edit as one change set — one request, after which
//! the shadowed-grant warnings describe what was saved; a set the server refuses shows the
//! refusal, writes nothing and keeps the draft. In headless Chromium against the server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER};

/// The API paths this page has requested since the last [`forget_requests`].
async fn api_requests(browser: &Browser) -> Vec<String> {
    let value = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource')
               .map((e) => new URL(e.name).pathname)
               .filter((p) => p.startsWith('/api/'));",
            vec![],
        )
        .await
        .expect("resource timing");
    serde_json::from_value(value).expect("paths")
}

async fn forget_requests(browser: &Browser) {
    browser
        .client
        .execute("performance.clearResourceTimings();", vec![])
        .await
        .expect("clear resource timing");
}

/// Runs `script` (an async function body that returns a JSON value) in the page, with the
/// page's session cookie and the CSRF header at hand.
async fn in_page(browser: &Browser, script: &str) -> serde_json::Value {
    let wrapped = format!(
        "const done = arguments[arguments.length - 1];
         const headers = {{ 'content-type': 'application/json', 'x-gatehouse-csrf': '1' }};
         (async () => {{ {script} }})().then(done, (e) => done(String(e)));"
    );
    browser
        .client
        .execute_async(&wrapped, vec![])
        .await
        .expect("script in the page")
}

const BRITT_WARNING: &str = "tr[data-subject='Britt Williams'] [data-testid=grant-warning]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_multi_edit_save_is_one_request_and_the_warnings_match_what_was_saved() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/apps/res-timesheets/permissions"), OWNER)
        .await;
    // Britt's own Preview Only has no effect while All Users grants Editor.
    let warning = browser.text(BRITT_WARNING).await;
    assert!(warning.contains("All Users"), "{warning}");

    // Two edits: All Users down to Preview Only, and Ivo Mulder as Editor in Staging.
    browser
        .select_value(
            "tr[data-subject='All Users'] [data-testid=role-select]",
            "preview_only",
        )
        .await;
    browser.pick("add-subject", "Ivo Mulder").await;
    let ivo = "tr[data-subject='Ivo Mulder']";
    browser
        .select_value(&format!("{ivo} [data-testid=role-select]"), "editor")
        .await;
    browser
        .click(&format!("{ivo} [data-testid=env-production]"))
        .await;
    browser
        .click(&format!("{ivo} [data-testid=env-development]"))
        .await;
    // The draft's access-test preview (a dry run per edit) finishes before the log is cleared:
    // only the save's own requests are counted.
    browser.settled().await;
    forget_requests(&browser).await;
    browser.click("[data-testid=save]").await;
    assert_eq!(browser.text("[data-testid=toast]").await, "Saved 2 changes");

    let writes: Vec<String> = api_requests(&browser)
        .await
        .into_iter()
        .filter(|p| p.contains("/changes") || p.contains("/grants"))
        .collect();
    assert_eq!(
        writes,
        ["/api/v1/environments/O12345AA/changes"],
        "one request for the whole save"
    );
    // Equal roles shadow nothing: the warning went with the save, without a reload.
    browser.wait_gone(BRITT_WARNING).await;
    browser.screenshot("change-set-saved").await;

    browser
        .open(&studio.url("/apps/res-timesheets/permissions"))
        .await;
    browser.wait_for(ivo).await;
    assert_eq!(
        browser
            .value(&format!("{ivo} [data-testid=role-select]"))
            .await,
        "editor"
    );
    browser.wait_gone(BRITT_WARNING).await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_set_shows_the_refusal_writes_nothing_and_keeps_the_draft() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/apps/res-crm/permissions"), OWNER)
        .await;
    let carlos = "tr[data-subject='Carlos Jansen']";
    browser
        .select_value(&format!("{carlos} [data-testid=role-select]"), "publisher")
        .await;
    browser.pick("add-subject", "Ivo Mulder").await;
    browser.wait_for("tr[data-subject='Ivo Mulder']").await;

    // Meanwhile Carlos Jansen is deactivated: his grant may no longer be edited.
    let status = in_page(
        &browser,
        "const base = '/api/v1/environments/O12345AA/users/12345.CJansen';
         const u = await (await fetch(base)).json();
         const r = await fetch(base + '/properties', { method: 'PUT',
             headers: { ...headers, 'if-match': '\"' + u.version + '\"' },
             body: JSON.stringify({ name: u.name, email: u.email, flags: u.flags, status: 'deactivated' }) });
         return r.status;",
    )
    .await;
    assert_eq!(status, 200, "deactivating Carlos Jansen");

    browser.click("[data-testid=save]").await;
    let refusal = browser.text("[data-testid=save-error]").await;
    assert!(
        refusal.contains("Carlos Jansen") && refusal.contains("deactivated"),
        "{refusal}"
    );
    browser.screenshot("change-set-refused").await;
    // The draft is intact: both edits are still on screen.
    assert_eq!(
        browser
            .value(&format!("{carlos} [data-testid=role-select]"))
            .await,
        "publisher"
    );
    browser.wait_for("tr[data-subject='Ivo Mulder']").await;
    // Nothing was written: Ivo Mulder has no grant on CRM Portal.
    let stored = in_page(
        &browser,
        "const r = await fetch('/api/v1/environments/O12345AA/resources/res-crm/permissions');
         return (await r.json()).grants.map((g) => g.subject.name);",
    )
    .await;
    let names: Vec<String> = serde_json::from_value(stored).expect("names");
    assert!(names.contains(&"Carlos Jansen".to_owned()), "{names:?}");
    assert!(!names.contains(&"Ivo Mulder".to_owned()), "{names:?}");
    browser.close().await;
    studio.stop().await;
}
