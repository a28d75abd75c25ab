//! Data environments in change sets over real HTTP on SQLite and PostgreSQL: a custom one
//! created and granted in one set, renamed (412 on a stale version, nothing written), deleted
//! with its grants taken out of it — one audit entry each —; the built-ins stay, names are
//! unique regardless of case, only the account owner manages them, also in the
//! organisation's other environments.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{ChangeSetResult, DataEnvironmentView, ErrorBody};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    a_custom_environment_is_created_granted_renamed_and_deleted,
    built_ins_stay_names_are_unique_and_only_the_account_owner_decides,
    the_account_owner_adds_data_environments_in_other_environments,
    a_dry_run_deletion_shows_who_loses_what_and_writes_nothing,
);

async fn list(app: &TestApp, env: &str) -> Vec<DataEnvironmentView> {
    let response = app.get(&format!("{env}/data-environments")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn audit_total(app: &TestApp, entity: &str) -> usize {
    app.audit_total(ENV, &format!("entity={entity}")).await
}

/// Kim Peters' grant on the CRM Portal: Editor in Production and the new Acceptance.
fn create_acceptance_with_a_grant() -> Value {
    json!({ "changes": [
        { "op": "create_grant", "resource": "res-crm",
          "subject": { "type": "user", "id": "usr-12345-kpeters" },
          "role": { "app": "editor" }, "environments": ["acceptance", "production"] },
        { "op": "create_data_environment", "environment": "acceptance", "name": " Acceptance " },
    ]})
}

async fn error(response: reqwest::Response) -> ErrorBody {
    response.json().await.unwrap()
}

async fn a_custom_environment_is_created_granted_renamed_and_deleted(backend: Backend) {
    let app = spawn_app(backend).await;
    let (grants_before, environments_before) = (
        audit_total(&app, "grant").await,
        audit_total(&app, "data_environment").await,
    );
    let response = app
        .post_changes(ENV, create_acceptance_with_a_grant())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    let created = &result.data_environments[0];
    assert_eq!(
        (created.id.as_str(), created.name.as_str(), created.version),
        ("acceptance", "Acceptance", 1)
    );
    assert_eq!(created.grants, 1);
    assert!(
        result
            .impact
            .iter()
            .any(|c| c.user.as_str() == "usr-12345-kpeters" && c.env.as_str() == "acceptance"),
        "{:?}",
        result.impact
    );
    let names: Vec<String> = list(&app, ENV).await.into_iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        ["Production", "Staging", "Development", "Acceptance"]
    );

    // Renamed at its version; the same edit again is stale and changes nothing.
    let path = format!("{ENV}/data-environments/acceptance");
    let renamed = app
        .send(
            &app.client,
            Method::PUT,
            &path,
            Some(1),
            Some(json!({ "name": "Pre-production" })),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    assert_eq!(renamed.headers()["etag"], "\"2\"");
    let stale = app
        .send(
            &app.client,
            Method::PUT,
            &path,
            Some(1),
            Some(json!({ "name": "Acceptance again" })),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    assert!(error(stale)
        .await
        .error
        .contains("data environment Pre-production"));

    // Deleted: Kim keeps Editor in Production only.
    let deleted = app
        .send(&app.client, Method::DELETE, &path, Some(2), None)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(list(&app, ENV).await.len(), 3);
    let crm: Value = app
        .get(&format!("{ENV}/resources/res-crm/permissions"))
        .await
        .json()
        .await
        .unwrap();
    let kim = crm["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["subject"]["subject"]["id"] == "usr-12345-kpeters")
        .unwrap();
    assert_eq!(kim["environments"], json!(["production"]));
    // Created, renamed, deleted: three entries; the grant created and then changed: two.
    assert_eq!(
        audit_total(&app, "data_environment").await,
        environments_before + 3
    );
    assert_eq!(audit_total(&app, "grant").await, grants_before + 2);
}

async fn built_ins_stay_names_are_unique_and_only_the_account_owner_decides(backend: Backend) {
    let app = spawn_app(backend).await;
    let production = app
        .send(
            &app.client,
            Method::DELETE,
            &format!("{ENV}/data-environments/production"),
            Some(1),
            None,
        )
        .await;
    assert_eq!(production.status(), StatusCode::CONFLICT);
    let body = error(production).await;
    assert_eq!(
        body.error,
        "Production is a built-in data environment: it cannot be deleted"
    );
    assert_eq!(body.field.as_deref(), Some("environment"));

    let taken = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/data-environments"),
            None,
            Some(json!({ "name": "STAGING" })),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(error(taken).await.field.as_deref(), Some("name"));

    let blank = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/data-environments"),
            None,
            Some(json!({ "name": " " })),
        )
        .await;
    assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let fleur = app.client_for("12345.FSmit").await;
    let refused = app
        .send(
            &fleur,
            Method::POST,
            &format!("{ENV}/data-environments"),
            None,
            Some(json!({ "name": "Training" })),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(list(&app, ENV).await.len(), 3, "nothing was written");
}

async fn the_account_owner_adds_data_environments_in_other_environments(backend: Backend) {
    let app = spawn_app(backend).await;
    let accept = "/api/v1/environments/A12345AA";
    let created = app
        .send(
            &app.client,
            Method::POST,
            &format!("{accept}/data-environments"),
            None,
            Some(json!({ "name": "Training" })),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: DataEnvironmentView = created.json().await.unwrap();
    assert!(!created.builtin);
    let environments = list(&app, accept).await;
    let names: Vec<&str> = environments.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Production", "Staging", "Development", "Training"]);
    assert!(environments[..3].iter().all(|e| e.builtin));
    // The production environment's data environments are its own.
    assert_eq!(list(&app, ENV).await.len(), 3);
}

async fn a_dry_run_deletion_shows_who_loses_what_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post_changes(ENV, create_acceptance_with_a_grant())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = app
        .post_changes(
            ENV,
            json!({ "dry_run": true, "changes": [
                { "op": "delete_data_environment", "environment": "acceptance", "version": 1 },
            ]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    assert!(result.dry_run);
    assert!(
        result.impact.iter().all(|c| c.env.as_str() == "acceptance"),
        "{:?}",
        result.impact
    );
    assert!(result
        .impact
        .iter()
        .any(|c| c.user.as_str() == "usr-12345-kpeters"));
    assert_eq!(list(&app, ENV).await.len(), 4, "nothing was written");
}
