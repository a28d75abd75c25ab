//! Tables and filters in change sets over real HTTP on SQLite and PostgreSQL: a group created
//! and activated for a filter, two users' deviations for one filter and a new filter active
//! for the new group, in one set (one audit entry per filter); a stale filter version writes nothing; only the account
//! owner and the Owners of the serving connectors manage a table.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{ChangeSetResult, FilterView};
use reqwest::StatusCode;
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";
const DOSSIER: &str = "tbl-dossier-items";

on_both_backends!(
    groups_deviations_and_a_new_filter_change_in_one_set,
    a_stale_filter_version_writes_nothing,
    only_the_managers_of_a_table_change_it,
);

async fn filter_audits(app: &TestApp) -> usize {
    app.audit_total(ENV, "entity=filter").await
}

async fn filters(app: &TestApp) -> Vec<FilterView> {
    let table: Value = app
        .get(&format!("{ENV}/tables/{DOSSIER}"))
        .await
        .json()
        .await
        .unwrap();
    serde_json::from_value(table["filters"].clone()).unwrap()
}

async fn groups_deviations_and_a_new_filter_change_in_one_set(backend: Backend) {
    let app = spawn_app(backend).await;
    let audits = filter_audits(&app).await;
    let response = app
        .post_changes(
            ENV,
            json!({ "changes": [
                { "op": "set_filter_groups", "table": DOSSIER, "filter": "support", "version": 1,
                  "groups": ["grp-support", "grp-auditors"] },
                { "op": "create_group", "group": "grp-auditors", "name": "Auditors" },
                { "op": "set_deviation", "table": DOSSIER, "filter": "ict", "version": 1,
                  "user": "usr-12345-kpeters", "deviation": "force_on" },
                { "op": "set_deviation", "table": DOSSIER, "filter": "ict", "version": 1,
                  "user": "usr-12345-bwilliams", "deviation": "force_off" },
                { "op": "create_filter", "table": DOSSIER, "name": " Open requests ",
                  "predicate": { "op": "eq", "field": "kind", "value": "Open" },
                  "groups": ["grp-auditors"] },
            ]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: ChangeSetResult = response.json().await.unwrap();
    let mut changed: Vec<&str> = result
        .filters
        .iter()
        .map(|f| f.filter.name.as_str())
        .collect();
    changed.sort_unstable();
    assert_eq!(changed, ["ICT filter", "Open requests", "Support filter"]);
    assert_eq!(filter_audits(&app).await, audits + 3);
    let now = filters(&app).await;
    let support = now.iter().find(|f| f.id == "support").unwrap();
    let groups: Vec<&str> = support.groups.iter().map(|g| g.name.as_str()).collect();
    assert!(groups.contains(&"Auditors"), "{groups:?}");
    let ict = now.iter().find(|f| f.id == "ict").unwrap();
    assert_eq!(ict.deviations.len(), 2, "{:?}", ict.deviations);
    assert!(ict.version > 1);
    let open = now.iter().find(|f| f.id == "open-requests").unwrap();
    assert_eq!(open.version, 1);
    let open_groups: Vec<&str> = open.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        open_groups,
        ["Auditors"],
        "a new filter active for a new group"
    );
}

async fn a_stale_filter_version_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = filters(&app).await;
    let audits = filter_audits(&app).await;
    let response = app
        .post_changes(
            ENV,
            json!({ "changes": [
                { "op": "create_filter", "table": DOSSIER, "name": "Open requests",
                  "predicate": { "op": "eq", "field": "kind", "value": "Open" } },
                { "op": "set_filter_groups", "table": DOSSIER, "filter": "support", "version": 7,
                  "groups": [] },
            ]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let error: Value = response.json().await.unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("filter Support filter of table Dossier items"),
        "{error}"
    );
    assert_eq!(filters(&app).await, before);
    assert_eq!(filter_audits(&app).await, audits);
    // An unknown field in a predicate is refused at the field, naming the table.
    let response = app
        .post_changes(
            ENV,
            json!({ "changes": [
                { "op": "update_filter", "table": DOSSIER, "filter": "ict", "version": 1,
                  "name": "ICT filter", "predicate": { "op": "eq", "field": "salary", "value": 1 } },
            ]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["field"], "changes[0].predicate");
    assert!(!error["error"].as_str().unwrap().contains('`'), "{error}");
}

async fn only_the_managers_of_a_table_change_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let mode = |table: &str| {
        json!({ "changes": [
            { "op": "set_table_mode", "table": table, "version": 1, "mode": "according_to_filter" },
        ]})
    };
    let fleur = app.client_for("12345.FSmit").await;
    let refused = app
        .send(
            &fleur,
            reqwest::Method::POST,
            &format!("{ENV}/changes"),
            None,
            Some(mode(DOSSIER)),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let error: Value = refused.json().await.unwrap();
    assert!(
        error["error"].as_str().unwrap().contains(
            "only an owner of HR Database or the account owner may manage table Dossier items"
        ),
        "{error}"
    );
    // Gijs Meijer owns HR Database (serving Dossier items), not Salesforce Sync (Employees).
    let gijs = app.client_for("12345.GMeijer").await;
    let employees = app
        .send(
            &gijs,
            reqwest::Method::POST,
            &format!("{ENV}/changes"),
            None,
            Some(mode("tbl-employees")),
        )
        .await;
    assert_eq!(employees.status(), StatusCode::FORBIDDEN);
    let dossier = app
        .send(
            &gijs,
            reqwest::Method::POST,
            &format!("{ENV}/changes"),
            None,
            Some(json!({ "changes": [
                { "op": "set_table_mode", "table": DOSSIER, "version": 1, "mode": "all_rows" },
            ]})),
        )
        .await;
    assert_eq!(dossier.status(), StatusCode::OK);
    let result: ChangeSetResult = dossier.json().await.unwrap();
    assert_eq!(result.tables[0].version, 2);
}
