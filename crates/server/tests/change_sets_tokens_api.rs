//! Tokens in change sets over real HTTP on SQLite and PostgreSQL: a group, its app connector,
//! a member and the member's token in one set (the secret answered once, one audit entry per
//! token); a refused or dry-run set issues nothing; revoking twice keeps the first time.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{ChangeSetResult, TokenStatus, TokenView};
use reqwest::StatusCode;
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    a_member_and_their_token_are_made_with_the_app_connector_in_one_set,
    a_refused_or_dry_run_set_issues_no_token,
    revoking_twice_keeps_the_first_revocation,
);

async fn tokens(app: &TestApp) -> Vec<TokenView> {
    app.get(&format!("{ENV}/tokens"))
        .await
        .json()
        .await
        .unwrap()
}

async fn token_audits(app: &TestApp) -> usize {
    app.audit_total(ENV, "entity=token").await
}

fn payroll_with_a_token(dry_run: bool) -> Value {
    json!({ "dry_run": dry_run, "changes": [
        { "op": "issue_token", "token": "tok-payroll-kim", "user": "usr-12345-kpeters",
          "app_connector": "ac-payroll" },
        { "op": "create_app_connector", "app_connector": "ac-payroll", "name": "Payroll",
          "group": "grp-payroll", "connectors": [ { "connector": "res-hrdb", "kind": "get" } ] },
        { "op": "create_group", "group": "grp-payroll", "name": "Payroll" },
        { "op": "add_member", "group": "grp-payroll", "user": "usr-12345-kpeters" },
    ]})
}

async fn a_member_and_their_token_are_made_with_the_app_connector_in_one_set(backend: Backend) {
    let app = spawn_app(backend).await;
    let audits = token_audits(&app).await;
    let response = app.post_changes(ENV, payroll_with_a_token(false)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    assert_eq!(result.issued_tokens.len(), 1);
    let issued = &result.issued_tokens[0];
    assert_eq!(issued.token.id, "tok-payroll-kim");
    assert_eq!(issued.token.app_connector.name, "Payroll");
    assert!(issued.secret.starts_with("gh_at_"), "{}", issued.secret);
    assert!(issued.secret.starts_with(&issued.token.prefix));
    let listed = tokens(&app).await;
    let kim = listed.iter().find(|t| t.id == "tok-payroll-kim").unwrap();
    assert_eq!(kim.status, TokenStatus::Active);
    assert_eq!(token_audits(&app).await, audits + 1);
    // The secret is never answered again.
    let body = app
        .get(&format!("{ENV}/tokens"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!body.contains(&issued.secret));
}

async fn a_refused_or_dry_run_set_issues_no_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = tokens(&app).await.len();
    let dry: ChangeSetResult = app
        .post_changes(ENV, payroll_with_a_token(true))
        .await
        .json()
        .await
        .unwrap();
    assert!(dry.dry_run);
    assert!(dry.issued_tokens.is_empty());
    // A token for a user the same set deactivates: the whole set is refused.
    let response = app
        .post_changes(
            ENV,
            json!({ "changes": [
                { "op": "create_group", "group": "grp-late", "name": "Late" },
                { "op": "set_user_status", "user": "usr-12345-kpeters", "version": 1,
                  "status": "deactivated" },
                { "op": "issue_token", "user": "usr-12345-kpeters", "app_connector": "ac-hr-portal" },
            ]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["field"], "changes[2].user");
    assert!(
        error["error"].as_str().unwrap().contains("is deactivated"),
        "{error}"
    );
    let groups: Value = app
        .get(&format!("{ENV}/groups"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !groups.to_string().contains("Late"),
        "nothing of the refused set is written"
    );
    let kim: Value = app
        .get(&format!("{ENV}/users/12345.KPeters"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kim["status"], "active");
    assert_eq!(tokens(&app).await.len(), before);
}

async fn revoking_twice_keeps_the_first_revocation(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.post_changes(ENV, payroll_with_a_token(false)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let revoke = json!({ "changes": [ { "op": "revoke_token", "token": "tok-payroll-kim" } ] });
    let first: ChangeSetResult = app
        .post_changes(ENV, revoke.clone())
        .await
        .json()
        .await
        .unwrap();
    let revoked = &first.revoked_tokens[0];
    assert_eq!(revoked.status, TokenStatus::Revoked);
    let audits = token_audits(&app).await;
    let second: ChangeSetResult = app.post_changes(ENV, revoke).await.json().await.unwrap();
    assert_eq!(second.revoked_tokens[0].revoked_at, revoked.revoked_at);
    assert_eq!(
        token_audits(&app).await,
        audits,
        "nothing changed, nothing audited"
    );
    let missing = app
        .post_changes(
            ENV,
            json!({ "changes": [ { "op": "revoke_token", "token": "tok-nope" } ] }),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
