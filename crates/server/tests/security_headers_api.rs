//! Browser security headers over real HTTP (#17): every answer — the studio page, its files,
//! the API, an API 404 — carries a Content-Security-Policy that allows the page's one inline
//! boot script by its hash and nothing inline besides, no framing, no MIME sniffing and no
//! referrer; HSTS only when the session cookies are marked secure.

mod common;

use base64::Engine;
use common::{spawn_app_with_dist, Backend, TestApp};
use gatehouse_server::{start, Config};
use reqwest::header::HeaderMap;
use sha2::{Digest, Sha256};

on_both_backends!(every_answer_carries_the_security_headers,);

const BOOT: &str = "\n      import init from \"/pkg-test/studio.js\";\n      init();\n    ";

/// A built studio: a page with an inline boot script and one file of the build.
fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dist");
    let page = format!(
        "<!doctype html><html><head><link rel=\"stylesheet\" href=\"/pkg-test/main.css\" />\
         <script type=\"module\">{BOOT}</script></head><body></body></html>"
    );
    std::fs::write(dir.path().join("index.html"), page).expect("page");
    std::fs::create_dir(dir.path().join("pkg-test")).expect("pkg");
    std::fs::write(dir.path().join("pkg-test/main.css"), "body{}").expect("css");
    dir
}

fn assert_headers(headers: &HeaderMap, what: &str) {
    let csp = headers
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"))
        .to_str()
        .unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(BOOT.as_bytes()));
    assert!(
        csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"
        )),
        "{what}: {csp}"
    );
    assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(headers["x-frame-options"], "DENY", "{what}");
    assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(headers["referrer-policy"], "no-referrer", "{what}");
}

async fn every_answer_carries_the_security_headers(backend: Backend) {
    let dist = dist();
    let app: TestApp = spawn_app_with_dist(backend, Some(dist.path().to_path_buf())).await;
    for path in [
        "/",
        "/users/12345.BWilliams",
        "/pkg-test/main.css",
        "/api/v1/health",
        "/api/v1/environments/O12345AA/groups",
        "/api/v1/no-such-endpoint",
    ] {
        let response = app.get(path).await;
        assert_headers(response.headers(), path);
        assert!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none(),
            "{path}: no HSTS over plain HTTP"
        );
    }
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_cookies_are_secure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dist();
    let mut config = Config::local(
        format!("sqlite://{}", dir.path().join("gatehouse.db").display()),
        dist.path().to_path_buf(),
    );
    config.secure_cookies = true;
    let server = start(&config, false).await.expect("server starts");
    let response = reqwest::get(format!("http://{}/api/v1/health", server.addr))
        .await
        .expect("health");
    assert_headers(response.headers(), "health");
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}
