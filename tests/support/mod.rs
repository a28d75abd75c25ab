//! End-to-end harness: the real server (SQLite, demo data, built studio) and a real headless
//! Chromium driven through chromedriver. Tests act on the page only through the `Browser`
//! helpers, which wait for the studio to settle and retry against re-rendered elements, so a
//! test holds no element, has no sleep, and cannot read a view that is about to change.

#![allow(
    dead_code,
    reason = "each end-to-end test binary uses a different part of the harness"
)]

mod axe;
mod browser;
mod elements;
mod picker;
mod retry;

use std::path::PathBuf;
use std::time::Duration;

use gatehouse_server::{start, Config, RunningServer};

#[allow(unused_imports, reason = "only the accessibility checks use it")]
pub use axe::axe_source;
pub use browser::Browser;
#[allow(
    unused_imports,
    reason = "only the tests that pick the n-th match use these"
)]
pub use retry::{nth, Target};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "gatehouse";

/// The demo organisation's account owner.
pub const OWNER: &str = "12345.AdeVries";

/// Every signed-in view with a page title, as the side navigation and the lists link to them:
/// what the layout and accessibility suites walk through.
pub const SIGNED_IN_VIEWS: &[&str] = &[
    "/users",
    "/users/12345.BWilliams",
    "/users/12345.BWilliams/permissions",
    "/groups",
    "/groups/grp-support",
    "/apps",
    "/apps/res-crm/permissions",
    "/connectors",
    "/app-connectors",
    "/tokens",
    "/tables",
    "/tables/tbl-employees",
    "/collaborators",
    "/sync",
    "/simulator",
    "/precedence",
    "/data-environments",
    "/data-environments/compare",
    "/provisioning",
    "/audit",
    "/access-matrix",
    "/access-tests",
];

/// How long a helper waits for the studio to settle and for what it looks for; every browser
/// helper retries until then (see `retry.rs`).
pub const WAIT: Duration = Duration::from_secs(30);

/// The built studio (`scripts/build-studio.sh dist`), which the test command builds first;
/// `GATEHOUSE_E2E_DIST` points elsewhere (e.g. a build made with `scripts/build-studio.sh DIR`).
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("GATEHOUSE_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "the studio is not built: run `scripts/build-studio.sh dist` (scripts/test.sh does) before the end-to-end tests"
    );
    dist
}

/// A server on a fresh SQLite database with the demo data and the built studio.
pub struct Studio {
    /// The running server (`None` while stopped).
    pub server: Option<RunningServer>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// What the server was started with (a restart reuses it).
    pub config: Config,
    _dir: tempfile::TempDir,
}

impl Studio {
    /// An API client (keeping cookies) signed in as `code` with the demo password.
    pub async fn api_client(&self, code: &str) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let response = client
            .post(self.url("/api/v1/session"))
            .header("x-gatehouse-csrf", "1")
            .json(&serde_json::json!({ "code": code, "password": DEMO_PASSWORD }))
            .send()
            .await
            .expect("sign in");
        assert_eq!(response.status(), 200, "sign in as {code}");
        client
    }

    /// Starts the server on a free port.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config::local(
            format!("sqlite://{}", dir.path().join("e2e.db").display()),
            dist_dir(),
        );
        let server = start(&config, false).await.expect("server starts");
        let base = format!("http://{}", server.addr);
        Self {
            server: Some(server),
            base,
            config,
            _dir: dir,
        }
    }

    /// The address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Stops the server (the page stays open in the browser).
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
    }

    /// Starts the server again on the same address and database.
    pub async fn restart(&mut self) {
        let mut config = self.config.clone();
        config.addr = self
            .base
            .trim_start_matches("http://")
            .parse()
            .expect("addr");
        self.server = Some(start(&config, false).await.expect("server restarts"));
    }
}

/// Serves `dist/` the way a static host without rewrite rules does (GitHub Pages, Netlify
/// without `_redirects`, S3 website hosting): the files there are, and for any other path
/// `404.html` with status 404 — no fallback to the page. Returns the base URL and the task.
pub async fn plain_static_host() -> (String, tokio::task::JoinHandle<()>) {
    use tower_http::services::{ServeDir, ServeFile};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let dist = dist_dir();
    let files = ServeDir::new(&dist).not_found_service(ServeFile::new(dist.join("404.html")));
    let app = axum::Router::new().fallback_service(files);
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), task)
}

/// Serves `dist/` the way a static host does: files, and index.html for every other path
/// (so `/api/v1/health` answers HTML, not the API). Returns the base URL and the serving task.
pub async fn static_host() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new()
        .fallback_service(gatehouse_server::static_files::service(Some(dist_dir())));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), task)
}
