//! The account owner administers every environment of the organisation — accept and test too,
//! where she has no user row — and every write there is audited; others are refused with the
//! reason. Over real HTTP, on SQLite and PostgreSQL.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{AuditPage, ErrorBody, GrantView, GroupDetail, UserSummary};
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_backends!(
    the_account_owner_sets_up_the_accept_environment_from_production,
    the_account_owner_creates_a_group_in_the_empty_test_environment,
    a_resource_owner_of_production_cannot_administer_accept,
    creating_a_user_writes_one_audit_entry,
);

async fn audit(app: &TestApp, env: &str) -> AuditPage {
    let response = app.get(&format!("/api/v1/environments/{env}/audit")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn the_account_owner_sets_up_the_accept_environment_from_production(backend: Backend) {
    let app = spawn_app(backend).await;
    let env = "/api/v1/environments/A12345AA";

    let response = app
        .send(
            &app.client,
            Method::POST,
            &format!("{env}/groups"),
            None,
            Some(json!({ "name": "Testers", "description": "try releases" })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let group: GroupDetail = response.json().await.unwrap();

    let response = app
        .send(
            &app.client,
            Method::POST,
            &format!("{env}/users"),
            None,
            Some(json!({ "code": "12345.TTester", "name": "Tess Tester", "email": "tess@northwind.example" })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let tess: UserSummary = response.json().await.unwrap();

    let response = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{env}/groups/{}/members", group.id),
            Some(group.version),
            Some(json!({ "members": [tess.id] })),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{:?}",
        response.text().await
    );

    let response = app
        .send(
            &app.client,
            Method::POST,
            &format!("{env}/resources/res-a12345aa-crm/grants"),
            None,
            Some(json!({
                "subject": { "type": "group", "id": group.id },
                "role": { "app": "editor" },
                "environments": ["staging"],
            })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let grant: GrantView = response.json().await.unwrap();
    assert_eq!(grant.subject.name, "Testers");

    let log = audit(&app, "A12345AA").await;
    let mut entities: Vec<(&str, &str)> = log
        .items
        .iter()
        .map(|e| (e.entity.as_str(), e.action.as_str()))
        .collect();
    entities.sort_unstable();
    assert_eq!(
        entities,
        [
            ("grant", "create"),
            ("group", "create"),
            ("group", "update"),
            ("user", "create")
        ],
        "one entry per write, in accept"
    );
    assert!(log.items.iter().all(|e| e.actor == common::OWNER));
}

async fn the_account_owner_creates_a_group_in_the_empty_test_environment(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .send(
            &app.client,
            Method::POST,
            "/api/v1/environments/T12345AA/groups",
            None,
            Some(json!({ "name": "Release checks" })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let groups: serde_json::Value = app
        .get("/api/v1/environments/T12345AA/groups")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        groups.to_string().contains("Release checks"),
        "the group is listed in test: {groups}"
    );
}

async fn a_resource_owner_of_production_cannot_administer_accept(backend: Backend) {
    let app = spawn_app(backend).await;
    let fleur = app.client_for("12345.FSmit").await;
    let response = app
        .send(
            &fleur,
            Method::POST,
            "/api/v1/environments/A12345AA/groups",
            None,
            Some(json!({ "name": "Mine" })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: ErrorBody = response.json().await.unwrap();
    assert!(
        !body.error.contains("usr-"),
        "no internal ids: {}",
        body.error
    );
    assert!(log_is_empty(&app, "A12345AA").await);
}

async fn log_is_empty(app: &TestApp, env: &str) -> bool {
    audit(app, env).await.items.is_empty()
}

async fn creating_a_user_writes_one_audit_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = audit(&app, "O12345AA").await.items.len();
    let response = app
        .send(
            &app.client,
            Method::POST,
            "/api/v1/environments/O12345AA/users",
            None,
            Some(json!({ "code": "12345.NNieuw", "name": "Noor Nieuw" })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let log = audit(&app, "O12345AA").await;
    assert_eq!(log.items.len(), before + 1);
    let entry = log
        .items
        .iter()
        .find(|e| e.entity == "user" && e.action == "create")
        .expect("a user create entry");
    let after = entry.after.as_ref().expect("after").to_string();
    assert!(
        after.contains("Noor Nieuw") && after.contains("12345.NNieuw"),
        "{after}"
    );
}
