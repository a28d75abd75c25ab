//! End-to-end harness: the real server (SQLite, demo data, built studio) and a real headless
//! Chromium driven through chromedriver.

#![allow(
    dead_code,
    reason = "each end-to-end test binary uses a different part of the harness"
)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use gatehouse_server::{start, Config, RunningServer};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "gatehouse";

/// The demo organisation's account owner.
pub const OWNER: &str = "12345.AdeVries";

/// How long to wait for the studio to render something.
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
    pub server: Option<RunningServer>,
    pub base: String,
    pub config: Config,
    _dir: tempfile::TempDir,
}

impl Studio {
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

/// A chromedriver process and a WebDriver session in headless Chromium.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Browser {
    pub async fn start() -> Self {
        let port = free_port();
        let driver = Command::new(
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned()),
        )
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts (scripts/test.sh installs Debian's chromium-driver)");
        let profile = tempfile::tempdir().expect("profile dir").keep();
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..50 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return Self { client, driver },
                Err(err) => last_error = Some(err),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("cannot start a WebDriver session: {last_error:?}");
    }

    /// Waits for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(err) => {
                self.screenshot("failure").await;
                let body = match self.client.find(Locator::Css("body")).await {
                    Ok(body) => body.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!("`{css}` did not appear: {err}\npage text:\n{body}");
            }
        }
    }

    /// Opens `url` and signs in on the sign-in screen as `code` with the demo password.
    pub async fn sign_in(&self, url: &str, code: &str) {
        self.client.goto(url).await.expect("open the studio");
        self.wait_for("[data-testid=sign-in-code]")
            .await
            .send_keys(code)
            .await
            .expect("type code");
        self.wait_for("[data-testid=sign-in-password]")
            .await
            .send_keys(DEMO_PASSWORD)
            .await
            .expect("type password");
        self.wait_for("[data-testid=sign-in-submit]")
            .await
            .click()
            .await
            .expect("submit");
    }

    /// The text of the element matching `css`, waiting for it and retrying when the studio
    /// re-renders it between finding and reading.
    pub async fn text(&self, css: &str) -> String {
        for _ in 0..20 {
            let element = self.wait_for(css).await;
            if let Ok(text) = element.text().await {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("`{css}` kept changing under the test");
    }

    /// Waits (up to 15 s) until the element matching `css` has text containing `part`, and
    /// returns the text; on failure saves a screenshot named `failure`.
    pub async fn text_containing(&self, css: &str, part: &str) -> String {
        let mut last = String::new();
        for _ in 0..150 {
            last = self.text(css).await;
            if last.contains(part) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.screenshot("failure").await;
        panic!("`{css}` never contained `{part}`; last text: {last}");
    }

    /// Clicks the element matching `css`, retrying when the studio re-renders it between
    /// finding and clicking.
    pub async fn click(&self, css: &str) {
        for _ in 0..20 {
            if self.wait_for(css).await.click().await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("`{css}` kept changing under the test");
    }

    /// Types `text` into the element matching `css`, retrying when it is re-rendered.
    pub async fn type_into(&self, css: &str, text: &str) {
        for _ in 0..20 {
            if self.wait_for(css).await.send_keys(text).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("`{css}` kept changing under the test");
    }

    /// Chooses the option with `value` in the select matching `css`, retrying when re-rendered.
    pub async fn select_value(&self, css: &str, value: &str) {
        for _ in 0..20 {
            if self
                .wait_for(css)
                .await
                .select_by_value(value)
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("cannot select `{value}` in `{css}`");
    }

    /// Chooses the option labelled `label` in the select matching `css`, retrying when
    /// re-rendered.
    pub async fn select_label(&self, css: &str, label: &str) {
        for _ in 0..20 {
            if self
                .wait_for(css)
                .await
                .select_by_label(label)
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("cannot select `{label}` in `{css}`");
    }

    /// Texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
        {
            texts.push(element.text().await.expect("text"));
        }
        texts
    }

    /// The paths of the `.js` and `.wasm` files this page has fetched, from its Resource Timing
    /// entries (sorted, each once).
    pub async fn code_fetched(&self) -> Vec<String> {
        let value = self
            .client
            .execute(
                "return performance.getEntriesByType('resource')
                   .map((e) => new URL(e.name).pathname)
                   .filter((p) => p.endsWith('.js') || p.endsWith('.wasm'));",
                vec![],
            )
            .await
            .expect("resource timing");
        let mut paths: Vec<String> = serde_json::from_value(value).expect("paths");
        paths.sort();
        paths.dedup();
        paths
    }

    /// Saves a screenshot under `target/e2e-screenshots/` (for looking at failures).
    pub async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
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
