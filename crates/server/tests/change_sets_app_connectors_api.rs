//! App connectors in change sets over real HTTP on SQLite and PostgreSQL: a group and an app
//! connector linked to it created in one set, blocked and renamed with one audit entry each,
//! a stale version writing nothing (412 naming the app connector), names unique regardless of
//! case, deleted with its tokens.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{AppConnectorView, ChangeSetResult};
use reqwest::StatusCode;
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    a_group_and_its_app_connector_are_created_in_one_set,
    a_stale_app_connector_version_writes_nothing,
    app_connector_names_are_unique_regardless_of_case,
);

async fn post_set(app: &TestApp, body: Value) -> reqwest::Response {
    app.post_changes(ENV, body).await
}

async fn audit_total(app: &TestApp) -> usize {
    app.audit_total(ENV, "entity=app_connector").await
}

async fn hr_portal(app: &TestApp) -> AppConnectorView {
    app.get(&format!("{ENV}/app-connectors/ac-hr-portal"))
        .await
        .json()
        .await
        .unwrap()
}

async fn a_group_and_its_app_connector_are_created_in_one_set(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = audit_total(&app).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "create_app_connector", "app_connector": "ac-payroll", "name": " Payroll ",
              "group": "grp-payroll",
              "connectors": [ { "connector": "res-hrdb", "kind": "get" } ] },
            { "op": "create_group", "group": "grp-payroll", "name": "Payroll" },
            { "op": "add_member", "group": "grp-payroll", "user": "usr-12345-kpeters" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    let created = &result.app_connectors[0];
    assert_eq!(created.name, "Payroll");
    assert_eq!(created.group.name, "Payroll");
    assert_eq!(created.members.len(), 1, "{created:?}");
    assert_eq!(created.version, 1);
    assert_eq!(audit_total(&app).await, before + 1);
    // Block it and rename it in one set: one more entry, one version step.
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "update_app_connector", "app_connector": "ac-payroll", "version": 1,
              "name": "Payroll export", "group": "grp-payroll", "blocked": true,
              "connectors": [ { "connector": "res-hrdb", "kind": "get" } ] } ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let view: AppConnectorView = app
        .get(&format!("{ENV}/app-connectors/ac-payroll"))
        .await
        .json()
        .await
        .unwrap();
    assert!(view.blocked);
    assert_eq!((view.name.as_str(), view.version), ("Payroll export", 2));
    assert_eq!(audit_total(&app).await, before + 2);
    // Deleting it.
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "delete_app_connector", "app_connector": "ac-payroll", "version": 2 } ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.get(&format!("{ENV}/app-connectors/ac-payroll"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

async fn a_stale_app_connector_version_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let portal = hr_portal(&app).await;
    let before = audit_total(&app).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "create_group", "name": "Night shift" },
            { "op": "update_app_connector", "app_connector": "ac-hr-portal",
              "version": portal.version + 3, "name": "Renamed", "group": portal.group.id,
              "blocked": true } ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains(&format!("app connector {}", portal.name)),
        "{body}"
    );
    assert_eq!(body["current"]["name"], portal.name.as_str());
    assert_eq!(hr_portal(&app).await, portal);
    assert_eq!(audit_total(&app).await, before);
}

async fn app_connector_names_are_unique_regardless_of_case(backend: Backend) {
    let app = spawn_app(backend).await;
    let portal = hr_portal(&app).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "create_app_connector", "name": portal.name.to_uppercase(),
              "group": "grp-ict" } ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["field"], "changes[0].name");
    // An app instead of a connector names the connector's field.
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "create_app_connector", "name": "Sales feed", "group": "grp-ict",
              "connectors": [ { "connector": "res-crm", "kind": "get" } ] } ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["field"], "changes[0].connectors[0].connector");
    assert_eq!(body["error"], "CRM Portal is an app, not a connector");
}
