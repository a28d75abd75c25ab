//! Groups over real HTTP on both databases: create, rename (If-Match), members (lock-out
//! guard), delete, and who may do it.

mod common;

use common::{spawn_app, Backend};
use gatehouse_wire::{ErrorBody, GroupDetail, GroupSummary, ResourcePermissions};
use reqwest::{Method, StatusCode};
use serde_json::json;

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    account_owner_creates_renames_and_deletes_a_group,
    members_are_replaced_with_if_match,
    removing_the_only_members_of_an_owner_group_is_refused,
    deleting_a_group_removes_its_grants,
    only_the_account_owner_changes_groups,
    bad_group_input_names_the_field,
);

async fn account_owner_creates_renames_and_deletes_a_group(backend: Backend) {
    let app = spawn_app(backend).await;
    let created = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/groups"),
            None,
            Some(json!({ "name": "Finance", "description": "Books" })),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let group: GroupDetail = created.json().await.unwrap();
    assert_eq!((group.name.as_str(), group.version), ("Finance", 1));
    let path = format!("{ENV}/groups/{}", group.id);
    let renamed = app
        .send(
            &app.client,
            Method::PUT,
            &path,
            Some(1),
            Some(json!({ "name": "Finance & Control" })),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let stale = app
        .send(
            &app.client,
            Method::PUT,
            &path,
            Some(1),
            Some(json!({ "name": "Other" })),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let groups: Vec<GroupSummary> = app
        .get(&format!("{ENV}/groups"))
        .await
        .json()
        .await
        .unwrap();
    assert!(groups.iter().any(|g| g.name == "Finance & Control"));
    let deleted = app
        .send(&app.client, Method::DELETE, &path, Some(2), None)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND);
}

async fn members_are_replaced_with_if_match(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = format!("{ENV}/groups/grp-support/members");
    let body = json!({ "members": ["usr-12345-bwilliams", "usr-12345-ivomulder-unknown"] });
    let unknown = app
        .send(&app.client, Method::PUT, &path, Some(1), Some(body))
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unknown.json::<ErrorBody>().await.unwrap().field.as_deref(),
        Some("members[1]")
    );
    let body = json!({ "members": ["usr-12345-bwilliams", "usr-12345-imulder"] });
    let response = app
        .send(&app.client, Method::PUT, &path, Some(1), Some(body.clone()))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let group: GroupDetail = response.json().await.unwrap();
    let names: Vec<&str> = group.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Britt Williams", "Ivo Mulder"]);
    assert_eq!(group.version, 2);
    let again = app
        .send(&app.client, Method::PUT, &path, Some(1), Some(body))
        .await;
    assert_eq!(again.status(), StatusCode::PRECONDITION_FAILED);
}

async fn removing_the_only_members_of_an_owner_group_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    // Management owns Customer Insights; emptying it would leave the app without an owner.
    let response = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{ENV}/groups/grp-management/members"),
            Some(1),
            Some(json!({ "members": [] })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response
        .json::<ErrorBody>()
        .await
        .unwrap()
        .error
        .contains("without an owner"));
}

async fn deleting_a_group_removes_its_grants(backend: Backend) {
    let app = spawn_app(backend).await;
    // Support is linked to the demo app connector, which must go (or move) first.
    let linked = app
        .send(
            &app.client,
            Method::DELETE,
            &format!("{ENV}/groups/grp-support"),
            Some(1),
            None,
        )
        .await;
    assert_eq!(linked.status(), StatusCode::CONFLICT);
    let unlinked = app
        .send(
            &app.client,
            Method::DELETE,
            &format!("{ENV}/app-connectors/ac-hr-portal"),
            Some(1),
            None,
        )
        .await;
    assert_eq!(unlinked.status(), StatusCode::NO_CONTENT);
    let response = app
        .send(
            &app.client,
            Method::DELETE,
            &format!("{ENV}/groups/grp-support"),
            Some(1),
            None,
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::NO_CONTENT,
        "{:?}",
        response.text().await
    );
    let perms: ResourcePermissions = app
        .get(&format!("{ENV}/resources/res-crm/permissions"))
        .await
        .json()
        .await
        .unwrap();
    assert!(perms.grants.iter().all(|g| g.subject.name != "Support"));
    let owner_group = app
        .send(
            &app.client,
            Method::DELETE,
            &format!("{ENV}/groups/grp-ict"),
            Some(1),
            None,
        )
        .await;
    assert_eq!(
        owner_group.status(),
        StatusCode::CONFLICT,
        "ICT owns Salesforce Sync"
    );
}

async fn only_the_account_owner_changes_groups(backend: Backend) {
    let app = spawn_app(backend).await;
    let fleur = app.client_for("12345.FSmit").await;
    let response = app
        .send(
            &fleur,
            Method::POST,
            &format!("{ENV}/groups"),
            None,
            Some(json!({ "name": "Mine" })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response
        .json::<ErrorBody>()
        .await
        .unwrap()
        .error
        .contains("only the account owner"));
    let members = app
        .send(
            &fleur,
            Method::PUT,
            &format!("{ENV}/groups/grp-support/members"),
            Some(1),
            Some(json!({ "members": [] })),
        )
        .await;
    assert_eq!(members.status(), StatusCode::FORBIDDEN);
}

async fn bad_group_input_names_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    for (body, status, message) in [
        (
            json!({ "name": "  " }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "name must not be empty",
        ),
        // Taken by the built-in group: a conflict, as any name in use is.
        (
            json!({ "name": "all users" }),
            StatusCode::CONFLICT,
            "All Users is the built-in group; choose another name",
        ),
    ] {
        let response = app
            .send(
                &app.client,
                Method::POST,
                &format!("{ENV}/groups"),
                None,
                Some(body),
            )
            .await;
        assert_eq!(response.status(), status);
        let error: ErrorBody = response.json().await.unwrap();
        assert_eq!(
            (error.error.as_str(), error.field.as_deref()),
            (message, Some("name"))
        );
    }
    let duplicate = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/groups"),
            None,
            Some(json!({ "name": "ICT" })),
        )
        .await;
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    assert_eq!(
        duplicate
            .json::<ErrorBody>()
            .await
            .unwrap()
            .field
            .as_deref(),
        Some("name")
    );
}
