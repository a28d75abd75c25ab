//! The authorization matrix over real HTTP, on SQLite and PostgreSQL: for every API endpoint,
//! a caller without the right is refused — no session (401), a change without the CSRF header
//! (403), a signed-in administrator without the right (403 saying why, or 404 / absent from
//! the listing where the resource must not even be listed) — a refused change changes nothing,
//! and the same request by someone with the right succeeds.
//!
//! Completeness is checked against the sources: every `.route(…)` in `src/routes/` must have a
//! row in the matrix (`authorization/rows_*.rs`), apart from the lists below.

mod common;
#[path = "authorization/matrix.rs"]
mod matrix;
#[path = "authorization/rows_admin.rs"]
mod rows_admin;
#[path = "authorization/rows_collaboration.rs"]
mod rows_collaboration;
#[path = "authorization/rows_integration.rs"]
mod rows_integration;
#[path = "authorization/runner.rs"]
mod runner;
#[path = "authorization/source_routes.rs"]
mod source_routes;

use std::collections::BTreeSet;

use common::{spawn_app, Backend, TestApp};
use matrix::{env_path, Fixture, NonOwner, BRITT};
use reqwest::{Method, StatusCode};
use runner::{check_row, Tally};
use serde_json::{json, Value};
use source_routes::SourceRoute;

/// Routes that need no session by design, so there is no caller to refuse: (method, path as
/// written in `src/routes/`, why).
const PUBLIC_ROUTES: &[(&str, &str, &str)] = &[
    // Probed by load balancers and monitoring, which have no session.
    ("GET", "/health", "health check"),
    // Signing in is how a caller gets a session (throttled; tested in session_api.rs).
    ("POST", "/session", "sign-in"),
    // Read by API clients and tooling before they have a session.
    (
        "GET",
        "/openapi.json",
        "the API description, public like the health check",
    ),
    // The JSON 404 for unknown API paths: answers the same to everyone.
    ("ANY", "/api", "unknown API path"),
    ("ANY", "/api/{*rest}", "unknown API path"),
];

/// Route files of another protocol with its own credentials, refused without them in their
/// own tests: (file prefix under `src/routes/`, why).
const OTHER_PROTOCOL_FILES: &[(&str, &str)] = &[(
    "scim/",
    "the SCIM service takes a provisioning token, never a session; scim_api.rs refuses a call \
     without one, with a revoked one and with another environment's",
)];

/// Route files other engineers are adding right now (names under `src/routes/` starting with
/// these). The lead removes an entry once the matrix has rows for that file's routes.
const IN_PROGRESS_FILE_PREFIXES: &[&str] = &[];

/// Single routes being added right now in files the matrix already covers: (method, path).
/// The lead removes an entry once the matrix has its row.
const IN_PROGRESS_ROUTES: &[(&str, &str)] = &[];

on_both_backends!(
    every_endpoint_refuses_a_caller_without_the_right,
    saving_unchanged_group_members_is_still_the_account_owners_right,
);

#[test]
fn every_route_in_the_sources_has_a_row_in_the_matrix() {
    let in_progress_file = |file: &str| {
        IN_PROGRESS_FILE_PREFIXES
            .iter()
            .chain(OTHER_PROTOCOL_FILES.iter().map(|(p, _)| p))
            .any(|p| file.starts_with(p))
    };
    let routes = source_routes::scan(&source_routes::routes_dir(), in_progress_file)
        .unwrap_or_else(|e| panic!("{e}"));
    let rows = matrix::rows(&Fixture::placeholder());
    let unstated: Vec<String> = rows
        .iter()
        .filter(|row| matches!(row.non_owner, NonOwner::Unstated))
        .map(|row| format!("{} {}", row.method, row.path))
        .collect();
    assert!(
        unstated.is_empty(),
        "rows that say nothing of callers without the right: {unstated:?}"
    );
    let covered: BTreeSet<(String, &str)> = rows
        .iter()
        .map(|row| (row.method.to_string(), row.template))
        .collect();
    let is = |route: &SourceRoute, (method, path): (&str, &str)| {
        route.method == method && route.path == path
    };
    let missing: Vec<String> = routes
        .iter()
        .filter(|r| !PUBLIC_ROUTES.iter().any(|(m, p, _)| is(r, (m, p))))
        .filter(|r| !IN_PROGRESS_ROUTES.iter().any(|&pair| is(r, pair)))
        .filter(|r| !covered.contains(&(r.method.clone(), r.path.as_str())))
        .map(|r| format!("{} {} (src/routes/{})", r.method, r.path, r.file))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in tests/authorization/rows_*.rs:\n  {}",
        missing.join("\n  ")
    );
    let declared: BTreeSet<(String, &str)> = routes
        .iter()
        .map(|r| (r.method.clone(), r.path.as_str()))
        .collect();
    let stale: Vec<String> = covered
        .iter()
        .map(|(m, p)| (m.clone(), *p))
        .chain(PUBLIC_ROUTES.iter().map(|(m, p, _)| (m.to_string(), *p)))
        .filter(|pair| !declared.contains(pair))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        stale.is_empty(),
        "rows or allow-list entries for routes no longer in src/routes/:\n  {}",
        stale.join("\n  ")
    );
}

async fn every_endpoint_refuses_a_caller_without_the_right(backend: Backend) {
    let app = spawn_app(backend).await;
    let fixture = fixture(&app).await;
    let rows = matrix::rows(&fixture);
    let mut tally = Tally::default();
    for row in &rows {
        check_row(&app, row, &mut tally).await;
    }
    eprintln!(
        "authorization matrix on {backend:?}: {} rows, {} checks",
        rows.len(),
        tally.checks
    );
}

/// What the rows need beyond the demo data, created by the account owner.
async fn fixture(app: &TestApp) -> Fixture {
    let create = |path: &str, body: Value| {
        let path = env_path(path);
        async move {
            let response = app
                .send(&app.client, Method::POST, &path, None, Some(body))
                .await;
            assert_eq!(
                response.status(),
                StatusCode::CREATED,
                "fixture: POST {path}"
            );
            response.json::<Value>().await.expect("fixture json")
        }
    };
    let text = |v: &Value, pointer: &str| {
        v.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let id = |v: Value| text(&v, "/id").expect("fixture id");
    let token = |user: &'static str| {
        create(
            "/tokens",
            json!({ "user": user, "app_connector": "ac-hr-portal" }),
        )
    };
    let carlos = token("12345.CJansen").await;
    let britt = token(BRITT).await;
    // A grant shadowed by ICT's Editor grant, on a resource Britt cannot see.
    create(
        "/resources/res-ledger/grants",
        json!({ "subject": { "type": "user", "id": "usr-12345-cjansen" },
                "role": { "connector": "use_only" }, "environments": ["staging"] }),
    )
    .await;
    // Access tests no change set breaks (everyone has at most Owner on CRM Portal).
    let harmless = |name: &str| {
        json!({ "name": name, "subject": { "type": "everyone" },
                "comparison": { "type": "at_most", "role": { "app": "owner" } },
                "resource": "res-crm" })
    };
    Fixture {
        test_to_change: id(create("/access-tests", harmless("Harmless")).await),
        test_to_delete: id(create("/access-tests", harmless("Spare")).await),
        spare_group: id(create("/groups", json!({ "name": "Temporary" })).await),
        data_environment_to_rename: id(create(
            "/data-environments",
            json!({ "name": "Acceptance" }),
        )
        .await),
        spare_data_environment: id(create("/data-environments", json!({ "name": "Spare" })).await),
        connector_to_block: id(create(
            "/app-connectors",
            json!({ "name": "Spare A", "group": "grp-ict" }),
        )
        .await),
        connector_to_delete: id(create(
            "/app-connectors",
            json!({ "name": "Spare B", "group": "grp-ict" }),
        )
        .await),
        carlos_token: text(&carlos, "/token/id").expect("token id"),
        carlos_secret: text(&carlos, "/secret").expect("secret"),
        carlos_spare_token: text(&token("12345.CJansen").await, "/token/id").expect("token id"),
        britt_secret: text(&britt, "/secret").expect("secret"),
    }
}

/// Saving a group's member list unchanged touches nothing the policy would authorise member
/// by member, so the account-owner rule must be asked for the request as a whole.
async fn saving_unchanged_group_members_is_still_the_account_owners_right(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = env_path("/groups/grp-support");
    let before: Value = app.get(&path).await.json().await.expect("group");
    let members: Vec<Value> = before["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["id"].clone())
        .collect();
    let britt = app.client_for(BRITT).await;
    let response = app
        .send(
            &britt,
            Method::PUT,
            &format!("{path}/members"),
            Some(1),
            Some(json!({ "members": members })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let error: Value = response.json().await.expect("error");
    assert!(
        error["error"]
            .as_str()
            .is_some_and(|e| e.contains("only the account owner")),
        "{error}"
    );
    let after: Value = app.get(&path).await.json().await.expect("group");
    assert_eq!(after, before, "not even the version moved");
}
