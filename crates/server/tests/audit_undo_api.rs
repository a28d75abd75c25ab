//! The audit log's change sets and undo over real HTTP on SQLite and PostgreSQL: one set's
//! entries listed together and found by filters; an undo previewed (nothing written) and then
//! applied as a new set marked as the undo; a set undone twice refused; an undo of something
//! changed since refused naming who changed it, with nothing written; a deleted group brought
//! back with its members and grants; one entry undone alone; bad requests named.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{
    AuditChangeSetPage, AuditPage, GrantView, GroupDetail, ResourcePermissions, UndoResult,
};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    a_change_set_is_listed_once_with_its_entries_and_found_by_filters,
    an_undo_is_previewed_then_applied_as_a_new_set_and_not_repeated,
    undo_of_something_changed_since_is_refused_naming_who_and_writes_nothing,
    a_deleted_group_comes_back_with_its_members_and_grants,
    one_entry_of_a_set_is_undone_alone,
    bad_audit_requests_are_named_and_only_the_owner_undoes,
);

async fn permissions(app: &TestApp, resource: &str) -> ResourcePermissions {
    app.get(&format!("{ENV}/resources/{resource}/permissions"))
        .await
        .json()
        .await
        .unwrap()
}

fn grant_of(perms: &ResourcePermissions, name: &str) -> GrantView {
    perms
        .grants
        .iter()
        .find(|g| g.subject.name == name)
        .unwrap_or_else(|| panic!("no grant for {name}"))
        .clone()
}

async fn sets(app: &TestApp, query: &str) -> AuditChangeSetPage {
    let response = app.get(&format!("{ENV}/audit/change-sets?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn entries(app: &TestApp, query: &str) -> AuditPage {
    app.get(&format!("{ENV}/audit?{query}"))
        .await
        .json()
        .await
        .unwrap()
}

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    body: Value,
) -> reqwest::Response {
    app.send(
        client,
        Method::POST,
        &format!("{ENV}{path}"),
        None,
        Some(body),
    )
    .await
}

/// Support's grant on CRM Portal set to `role` by the account owner; the set's id.
async fn set_support_role(app: &TestApp, role: &str) -> String {
    let support = grant_of(&permissions(app, "res-crm").await, "Support");
    let response = post(
        app,
        &app.client,
        "/changes",
        json!({ "changes": [
            { "op": "update_grant", "grant": support.id, "version": support.version,
              "role": { "app": role }, "environments": support.environments },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    sets(app, "per_page=1").await.items[0].id.clone()
}

async fn a_change_set_is_listed_once_with_its_entries_and_found_by_filters(backend: Backend) {
    let app = spawn_app(backend).await;
    let crm = permissions(&app, "res-crm").await;
    let support = grant_of(&crm, "Support");
    let response = post(
        &app,
        &app.client,
        "/changes",
        json!({ "changes": [
            { "op": "update_grant", "grant": support.id, "version": support.version,
              "role": { "app": "publisher" }, "environments": support.environments },
            { "op": "create_grant", "resource": "res-crm",
              "subject": { "type": "user", "id": "usr-12345-imulder" },
              "role": { "app": "editor" }, "environments": ["production"] },
            { "op": "add_member", "group": "grp-support", "user": "usr-12345-imulder" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let newest = sets(&app, "per_page=1").await;
    let set = &newest.items[0];
    assert_eq!(set.entries, 3, "{set:?}");
    assert_eq!(set.matching, 3);
    assert_eq!(set.actor, common::OWNER);
    assert!(set.items.iter().all(|e| e.change_set == set.id));
    let kinds: Vec<&str> = set.items.iter().map(|e| e.entity.as_str()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "grant").count(),
        2,
        "{kinds:?}"
    );
    assert!(kinds.contains(&"group"));
    // The entries of the set, and filters over them.
    let of_set = entries(&app, &format!("change_set={}", set.id)).await;
    assert_eq!(of_set.total, 3);
    let groups_only = sets(&app, "entity=group&per_page=1").await;
    assert_eq!(groups_only.items[0].id, set.id);
    assert_eq!(groups_only.items[0].matching, 1);
    assert_eq!(groups_only.items[0].entries, 3);
    let by_text = entries(&app, "q=IVO%20MULDER").await;
    assert!(by_text.total >= 2, "{by_text:?}");
    assert!(by_text.items.iter().all(|e| e.change_set == set.id));
    let created = entries(&app, "action=create&entity=grant").await;
    assert_eq!(
        created.items[0].after.as_ref().unwrap()["subject"]["name"],
        "Ivo Mulder"
    );
    let later = set.at + 1;
    assert_eq!(entries(&app, &format!("from={later}")).await.total, 0);
    assert_eq!(
        entries(&app, &format!("to={later}&change_set={}", set.id))
            .await
            .total,
        3
    );
    assert_eq!(entries(&app, "actor=12345.Nobody").await.total, 0);
    assert_eq!(
        entries(&app, "q=100%25").await.total,
        0,
        "`%` is not a wildcard"
    );
}

async fn an_undo_is_previewed_then_applied_as_a_new_set_and_not_repeated(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = grant_of(&permissions(&app, "res-crm").await, "Support");
    let set = set_support_role(&app, "publisher").await;
    let changed = permissions(&app, "res-crm").await;
    let audit_total = entries(&app, "").await.total;

    let preview = post(
        &app,
        &app.client,
        "/audit/undo",
        json!({ "change_set": set, "dry_run": true }),
    )
    .await;
    assert_eq!(preview.status(), StatusCode::OK);
    let preview: UndoResult = preview.json().await.unwrap();
    assert!(preview.result.dry_run);
    assert_eq!(preview.undo_of, set);
    assert_eq!(preview.changes.len(), 1);
    assert!(
        !preview.result.impact.is_empty(),
        "Support's members lose Publisher"
    );
    assert_eq!(permissions(&app, "res-crm").await.grants, changed.grants);
    assert_eq!(
        entries(&app, "").await.total,
        audit_total,
        "a preview writes nothing"
    );

    let undone = post(
        &app,
        &app.client,
        "/audit/undo",
        json!({ "change_set": set }),
    )
    .await;
    assert_eq!(undone.status(), StatusCode::OK);
    let undone: UndoResult = undone.json().await.unwrap();
    assert!(!undone.result.dry_run);
    let after = grant_of(&permissions(&app, "res-crm").await, "Support");
    assert_eq!(after.role, before.role);
    assert_eq!(after.environments, before.environments);
    // The undo is its own set, marked as the undo of the first; the first says who undid it.
    let listed = sets(&app, "per_page=2").await;
    assert_eq!(listed.items[0].undo_of.as_deref(), Some(set.as_str()));
    assert!(listed.items[0]
        .items
        .iter()
        .all(|e| e.undo_of.as_deref() == Some(set.as_str())));
    assert_eq!(listed.items[1].id, set);
    assert_eq!(
        listed.items[1].undone_by.as_deref(),
        Some(listed.items[0].id.as_str())
    );

    let again = post(
        &app,
        &app.client,
        "/audit/undo",
        json!({ "change_set": set }),
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let body: Value = again.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("undone already"),
        "{body}"
    );
    assert_eq!(body["field"], "change_set");
    // The undo itself can be undone: the change comes back.
    let redo = post(
        &app,
        &app.client,
        "/audit/undo",
        json!({ "change_set": listed.items[0].id }),
    )
    .await;
    assert_eq!(redo.status(), StatusCode::OK);
    assert_eq!(
        grant_of(&permissions(&app, "res-crm").await, "Support")
            .role
            .to_string(),
        "Publisher"
    );
}

async fn undo_of_something_changed_since_is_refused_naming_who_and_writes_nothing(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let set = set_support_role(&app, "publisher").await;
    // Fleur, Owner of CRM Portal, changes the grant again.
    let fleur = app.client_for("12345.FSmit").await;
    let support = grant_of(&permissions(&app, "res-crm").await, "Support");
    let response = post(
        &app,
        &fleur,
        "/changes",
        json!({ "changes": [
            { "op": "update_grant", "grant": support.id, "version": support.version,
              "role": { "app": "editor" }, "environments": support.environments },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let grants = permissions(&app, "res-crm").await.grants;
    let audit_total = entries(&app, "").await.total;
    for dry_run in [true, false] {
        let refused = post(
            &app,
            &app.client,
            "/audit/undo",
            json!({ "change_set": set, "dry_run": dry_run }),
        )
        .await;
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        let body: Value = refused.json().await.unwrap();
        let error = body["error"].as_str().unwrap();
        assert!(
            error.contains("the grant of Support on CRM Portal was changed since"),
            "{error}"
        );
        assert!(error.contains("by 12345.FSmit at 20"), "{error}");
    }
    assert_eq!(permissions(&app, "res-crm").await.grants, grants);
    assert_eq!(entries(&app, "").await.total, audit_total);
}

async fn a_deleted_group_comes_back_with_its_members_and_grants(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = post(
        &app,
        &app.client,
        "/changes",
        json!({ "changes": [
            { "op": "create_group", "group": "grp-auditors", "name": "Auditors",
              "description": "External audit" },
            { "op": "add_member", "group": "grp-auditors", "user": "usr-12345-imulder" },
            { "op": "add_member", "group": "grp-auditors", "user": "usr-12345-kpeters" },
            { "op": "create_grant", "resource": "res-crm",
              "subject": { "type": "group", "id": "grp-auditors" },
              "role": { "app": "preview_only" }, "environments": ["production", "staging"] },
        ]}),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );
    let group: GroupDetail = app
        .get(&format!("{ENV}/groups/grp-auditors"))
        .await
        .json()
        .await
        .unwrap();
    let grant_before = grant_of(&permissions(&app, "res-crm").await, "Auditors");
    let response = post(
        &app,
        &app.client,
        "/changes",
        json!({ "changes": [
            { "op": "delete_group", "group": "grp-auditors", "version": group.version },
        ]}),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );
    let set = &sets(&app, "per_page=1").await.items[0];
    assert!(
        set.items
            .iter()
            .any(|e| e.entity == "grant" && e.action == "delete"),
        "the group's grant is in the log with it: {set:?}"
    );
    let undone = post(
        &app,
        &app.client,
        "/audit/undo",
        json!({ "change_set": set.id }),
    )
    .await;
    assert_eq!(
        undone.status(),
        StatusCode::OK,
        "{}",
        undone.text().await.unwrap()
    );
    let back: GroupDetail = app
        .get(&format!("{ENV}/groups/grp-auditors"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(back.name, "Auditors");
    assert_eq!(back.description, "External audit");
    assert_eq!(back.members, group.members);
    let grant_after = grant_of(&permissions(&app, "res-crm").await, "Auditors");
    assert_eq!(grant_after.role, grant_before.role);
    assert_eq!(grant_after.environments, grant_before.environments);
}

async fn one_entry_of_a_set_is_undone_alone(backend: Backend) {
    let app = spawn_app(backend).await;
    let crm = permissions(&app, "res-crm").await;
    let support = grant_of(&crm, "Support");
    let response = post(
        &app,
        &app.client,
        "/changes",
        json!({ "changes": [
            { "op": "update_grant", "grant": support.id, "version": support.version,
              "role": { "app": "publisher" }, "environments": support.environments },
            { "op": "add_member", "group": "grp-support", "user": "usr-12345-imulder" },
        ]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let set = &sets(&app, "per_page=1").await.items[0];
    let member_entry = set.items.iter().find(|e| e.entity == "group").unwrap();
    let undone = post(
        &app,
        &app.client,
        "/audit/undo",
        json!({ "entry": member_entry.id }),
    )
    .await;
    assert_eq!(undone.status(), StatusCode::OK);
    let undone: UndoResult = undone.json().await.unwrap();
    assert_eq!(undone.undo_of, set.id);
    let group: GroupDetail = app
        .get(&format!("{ENV}/groups/grp-support"))
        .await
        .json()
        .await
        .unwrap();
    assert!(group.members.iter().all(|m| m.id != "usr-12345-imulder"));
    // The grant change stays.
    assert_eq!(
        grant_of(&permissions(&app, "res-crm").await, "Support")
            .role
            .to_string(),
        "Publisher"
    );
}

async fn bad_audit_requests_are_named_and_only_the_owner_undoes(backend: Backend) {
    let app = spawn_app(backend).await;
    let set = set_support_role(&app, "publisher").await;
    for (query, field) in [
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("from=10&to=5", "to"),
    ] {
        for path in ["audit", "audit/change-sets"] {
            let response = app.get(&format!("{ENV}/{path}?{query}")).await;
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path}?{query}"
            );
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["field"], field);
        }
    }
    let long = "x".repeat(201);
    let response = app.get(&format!("{ENV}/audit?q={long}")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for (body, status, field) in [
        (json!({}), StatusCode::UNPROCESSABLE_ENTITY, "change_set"),
        (
            json!({ "change_set": set, "entry": "x" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "change_set",
        ),
        (
            json!({ "change_set": "no-such-set" }),
            StatusCode::NOT_FOUND,
            "change_set",
        ),
        (
            json!({ "entry": "no-such-entry" }),
            StatusCode::NOT_FOUND,
            "entry",
        ),
    ] {
        let response = post(&app, &app.client, "/audit/undo", body.clone()).await;
        assert_eq!(response.status(), status, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["field"], field, "{body}: {error}");
    }
    // Fleur owns CRM Portal but is not the account owner: she neither reads nor undoes.
    let fleur = app.client_for("12345.FSmit").await;
    let response = post(&app, &fleur, "/audit/undo", json!({ "change_set": set })).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let error: Value = response.json().await.unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("only the account owner"),
        "{error}"
    );
    let response = app
        .send(
            &fleur,
            Method::GET,
            &format!("{ENV}/audit/change-sets"),
            None,
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        grant_of(&permissions(&app, "res-crm").await, "Support")
            .role
            .to_string(),
        "Publisher",
        "a refused undo changes nothing"
    );
}
