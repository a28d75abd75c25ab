//! End to end, accessibility (#16): axe-core (npm `axe-core`, the engine of most accessibility
//! checkers) runs in the real browser on the sign-in screen and every signed-in view, as the
//! account owner, on a desktop window and on a phone; any violation of WCAG 2.x A or AA fails
//! the test, naming the rule, the element and how to fix it.
//!
//! The script comes from `GATEHOUSE_AXE` (set by `scripts/ensure-tools.sh --browser`) or the
//! tools folder it installs into.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER, SIGNED_IN_VIEWS as VIEWS};

/// axe-core's source.
fn axe_source() -> String {
    let path = std::env::var("GATEHOUSE_AXE").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        let tools = std::env::var("GATEHOUSE_TOOLS")
            .unwrap_or_else(|_| format!("{home}/.cache/gatehouse-tools"));
        format!("{tools}/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!("axe-core is not at {path} ({err}); run `source scripts/ensure-tools.sh --browser`")
    })
}

/// Runs axe on the page; the violations, one line each.
async fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser.script(axe).await;
    let found = browser
        .client
        .execute_async(
            "const done = arguments[0];
             axe.run(document, { runOnly: { type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
                 resultTypes: ['violations'] })
               .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help
                 + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')
                 + (n.failureSummary ? ' [' + n.failureSummary.split('\\n').slice(1, 2).join('').trim() + ']' : ''))
                 .join('; '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe.run");
    found
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn every_view_passes_axe_at(width: u32, height: u32) {
    let axe = axe_source();
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.resize(width, height).await;
    let mut found = Vec::new();

    browser.open(&studio.url("/users")).await;
    browser.wait_for("[data-testid=sign-in-form]").await;
    browser.settled().await;
    for v in violations(&browser, &axe).await {
        found.push(format!("sign-in: {v}"));
    }

    browser.sign_in(&studio.url("/users"), OWNER).await;
    for view in VIEWS {
        browser.open(&studio.url(view)).await;
        browser.wait_for("#page-title").await;
        browser.settled().await;
        for v in violations(&browser, &axe).await {
            found.push(format!("{view}: {v}"));
        }
    }
    assert!(
        found.is_empty(),
        "axe-core found {} violation(s) at {width} px:\n{}",
        found.len(),
        found.join("\n")
    );
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_passes_axe_on_a_desktop() {
    every_view_passes_axe_at(1366, 900).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_passes_axe_on_a_phone() {
    every_view_passes_axe_at(390, 844).await;
}
