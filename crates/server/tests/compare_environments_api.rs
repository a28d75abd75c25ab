//! Comparing two data environments over real HTTP on SQLite and PostgreSQL: the grants that
//! cover one and not the other, in order; bad parameters named; a plain user does not
//! compare; copying every difference across as one change set leaves only a deactivated
//! user's grant (kept, not editable), and a copy made against a stale grant writes nothing.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{ComparedSide, EnvironmentComparison, ErrorBody};
use reqwest::StatusCode;
use serde_json::json;

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    production_and_staging_differ_where_a_grant_covers_only_one,
    bad_parameters_are_named_and_a_plain_user_does_not_compare,
    copying_every_difference_in_one_set_leaves_only_frozen_ones,
);

async fn compare(app: &TestApp, from: &str, to: &str) -> EnvironmentComparison {
    let response = app
        .get(&format!(
            "{ENV}/data-environments/compare?from={from}&to={to}"
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn production_and_staging_differ_where_a_grant_covers_only_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = compare(&app, "production", "staging").await;
    assert_eq!(
        (c.from.name.as_str(), c.to.name.as_str()),
        ("Production", "Staging")
    );
    assert_eq!(c.same, 9);
    let rows: Vec<_> = c
        .differences
        .iter()
        .map(|d| {
            (
                d.resource_name.as_str(),
                d.grant.subject.name.as_str(),
                d.side,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("CRM Portal", "Carlos Jansen", ComparedSide::OnlyTo),
            ("Customer Insights", "Hana Bos", ComparedSide::OnlyFrom),
            ("Exact Ledger", "ICT", ComparedSide::OnlyTo),
            ("Salesforce Sync", "All Users", ComparedSide::OnlyFrom),
            ("Timesheets", "Management", ComparedSide::OnlyFrom),
            ("Timesheets", "Britt Williams", ComparedSide::OnlyFrom),
        ]
    );
    // The other way round, the sides swap.
    let back = compare(&app, "staging", "production").await;
    assert_eq!(back.differences.len(), 6);
    assert_eq!(back.differences[0].side, ComparedSide::OnlyFrom);
}

async fn bad_parameters_are_named_and_a_plain_user_does_not_compare(backend: Backend) {
    let app = spawn_app(backend).await;
    for (query, status, field) in [
        ("from=production&to=nowhere", StatusCode::NOT_FOUND, "to"),
        ("from=nowhere&to=staging", StatusCode::NOT_FOUND, "from"),
        (
            "from=staging&to=staging",
            StatusCode::UNPROCESSABLE_ENTITY,
            "to",
        ),
        ("from=production", StatusCode::BAD_REQUEST, "to"),
        (
            "from=production&to=staging&extra=1",
            StatusCode::BAD_REQUEST,
            "extra",
        ),
    ] {
        let response = app
            .get(&format!("{ENV}/data-environments/compare?{query}"))
            .await;
        assert_eq!(response.status(), status, "{query}");
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(
            body.field.as_deref(),
            Some(field),
            "{query}: {}",
            body.error
        );
    }
    // A plain user (no Owner role anywhere) does not compare.
    let plain_user = app.client_for("12345.JDekker").await;
    let response = plain_user
        .get(app.url(&format!(
            "{ENV}/data-environments/compare?from=production&to=staging"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

async fn copying_every_difference_in_one_set_leaves_only_frozen_ones(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = compare(&app, "production", "staging").await;
    // Hana Bos is deactivated: her grant is kept and cannot be copied.
    let frozen: Vec<_> = c.differences.iter().filter(|d| d.frozen).collect();
    assert_eq!(frozen.len(), 1);
    assert_eq!(frozen[0].grant.subject.name, "Hana Bos");
    let chosen: Vec<_> = c.differences.iter().filter(|d| !d.frozen).collect();
    let (requests, _) = gatehouse_app::align_requests(&chosen, "staging");

    // A copy made against a grant that changed since is refused whole.
    let mut stale = serde_json::to_value(&requests).unwrap();
    stale[0]["version"] = json!(chosen[0].grant.version - 1);
    let response = app.post_changes(ENV, json!({ "changes": stale })).await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        compare(&app, "production", "staging")
            .await
            .differences
            .len(),
        6
    );

    let response = app.post_changes(ENV, json!({ "changes": requests })).await;
    let status = response.status();
    assert_eq!(status, StatusCode::OK, "{}", response.text().await.unwrap());
    let after = compare(&app, "production", "staging").await;
    let left: Vec<_> = after
        .differences
        .iter()
        .map(|d| d.grant.subject.name.as_str())
        .collect();
    assert_eq!(left, ["Hana Bos"]);
    // Carlos's Staging-only grant went; the others now cover both.
    assert_eq!(after.same, 12);
}
