//! End to end: the static build on a host without rewrite rules (GitHub Pages, Netlify without
//! `_redirects`): a deep link is answered with `404.html`, which is the studio page, so the
//! view opens on the demo store; the icon is the studio's, not the page.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{plain_static_host, Browser, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deep_link_opens_its_view_on_a_host_without_rewrite_rules() {
    let (base, host) = plain_static_host().await;

    // What the host answers, before any browser: the page for an unknown path (with 404, as
    // these hosts do), the icon as an image.
    let client = reqwest::Client::new();
    let deep = client
        .get(format!("{base}/A12345AA/users?q=bos"))
        .send()
        .await
        .expect("deep link");
    assert_eq!(deep.status(), 404, "a host without rewrite rules");
    let page = deep.text().await.expect("page");
    assert!(
        page.contains("<title>Gatehouse</title>"),
        "404.html is the studio page"
    );
    let icon = client
        .get(format!("{base}/favicon.svg"))
        .send()
        .await
        .expect("icon");
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");

    let browser = Browser::start().await;
    browser
        .sign_in(&format!("{base}/O12345AA/users/12345.BWilliams"), OWNER)
        .await;
    browser.wait_for("[data-testid=demo-banner]").await;
    let heading = browser.text("h1").await;
    assert!(heading.contains("Britt Williams"), "{heading}");
    let path = browser.script("return location.pathname;").await;
    assert_eq!(path, "/O12345AA/users/12345.BWilliams");
    browser.screenshot("static-host-deep-link").await;

    // A link to another environment with a search, opened afresh: that environment, that
    // search (the environment and the query survive the host's 404 page).
    browser.open(&format!("{base}/A12345AA/users?q=bos")).await;
    browser.wait_for("[data-testid=user-search]").await;
    assert_eq!(
        browser.value("[data-testid=environment-select]").await,
        "A12345AA"
    );
    assert_eq!(browser.value("[data-testid=user-search]").await, "bos");
    browser.close().await;
    host.abort();
}
