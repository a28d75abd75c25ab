//! A headless Chromium driven through chromedriver, and the page-level steps of a test: open a
//! page, reload it, wait for the studio to settle, sign in.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};

use super::DEMO_PASSWORD;

/// A chromedriver process and a WebDriver session in headless Chromium.
pub struct Browser {
    /// The WebDriver session, for what the helpers do not cover (running a script in the page).
    pub client: Client,
    driver: Child,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a session with a fresh profile.
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
        // chromedriver takes a moment to listen.
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

    /// Opens `url` and waits until the studio has settled there.
    pub async fn open(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|err| panic!("cannot open {url}: {err}"));
        self.settled().await;
    }

    /// Reloads the page and waits until the studio has settled again.
    pub async fn reload(&self) {
        self.client.refresh().await.expect("reload the page");
        self.settled().await;
    }

    /// Waits (up to [`super::WAIT`]) until the studio has settled: `<html data-busy="false">`,
    /// no request or view code in flight and the rendering their answers cause done. A page
    /// without the attribute (still loading) is not settled.
    pub async fn settled(&self) {
        self.poll("the studio to settle", || self.ready()).await;
    }

    /// Opens `url`, signs in on the sign-in screen as `code` with the demo password, and waits
    /// until the sign-in screen has gone and the studio has settled.
    pub async fn sign_in(&self, url: &str, code: &str) {
        self.open(url).await;
        self.fill("[data-testid=sign-in-code]", code).await;
        self.fill("[data-testid=sign-in-password]", DEMO_PASSWORD)
            .await;
        self.click("[data-testid=sign-in-submit]").await;
        self.wait_gone("[data-testid=sign-in-form]").await;
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

    /// Runs `js` in the page (its `return` value as JSON).
    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.client
            .execute(js, Vec::new())
            .await
            .expect("run a script in the page")
    }

    /// Resizes the window (e.g. to a phone's 390 px).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize the window");
    }

    /// Fails, naming `what`, when the page is wider than the window (it would scroll
    /// sideways: WCAG 1.4.10 reflow at 320–390 px).
    pub async fn assert_no_sideways_scroll(&self, what: &str) {
        let widths = self
            .script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            )
            .await;
        assert!(
            widths[0].as_i64() <= widths[1].as_i64(),
            "{what} is wider than the window (scroll width, window width): {widths}"
        );
    }

    /// Saves a screenshot under `target/e2e-screenshots/` (for looking at failures).
    pub async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    /// Ends the session and stops chromedriver.
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
