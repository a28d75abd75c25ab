//! App connectors over HTTP on both databases: the list with linked group, members and
//! missing emails; create, change, block and delete with If-Match; bad input naming the field;
//! and who may change them.

mod common;

use common::{spawn_app, Backend};
use gatehouse_wire::{AppConnectorView, ConnectorKind, ErrorBody};
use reqwest::{Method, StatusCode};
use serde_json::json;

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    the_list_shows_group_members_and_flags_missing_emails,
    account_owner_creates_changes_blocks_and_deletes,
    bad_app_connector_input_names_the_field,
    only_the_account_owner_changes_app_connectors,
    a_linked_group_cannot_be_deleted,
);

async fn the_list_shows_group_members_and_flags_missing_emails(backend: Backend) {
    let app = spawn_app(backend).await;
    let list: Vec<AppConnectorView> = app
        .get(&format!("{ENV}/app-connectors"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    let hr = &list[0];
    assert_eq!(
        (hr.name.as_str(), hr.group.name.as_str()),
        ("HR Portal sync", "Support")
    );
    assert!(!hr.blocked);
    let connectors: Vec<(&str, ConnectorKind, Option<&str>)> = hr
        .connectors
        .iter()
        .map(|c| (c.name.as_str(), c.kind, c.table.as_deref()))
        .collect();
    assert_eq!(
        connectors,
        [
            ("HR Database", ConnectorKind::Get, Some("tbl-dossier-items")),
            ("Salesforce Sync", ConnectorKind::Get, Some("tbl-employees")),
        ]
    );
    let members: Vec<&str> = hr.members.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(
        members,
        [
            "12345.BWilliams",
            "12345.EVisser",
            "12345.FSmit",
            "12345.KPeters"
        ]
    );
    assert_eq!(hr.members_missing_email, 0);

    // Jasmijn has no email: once she joins Support she is flagged.
    let mut ids: Vec<String> = hr.members.iter().map(|m| m.id.clone()).collect();
    ids.push("usr-12345-jdekker".to_owned());
    let joined = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{ENV}/groups/grp-support/members"),
            Some(1),
            Some(json!({ "members": ids })),
        )
        .await;
    assert_eq!(joined.status(), StatusCode::OK);
    let hr: AppConnectorView = app
        .get(&format!("{ENV}/app-connectors/ac-hr-portal"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hr.members_missing_email, 1);
    let flagged: Vec<&str> = hr
        .members
        .iter()
        .filter(|m| m.missing_email)
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(flagged, ["12345.JDekker"]);
}

async fn account_owner_creates_changes_blocks_and_deletes(backend: Backend) {
    let app = spawn_app(backend).await;
    let created = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/app-connectors"),
            None,
            Some(json!({
                "name": "Ledger export",
                "group": "grp-ict",
                "connectors": [{ "connector": "res-ledger", "kind": "update" }],
            })),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let view: AppConnectorView = created.json().await.unwrap();
    assert_eq!((view.version, view.group.name.as_str()), (1, "ICT"));
    assert_eq!(view.connectors[0].kind, ConnectorKind::Update);
    assert_eq!(view.connectors[0].table, None);
    let path = format!("{ENV}/app-connectors/{}", view.id);

    let body = json!({
        "name": "Ledger sync",
        "group": "grp-management",
        "connectors": [
            { "connector": "res-ledger", "kind": "get" },
            { "connector": "res-ledger", "kind": "update" },
        ],
    });
    let missing = app
        .send(&app.client, Method::PUT, &path, None, Some(body.clone()))
        .await;
    assert_eq!(missing.status(), StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(
        missing.json::<ErrorBody>().await.unwrap().field.as_deref(),
        Some("if-match")
    );
    let updated = app
        .send(&app.client, Method::PUT, &path, Some(1), Some(body.clone()))
        .await;
    assert_eq!(updated.status(), StatusCode::OK);
    let view: AppConnectorView = updated.json().await.unwrap();
    assert_eq!((view.version, view.name.as_str()), (2, "Ledger sync"));
    assert_eq!(view.connectors.len(), 2);
    let stale = app
        .send(&app.client, Method::PUT, &path, Some(1), Some(body))
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let stale: serde_json::Value = stale.json().await.unwrap();
    assert_eq!(stale["current"]["name"], "Ledger sync");

    let blocked = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{path}/blocked"),
            Some(2),
            Some(json!({ "blocked": true })),
        )
        .await;
    assert_eq!(blocked.status(), StatusCode::OK);
    let view: AppConnectorView = blocked.json().await.unwrap();
    assert!(view.blocked);
    assert_eq!(view.version, 3);

    let deleted = app
        .send(&app.client, Method::DELETE, &path, Some(3), None)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND);
    let audit = app
        .get(&format!("{ENV}/audit?entity=app_connector"))
        .await
        .json::<gatehouse_wire::AuditPage>()
        .await
        .unwrap();
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["delete", "update", "update", "create"]);
}

async fn bad_app_connector_input_names_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = format!("{ENV}/app-connectors");
    let cases = [
        (json!({ "name": " ", "group": "grp-ict" }), 422, "name"),
        (json!({ "name": "X", "group": "grp-nope" }), 422, "group"),
        (
            json!({ "name": "X", "group": "grp-ict", "connectors": [{ "connector": "res-crm", "kind": "get" }] }),
            422,
            "connectors[0].connector",
        ),
        (
            json!({ "name": "X", "group": "grp-ict", "connectors": [{ "connector": "res-hrdb", "kind": "delete" }] }),
            400,
            "connectors[0].kind",
        ),
        (
            json!({ "name": "HR Portal sync", "group": "grp-ict" }),
            409,
            "name",
        ),
        (
            json!({ "name": "X", "group": "grp-ict", "colour": "red" }),
            400,
            "colour",
        ),
    ];
    for (body, status, field) in cases {
        let response = app
            .send(&app.client, Method::POST, &path, None, Some(body))
            .await;
        assert_eq!(response.status().as_u16(), status, "{field}");
        let error: ErrorBody = response.json().await.unwrap();
        assert!(
            error.field.as_deref() == Some(field) || error.error.contains(field),
            "{field}: {error:?}"
        );
    }
    let unknown = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{path}/ac-nope/blocked"),
            Some(1),
            Some(json!({ "blocked": true })),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

async fn only_the_account_owner_changes_app_connectors(backend: Backend) {
    let app = spawn_app(backend).await;
    let britt = app.client_for("12345.BWilliams").await;
    let path = format!("{ENV}/app-connectors/ac-hr-portal");
    let listed = britt
        .get(app.url(&format!("{ENV}/app-connectors")))
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), StatusCode::OK, "reading is for everyone");
    let body = json!({ "name": "Mine", "group": "grp-support" });
    for (method, path, version, body) in [
        (
            Method::POST,
            format!("{ENV}/app-connectors"),
            None,
            Some(body.clone()),
        ),
        (Method::PUT, path.clone(), Some(1), Some(body)),
        (
            Method::PUT,
            format!("{path}/blocked"),
            Some(1),
            Some(json!({ "blocked": true })),
        ),
        (Method::DELETE, path.clone(), Some(1), None),
    ] {
        let response = app.send(&britt, method.clone(), &path, version, body).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {path}");
        let reason: ErrorBody = response.json().await.unwrap();
        assert!(reason.error.contains("account owner"), "{}", reason.error);
    }
}

async fn a_linked_group_cannot_be_deleted(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .send(
            &app.client,
            Method::DELETE,
            &format!("{ENV}/groups/grp-support"),
            Some(1),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let error: ErrorBody = response.json().await.unwrap();
    assert!(error.error.contains("HR Portal sync"), "{}", error.error);
}
