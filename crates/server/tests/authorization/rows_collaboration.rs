//! Matrix rows for collaborators and the nightly sync: reading where a collaborator comes from
//! is open to every administrator; everything else is the account owner's. Several owner
//! samples answer 409 — the rules of the policy crate refusing after authorisation passed
//! (Carlos already belongs to this organisation; Britt still works for clients) — which still
//! proves the request reached the rules.

use reqwest::{Method as M, StatusCode as S};
use serde_json::json;

use crate::matrix::{at, env_path, Fixture, Row, BRITT, ONLY_OWNER};

/// The rows.
pub fn rows(_f: &Fixture) -> Vec<Row> {
    vec![
        at(
            M::POST,
            "/environments/{env}/users/{code}/collaborator",
            &["12345.IMulder"],
        )
        .version(1)
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::OK)
        .unchanged(env_path("/users/12345.IMulder")),
        at(
            M::DELETE,
            "/environments/{env}/users/{code}/collaborator",
            &["12345.CJansen"],
        )
        .version(1)
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::CONFLICT)
        .unchanged(env_path("/users/12345.CJansen")),
        at(
            M::POST,
            "/environments/{env}/users/{code}/conversion",
            &["12345.KPeters"],
        )
        .version(1)
        .body(json!({ "person": "P-1" }))
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::CONFLICT)
        .unchanged(env_path("/users/12345.KPeters")),
        at(
            M::GET,
            "/environments/{env}/users/{code}/collaboration",
            &["12345.BWilliams"],
        )
        .open_to(BRITT),
        at(M::POST, "/environments/{env}/collaborators", &[])
            .body(json!({ "code": "12345.CJansen", "kind": "system" }))
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::CONFLICT)
            .unchanged(env_path("/users")),
        at(
            M::GET,
            "/environments/{env}/collaborators/sources/{code}",
            &["12345.CJansen"],
        )
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::CONFLICT),
        at(M::GET, "/licences", &[])
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::OK),
        at(M::GET, "/sync/runs", &[])
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::OK),
        at(M::POST, "/sync/runs", &[])
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::CREATED)
            .unchanged("/api/v1/sync/runs".to_owned()),
        at(M::GET, "/sync/runs/{id}", &["no-such-run"])
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::NOT_FOUND),
    ]
}
