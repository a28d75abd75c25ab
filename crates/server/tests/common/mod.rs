//! Test harness: a real server on port 0 with a fresh database per test, on SQLite or
//! PostgreSQL (zero2prod's `spawn_app`).

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

use std::path::PathBuf;

use gatehouse_server::{start, Config, RunningServer};
use sqlx::Connection;

/// Which database a test runs against.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The account owner of the demo organisation and the demo password.
pub const OWNER: &str = "12345.AdeVries";
pub const PASSWORD: &str = "gatehouse";

/// A running server and a client pointed at it (signed in as the account owner).
pub struct TestApp {
    pub server: RunningServer,
    pub client: reqwest::Client,
    pub base: String,
    _dir: tempfile::TempDir,
}

/// A client that keeps cookies (sessions).
pub fn cookie_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client")
}

/// Sends a change to `url` with the CSRF header, an optional `If-Match` version and a JSON body.
pub async fn send_change(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    if_match: Option<i64>,
    body: Option<serde_json::Value>,
) -> reqwest::Response {
    let mut request = client.request(method, url).header("x-gatehouse-csrf", "1");
    if let Some(version) = if_match {
        request = request.header("if-match", format!("\"{version}\""));
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request failed")
}

impl TestApp {
    /// A fresh client signed in as `code` (demo password).
    pub async fn client_for(&self, code: &str) -> reqwest::Client {
        let client = cookie_client();
        let response = client
            .post(self.url("/api/v1/session"))
            .header("x-gatehouse-csrf", "1")
            .json(&serde_json::json!({ "code": code, "password": PASSWORD }))
            .send()
            .await
            .expect("sign in");
        assert_eq!(response.status(), 200, "sign in as {code}");
        client
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    /// Sends a change with the CSRF header, an optional `If-Match` version and a JSON body.
    pub async fn send(
        &self,
        client: &reqwest::Client,
        method: reqwest::Method,
        path: &str,
        if_match: Option<i64>,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        send_change(client, method, self.url(path), if_match, body).await
    }

    /// Posts a change set to `POST {env_path}/changes` as the account owner.
    pub async fn post_changes(&self, env_path: &str, body: serde_json::Value) -> reqwest::Response {
        self.send(
            &self.client,
            reqwest::Method::POST,
            &format!("{env_path}/changes"),
            None,
            Some(body),
        )
        .await
    }

    /// How many audit entries `GET {env_path}/audit?{query}` counts (e.g. `entity=token`).
    pub async fn audit_total(&self, env_path: &str, query: &str) -> usize {
        let page: gatehouse_wire::AuditPage = self
            .get(&format!("{env_path}/audit?{query}"))
            .await
            .json()
            .await
            .expect("audit page");
        page.total
    }

    pub async fn post_json(&self, path: &str, body: &str) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/json")
            .header("x-gatehouse-csrf", "1")
            .body(body.to_owned())
            .send()
            .await
            .expect("request failed")
    }
}

/// The PostgreSQL server the tests use (a database per test is created on it).
pub fn postgres_admin_url() -> String {
    std::env::var("GATEHOUSE_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// Creates an empty PostgreSQL database and returns its URL.
pub async fn fresh_postgres_database() -> String {
    let admin = postgres_admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|err| panic!("PostgreSQL at `{admin}` is not reachable: {err}"));
    let name = format!("gh_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create database");
    match admin.rfind('/') {
        Some(slash) => format!("{}/{name}", &admin[..slash]),
        None => panic!("unexpected PostgreSQL url `{admin}`"),
    }
}

/// Starts a server with demo data on a fresh database.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with_dist(backend, None).await
}

/// Starts a server with demo data, serving `dist` as the studio when given.
pub async fn spawn_app_with_dist(backend: Backend, dist: Option<PathBuf>) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("gatehouse.db").display()),
        Backend::Postgres => fresh_postgres_database().await,
    };
    let config = Config::local(
        database_url,
        dist.unwrap_or_else(|| dir.path().join("no-dist")),
    );
    let server = start(&config, false).await.expect("server starts");
    let base = format!("http://{}", server.addr);
    let mut app = TestApp {
        server,
        client: cookie_client(),
        base,
        _dir: dir,
    };
    app.client = app.client_for(OWNER).await;
    app
}

/// Runs each listed async test fn once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::Backend::Sqlite).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::common::Backend::Postgres).await;
                }
            }
        )*
    };
}
