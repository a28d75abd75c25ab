//! End to end: the studio runs under the server's Content-Security-Policy (#17) — no inline
//! script or style but the hashed boot script — and no view the administrator walks through
//! reports a violation.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_studio_runs_under_its_content_security_policy() {
    let mut studio = Studio::start().await;
    let page = reqwest::get(studio.url("/users")).await.expect("page");
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(
        csp.contains("'sha256-"),
        "the boot script is allowed by hash: {csp}"
    );
    let browser = Browser::start().await;
    // Signing in proves the boot script and the WebAssembly ran under the policy.
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=users-table]").await;
    browser
        .script(
            "window.__violations = []; document.addEventListener('securitypolicyviolation', \
             e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));",
        )
        .await;
    // The listener hears violations: an inline style attribute is one (and is cleared).
    browser
        .script(
            "const probe = document.createElement('div'); probe.setAttribute('style', 'color: red'); \
             document.body.appendChild(probe);",
        )
        .await;
    browser
        .eventually("the probe's violation is reported", || async {
            browser.script("return window.__violations.length;").await == serde_json::json!(1)
        })
        .await;
    browser.script("window.__violations = [];").await;
    for (href, title) in [
        ("/groups", "Groups"),
        ("/data-environments", "Data environments"),
        ("/apps", "Apps"),
        ("/tables", "Tables"),
        ("/simulator", "Simulator"),
        ("/users", "Users"),
    ] {
        browser
            .click(format!("nav.side-nav a[href$='{href}']").as_str())
            .await;
        browser.text_containing("#page-title", title).await;
    }
    let violations = browser.script("return window.__violations;").await;
    assert_eq!(
        violations,
        serde_json::json!([]),
        "CSP violations: {violations}"
    );
    browser.close().await;
    studio.stop().await;
}
