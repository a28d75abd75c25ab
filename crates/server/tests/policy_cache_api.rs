//! The cached policy snapshot never decides with stale data, and overload is shed, never
//! failed, over real HTTP on SQLite and PostgreSQL.
//!
//! Two servers share one database, as two processes behind a load balancer would: a change
//! made through either one's API, or straight in the database on a connection of its own (a
//! third process, an edit by hand), must decide the very next request on both.

mod common;

use std::io::Write;
use std::time::Duration;

use common::{cookie_client, fresh_postgres_database, send_change, Backend, OWNER, PASSWORD};
use gatehouse_server::{start, Config, RunningServer};
use gatehouse_wire::{GroupDetail, IssuedToken, ResourcePermissions, UserAccess};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use sqlx::{AnyConnection, Connection};

const ENV: &str = "/api/v1/environments/O12345AA";
const BRITT: &str = "12345.BWilliams";
const CARLOS: &str = "12345.CJansen";

on_both_backends!(
    api_changes_on_one_server_decide_the_next_request_on_every_server,
    database_changes_from_another_process_decide_the_next_request,
    a_full_server_answers_503_with_json_and_retry_after,
    overload_never_yields_a_server_error,
);

/// One server process: its address and the account owner signed in on it.
struct Server {
    running: RunningServer,
    base: String,
    owner: Client,
}

impl Server {
    async fn start(config: &Config) -> Self {
        let running = start(config, false).await.expect("server starts");
        let base = format!("http://{}", running.addr);
        let mut server = Self {
            running,
            base,
            owner: cookie_client(),
        };
        server.owner = server.sign_in(OWNER).await;
        server
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn sign_in(&self, code: &str) -> Client {
        let client = cookie_client();
        let response = self
            .send(
                &client,
                Method::POST,
                "/api/v1/session",
                None,
                Some(json!({ "code": code, "password": PASSWORD })),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "sign in as {code}");
        client
    }

    async fn send(
        &self,
        client: &Client,
        method: Method,
        path: &str,
        if_match: Option<i64>,
        body: Option<Value>,
    ) -> reqwest::Response {
        send_change(client, method, self.url(path), if_match, body).await
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let response = self.owner.get(self.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.unwrap()
    }

    /// `user`'s effective role on `resource` in data environment `env`, as JSON
    /// (`{"app": "editor"}`), decided by this server now.
    async fn role(&self, user: &str, resource: &str, env: &str) -> Value {
        let access: UserAccess = self.get(&format!("{ENV}/users/{user}/access")).await;
        let cell = access
            .decisions
            .iter()
            .find(|d| d.resource.as_str() == resource && d.environment.as_str() == env)
            .unwrap_or_else(|| panic!("no decision for {resource} in {env}"));
        serde_json::to_value(cell.role).unwrap()
    }
}

/// Two servers on one fresh database, and its URL for connections of our own.
struct Shared {
    url: String,
    a: Server,
    b: Server,
    _dir: tempfile::TempDir,
}

/// A fresh database (and the folder that holds it or the server's files).
async fn database(backend: Backend) -> (String, tempfile::TempDir) {
    // Server errors show in the output of a failing test.
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("shared.db").display()),
        Backend::Postgres => fresh_postgres_database().await,
    };
    (url, dir)
}

async fn shared(backend: Backend) -> Shared {
    let (url, dir) = database(backend).await;
    let config = Config::local(url.clone(), dir.path().join("no-dist"));
    let a = Server::start(&config).await;
    let b = Server::start(&config).await;
    Shared {
        url,
        a,
        b,
        _dir: dir,
    }
}

impl Shared {
    /// A database connection that belongs to neither server.
    async fn connection(&self) -> AnyConnection {
        sqlx::any::install_default_drivers();
        AnyConnection::connect(&self.url)
            .await
            .expect("second connection")
    }

    /// Asserts the role on both servers.
    async fn assert_role(&self, user: &str, resource: &str, env: &str, expected: Value) {
        for (name, server) in [("a", &self.a), ("b", &self.b)] {
            assert_eq!(
                server.role(user, resource, env).await,
                expected,
                "server {name}: {user} on {resource} in {env}"
            );
        }
    }
}

async fn execute(conn: &mut AnyConnection, sql: &str) {
    let done = sqlx::query(sql).execute(&mut *conn).await.expect(sql);
    assert!(done.rows_affected() > 0, "no row changed by `{sql}`");
}

async fn api_changes_on_one_server_decide_the_next_request_on_every_server(backend: Backend) {
    let shared = shared(backend).await;
    // Both caches hold the snapshot from here on.
    shared
        .assert_role(CARLOS, "res-crm", "staging", json!({ "app": "editor" }))
        .await;
    shared
        .assert_role(BRITT, "res-crm", "production", json!({ "app": "editor" }))
        .await;

    // A grant, changed through server a.
    let perms: ResourcePermissions = shared
        .a
        .get(&format!("{ENV}/resources/res-crm/permissions"))
        .await;
    let carlos = perms
        .grants
        .iter()
        .find(|g| g.subject.name == "Carlos Jansen")
        .expect("Carlos's grant");
    let response = shared
        .a
        .send(
            &shared.a.owner,
            Method::PUT,
            &format!("{ENV}/grants/{}", carlos.id),
            Some(carlos.version),
            Some(json!({ "role": { "app": "publisher" }, "environments": ["staging"] })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    shared
        .assert_role(CARLOS, "res-crm", "staging", json!({ "app": "publisher" }))
        .await;

    // A membership, changed through server b: Britt leaves Support, whose Editor she had.
    let support: GroupDetail = shared.b.get(&format!("{ENV}/groups/grp-support")).await;
    let members: Vec<&str> = support
        .members
        .iter()
        .filter(|m| m.code != BRITT)
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(
        members.len() + 1,
        support.members.len(),
        "Britt was a member"
    );
    let response = shared
        .b
        .send(
            &shared.b.owner,
            Method::PUT,
            &format!("{ENV}/groups/grp-support/members"),
            Some(support.version),
            Some(json!({ "members": members })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    shared
        .assert_role(
            BRITT,
            "res-crm",
            "production",
            json!({ "app": "preview_only" }),
        )
        .await;
}

async fn database_changes_from_another_process_decide_the_next_request(backend: Backend) {
    let shared = shared(backend).await;
    let mut db = shared.connection().await;
    let britt = shared.a.sign_in(BRITT).await;

    // A grant's role.
    shared
        .assert_role(CARLOS, "res-crm", "staging", json!({ "app": "editor" }))
        .await;
    execute(
        &mut db,
        "UPDATE grants SET role = 'publisher' \
         WHERE resource_id = 'res-crm' AND subject_id = 'usr-12345-cjansen'",
    )
    .await;
    shared
        .assert_role(CARLOS, "res-crm", "staging", json!({ "app": "publisher" }))
        .await;

    // A grant's environments: Production added.
    shared
        .assert_role(
            CARLOS,
            "res-crm",
            "production",
            json!({ "app": "preview_only" }),
        )
        .await;
    execute(
        &mut db,
        "INSERT INTO grant_environments (grant_id, data_environment_id) \
         SELECT id, 'production' FROM grants \
         WHERE resource_id = 'res-crm' AND subject_id = 'usr-12345-cjansen'",
    )
    .await;
    shared
        .assert_role(
            CARLOS,
            "res-crm",
            "production",
            json!({ "app": "publisher" }),
        )
        .await;

    // A membership.
    shared
        .assert_role(BRITT, "res-crm", "production", json!({ "app": "editor" }))
        .await;
    execute(
        &mut db,
        "DELETE FROM group_members WHERE group_id = 'grp-support' AND user_id = 'usr-12345-bwilliams'",
    )
    .await;
    shared
        .assert_role(
            BRITT,
            "res-crm",
            "production",
            json!({ "app": "preview_only" }),
        )
        .await;

    // The organisation's precedence: Britt's own Preview Only on Timesheets now beats the
    // Editor All Users have.
    shared
        .assert_role(
            BRITT,
            "res-timesheets",
            "production",
            json!({ "app": "editor" }),
        )
        .await;
    execute(
        &mut db,
        "UPDATE organisations SET precedence = 'most_specific_wins' WHERE participant = '12345'",
    )
    .await;
    shared
        .assert_role(
            BRITT,
            "res-timesheets",
            "production",
            json!({ "app": "preview_only" }),
        )
        .await;

    // A user's status: deactivated, Britt has no access, and her session ends at once.
    let before = britt
        .get(shared.a.url(&format!("{ENV}/resources")))
        .send()
        .await
        .unwrap();
    assert_eq!(before.status(), StatusCode::OK);
    execute(
        &mut db,
        "UPDATE users SET status = 'deactivated' WHERE id = 'usr-12345-bwilliams'",
    )
    .await;
    shared
        .assert_role(
            BRITT,
            "res-timesheets",
            "production",
            json!({ "app": "none" }),
        )
        .await;
    let after = britt
        .get(shared.a.url(&format!("{ENV}/resources")))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);

    // An app connector blocked by hand refuses the next connector call (a cached snapshot
    // would still allow it).
    let response = shared
        .b
        .send(
            &shared.b.owner,
            Method::POST,
            &format!("{ENV}/tokens"),
            None,
            Some(json!({ "user": "12345.FSmit", "app_connector": "ac-hr-portal" })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let token: IssuedToken = response.json().await.unwrap();
    let call = |server: &Server| {
        reqwest::Client::new()
            .get(server.url("/api/v1/connect/ac-hr-portal/res-hrdb"))
            .bearer_auth(&token.secret)
            .send()
    };
    assert_eq!(call(&shared.a).await.unwrap().status(), StatusCode::OK);
    assert_eq!(call(&shared.b).await.unwrap().status(), StatusCode::OK);
    let blocked = match backend {
        Backend::Sqlite => "1",
        Backend::Postgres => "TRUE",
    };
    execute(
        &mut db,
        &format!("UPDATE app_connectors SET blocked = {blocked} WHERE id = 'ac-hr-portal'"),
    )
    .await;
    for server in [&shared.a, &shared.b] {
        let refused = call(server).await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["condition"], "not_blocked", "{body}");
    }
}

/// A server with tiny admission limits.
async fn tiny_server(
    backend: Backend,
    max_in_flight: usize,
    max_queued: usize,
) -> (Server, tempfile::TempDir) {
    let (url, dir) = database(backend).await;
    let mut config = Config::local(url, dir.path().join("no-dist"));
    config.max_in_flight = max_in_flight;
    config.max_queued = max_queued;
    (Server::start(&config).await, dir)
}

/// Opens a sign-in whose body never finishes and returns its connection once the server has
/// not answered it (it holds a turn); retries when the server refused it at once.
fn hold_the_only_turn(addr: std::net::SocketAddr) -> std::net::TcpStream {
    for _ in 0..20 {
        let mut stalled = std::net::TcpStream::connect(addr).unwrap();
        stalled
            .write_all(
                b"POST /api/v1/session HTTP/1.1\r\nhost: gatehouse\r\nx-gatehouse-csrf: 1\r\n\
                  content-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"code\":",
            )
            .unwrap();
        stalled.flush().unwrap();
        stalled
            .set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let mut first = [0_u8; 1];
        match std::io::Read::read(&mut stalled, &mut first) {
            // No answer yet: it is being served, holding the turn.
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return stalled
            }
            // Answered (refused) or closed: try again.
            _ => {}
        }
    }
    panic!("the stalled sign-in never got the server's only turn");
}

async fn a_full_server_answers_503_with_json_and_retry_after(backend: Backend) {
    // One turn, no queue.
    let (server, _dir) = tiny_server(backend, 1, 0).await;
    // A sign-in whose body never finishes holds the only turn. It is refused itself if it
    // arrives while another request holds the turn; then a new one is sent.
    let stalled = hold_the_only_turn(server.running.addr);

    let mut refused = None;
    for _ in 0..500 {
        let response = server
            .owner
            .get(server.url(&format!("{ENV}/users")))
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let refused = refused.expect("a full server refuses the next request");
    assert_eq!(
        refused
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "error": "the server is busy; try again in 1 s", "field": null })
    );

    // Once the stalled request is gone, the server serves again.
    drop(stalled);
    let mut served = false;
    for _ in 0..500 {
        let response = server
            .owner
            .get(server.url(&format!("{ENV}/users")))
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::OK {
            served = true;
            break;
        }
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(served, "the server recovers");
}

async fn overload_never_yields_a_server_error(backend: Backend) {
    let (server, _dir) = tiny_server(backend, 2, 2).await;
    let server = std::sync::Arc::new(server);
    let perms: ResourcePermissions = server
        .get(&format!("{ENV}/resources/res-crm/permissions"))
        .await;
    let carlos = perms
        .grants
        .iter()
        .find(|g| g.subject.name == "Carlos Jansen")
        .expect("Carlos's grant")
        .clone();
    let mut tasks = Vec::new();
    for i in 0..120 {
        let server = std::sync::Arc::clone(&server);
        let carlos = carlos.clone();
        tasks.push(tokio::spawn(async move {
            let response = match i % 3 {
                0 => {
                    server
                        .owner
                        .get(server.url(&format!("{ENV}/users")))
                        .send()
                        .await
                }
                1 => {
                    server
                        .owner
                        .get(server.url(&format!("{ENV}/users/{BRITT}/access")))
                        .send()
                        .await
                }
                _ => Ok(server
                    .send(
                        &server.owner,
                        Method::PUT,
                        &format!("{ENV}/grants/{}", carlos.id),
                        Some(carlos.version),
                        Some(json!({ "role": { "app": "editor" }, "environments": ["staging"] })),
                    )
                    .await),
            }
            .expect("a reply, not a connection error");
            let status = response.status();
            let retry_after = response.headers().contains_key("retry-after");
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (status, retry_after, body)
        }));
    }
    for task in tasks {
        let (status, retry_after, body) = task.await.unwrap();
        assert!(
            matches!(status.as_u16(), 200 | 412 | 503),
            "unexpected {status}: {body}"
        );
        if status == StatusCode::SERVICE_UNAVAILABLE {
            assert!(retry_after, "503 without retry-after");
            assert!(
                body["error"].is_string() && body["field"].is_null(),
                "{body}"
            );
        }
    }
}
