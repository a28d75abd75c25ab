//! App connector tokens and the real connector call over HTTP on both databases: issue (the
//! secret once), call `GET /api/v1/connect/…` with the bearer token (rows filtered per user),
//! and every refusal naming its condition — blocked, revoked, expired, no email, not in the
//! linked group, connector not included.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_server::auth::token::fingerprint;
use gatehouse_wire::{
    CallCondition, CallRefusalBody, ConnectResult, ErrorBody, IssuedToken, TokenStatus, TokenView,
    Value, VisibilityState,
};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;

const ENV: &str = "/api/v1/environments/O12345AA";
const HR_DB: &str = "/api/v1/connect/ac-hr-portal/res-hrdb";

on_both_backends!(
    a_token_calls_the_connector_and_sees_only_its_users_rows,
    blocking_revoking_and_expiry_refuse_the_very_next_call,
    each_failed_condition_is_named,
    membership_changes_apply_to_the_next_call,
    the_secret_is_shown_once_and_stored_as_sha256,
    only_the_account_owner_issues_tokens_for_others,
    bad_token_requests_name_the_field,
);

/// Issues a token for `user` through the demo app connector, as the account owner.
async fn issue(app: &TestApp, user: &str, expires_at: Option<i64>) -> IssuedToken {
    let response = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/tokens"),
            None,
            Some(
                json!({ "user": user, "app_connector": "ac-hr-portal", "expires_at": expires_at }),
            ),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

/// Calls a connector with a bearer token and no cookie.
async fn call(app: &TestApp, path: &str, secret: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(secret)
        .send()
        .await
        .unwrap()
}

async fn refused(response: reqwest::Response, status: StatusCode) -> CallRefusalBody {
    assert_eq!(response.status(), status);
    response.json().await.unwrap()
}

fn numbers(result: &ConnectResult) -> Vec<String> {
    result
        .rows
        .iter()
        .map(|r| match r.values.get("number") {
            Some(Value::Text(number)) => number.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

async fn a_token_calls_the_connector_and_sees_only_its_users_rows(backend: Backend) {
    let app = spawn_app(backend).await;
    let britt = issue(&app, "12345.BWilliams", None).await;
    assert!(britt.warnings.is_empty(), "{:?}", britt.warnings);
    let response = call(&app, HR_DB, &britt.secret).await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ConnectResult = response.json().await.unwrap();
    assert_eq!(result.state, VisibilityState::Filtered);
    assert_eq!(result.user, "12345.BWilliams");
    assert_eq!(result.table.as_deref(), Some("tbl-dossier-items"));
    assert_eq!(numbers(&result), ["D-1002", "D-1005"]);

    // Emre is in ICT and Support: the sum of both filters.
    let emre = issue(&app, "12345.EVisser", None).await;
    let result: ConnectResult = call(&app, HR_DB, &emre.secret).await.json().await.unwrap();
    assert_eq!(
        numbers(&result),
        ["D-1001", "D-1002", "D-1004", "D-1005", "D-1006"]
    );

    // The Employees table uses no filters: every row.
    let employees: ConnectResult = call(
        &app,
        "/api/v1/connect/ac-hr-portal/res-salesforce",
        &britt.secret,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(employees.state, VisibilityState::AllRows);
    assert_eq!(employees.rows.len(), 6);

    let tokens: Vec<TokenView> = app
        .get(&format!("{ENV}/tokens"))
        .await
        .json()
        .await
        .unwrap();
    let listed = tokens.iter().find(|t| t.id == britt.token.id).unwrap();
    assert!(listed.last_used_at.is_some(), "an allowed call is noted");
    assert_eq!(listed.status, TokenStatus::Active);
}

async fn blocking_revoking_and_expiry_refuse_the_very_next_call(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = issue(&app, "12345.FSmit", None).await;
    assert_eq!(
        call(&app, HR_DB, &token.secret).await.status(),
        StatusCode::OK
    );

    let blocked_path = format!("{ENV}/app-connectors/ac-hr-portal/blocked");
    let block = app
        .send(
            &app.client,
            Method::PUT,
            &blocked_path,
            Some(1),
            Some(json!({ "blocked": true })),
        )
        .await;
    assert_eq!(block.status(), StatusCode::OK);
    let body = refused(
        call(&app, HR_DB, &token.secret).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(body.condition, CallCondition::NotBlocked);
    assert_eq!(body.field.as_deref(), Some("blocked"));
    assert!(body.error.contains("blocked"), "{}", body.error);

    let unblock = app
        .send(
            &app.client,
            Method::PUT,
            &blocked_path,
            Some(2),
            Some(json!({ "blocked": false })),
        )
        .await;
    assert_eq!(unblock.status(), StatusCode::OK);
    assert_eq!(
        call(&app, HR_DB, &token.secret).await.status(),
        StatusCode::OK
    );

    let revoke_path = format!("{ENV}/tokens/{}/revoke", token.token.id);
    let revoked = app
        .send(&app.client, Method::POST, &revoke_path, None, None)
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let view: TokenView = revoked.json().await.unwrap();
    assert_eq!(view.status, TokenStatus::Revoked);
    let body = refused(
        call(&app, HR_DB, &token.secret).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(body.condition, CallCondition::ValidToken);
    assert!(body.error.contains("revoked"), "{}", body.error);
    // Revoking is idempotent: the first revocation time stays.
    let again: TokenView = app
        .send(&app.client, Method::POST, &revoke_path, None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again.revoked_at, view.revoked_at);

    let expiring = issue(&app, "12345.KPeters", Some(now() + 3600)).await;
    assert_eq!(
        call(&app, HR_DB, &expiring.secret).await.status(),
        StatusCode::OK
    );
    sqlx::query("UPDATE tokens SET expires_at = $1 WHERE id = $2")
        .bind(now() - 1)
        .bind(&expiring.token.id)
        .execute(app.server.state.store.pool())
        .await
        .unwrap();
    let body = refused(
        call(&app, HR_DB, &expiring.secret).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(body.condition, CallCondition::ValidToken);
    assert!(body.error.contains("expired"), "{}", body.error);
    // Named by the prefix its owner sees, never by its internal id.
    assert!(
        body.error.contains(&expiring.token.prefix) && !body.error.contains("tok-"),
        "{}",
        body.error
    );
}

async fn each_failed_condition_is_named(backend: Backend) {
    let app = spawn_app(backend).await;
    // Jasmijn has no email address: refused naming the email condition (warned at issue).
    let jasmijn = issue(&app, "12345.JDekker", None).await;
    assert!(
        jasmijn.warnings.iter().any(|w| w.contains("email")),
        "{:?}",
        jasmijn.warnings
    );
    let body = refused(
        call(&app, HR_DB, &jasmijn.secret).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(body.condition, CallCondition::UserHasEmail);
    assert_eq!(body.field.as_deref(), Some("email"));

    // Carlos is not in Support, the linked group.
    let carlos = issue(&app, "12345.CJansen", None).await;
    let body = refused(
        call(&app, HR_DB, &carlos.secret).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(body.condition, CallCondition::MemberOfLinkedGroup);
    assert_eq!(
        body.error,
        "Carlos Jansen (12345.CJansen) is not a member of Support, the group linked to app connector HR Portal sync",
    );

    // The ledger connector is not included in HR Portal sync.
    let britt = issue(&app, "12345.BWilliams", None).await;
    let body = refused(
        call(
            &app,
            "/api/v1/connect/ac-hr-portal/res-ledger",
            &britt.secret,
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(body.condition, CallCondition::ConnectorIncluded);
    assert_eq!(body.field.as_deref(), Some("connector"));

    // No token, a garbled token, a token for another app connector: 401.
    let none = reqwest::Client::new()
        .get(app.url(HR_DB))
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused(none, StatusCode::UNAUTHORIZED).await.condition,
        CallCondition::ValidToken
    );
    let mut garbled = britt.secret.clone();
    garbled.replace_range(10..11, if &garbled[10..11] == "a" { "b" } else { "a" });
    let body = refused(call(&app, HR_DB, &garbled).await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body.field.as_deref(), Some("authorization"));
    let other = call(&app, "/api/v1/connect/ac-other/res-hrdb", &britt.secret).await;
    assert_eq!(
        refused(other, StatusCode::UNAUTHORIZED).await.condition,
        CallCondition::ValidToken
    );
}

async fn membership_changes_apply_to_the_next_call(backend: Backend) {
    let app = spawn_app(backend).await;
    let britt = issue(&app, "12345.BWilliams", None).await;
    assert_eq!(
        call(&app, HR_DB, &britt.secret).await.status(),
        StatusCode::OK
    );
    let members =
        json!({ "members": ["usr-12345-fsmit", "usr-12345-kpeters", "usr-12345-evisser"] });
    let changed = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{ENV}/groups/grp-support/members"),
            Some(1),
            Some(members),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let body = refused(
        call(&app, HR_DB, &britt.secret).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(body.condition, CallCondition::MemberOfLinkedGroup);
}

async fn the_secret_is_shown_once_and_stored_as_sha256(backend: Backend) {
    let app = spawn_app(backend).await;
    let issued = issue(&app, "12345.BWilliams", None).await;
    assert!(issued.secret.starts_with("gh_at_"));
    assert!(gatehouse_policy::token::verify_checksum(&issued.secret));
    assert!(issued.secret.starts_with(&issued.token.prefix));
    assert!(issued.secret.len() >= 6 + 43, "at least 256 random bits");

    let listed = app
        .get(&format!("{ENV}/tokens"))
        .await
        .text()
        .await
        .unwrap();
    assert!(listed.contains(&issued.token.id));
    assert!(
        !listed.contains(&issued.secret),
        "the list never shows the secret"
    );
    assert!(
        !listed.contains(&fingerprint(&issued.secret)),
        "nor its hash"
    );

    let row = sqlx::query("SELECT token_hash FROM tokens WHERE id = $1")
        .bind(&issued.token.id)
        .fetch_one(app.server.state.store.pool())
        .await
        .unwrap();
    let stored: String = row.try_get("token_hash").unwrap();
    assert_eq!(stored, fingerprint(&issued.secret));
    assert_eq!(stored.len(), 64);

    let audit = app
        .get(&format!("{ENV}/audit?entity=token"))
        .await
        .text()
        .await
        .unwrap();
    assert!(audit.contains(&issued.token.id));
    assert!(
        !audit.contains(&issued.secret),
        "the audit log never holds the secret"
    );
}

async fn only_the_account_owner_issues_tokens_for_others(backend: Backend) {
    let app = spawn_app(backend).await;
    let britt = app.client_for("12345.BWilliams").await;
    let path = format!("{ENV}/tokens");
    let for_other = app
        .send(
            &britt,
            Method::POST,
            &path,
            None,
            Some(json!({ "user": "12345.FSmit", "app_connector": "ac-hr-portal" })),
        )
        .await;
    assert_eq!(for_other.status(), StatusCode::FORBIDDEN);
    let reason: ErrorBody = for_other.json().await.unwrap();
    assert!(reason.error.contains("account owner"), "{}", reason.error);

    // A user may issue, list and revoke their own tokens.
    let own = app
        .send(
            &britt,
            Method::POST,
            &path,
            None,
            Some(json!({ "user": "12345.BWilliams", "app_connector": "ac-hr-portal" })),
        )
        .await;
    assert_eq!(own.status(), StatusCode::CREATED);
    let fleur = issue(&app, "12345.FSmit", None).await;
    let mine: Vec<TokenView> = britt
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine.len(), 1, "others' tokens are not listed");
    assert_eq!(mine[0].user.code, "12345.BWilliams");
    let revoke_other = app
        .send(
            &britt,
            Method::POST,
            &format!("{path}/{}/revoke", fleur.token.id),
            None,
            None,
        )
        .await;
    assert_eq!(revoke_other.status(), StatusCode::FORBIDDEN);
    assert!(revoke_other
        .json::<ErrorBody>()
        .await
        .unwrap()
        .error
        .contains("account owner"));
    assert_eq!(
        call(&app, HR_DB, &fleur.secret).await.status(),
        StatusCode::OK,
        "still works"
    );
}

async fn bad_token_requests_name_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = format!("{ENV}/tokens");
    for (body, field, status) in [
        (
            json!({ "user": "12345.Nobody", "app_connector": "ac-hr-portal" }),
            "user",
            422,
        ),
        (
            json!({ "user": "12345.BWilliams", "app_connector": "ac-nope" }),
            "app_connector",
            422,
        ),
        (
            json!({ "user": "12345.BWilliams", "app_connector": "ac-hr-portal", "expires_at": 5 }),
            "expires_at",
            422,
        ),
        (
            json!({ "user": "12345.BWilliams", "app_connector": "ac-hr-portal", "secret": "x" }),
            "secret",
            400,
        ),
    ] {
        let response = app
            .send(&app.client, Method::POST, &path, None, Some(body))
            .await;
        assert_eq!(response.status().as_u16(), status);
        let error: ErrorBody = response.json().await.unwrap();
        assert!(
            error.field.as_deref() == Some(field) || error.error.contains(field),
            "{error:?}"
        );
    }
    let unknown = app
        .send(
            &app.client,
            Method::POST,
            &format!("{path}/tok-nope/revoke"),
            None,
            None,
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
