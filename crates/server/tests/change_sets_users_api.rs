//! Users' properties and statuses in change sets over real HTTP on SQLite and PostgreSQL:
//! several users changed in one set with one audit entry each, a deactivation ending the
//! user's sessions, the lock-out guard judging the set as a whole, a stale user version
//! writing nothing, nobody deactivating their own account.

mod common;

use common::{spawn_app, Backend, TestApp, OWNER};
use gatehouse_wire::{AuditPage, ChangeSetResult, UserStatus, UserSummary};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    several_users_change_in_one_set_with_one_audit_entry_each,
    deactivating_the_only_owner_needs_a_successor_in_the_same_set,
    a_stale_user_version_names_the_user_and_writes_nothing,
    nobody_deactivates_their_own_account,
);

async fn audit(app: &TestApp) -> AuditPage {
    app.get(&format!("{ENV}/audit?entity=user"))
        .await
        .json()
        .await
        .unwrap()
}

async fn user(app: &TestApp, code: &str) -> UserSummary {
    app.get(&format!("{ENV}/users/{code}"))
        .await
        .json()
        .await
        .unwrap()
}

async fn post_set(app: &TestApp, body: Value) -> reqwest::Response {
    app.post_changes(ENV, body).await
}

async fn several_users_change_in_one_set_with_one_audit_entry_each(backend: Backend) {
    let app = spawn_app(backend).await;
    let koen = user(&app, "12345.KPeters").await;
    let ivo = user(&app, "12345.IMulder").await;
    let ivo_client = app.client_for("12345.IMulder").await;
    let signed_in = app
        .send(&ivo_client, Method::GET, "/api/v1/session", None, None)
        .await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let entries_before = audit(&app).await.total;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "update_user", "user": koen.id, "version": koen.version,
              "name": " Koen Pieters ", "email": "KOEN.pieters@northwind.example",
              "flags": { "windows": true, "insite": false, "pocket": true }, "status": "active" },
            { "op": "set_user_status", "user": ivo.id, "version": ivo.version,
              "status": "deactivated" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    // Ivo's access goes (he is in ICT, which owns Salesforce Sync with others).
    assert!(result
        .impact
        .iter()
        .any(|c| c.user.as_str() == ivo.id && c.new.to_string() == "None"));
    assert_eq!(result.users.len(), 2);
    let koen_after = user(&app, "12345.KPeters").await;
    assert_eq!(koen_after.name, "Koen Pieters");
    assert_eq!(
        koen_after.email.as_deref(),
        Some("KOEN.pieters@northwind.example")
    );
    assert!(koen_after.flags.pocket);
    assert_eq!(koen_after.version, koen.version + 1);
    assert!(result.users.contains(&koen_after));
    let ivo_after = user(&app, "12345.IMulder").await;
    assert_eq!(ivo_after.status, UserStatus::Deactivated);
    // One entry per user, naming it by its code, with its state before and after.
    let entries = audit(&app).await;
    assert_eq!(entries.total, entries_before + 2);
    let ivo_entry = entries
        .items
        .iter()
        .find(|e| e.entity_id == "12345.IMulder")
        .expect("an audit entry for Ivo");
    assert_eq!(ivo_entry.before.as_ref().unwrap()["status"], "active");
    assert_eq!(ivo_entry.after.as_ref().unwrap()["status"], "deactivated");
    // His sessions ended with the deactivation.
    let after = app
        .send(&ivo_client, Method::GET, "/api/v1/session", None, None)
        .await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

async fn deactivating_the_only_owner_needs_a_successor_in_the_same_set(backend: Backend) {
    let app = spawn_app(backend).await;
    let fleur = user(&app, "12345.FSmit").await;
    let deactivate = json!({ "op": "set_user_status", "user": fleur.id,
        "version": fleur.version, "status": "deactivated" });
    let entries_before = audit(&app).await.total;
    let alone = post_set(&app, json!({ "changes": [deactivate.clone()] })).await;
    assert_eq!(alone.status(), StatusCode::CONFLICT);
    let body: Value = alone.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("CRM Portal"),
        "{body}"
    );
    assert_eq!(user(&app, "12345.FSmit").await.status, UserStatus::Active);
    assert_eq!(audit(&app).await.total, entries_before);
    let successor = json!({ "op": "create_grant", "resource": "res-crm",
        "subject": { "type": "user", "id": "usr-12345-imulder" },
        "role": { "app": "owner" }, "environments": ["production", "staging", "development"] });
    let response = post_set(&app, json!({ "changes": [successor, deactivate] })).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        user(&app, "12345.FSmit").await.status,
        UserStatus::Deactivated
    );
}

async fn a_stale_user_version_names_the_user_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let koen = user(&app, "12345.KPeters").await;
    let entries_before = audit(&app).await.total;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "create_group", "name": "Night shift" },
            { "op": "update_user", "user": koen.id, "version": koen.version + 7,
              "name": "Koen P", "flags": { "windows": true, "insite": false, "pocket": false },
              "status": "active" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("user Koen Peters"),
        "{body}"
    );
    assert_eq!(body["current"]["name"], "Koen Peters", "{body}");
    assert_eq!(user(&app, "12345.KPeters").await, koen);
    assert_eq!(audit(&app).await.total, entries_before);
    let groups: Value = app
        .get(&format!("{ENV}/groups"))
        .await
        .json()
        .await
        .unwrap();
    assert!(!groups.to_string().contains("Night shift"));
}

async fn nobody_deactivates_their_own_account(backend: Backend) {
    let app = spawn_app(backend).await;
    let anna = user(&app, OWNER).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "set_user_status", "user": anna.id, "version": anna.version,
              "status": "deactivated" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["field"], "changes[0].status");
    assert_eq!(body["error"], "you cannot deactivate your own account");
    // A plain user may not change anyone's status.
    let koen = user(&app, "12345.KPeters").await;
    let britt = app.client_for("12345.BWilliams").await;
    let refused = app
        .send(
            &britt,
            Method::POST,
            &format!("{ENV}/changes"),
            None,
            Some(json!({ "changes": [
                { "op": "set_user_status", "user": koen.id, "version": koen.version,
                  "status": "deactivated" } ] })),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
