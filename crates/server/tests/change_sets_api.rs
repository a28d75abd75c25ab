//! Change sets over real HTTP on SQLite and PostgreSQL: all or nothing, order independence,
//! dry runs, every refusal listed, and concurrent administrators queueing instead of failing.

mod common;

use std::collections::BTreeMap;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{AuditPage, ChangeSetResult, GrantView, ResourceList, ResourcePermissions};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    a_set_whose_last_change_is_stale_writes_nothing,
    a_set_whose_last_change_is_refused_writes_nothing_and_lists_the_refusal,
    swapping_the_only_owner_succeeds_in_one_set_and_fails_one_change_at_a_time,
    a_dry_run_returns_the_impact_and_writes_nothing,
    a_multi_edit_save_is_one_request_with_one_audit_entry_per_grant,
    eight_administrators_saving_at_once_queue_and_lose_nothing,
    a_set_of_more_grants_than_one_statement_holds_is_stored_and_deleted_whole,
);

async fn permissions(app: &TestApp, resource: &str) -> ResourcePermissions {
    app.get(&format!("{ENV}/resources/{resource}/permissions"))
        .await
        .json()
        .await
        .unwrap()
}

fn grant_of<'a>(perms: &'a ResourcePermissions, name: &str) -> &'a GrantView {
    perms
        .grants
        .iter()
        .find(|g| g.subject.name == name)
        .unwrap_or_else(|| panic!("no grant for {name}"))
}

async fn audit_len(app: &TestApp) -> usize {
    let page: AuditPage = app
        .get(&format!("{ENV}/audit?per_page=200"))
        .await
        .json()
        .await
        .unwrap();
    page.total
}

async fn post_set(app: &TestApp, client: &reqwest::Client, body: Value) -> reqwest::Response {
    app.send(
        client,
        Method::POST,
        &format!("{ENV}/changes"),
        None,
        Some(body),
    )
    .await
}

async fn a_set_whose_last_change_is_stale_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let crm = permissions(&app, "res-crm").await;
    let support = grant_of(&crm, "Support");
    let cjansen = grant_of(&crm, "Carlos Jansen");
    let audit_before = audit_len(&app).await;
    let response = post_set(
        &app,
        &app.client,
        json!({ "changes": [
            { "op": "update_grant", "grant": support.id, "version": support.version,
              "role": { "app": "publisher" }, "environments": ["production"] },
            { "op": "delete_grant", "grant": cjansen.id, "version": cjansen.version + 7 },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("Carlos Jansen"),
        "{body}"
    );
    assert_eq!(body["current"]["id"], json!(cjansen.id));
    assert_eq!(permissions(&app, "res-crm").await.grants, crm.grants);
    assert_eq!(audit_len(&app).await, audit_before);
}

async fn a_set_whose_last_change_is_refused_writes_nothing_and_lists_the_refusal(backend: Backend) {
    let app = spawn_app(backend).await;
    let crm = permissions(&app, "res-crm").await;
    let support = grant_of(&crm, "Support");
    let response = post_set(
        &app,
        &app.client,
        json!({ "changes": [
            { "op": "update_grant", "grant": support.id, "version": support.version,
              "role": { "app": "publisher" }, "environments": ["production"] },
            { "op": "create_grant", "resource": "res-crm",
              "subject": { "type": "user", "id": "usr-12345-imulder" },
              "role": { "app": "editor" }, "environments": ["moon"] },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["field"], "changes[1].environments", "{body}");
    assert_eq!(body["refusals"][0]["index"], 1);
    assert!(body["error"].as_str().unwrap().contains("moon"), "{body}");
    assert_eq!(permissions(&app, "res-crm").await.grants, crm.grants);
}

async fn swapping_the_only_owner_succeeds_in_one_set_and_fails_one_change_at_a_time(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let fleur = app.client_for("12345.FSmit").await;
    let crm = permissions(&app, "res-crm").await;
    let owner = grant_of(&crm, "Fleur Smit").clone();
    let delete_owner = json!({ "op": "delete_grant", "grant": owner.id, "version": owner.version });
    let new_owner = json!({ "op": "create_grant", "resource": "res-crm",
        "subject": { "type": "user", "id": "usr-12345-imulder" },
        "role": { "app": "owner" }, "environments": ["production", "staging", "development"] });

    // One change at a time, in the "wrong" order: the guard refuses the first.
    let alone = post_set(&app, &fleur, json!({ "changes": [delete_owner.clone()] })).await;
    assert_eq!(alone.status(), StatusCode::CONFLICT);
    let body: Value = alone.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("CRM Portal without an owner"),
        "{body}"
    );

    // Both in one set, removal first: allowed.
    let both = post_set(
        &app,
        &fleur,
        json!({ "changes": [delete_owner, new_owner] }),
    )
    .await;
    assert_eq!(both.status(), StatusCode::OK);
    let result: ChangeSetResult = both.json().await.unwrap();
    assert_eq!(result.applied, 2);
    let after = permissions(&app, "res-crm").await;
    assert!(after.grants.iter().all(|g| g.subject.name != "Fleur Smit"));
    assert_eq!(grant_of(&after, "Ivo Mulder").role.to_string(), "Owner");
}

async fn a_dry_run_returns_the_impact_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let crm = permissions(&app, "res-crm").await;
    let support = grant_of(&crm, "Support");
    let audit_before = audit_len(&app).await;
    let response = post_set(
        &app,
        &app.client,
        json!({ "dry_run": true, "changes": [
            { "op": "delete_grant", "grant": support.id, "version": support.version },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    assert!(result.dry_run);
    assert!(
        !result.impact.is_empty(),
        "Support members drop from Editor to Preview Only"
    );
    assert!(result.grants.is_empty());
    assert_eq!(permissions(&app, "res-crm").await.grants, crm.grants);
    assert_eq!(audit_len(&app).await, audit_before);
}

async fn a_multi_edit_save_is_one_request_with_one_audit_entry_per_grant(backend: Backend) {
    let app = spawn_app(backend).await;
    let crm = permissions(&app, "res-crm").await;
    let support = grant_of(&crm, "Support");
    let cjansen = grant_of(&crm, "Carlos Jansen");
    let audit_before = audit_len(&app).await;
    let response = post_set(
        &app,
        &app.client,
        json!({ "changes": [
            { "op": "update_grant", "grant": support.id, "version": support.version,
              "role": { "app": "publisher" }, "environments": ["production", "staging"] },
            { "op": "delete_grant", "grant": cjansen.id, "version": cjansen.version },
            { "op": "create_grant", "resource": "res-crm",
              "subject": { "type": "group", "id": "grp-ict" },
              "role": { "app": "preview_only" }, "environments": ["development"] },
            { "op": "add_member", "group": "grp-ict", "user": "usr-12345-jdekker" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    assert_eq!(result.grants.len(), 2, "the updated and the created grant");
    assert_eq!(
        grant_of(&result_perms(&app).await, "Support").version,
        support.version + 1
    );
    assert_eq!(audit_len(&app).await, audit_before + 4);
}

async fn result_perms(app: &TestApp) -> ResourcePermissions {
    permissions(app, "res-crm").await
}

/// Each writer adds its own user to group Management and takes them out again, over and
/// over; every answer must be 200, and in the end every user is where their last
/// acknowledged set left them, with one audit entry per acknowledged change.
async fn eight_administrators_saving_at_once_queue_and_lose_nothing(backend: Backend) {
    const ROUNDS: usize = 12;
    let app = spawn_app(backend).await;
    let users = [
        "usr-12345-bwilliams",
        "usr-12345-cjansen",
        "usr-12345-evisser",
        "usr-12345-fsmit",
        "usr-12345-imulder",
        "usr-12345-jdekker",
        "usr-12345-kpeters",
        "usr-12345-hbos",
    ];
    let audit_before = audit_len(&app).await;
    let version_before = app
        .get(&format!("{ENV}/groups/grp-management"))
        .await
        .json::<Value>()
        .await
        .unwrap()["version"]
        .as_i64()
        .unwrap();
    let mut tasks = Vec::new();
    for user in users {
        let client = app.client_for(common::OWNER).await;
        let url = app.url(&format!("{ENV}/changes"));
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for round in 0..ROUNDS {
                let op = if round % 2 == 0 {
                    "add_member"
                } else {
                    "remove_member"
                };
                let body =
                    json!({ "changes": [{ "op": op, "group": "grp-management", "user": user }] });
                let response =
                    common::send_change(&client, Method::POST, url.clone(), None, Some(body)).await;
                statuses.push(response.status().as_u16());
            }
            statuses
        }));
    }
    let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
    for task in tasks {
        for status in task.await.unwrap() {
            *counts.entry(status).or_default() += 1;
        }
    }
    assert_eq!(counts, BTreeMap::from([(200, users.len() * ROUNDS)]));
    let group: Value = app
        .get(&format!("{ENV}/groups/grp-management"))
        .await
        .json()
        .await
        .unwrap();
    let members = group["members"].to_string();
    for user in users {
        assert!(
            !members.contains(user),
            "an even number of rounds leaves {user} out: {members}"
        );
    }
    assert_eq!(audit_len(&app).await, audit_before + users.len() * ROUNDS);
    // Each acknowledged set moved the group's version on exactly once: none was lost or
    // applied twice.
    assert_eq!(
        group["version"].as_i64().unwrap(),
        version_before + (users.len() * ROUNDS) as i64
    );
}

/// 450 grant creations (more than one multi-row statement holds), each with two
/// environments, then one set deleting them all: every grant stored and returned in the set's
/// order, one audit entry each, listed newest first in the set's order, and all gone after.
async fn a_set_of_more_grants_than_one_statement_holds_is_stored_and_deleted_whole(
    backend: Backend,
) {
    const GRANTS: usize = 450;
    let app = spawn_app(backend).await;
    let resources: ResourceList = app
        .get(&format!("{ENV}/resources"))
        .await
        .json()
        .await
        .unwrap();
    let groups: Vec<String> = (1..=GRANTS.div_ceil(resources.items.len()))
        .map(|i| format!("grp-bulk-{i}"))
        .collect();
    let create_groups: Vec<Value> = groups
        .iter()
        .map(|id| json!({ "op": "create_group", "group": id, "name": format!("Bulk {id}") }))
        .collect();
    let response = post_set(&app, &app.client, json!({ "changes": create_groups })).await;
    assert_eq!(response.status(), StatusCode::OK);
    let creates: Vec<Value> = groups
        .iter()
        .flat_map(|group| {
            resources.items.iter().map(move |r| {
                let role = match r.kind {
                    gatehouse_policy::ResourceKind::Connector => json!({ "connector": "use_only" }),
                    gatehouse_policy::ResourceKind::App => json!({ "app": "preview_only" }),
                };
                json!({ "op": "create_grant", "resource": r.id,
                        "subject": { "type": "group", "id": group },
                        "role": role, "environments": ["staging", "production"] })
            })
        })
        .take(GRANTS)
        .collect();
    let audit_before = audit_len(&app).await;
    let response = post_set(&app, &app.client, json!({ "changes": creates })).await;
    assert_eq!(response.status(), StatusCode::OK);
    let stored: ChangeSetResult = response.json().await.unwrap();
    let pairs = |grants: &[GrantView]| -> Vec<(String, String)> {
        grants
            .iter()
            .map(|g| (g.resource.clone(), g.subject.subject.to_string()))
            .collect()
    };
    let asked: Vec<(String, String)> = creates
        .iter()
        .map(|c| {
            let resource = c["resource"].as_str().unwrap().to_owned();
            let group = c["subject"]["id"].as_str().unwrap();
            (resource, format!("group `{group}`"))
        })
        .collect();
    assert_eq!(pairs(&stored.grants), asked, "in the set's order");
    assert_eq!(audit_len(&app).await, audit_before + GRANTS);
    let newest: AuditPage = app
        .get(&format!("{ENV}/audit?entity=grant&per_page=200"))
        .await
        .json()
        .await
        .unwrap();
    let listed: Vec<&str> = newest.items.iter().map(|e| e.entity_id.as_str()).collect();
    let last: Vec<&str> = stored.grants[GRANTS - 200..]
        .iter()
        .rev()
        .map(|g| g.id.as_str())
        .collect();
    assert_eq!(listed, last, "the log lists the set's entries newest first");
    let mut on_resources = Vec::new();
    for resource in &resources.items {
        let perms = permissions(&app, &resource.id).await;
        on_resources.extend(
            perms
                .grants
                .into_iter()
                .filter(|g| g.subject.name.starts_with("Bulk ")),
        );
    }
    assert_eq!(on_resources.len(), GRANTS);
    assert!(on_resources
        .iter()
        .all(|g| g.environments == ["production", "staging"] && g.version == 1));
    let deletes: Vec<Value> = stored
        .grants
        .iter()
        .map(|g| json!({ "op": "delete_grant", "grant": g.id, "version": g.version }))
        .collect();
    let response = post_set(&app, &app.client, json!({ "changes": deletes })).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(audit_len(&app).await, audit_before + 2 * GRANTS);
    for resource in &resources.items {
        let perms = permissions(&app, &resource.id).await;
        assert!(perms
            .grants
            .iter()
            .all(|g| !g.subject.name.starts_with("Bulk ")));
    }
}
