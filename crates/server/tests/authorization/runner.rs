//! Runs one row of the authorization matrix against a real server: no session, no CSRF
//! header, the caller without the right, the re-read that proves nothing changed, and the
//! sample success that proves the request itself is sound.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::common::{cookie_client, TestApp, OWNER};
use crate::matrix::{env_path, Allowed, NonOwner, Row};

/// Counts the assertions made, for the summary line.
#[derive(Default)]
pub struct Tally {
    /// Assertions so far.
    pub checks: usize,
}

impl Tally {
    fn check(&mut self, ok: bool, message: impl FnOnce() -> String) {
        self.checks += 1;
        assert!(ok, "{}", message());
    }
}

/// Runs every check of `row`.
pub async fn check_row(app: &TestApp, row: &Row, tally: &mut Tally) {
    let label = format!("{} {}", row.method, row.path);
    let writes = row.method != Method::GET;
    tally.check(!writes || row.unchanged.is_some(), || {
        format!("{label}: a write row must name what a refusal leaves unchanged")
    });
    let before = match &row.unchanged {
        Some(path) => Some(snapshot(app, path).await),
        None => None,
    };

    let anonymous = request(app, &cookie_client(), row, true, None).await;
    let unauthorized = StatusCode::UNAUTHORIZED;
    expect_error(tally, &label, "no session", &anonymous, unauthorized, "");

    if writes {
        let no_csrf = request(app, &app.client, row, false, None).await;
        let csrf = "x-gatehouse-csrf";
        expect_error(
            tally,
            &label,
            "no CSRF header",
            &no_csrf,
            StatusCode::FORBIDDEN,
            csrf,
        );
    }

    check_non_owner(app, row, &label, tally).await;

    if let (Some(path), Some(before)) = (&row.unchanged, before) {
        let after = snapshot(app, path).await;
        tally.check(after == before, || {
            let change = format!("before {before:?}\nafter  {after:?}");
            format!("{label}: a refused request changed {path} or the audit log:\n{change}")
        });
    }

    let (who, sample) = match &row.allowed {
        Some(Allowed::Owner(status)) => {
            let owner = app.client_for(OWNER).await;
            (
                "the account owner",
                (request(app, &owner, row, true, None).await, *status),
            )
        }
        Some(Allowed::Token(secret, status)) => {
            let called = request(app, &cookie_client(), row, true, Some(secret)).await;
            ("a token with the right", (called, *status))
        }
        None => return,
    };
    let ((status, body), expected) = sample;
    tally.check(status == expected, || {
        format!("{label} as {who}: expected {expected}, got {status}: {body}")
    });
}

/// The administrator (or token) without the right: refused, or shown less.
async fn check_non_owner(app: &TestApp, row: &Row, label: &str, tally: &mut Tally) {
    match &row.non_owner {
        NonOwner::Unstated => panic!("{label}: say what a caller without the right gets"),
        NonOwner::OpenTo(who) => {
            let (status, body) = request(app, &app.client_for(who).await, row, true, None).await;
            tally.check(status.is_success(), || {
                format!("{label} as {who}: open to every administrator, got {status}: {body}")
            });
        }
        NonOwner::Refused(who, why) => {
            let refused = request(app, &app.client_for(who).await, row, true, None).await;
            expect_error(tally, label, who, &refused, StatusCode::FORBIDDEN, why);
        }
        NonOwner::Hidden(who) => {
            let refused = request(app, &app.client_for(who).await, row, true, None).await;
            expect_error(tally, label, who, &refused, StatusCode::NOT_FOUND, "no ");
        }
        NonOwner::Filtered(who, absent) => {
            let (status, seen) = request(app, &app.client_for(who).await, row, true, None).await;
            tally.check(status == StatusCode::OK, || {
                format!("{label} as {who}: {status} {seen}")
            });
            let (status, all) = request(app, &app.client, row, true, None).await;
            tally.check(status == StatusCode::OK, || {
                format!("{label} as the account owner: {status} {all}")
            });
            for id in absent {
                tally.check(!mentions(&seen, id), || {
                    format!("{label} as {who} shows hidden `{id}`: {seen}")
                });
                tally.check(mentions(&all, id), || {
                    let why = "else its absence proves nothing";
                    format!("{label}: the account owner must see `{id}`, {why}")
                });
            }
        }
        NonOwner::TokenRefused(secret, why) => {
            let session_only = request(app, &app.client, row, true, None).await;
            let who = "a session without a token";
            expect_error(
                tally,
                label,
                who,
                &session_only,
                StatusCode::UNAUTHORIZED,
                "token",
            );
            let refused = request(app, &cookie_client(), row, true, Some(secret)).await;
            let who = "a token without the right";
            expect_error(tally, label, who, &refused, StatusCode::FORBIDDEN, why);
        }
    }
}

/// Sends the row's request as `client`, with or without the CSRF header, with an optional
/// bearer token: the status and the JSON body (`null` when there is none).
async fn request(
    app: &TestApp,
    client: &reqwest::Client,
    row: &Row,
    csrf: bool,
    bearer: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = client.request(row.method.clone(), app.url(&row.path));
    if csrf {
        request = request.header("x-gatehouse-csrf", "1");
    }
    if let Some(version) = row.if_match {
        request = request.header("if-match", format!("\"{version}\""));
    }
    if let Some(body) = &row.body {
        request = request.json(body);
    }
    if let Some(secret) = bearer {
        request = request.bearer_auth(secret);
    }
    let response = request.send().await.expect("request failed");
    let status = response.status();
    let json = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let body = if json {
        response.json().await.unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    (status, body)
}

/// A refusal: the status, and a JSON `error` sentence containing `why`.
fn expect_error(
    tally: &mut Tally,
    label: &str,
    who: &str,
    (status, body): &(StatusCode, Value),
    expected: StatusCode,
    why: &str,
) {
    tally.check(*status == expected, || {
        format!("{label} as {who}: expected {expected}, got {status}: {body}")
    });
    let error = body
        .get("error")
        .and_then(Value::as_str)
        .unwrap_or_default();
    tally.check(!error.is_empty() && error.contains(why), || {
        format!("{label} as {who}: the JSON `error` should say why (`{why}`): {body}")
    });
}

/// What the account owner reads at `path`, and the size of the audit log.
async fn snapshot(app: &TestApp, path: &str) -> (Value, Value) {
    let read = |path: String| async move {
        let response = app.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK, "re-read {path}");
        response.json::<Value>().await.expect("json")
    };
    let audit = read(env_path("/audit?per_page=1")).await;
    (read(path.to_owned()).await, audit["total"].clone())
}

/// Whether any string (or key) in `value` contains `needle`.
fn mentions(value: &Value, needle: &str) -> bool {
    match value {
        Value::String(s) => s.contains(needle),
        Value::Array(items) => items.iter().any(|v| mentions(v, needle)),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains(needle) || mentions(v, needle)),
        _ => false,
    }
}
