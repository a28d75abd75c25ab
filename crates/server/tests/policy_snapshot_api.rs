//! The policy snapshot in both its forms over real HTTP, on SQLite and PostgreSQL: the compact
//! form the access matrix reads decodes to exactly the plain snapshot, expiring grants and
//! every kind of subject included, for each organisation environment and each reader.

mod common;

use common::{spawn_app, Backend};
use gatehouse_policy::{Policy, Subject};
use gatehouse_wire::CompactPolicy;
use serde_json::json;

on_both_backends!(the_compact_snapshot_is_the_plain_snapshot);

/// Both forms read by `client` for `env`.
async fn both(app: &common::TestApp, client: &reqwest::Client, env: &str) -> (Policy, Policy) {
    let get = |suffix: &'static str| {
        let url = app.url(&format!("/api/v1/environments/{env}/policy{suffix}"));
        async move {
            let response = client.get(url).send().await.expect("request");
            assert_eq!(response.status(), 200, "{env}{suffix}");
            response
        }
    };
    let plain: Policy = get("").await.json().await.expect("plain snapshot");
    let compact: CompactPolicy = get("/compact")
        .await
        .json()
        .await
        .expect("compact snapshot");
    (
        plain,
        compact.decode().expect("the compact snapshot decodes"),
    )
}

async fn the_compact_snapshot_is_the_plain_snapshot(backend: Backend) {
    let app = spawn_app(backend).await;
    let env = "/api/v1/environments/O12345AA";
    let response = app
        .post_changes(
            env,
            json!({"changes": [
                {"op": "create_group", "group": "grp-auditors", "name": "Auditors"},
                {"op": "create_grant", "resource": "res-crm",
                 "subject": {"type": "group", "id": "grp-auditors"},
                 "role": {"app": "preview_only"}, "environments": ["production", "staging"],
                 "expires_at": 4102444800_i64}
            ]}),
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());

    let (plain, decoded) = both(&app, &app.client, "O12345AA").await;
    assert_eq!(decoded, plain);
    assert!(plain.grants.iter().any(|g| g.expires_at.is_some()));
    let kinds: [fn(&Subject) -> bool; 3] = [
        |s: &Subject| matches!(s, Subject::AllUsers),
        |s: &Subject| matches!(s, Subject::Group(_)),
        |s: &Subject| matches!(s, Subject::User(_)),
    ];
    for kind in kinds {
        assert!(plain.grants.iter().any(|g| kind(&g.subject)));
    }

    // Another organisation environment, and a resource owner rather than the account owner.
    let (plain, decoded) = both(&app, &app.client, "A12345AA").await;
    assert_eq!(decoded, plain);
    let fleur = app.client_for("12345.FSmit").await;
    let (plain, decoded) = both(&app, &fleur, "O12345AA").await;
    assert_eq!(decoded, plain);

    // The compact form is the smaller one.
    let size = |suffix: &'static str| {
        let url = app.url(&format!("{env}/policy{suffix}"));
        let client = app.client.clone();
        async move {
            client
                .get(url)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
                .len()
        }
    };
    let (plain_bytes, compact_bytes) = (size("").await, size("/compact").await);
    assert!(
        compact_bytes < plain_bytes,
        "compact {compact_bytes} B, plain {plain_bytes} B"
    );
}
