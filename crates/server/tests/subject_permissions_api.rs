//! One subject's permissions on every visible resource in one request (the Edit Permissions
//! page of a user, a group or All Users), over real HTTP, on SQLite and PostgreSQL.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{ErrorBody, SubjectPermissions};
use reqwest::StatusCode;

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    a_users_page_lists_every_resource_with_only_that_users_grants,
    a_groups_page_and_all_users_page_hold_their_own_grants,
    a_resource_owner_sees_only_the_resources_they_hold_a_role_on,
    unknown_subjects_are_404_naming_what_is_missing,
);

async fn subject(app: &TestApp, client: &reqwest::Client, path: &str) -> SubjectPermissions {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

/// (resource name, roles of the subject's grants there) in answer order.
fn roles(answer: &SubjectPermissions) -> Vec<(String, Vec<String>)> {
    answer
        .items
        .iter()
        .map(|p| {
            (
                p.resource.name.clone(),
                p.grants.iter().map(|g| g.role.to_string()).collect(),
            )
        })
        .collect()
}

async fn a_users_page_lists_every_resource_with_only_that_users_grants(backend: Backend) {
    let app = spawn_app(backend).await;
    let answer = subject(
        &app,
        &app.client,
        &format!("{ENV}/users/12345.BWilliams/permissions"),
    )
    .await;
    assert_eq!(answer.subject.name, "Britt Williams");
    assert!(!answer.deactivated);
    let names: Vec<_> = answer
        .items
        .iter()
        .map(|p| p.resource.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "CRM Portal",
            "Customer Insights",
            "Timesheets",
            "Exact Ledger",
            "HR Database",
            "Salesforce Sync"
        ],
        "apps first, then connectors, each by name"
    );
    let timesheets = &answer.items[2];
    assert_eq!(timesheets.grants.len(), 1, "{:?}", roles(&answer));
    assert_eq!(timesheets.grants[0].subject.name, "Britt Williams");
    assert!(
        timesheets
            .shadowed
            .iter()
            .any(|s| s.message.contains("All Users")),
        "her Preview Only is shadowed by All Users' Editor: {:?}",
        timesheets.shadowed
    );
    assert!(
        answer
            .items
            .iter()
            .filter(|p| p.resource.name != "Timesheets")
            .all(|p| p.grants.is_empty() && p.shadowed.is_empty()),
        "no other subject's grants: {:?}",
        roles(&answer)
    );

    let hana = subject(
        &app,
        &app.client,
        &format!("{ENV}/users/12345.HBos/permissions"),
    )
    .await;
    assert!(hana.deactivated, "Hana Bos is deactivated");
}

async fn a_groups_page_and_all_users_page_hold_their_own_grants(backend: Backend) {
    let app = spawn_app(backend).await;
    let ict = subject(
        &app,
        &app.client,
        &format!("{ENV}/groups/grp-ict/permissions"),
    )
    .await;
    assert_eq!(ict.subject.name, "ICT");
    let with_grants: Vec<_> = roles(&ict)
        .into_iter()
        .filter(|(_, roles)| !roles.is_empty())
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        with_grants,
        ["Exact Ledger", "HR Database", "Salesforce Sync"]
    );

    let everyone = subject(
        &app,
        &app.client,
        &format!("{ENV}/groups/all-users/permissions"),
    )
    .await;
    assert_eq!(everyone.subject.name, "All Users");
    let with_grants: Vec<_> = roles(&everyone)
        .into_iter()
        .filter(|(_, roles)| !roles.is_empty())
        .map(|(name, _)| name)
        .collect();
    assert_eq!(with_grants, ["CRM Portal", "Timesheets", "Salesforce Sync"]);
}

async fn a_resource_owner_sees_only_the_resources_they_hold_a_role_on(backend: Backend) {
    let app = spawn_app(backend).await;
    // Fleur Smit: Owner of CRM Portal; All Users gives her roles on Timesheets and Salesforce.
    let fleur = app.client_for("12345.FSmit").await;
    let answer = subject(
        &app,
        &fleur,
        &format!("{ENV}/groups/grp-support/permissions"),
    )
    .await;
    let names: Vec<_> = answer
        .items
        .iter()
        .map(|p| p.resource.name.as_str())
        .collect();
    assert!(!names.contains(&"HR Database"), "{names:?}");
    let crm = answer
        .items
        .iter()
        .find(|p| p.resource.name == "CRM Portal")
        .expect("CRM Portal is listed");
    assert!(crm.resource.can_edit_permissions);
    let timesheets = answer
        .items
        .iter()
        .find(|p| p.resource.name == "Timesheets")
        .expect("Timesheets is listed");
    assert!(!timesheets.resource.can_edit_permissions);
    assert!(timesheets.resource.edit_refusal.is_some());
}

async fn unknown_subjects_are_404_naming_what_is_missing(backend: Backend) {
    let app = spawn_app(backend).await;
    for (path, field) in [
        (format!("{ENV}/users/12345.Nobody/permissions"), "code"),
        (format!("{ENV}/groups/grp-nothing/permissions"), "id"),
        (format!("{ENV}/groups/not-a-group-id/permissions"), "id"),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.field.as_deref(), Some(field), "{path}: {}", body.error);
    }
}
