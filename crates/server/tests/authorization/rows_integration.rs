//! Matrix rows for integration: app connectors, tokens, the connector call, tables and
//! filters.

use reqwest::{Method as M, StatusCode as S};
use serde_json::json;

use crate::matrix::{
    at, env_path, Allowed, Fixture, NonOwner, Row, BRITT, DOSSIER, EMPLOYEES, GIJS, MANAGE_DOSSIER,
    ONLY_OWNER,
};

/// The rows, with the fixture's ids filled in.
pub fn rows(f: &Fixture) -> Vec<Row> {
    let dossier = env_path(&format!("/tables/{DOSSIER}"));
    let predicate = |kind: &str| json!({ "op": "eq", "field": "kind", "value": kind });
    let hr_portal = json!({ "name": "HR Portal sync", "group": "grp-support", "connectors": [
        { "connector": "res-hrdb", "kind": "get" },
        { "connector": "res-salesforce", "kind": "get" } ] });
    let filters = "/environments/{env}/tables/{id}/filters/{filter}";
    vec![
        // App connectors: everyone reads; only the account owner changes.
        at(M::GET, "/environments/{env}/app-connectors", &[]).open_to(BRITT),
        at(
            M::GET,
            "/environments/{env}/app-connectors/{id}",
            &["ac-hr-portal"],
        )
        .open_to(BRITT),
        at(M::POST, "/environments/{env}/app-connectors", &[])
            .body(json!({ "name": "Reporting", "group": "grp-ict" }))
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::CREATED)
            .unchanged(env_path("/app-connectors")),
        at(M::POST, "/environments/{env}/app-connectors", &[])
            .body(json!({ "name": "Gijs's", "group": "grp-management" }))
            .refused(GIJS, ONLY_OWNER)
            .unchanged(env_path("/app-connectors")),
        at(
            M::PUT,
            "/environments/{env}/app-connectors/{id}",
            &["ac-hr-portal"],
        )
        .version(1)
        .body(hr_portal)
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::OK)
        .unchanged(env_path("/app-connectors/ac-hr-portal")),
        at(
            M::PUT,
            "/environments/{env}/app-connectors/{id}/blocked",
            &[&f.connector_to_block],
        )
        .version(1)
        .body(json!({ "blocked": true }))
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::OK)
        .unchanged(env_path(&format!(
            "/app-connectors/{}",
            f.connector_to_block
        ))),
        at(
            M::DELETE,
            "/environments/{env}/app-connectors/{id}",
            &[&f.connector_to_delete],
        )
        .version(1)
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::NO_CONTENT)
        .unchanged(env_path(&format!(
            "/app-connectors/{}",
            f.connector_to_delete
        ))),
        // Tokens: everyone manages their own; only the account owner those of others.
        at(M::GET, "/environments/{env}/tokens", &[]).filtered(BRITT, &[&f.carlos_token]),
        at(M::POST, "/environments/{env}/tokens", &[])
            .body(json!({ "user": "12345.CJansen", "app_connector": "ac-hr-portal" }))
            .refused(
                BRITT,
                "only the account owner may issue tokens for other users",
            )
            .owner_gets(S::CREATED)
            .unchanged(env_path("/tokens")),
        at(
            M::POST,
            "/environments/{env}/tokens/{id}/revoke",
            &[&f.carlos_spare_token],
        )
        .refused(
            BRITT,
            "only the account owner may revoke other users' tokens",
        )
        .owner_gets(S::OK)
        .unchanged(env_path("/tokens")),
        // Provisioning (SCIM): the account owner's alone.
        at(M::GET, "/environments/{env}/provisioning", &[])
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::OK),
        at(M::POST, "/environments/{env}/provisioning/tokens", &[])
            .body(json!({ "name": "Microsoft Entra ID" }))
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::CREATED)
            .unchanged(env_path("/provisioning")),
        at(
            M::POST,
            "/environments/{env}/provisioning/tokens/{id}/revoke",
            &["tok-unknown"],
        )
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::NOT_FOUND)
        .unchanged(env_path("/provisioning")),
        // The connector call: a bearer token of a user in the linked group, nothing else.
        Row {
            non_owner: NonOwner::TokenRefused(
                f.carlos_secret.clone(),
                "is not a member of Support, the group linked",
            ),
            allowed: Some(Allowed::Token(f.britt_secret.clone(), S::OK)),
            ..at(
                M::GET,
                "/connect/{app_connector}/{connector}",
                &["ac-hr-portal", "res-hrdb"],
            )
        },
        // Tables and filters: the account owner and the Owners of a serving connector.
        at(M::GET, "/environments/{env}/tables", &[]).filtered(BRITT, &[DOSSIER, EMPLOYEES]),
        at(M::GET, "/environments/{env}/tables/{id}", &[DOSSIER])
            .refused(BRITT, MANAGE_DOSSIER)
            .owner_gets(S::OK),
        at(M::GET, "/environments/{env}/tables/{id}", &[EMPLOYEES]).refused(
            GIJS,
            "only an owner of Salesforce Sync or the account owner",
        ),
        at(M::PUT, "/environments/{env}/tables/{id}/mode", &[DOSSIER])
            .version(1)
            .body(json!({ "mode": "according_to_filter" }))
            .refused(BRITT, MANAGE_DOSSIER)
            .owner_gets(S::OK)
            .unchanged(dossier.clone()),
        at(
            M::GET,
            "/environments/{env}/tables/{id}/access-loss",
            &[DOSSIER],
        )
        .refused(BRITT, MANAGE_DOSSIER)
        .owner_gets(S::OK),
        at(
            M::GET,
            "/environments/{env}/tables/{id}/row-gain",
            &[DOSSIER],
        )
        .refused(BRITT, MANAGE_DOSSIER)
        .owner_gets(S::OK),
        at(
            M::GET,
            "/environments/{env}/tables/{id}/visible",
            &[DOSSIER],
        )
        .query("user=12345.GMeijer")
        .refused(BRITT, MANAGE_DOSSIER)
        .owner_gets(S::OK),
        at(
            M::POST,
            "/environments/{env}/tables/{id}/filters",
            &[DOSSIER],
        )
        .body(json!({ "name": "Sales filter", "predicate": predicate("Sales") }))
        .refused(BRITT, MANAGE_DOSSIER)
        .owner_gets(S::CREATED)
        .unchanged(dossier.clone()),
        at(M::PUT, filters, &[DOSSIER, "ict"])
            .version(1)
            .body(json!({ "name": "ICT filter", "predicate": predicate("ICT") }))
            .refused(BRITT, MANAGE_DOSSIER)
            .owner_gets(S::OK)
            .unchanged(dossier.clone()),
        at(M::DELETE, filters, &[DOSSIER, "support"])
            .version(1)
            .refused(BRITT, MANAGE_DOSSIER)
            .owner_gets(S::NO_CONTENT)
            .unchanged(dossier.clone()),
        at(
            M::PUT,
            "/environments/{env}/tables/{id}/filters/{filter}/groups",
            &[EMPLOYEES, "all"],
        )
        .version(1)
        .body(json!({ "groups": ["grp-ict"] }))
        .refused(
            BRITT,
            "only an owner of Salesforce Sync or the account owner",
        )
        .owner_gets(S::OK)
        .unchanged(env_path(&format!("/tables/{EMPLOYEES}"))),
        at(
            M::PUT,
            "/environments/{env}/tables/{id}/filters/{filter}/deviations/{user}",
            &[DOSSIER, "all", BRITT],
        )
        .version(1)
        .body(json!({ "deviation": "force_on" }))
        .refused(BRITT, MANAGE_DOSSIER)
        .owner_gets(S::OK)
        .unchanged(dossier),
    ]
}
