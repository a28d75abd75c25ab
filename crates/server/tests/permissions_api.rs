//! Resources, grants (If-Match, 412, 428, lock-out guard), effective access, what-if and the
//! audit log over real HTTP, on SQLite and PostgreSQL.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{
    AuditPage, ErrorBody, GrantView, ImpactPreview, ResourceList, ResourcePermissions, UserAccess,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

const ENV: &str = "/api/v1/environments/O12345AA";

async fn permissions(app: &TestApp, resource: &str) -> ResourcePermissions {
    let response = app
        .get(&format!("{ENV}/resources/{resource}/permissions"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn grant_of<'a>(perms: &'a ResourcePermissions, name: &str) -> &'a GrantView {
    perms
        .grants
        .iter()
        .find(|g| g.subject.name == name)
        .unwrap_or_else(|| panic!("no grant for {name}"))
}

on_both_backends!(
    resources_with_role_none_everywhere_are_not_listed,
    permissions_list_all_users_first_and_flag_shadowed_grants,
    owner_updates_a_grant_with_if_match_and_the_audit_log_records_it,
    stale_if_match_gets_412_with_the_current_state,
    missing_if_match_gets_428,
    non_owner_cannot_change_permissions,
    removing_the_last_owner_is_refused,
    invalid_grants_name_the_field,
    user_access_explains_the_winner_and_the_shadowed_grant,
    what_if_lists_who_loses_access_without_saving,
    what_if_judges_the_changes_as_one_set,
    concurrent_read_modify_write_never_loses_an_update,
);

async fn resources_with_role_none_everywhere_are_not_listed(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner: ResourceList = app
        .get(&format!("{ENV}/resources"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(owner.items.len(), 6, "the account owner sees everything");
    let apps: ResourceList = app
        .get(&format!("{ENV}/resources?kind=app"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(apps.items.len(), 3);
    assert_eq!(apps.environments.len(), 3);
    let britt = app.client_for("12345.BWilliams").await;
    let seen: ResourceList = britt
        .get(app.url(&format!("{ENV}/resources")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let seen = seen.items;
    let mut names: Vec<&str> = seen.iter().map(|r| r.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["CRM Portal", "Salesforce Sync", "Timesheets"]);
    assert!(seen.iter().all(|r| !r.can_edit_permissions));
    let hidden = britt
        .get(app.url(&format!("{ENV}/resources/res-hrdb/permissions")))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
}

async fn permissions_list_all_users_first_and_flag_shadowed_grants(backend: Backend) {
    let app = spawn_app(backend).await;
    let perms = permissions(&app, "res-timesheets").await;
    assert_eq!(perms.grants[0].subject.name, "All Users");
    assert_eq!(perms.grants[1].subject.name, "Management");
    assert!(perms.resource.can_edit_permissions);
    assert_eq!(perms.environments.len(), 3);
    assert_eq!(perms.shadowed.len(), 1, "{:#?}", perms.shadowed);
    let message = &perms.shadowed[0].message;
    assert!(
        message.contains("Preview Only") && message.contains("All Users"),
        "{message}"
    );
}

async fn owner_updates_a_grant_with_if_match_and_the_audit_log_records_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let perms = permissions(&app, "res-crm").await;
    let carlos = grant_of(&perms, "Carlos Jansen");
    let body =
        json!({ "role": { "app": "publisher" }, "environments": ["staging", "development"] });
    let response = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{ENV}/grants/{}", carlos.id),
            Some(carlos.version),
            Some(body),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get("etag").unwrap(), "\"2\"");
    let updated: GrantView = response.json().await.unwrap();
    assert_eq!(updated.environments, ["development", "staging"]);

    let reread = permissions(&app, "res-crm").await;
    assert_eq!(grant_of(&reread, "Carlos Jansen").version, 2);

    let log: AuditPage = app
        .get(&format!("{ENV}/audit?entity=grant&entity_id={}", carlos.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log.total, 1);
    let entry = &log.items[0];
    assert_eq!(
        (entry.actor.as_str(), entry.action.as_str()),
        ("12345.AdeVries", "update")
    );
    assert_eq!(
        entry.before.as_ref().unwrap()["role"],
        json!({ "app": "editor" })
    );
    assert_eq!(
        entry.after.as_ref().unwrap()["role"],
        json!({ "app": "publisher" })
    );
    let britt = app.client_for("12345.BWilliams").await;
    let refused = britt
        .get(app.url(&format!("{ENV}/audit")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

async fn stale_if_match_gets_412_with_the_current_state(backend: Backend) {
    let app = spawn_app(backend).await;
    let carlos = grant_of(&permissions(&app, "res-crm").await, "Carlos Jansen").clone();
    let path = format!("{ENV}/grants/{}", carlos.id);
    let first = json!({ "role": { "app": "publisher" }, "environments": ["staging"] });
    assert_eq!(
        app.send(&app.client, Method::PUT, &path, Some(1), Some(first))
            .await
            .status(),
        StatusCode::OK
    );
    let second = json!({ "role": { "app": "preview_only" }, "environments": ["staging"] });
    let response = app
        .send(&app.client, Method::PUT, &path, Some(1), Some(second))
        .await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["current_version"], 2);
    assert_eq!(
        body["current"]["role"],
        json!({ "app": "publisher" }),
        "the current state comes back"
    );
    assert!(body["error"]
        .as_str()
        .unwrap()
        .contains("changed by someone else"));
    let deleted = app
        .send(&app.client, Method::DELETE, &path, Some(1), None)
        .await;
    assert_eq!(
        deleted.status(),
        StatusCode::PRECONDITION_FAILED,
        "a stale delete is refused too"
    );
}

async fn missing_if_match_gets_428(backend: Backend) {
    let app = spawn_app(backend).await;
    let carlos = grant_of(&permissions(&app, "res-crm").await, "Carlos Jansen").clone();
    let body = json!({ "role": { "app": "publisher" }, "environments": ["staging"] });
    let response = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{ENV}/grants/{}", carlos.id),
            None,
            Some(body),
        )
        .await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_REQUIRED);
    let error: ErrorBody = response.json().await.unwrap();
    assert_eq!(error.field.as_deref(), Some("if-match"));
}

async fn non_owner_cannot_change_permissions(backend: Backend) {
    let app = spawn_app(backend).await;
    let perms = permissions(&app, "res-crm").await;
    let carlos = grant_of(&perms, "Carlos Jansen");
    let britt = app.client_for("12345.BWilliams").await;
    let body = json!({ "role": { "app": "owner" }, "environments": ["production"] });
    let response = app
        .send(
            &britt,
            Method::PUT,
            &format!("{ENV}/grants/{}", carlos.id),
            Some(carlos.version),
            Some(body),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let error: ErrorBody = response.json().await.unwrap();
    assert!(
        error.error.contains("only an owner of `CRM Portal`"),
        "{}",
        error.error
    );
    let create = app
        .send(&britt, Method::POST, &format!("{ENV}/resources/res-crm/grants"), None,
            Some(json!({ "subject": { "type": "user", "id": "usr-12345-bwilliams" }, "role": { "app": "owner" }, "environments": ["production"] })))
        .await;
    assert_eq!(create.status(), StatusCode::FORBIDDEN);
    // The resource's Owner (Fleur) may.
    let fleur = app.client_for("12345.FSmit").await;
    let ok = app
        .send(
            &fleur,
            Method::PUT,
            &format!("{ENV}/grants/{}", carlos.id),
            Some(carlos.version),
            Some(json!({ "role": { "app": "publisher" }, "environments": ["staging"] })),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
}

async fn removing_the_last_owner_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let perms = permissions(&app, "res-hrdb").await;
    let gijs = grant_of(&perms, "Gijs Meijer");
    let response = app
        .send(
            &app.client,
            Method::DELETE,
            &format!("{ENV}/grants/{}", gijs.id),
            Some(gijs.version),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let error: ErrorBody = response.json().await.unwrap();
    assert!(error.error.contains("without an owner"), "{}", error.error);
    assert_eq!(
        permissions(&app, "res-hrdb").await.grants.len(),
        2,
        "nothing was removed"
    );
}

async fn invalid_grants_name_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = format!("{ENV}/resources/res-insights/grants");
    let before = permissions(&app, "res-insights").await.grants.len();
    let cases = [
        (
            json!({ "subject": { "type": "user", "id": "usr-12345-kpeters" }, "role": { "app": "editor" }, "environments": ["moon"] }),
            "environments",
        ),
        (
            json!({ "subject": { "type": "user", "id": "usr-12345-kpeters" }, "role": { "connector": "use_only" }, "environments": ["production"] }),
            "role",
        ),
        (
            json!({ "subject": { "type": "user", "id": "usr-nobody" }, "role": { "app": "editor" }, "environments": ["production"] }),
            "subject",
        ),
        (
            json!({ "subject": { "type": "user", "id": "usr-12345-kpeters" }, "role": { "app": "editor" }, "environments": [] }),
            "environments",
        ),
    ];
    for (body, field) in cases {
        let response = app
            .send(&app.client, Method::POST, &path, None, Some(body.clone()))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}"
        );
        let error: ErrorBody = response.json().await.unwrap();
        assert_eq!(
            error.field.as_deref(),
            Some(field),
            "{body}: {}",
            error.error
        );
    }
    let wrong_enum = app
        .send(&app.client, Method::POST, &path, None,
            Some(json!({ "subject": { "type": "user", "id": "usr-12345-kpeters" }, "role": { "app": "admin" }, "environments": ["production"] })))
        .await;
    assert_eq!(wrong_enum.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        wrong_enum
            .json::<ErrorBody>()
            .await
            .unwrap()
            .field
            .as_deref(),
        Some("role.app")
    );
    let deactivated = app
        .send(&app.client, Method::POST, &path, None,
            Some(json!({ "subject": { "type": "user", "id": "usr-12345-hbos" }, "role": { "app": "editor" }, "environments": ["production"] })))
        .await;
    assert_eq!(deactivated.status(), StatusCode::CONFLICT);
    assert!(deactivated
        .json::<ErrorBody>()
        .await
        .unwrap()
        .error
        .contains("deactivated"));
    assert_eq!(
        permissions(&app, "res-insights").await.grants.len(),
        before,
        "nothing was written"
    );
}

async fn user_access_explains_the_winner_and_the_shadowed_grant(backend: Backend) {
    let app = spawn_app(backend).await;
    let access: UserAccess = app
        .get(&format!("{ENV}/users/12345.BWilliams/access"))
        .await
        .json()
        .await
        .unwrap();
    let cell = access
        .decisions
        .iter()
        .find(|d| d.resource.as_str() == "res-timesheets" && d.environment.as_str() == "production")
        .unwrap();
    assert_eq!(
        serde_json::to_value(cell.role).unwrap(),
        json!({ "app": "editor" })
    );
    assert_eq!(cell.winner.as_ref().unwrap().subject_name, "All Users");
    assert_eq!(cell.shadowed.len(), 1);
    assert_eq!(access.decisions.len(), 6 * 3);
}

async fn what_if_lists_who_loses_access_without_saving(backend: Backend) {
    let app = spawn_app(backend).await;
    let change = json!([{ "op": "remove_grant", "key": { "subject": { "type": "group", "id": "grp-support" }, "resource": "res-crm" } }]);
    let response = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/what-if"),
            None,
            Some(change),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let preview: ImpactPreview = response.json().await.unwrap();
    // Britt, Emre and Koen drop from Editor to Preview Only in Production and Staging (Fleur owns it).
    assert_eq!(preview.changes.len(), 6, "{:#?}", preview.changes);
    assert!(preview.refusal.is_none());
    assert_eq!(
        permissions(&app, "res-crm").await.grants.len(),
        4,
        "nothing was saved"
    );
}

async fn what_if_judges_the_changes_as_one_set(backend: Backend) {
    let app = spawn_app(backend).await;
    let what_if = |changes: serde_json::Value| {
        let app = &app;
        async move {
            let response = app
                .send(
                    &app.client,
                    Method::POST,
                    &format!("{ENV}/what-if"),
                    None,
                    Some(changes),
                )
                .await;
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<ImpactPreview>().await.unwrap()
        }
    };
    let remove_fleur = json!({ "op": "remove_grant", "key": {
        "subject": { "type": "user", "id": "usr-12345-fsmit" }, "resource": "res-crm" } });
    let ivo_owns = json!({ "op": "upsert_grant", "grant": {
        "subject": { "type": "user", "id": "usr-12345-imulder" }, "resource": "res-crm",
        "role": { "app": "owner" }, "environments": ["production", "staging", "development"] } });
    // Alone, removing the only Owner is refused — and the preview still says who loses what.
    let alone = what_if(json!([remove_fleur.clone()])).await;
    let refusal = alone.refusal.expect("refused");
    assert!(refusal.contains("CRM Portal without an owner"), "{refusal}");
    assert!(!alone.changes.is_empty());
    // The hand-over, in either order, is one valid set.
    for changes in [
        json!([remove_fleur.clone(), ivo_owns.clone()]),
        json!([ivo_owns.clone(), remove_fleur.clone()]),
    ] {
        let preview = what_if(changes).await;
        assert_eq!(preview.refusal, None);
        assert!(preview
            .changes
            .iter()
            .any(|c| c.user.as_str() == "usr-12345-imulder"));
    }
}

async fn concurrent_read_modify_write_never_loses_an_update(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    let carlos = grant_of(&permissions(&app, "res-crm").await, "Carlos Jansen").clone();
    let mut tasks = Vec::new();
    for i in 0..50 {
        let app = app.clone();
        let id = carlos.id.clone();
        tasks.push(tokio::spawn(async move {
            let perms = permissions(&app, "res-crm").await;
            let version = perms.grants.iter().find(|g| g.id == id).unwrap().version;
            let envs = if i % 2 == 0 {
                json!(["staging"])
            } else {
                json!(["staging", "development"])
            };
            let body = json!({ "role": { "app": "editor" }, "environments": envs });
            app.send(
                &app.client,
                Method::PUT,
                &format!("{ENV}/grants/{id}"),
                Some(version),
                Some(body),
            )
            .await
            .status()
        }));
    }
    let mut ok = 0;
    let mut stale = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::OK => ok += 1,
            StatusCode::PRECONDITION_FAILED => stale += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(ok + stale, 50);
    assert!(ok >= 1);
    let final_version = grant_of(&permissions(&app, "res-crm").await, "Carlos Jansen").version;
    assert_eq!(
        final_version,
        1 + ok,
        "every successful write is counted once"
    );
}
