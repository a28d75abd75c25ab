//! End to end, layout (#16): every signed-in view at 390 px (a phone) reflows — nothing is wider than the
//! viewport, the environment switcher and Sign out stay on screen (WCAG 2.2 SC 1.4.10; #16).
//! A wide table may scroll inside its own box; the page itself never scrolls sideways.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER, SIGNED_IN_VIEWS as VIEWS};

/// The outermost elements wider than the window whose parent is not (inside a box that scrolls
/// sideways, nothing counts).
const CULPRITS: &str = "const w = document.documentElement.clientWidth + 1; const out = []; \
    for (const el of document.querySelectorAll('body, body *')) { \
      const p = el.parentElement; if (!p) continue; \
      const scrolls = a => { for (let e = a; e; e = e.parentElement) { \
        const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; }; \
      if (el.getBoundingClientRect().right > w && p.getBoundingClientRect().right <= w && !scrolls(p)) \
        out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') \
          + ' ' + Math.ceil(el.getBoundingClientRect().right)); } \
    return out.slice(0, 6);";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_reflows_at_390_px() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.resize(390, 844).await;
    // The sign-in screen first: it fits too.
    browser.open(&studio.url("/users")).await;
    browser.wait_for("[data-testid=sign-in-form]").await;
    browser
        .assert_no_sideways_scroll("the sign-in screen")
        .await;
    browser.screenshot("narrow-sign-in").await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    let mut too_wide = Vec::new();
    for view in VIEWS {
        browser.open(&studio.url(view)).await;
        browser.wait_for("#page-title").await;
        browser.settled().await;
        let measured = browser
            .script(
                "const page = document.documentElement.scrollWidth; \
                 const edge = el => el ? Math.ceil(el.getBoundingClientRect().right) : 0; \
                 return { page, width: document.documentElement.clientWidth, \
                          signOut: edge(document.querySelector('[data-testid=sign-out]')), \
                          switcher: edge(document.querySelector('[data-testid=environment-select]')) };",
            )
            .await;
        let width = measured["width"].as_i64().unwrap_or_default();
        for part in ["page", "signOut", "switcher"] {
            let right = measured[part].as_i64().unwrap_or_default();
            if right > width {
                // Name the outermost elements that stick out, to say what to fix.
                let culprits = browser.script(CULPRITS).await;
                too_wide.push(format!(
                    "{view}: {part} reaches {right} px of {width}: {culprits}"
                ));
            }
        }
        let name = format!("narrow{}", view.replace('/', "-"));
        browser.screenshot(&name).await;
    }
    assert!(
        too_wide.is_empty(),
        "wider than the screen:\n{}",
        too_wide.join("\n")
    );
    browser.close().await;
    studio.stop().await;
}

/// On a desktop window the side navigation stays in view while a long page scrolls (#16).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_side_navigation_stays_in_view_on_a_long_page() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    // A short window, so the permissions page is longer than it.
    browser.resize(1366, 500).await;
    browser
        .sign_in(&studio.url("/apps/res-crm/permissions"), OWNER)
        .await;
    browser.wait_for("#page-title").await;
    let scrolled = browser
        .script(
            "window.scrollTo(0, (document.documentElement.scrollHeight - window.innerHeight) / 2); \
             const nav = document.querySelector('nav.side-nav').getBoundingClientRect(); \
             const bar = document.querySelector('.top-bar').getBoundingClientRect(); \
             return { scrollY: window.scrollY, navTop: Math.round(nav.top), barBottom: Math.round(bar.bottom) };",
        )
        .await;
    let scroll_y = scrolled["scrollY"].as_f64().unwrap_or_default();
    // Halfway down (at the very end the navigation ends with the frame, as it should).
    assert!(
        scroll_y > 20.0,
        "the page is long enough to scroll: {scrolled}"
    );
    let nav_top = scrolled["navTop"].as_i64().unwrap_or(-1);
    let bar_bottom = scrolled["barBottom"].as_i64().unwrap_or(-1);
    assert!(
        (bar_bottom - 1..=bar_bottom + 1).contains(&nav_top),
        "the side navigation sits right under the top bar after scrolling: {scrolled}"
    );
    browser.screenshot("desktop-sticky-nav").await;
    browser.close().await;
    studio.stop().await;
}
