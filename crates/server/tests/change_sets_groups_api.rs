//! Groups and new users in change sets over real HTTP on SQLite and PostgreSQL: a group
//! created with its members and a grant in one set, a user added with a new group, one audit
//! entry per changed entity, a stale group version writes nothing, names and emails unique
//! regardless of case, a deleted group named twice is refused.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{AuditPage, ChangeSetResult, GroupDetail, ResourcePermissions};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    a_group_is_created_with_a_member_and_a_grant_in_one_set,
    a_stale_group_version_writes_nothing,
    group_names_are_unique_regardless_of_case,
    a_group_deleted_in_a_set_cannot_be_named_again_in_it,
    a_user_is_added_to_a_new_group_in_one_set,
    a_user_whose_email_is_taken_in_other_case_writes_nothing,
    the_account_owner_sets_the_precedence_rule_for_every_environment,
    two_groups_swap_names_and_a_freed_name_is_taken_in_one_set,
);

async fn audit_len(app: &TestApp) -> usize {
    let page: AuditPage = app
        .get(&format!("{ENV}/audit?per_page=1"))
        .await
        .json()
        .await
        .unwrap();
    page.total
}

async fn post_set(app: &TestApp, body: Value) -> reqwest::Response {
    app.post_changes(ENV, body).await
}

async fn group(app: &TestApp, id: &str) -> reqwest::Response {
    app.get(&format!("{ENV}/groups/{id}")).await
}

async fn a_group_is_created_with_a_member_and_a_grant_in_one_set(backend: Backend) {
    let app = spawn_app(backend).await;
    let audit_before = audit_len(&app).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "add_member", "group": "grp-auditors", "user": "usr-12345-jdekker" },
            { "op": "create_grant", "resource": "res-crm", "subject": { "type": "group", "id": "grp-auditors" },
              "role": { "app": "editor" }, "environments": ["production"] },
            { "op": "create_group", "group": "grp-auditors", "name": "  Auditors ",
              "description": "Read-only reviewers" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    assert_eq!(result.groups.len(), 1);
    let created = &result.groups[0];
    assert_eq!(
        (created.name.as_str(), created.description.as_str()),
        ("Auditors", "Read-only reviewers")
    );
    assert_eq!(created.version, 1);
    assert_eq!(
        created
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["Jasmijn Dekker"]
    );
    assert_eq!(result.grants[0].subject.name, "Auditors");
    assert!(result
        .impact
        .iter()
        .any(|c| c.user.as_str() == "usr-12345-jdekker"));
    // One entry for the group (with its member), one for the grant.
    assert_eq!(audit_len(&app).await, audit_before + 2);
    let stored: GroupDetail = group(&app, "grp-auditors").await.json().await.unwrap();
    assert_eq!(&stored, created);
    let crm: ResourcePermissions = app
        .get(&format!("{ENV}/resources/res-crm/permissions"))
        .await
        .json()
        .await
        .unwrap();
    assert!(crm.grants.iter().any(|g| g.subject.name == "Auditors"));
}

async fn a_stale_group_version_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let support: GroupDetail = group(&app, "grp-support").await.json().await.unwrap();
    let audit_before = audit_len(&app).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "add_member", "group": "grp-support", "user": "usr-12345-jdekker" },
            { "op": "rename_group", "group": "grp-support", "version": support.version + 3,
              "name": "Helpdesk" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("group Support was changed by someone else"),
        "{body}"
    );
    assert_eq!(body["current"]["name"], "Support");
    let after: GroupDetail = group(&app, "grp-support").await.json().await.unwrap();
    assert_eq!(after, support);
    assert_eq!(audit_len(&app).await, audit_before);
    // At the right version the rename and the new member land together, one version later.
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "add_member", "group": "grp-support", "user": "usr-12345-jdekker" },
            { "op": "rename_group", "group": "grp-support", "version": support.version,
              "name": "Helpdesk" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let after: GroupDetail = group(&app, "grp-support").await.json().await.unwrap();
    assert_eq!(after.name, "Helpdesk");
    assert_eq!(after.description, support.description);
    assert_eq!(after.version, support.version + 1);
    assert_eq!(after.members.len(), support.members.len() + 1);
    assert_eq!(audit_len(&app).await, audit_before + 1);
}

async fn group_names_are_unique_regardless_of_case(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "create_group", "name": "Auditors" },
            { "op": "create_group", "name": "support" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["field"], "changes[1].name");
    assert_eq!(
        body["error"],
        "another group is already called support; choose another name"
    );
    let groups: Value = app
        .get(&format!("{ENV}/groups"))
        .await
        .json()
        .await
        .unwrap();
    assert!(!groups.to_string().contains("Auditors"), "nothing written");
    // The single-group route answers the same, with the request's own field.
    let response = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/groups"),
            None,
            Some(json!({ "name": "ICT " })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["field"], "name");
}

async fn a_group_deleted_in_a_set_cannot_be_named_again_in_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let ict: GroupDetail = group(&app, "grp-ict").await.json().await.unwrap();
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "delete_group", "group": "grp-ict", "version": ict.version },
            { "op": "add_member", "group": "grp-ict", "user": "usr-12345-jdekker" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["field"], "changes[1].group");
    assert!(group(&app, "grp-ict").await.status().is_success());
}

async fn a_user_is_added_to_a_new_group_in_one_set(backend: Backend) {
    let app = spawn_app(backend).await;
    let audit_before = audit_len(&app).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "create_group", "group": "grp-interns", "name": "Interns" },
            { "op": "add_member", "group": "grp-interns", "user": "usr-12345-lnieuw" },
            { "op": "create_user", "user": "usr-12345-lnieuw", "code": "12345.LNieuw",
              "name": "Lotte Nieuw", "email": "l.nieuw@northwind.example",
              "flags": { "windows": true, "insite": false, "pocket": true } },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    // The group (created, with her) and the user: two entries.
    assert_eq!(audit_len(&app).await, audit_before + 2);
    let lotte: Value = app
        .get(&format!("{ENV}/users/12345.LNieuw"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lotte["name"], "Lotte Nieuw");
    assert_eq!(lotte["groups"][0]["name"], "Interns");
    assert_eq!(lotte["flags"]["pocket"], true);
}

async fn a_user_whose_email_is_taken_in_other_case_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let audit_before = audit_len(&app).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "create_group", "name": "Interns" },
            { "op": "create_user", "code": "12345.LNieuw", "name": "Lotte Nieuw",
              "email": "B.Williams@Northwind.example" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["field"], "changes[1].email");
    assert_eq!(
        body["error"],
        "email B.Williams@northwind.example is already used by 12345.BWilliams"
    );
    assert_eq!(audit_len(&app).await, audit_before);
    assert_eq!(
        app.get(&format!("{ENV}/users/12345.LNieuw")).await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn the_account_owner_sets_the_precedence_rule_for_every_environment(backend: Backend) {
    let app = spawn_app(backend).await;
    let set = json!({ "changes": [
        { "op": "set_precedence", "precedence": "most_specific_wins" } ] });
    // Britt Williams's own Preview Only on Timesheets, shadowed today by All Users' Editor,
    // wins under "most specific wins": the dry run says so and writes nothing.
    let mut dry = set.clone();
    dry["dry_run"] = json!(true);
    let response = post_set(&app, dry).await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    assert!(result
        .impact
        .iter()
        .any(|c| c.user.as_str() == "usr-12345-bwilliams"
            && c.resource.as_str() == "res-timesheets"
            && c.new.to_string() == "Preview Only"));
    let britt = app.client_for("12345.BWilliams").await;
    let refused = app
        .send(
            &britt,
            Method::POST,
            &format!("{ENV}/changes"),
            None,
            Some(set.clone()),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let audit_before = audit_len(&app).await;
    assert_eq!(post_set(&app, set).await.status(), StatusCode::OK);
    assert_eq!(audit_len(&app).await, audit_before + 1);
    let environments: Value = app.get("/api/v1/environments").await.json().await.unwrap();
    let ours: Vec<&Value> = environments
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["participant"] == "12345")
        .collect();
    assert!(ours.len() >= 3, "{environments}");
    assert!(
        ours.iter().all(|e| e["precedence"] == "most_specific_wins"),
        "{environments}"
    );
}

/// The names are unique after the set, not after each change: two groups may swap names, and
/// a name a deletion frees may be taken by a new group — the database's unique index must not
/// see the states between.
async fn two_groups_swap_names_and_a_freed_name_is_taken_in_one_set(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "rename_group", "group": "grp-support", "version": 1, "name": "ICT" },
            { "op": "rename_group", "group": "grp-ict", "version": 1, "name": "Support" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let support: GroupDetail = group(&app, "grp-support").await.json().await.unwrap();
    let ict: GroupDetail = group(&app, "grp-ict").await.json().await.unwrap();
    assert_eq!((support.name.as_str(), support.version), ("ICT", 2));
    assert_eq!((ict.name.as_str(), ict.version), ("Support", 2));

    let created = post_set(
        &app,
        json!({ "changes": [ { "op": "create_group", "group": "grp-temp", "name": "Temp" } ]}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::OK);
    let response = post_set(
        &app,
        json!({ "changes": [
            { "op": "create_group", "group": "grp-temp-2", "name": "temp" },
            { "op": "delete_group", "group": "grp-temp", "version": 1 },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let taken: GroupDetail = group(&app, "grp-temp-2").await.json().await.unwrap();
    assert_eq!(taken.name, "temp");
    assert_eq!(
        group(&app, "grp-temp").await.status(),
        StatusCode::NOT_FOUND
    );
}
