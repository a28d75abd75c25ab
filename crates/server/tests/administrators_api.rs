//! Who to ask, over real HTTP on SQLite and PostgreSQL: every administrator reads who
//! administers an environment (its account owners, or its organisation's where it has none of
//! its own), and refusals name the people who could make the change instead.

mod common;

use common::{spawn_app, Backend};
use gatehouse_wire::{Administrators, ErrorBody, ResourcePermissions};
use serde_json::json;

on_both_backends!(
    every_administrator_learns_who_to_ask,
    refusals_name_who_can_instead
);

async fn administrators(
    app: &common::TestApp,
    client: &reqwest::Client,
    env: &str,
) -> Administrators {
    let response = client
        .get(app.url(&format!("/api/v1/environments/{env}/administrators")))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200, "{env}");
    response.json().await.expect("administrators")
}

async fn every_administrator_learns_who_to_ask(backend: Backend) {
    let app = spawn_app(backend).await;
    let britt = app.client_for("12345.BWilliams").await;
    for client in [&app.client, &britt] {
        let production = administrators(&app, client, "O12345AA").await;
        let codes: Vec<&str> = production
            .account_owners
            .iter()
            .map(|u| u.code.as_str())
            .collect();
        assert_eq!(codes, vec!["12345.AdeVries"]);
        assert_eq!(production.account_owners[0].name, "Anna de Vries");
        assert_eq!(
            production.ask.as_deref(),
            Some("Ask Anna de Vries (account owner).")
        );
    }
    // Accept has no users of its own: the organisation's account owner administers it.
    let accept = administrators(&app, &app.client, "A12345AA").await;
    assert_eq!(
        accept.ask.as_deref(),
        Some("Ask Anna de Vries (account owner).")
    );

    let test = administrators(&app, &britt, "T12345AA").await;
    assert_eq!(test.account_owners.len(), 1, "{test:?}");
    assert_eq!(test.account_owners[0].code, "12345.AdeVries");
    // Britt works at Delta Care as a collaborator: there she asks Delta Care's owner.
    let client = administrators(&app, &britt, "O54321AA").await;
    let codes: Vec<&str> = client
        .account_owners
        .iter()
        .map(|u| u.code.as_str())
        .collect();
    assert_eq!(codes, vec!["54321.LVos"]);
    // Fleur does not work there: not hers to ask about.
    let fleur = app.client_for("12345.FSmit").await;
    let response = fleur
        .get(app.url("/api/v1/environments/O54321AA/administrators"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

async fn refusals_name_who_can_instead(backend: Backend) {
    let app = spawn_app(backend).await;
    let britt = app.client_for("12345.BWilliams").await;
    // Britt reads CRM Portal (Editor through Support) but may not change it: the page data
    // says why and who may.
    let crm: ResourcePermissions = britt
        .get(app.url("/api/v1/environments/O12345AA/resources/res-crm/permissions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let why = crm.resource.edit_refusal.expect("read only for Britt");
    assert!(
        why.ends_with("Ask Fleur Smit (Owner of CRM Portal) or Anna de Vries (account owner)."),
        "{why}"
    );
    // A change set she sends anyway is refused with the same names.
    let response = britt
        .post(app.url("/api/v1/environments/O12345AA/changes"))
        .header("x-gatehouse-csrf", "1")
        .json(&json!({"changes": [{"op": "create_group", "group": "grp-x", "name": "X"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let error = response.json::<ErrorBody>().await.unwrap().error;
    assert!(
        error.ends_with("Ask Anna de Vries (account owner)."),
        "{error}"
    );
}
