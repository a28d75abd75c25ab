//! Wire calls to the Gatehouse server (`/api/v1`), one function per call, verb_noun.

mod access_tests;
mod audit;
mod collaborators;
mod environments;
mod failure;
mod groups;
mod imports;
mod integration;
mod permissions;
mod provisioning;
mod session;
mod tables;
mod users;

pub use access_tests::{
    create_access_test, delete_access_test, list_access_tests, replace_access_test,
};
pub use audit::{list_audit_change_sets, list_audit_entries, undo_change_set, AuditFilter};
pub use collaborators::{
    activate_collaborator, add_collaborator, convert_user, deactivate_collaborator,
    get_collaboration, get_collaborator_source, get_licences, get_sync_run, list_sync_runs,
    run_sync, update_user_properties,
};
pub use environments::{
    change_data_environment, compare_data_environments, get_administrators, list_data_environments,
    list_environments,
};
pub use failure::ApiFailure;
pub use groups::{
    create_group, delete_group, get_group, list_groups, rename_group, set_group_members,
};
pub use imports::import_users;
pub(crate) use integration::not_in_demo;
pub use integration::{
    block_app_connector, call_connector, create_app_connector, delete_app_connector, issue_token,
    list_app_connectors, list_tokens, revoke_token, update_app_connector, CallOutcome,
};
pub use permissions::{
    apply_changes, get_permissions, get_policy, get_subject_permissions, get_user_access,
    list_resources, SubjectKey,
};
pub use provisioning::{create_scim_token, get_provisioning, revoke_scim_token};
pub use session::{get_session, sign_in, sign_out};
pub use tables::{
    create_filter, delete_filter, get_access_loss, get_row_gain, get_table, get_table_visibility,
    list_tables, set_filter_deviation, set_filter_groups, set_table_mode, update_filter,
};
pub use users::{get_user, list_first_users, list_users};

use gatehouse_wire::{BrokenTestsBody, ErrorBody};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Where the API lives, relative to the page (the server serves both).
pub const API_BASE: &str = "/api/v1";

/// The header the server requires on every change (its CSRF defence).
pub const CSRF_HEADER: &str = "x-gatehouse-csrf";

/// GETs a JSON document, turning network failures and error answers into [`ApiFailure`].
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let _busy = crate::busy::Busy::start();
    let request = Request::get(&format!("{API_BASE}{path}")).header("accept", "application/json");
    let response = request
        .send()
        .await
        .map_err(|err| ApiFailure::Unreachable(err.to_string()))?;
    read_json(response).await
}

/// Sends a change (`POST`, `PUT`, `DELETE`) with an optional JSON body and reads the answer.
pub async fn send_json<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiFailure> {
    let url = format!("{API_BASE}{path}");
    let builder: RequestBuilder = match method {
        "PUT" => Request::put(&url),
        "DELETE" => Request::delete(&url),
        "PATCH" => Request::patch(&url),
        _ => Request::post(&url),
    };
    send_with(builder, body).await
}

/// Sends a change with `If-Match: "version"` (optimistic concurrency): `POST`, `PUT` or
/// `DELETE` (anything else is sent as `PUT`).
pub async fn send_json_if_match<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    version: i64,
    body: Option<&B>,
) -> Result<T, ApiFailure> {
    let url = format!("{API_BASE}{path}");
    let builder = match method {
        "DELETE" => Request::delete(&url),
        "POST" => Request::post(&url),
        _ => Request::put(&url),
    };
    send_with(builder.header("if-match", &format!("\"{version}\"")), body).await
}

async fn send_with<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&B>,
) -> Result<T, ApiFailure> {
    let _busy = crate::busy::Busy::start();
    let builder = builder
        .header("accept", "application/json")
        .header(CSRF_HEADER, "1");
    let request = match body {
        Some(body) => builder
            .json(body)
            .map_err(|err| ApiFailure::Malformed(err.to_string()))?,
        None => builder
            .build()
            .map_err(|err| ApiFailure::Malformed(err.to_string()))?,
    };
    let response = request
        .send()
        .await
        .map_err(|err| ApiFailure::Unreachable(err.to_string()))?;
    read_json(response).await
}

/// The server's 412 body: its sentence, and the entity as it is stored now.
#[derive(Default, serde::Deserialize)]
struct StaleBody {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    current_version: i64,
    #[serde(default)]
    current: Option<Box<serde_json::value::RawValue>>,
}

/// The failure for a 412 answer with body `text` (read leniently: a body that is not the
/// server's still gives a conflict, with a general sentence).
fn stale_failure(text: &str) -> ApiFailure {
    let body = serde_json::from_str::<StaleBody>(text).unwrap_or_default();
    ApiFailure::Stale {
        message: body
            .error
            .unwrap_or_else(|| "someone else changed this".to_owned()),
        current_version: body.current_version,
        current: body
            .current
            .map(|raw| raw.get().to_owned())
            .unwrap_or_default(),
    }
}

/// The failure for an error answer with `status` and body `text`: a change set refused for
/// the access tests it breaks keeps them ([`ApiFailure::TestsBroken`]); any other error is
/// the server's `{ error, field }`, or a general sentence when the body is not the server's.
fn error_failure(status: u16, status_text: &str, text: &str) -> ApiFailure {
    if matches!(status, 403 | 409) {
        if let Ok(body) = serde_json::from_str::<BrokenTestsBody>(text) {
            return ApiFailure::TestsBroken { status, body };
        }
    }
    let body = serde_json::from_str::<ErrorBody>(text).unwrap_or_else(|_| ErrorBody {
        error: format!("the server answered {status} {status_text}"),
        field: None,
    });
    ApiFailure::Refused { status, body }
}

/// Reads a JSON answer, or the server's `{ error, field }` for an error status.
async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    if response.status() == 412 {
        let text = response.text().await.unwrap_or_default();
        return Err(stale_failure(&text));
    }
    if response.status() == 204 {
        // No body: let `T = ()`-like callers decode `null`.
        return serde_json::from_str("null").map_err(|err| ApiFailure::Malformed(err.to_string()));
    }
    if !response.ok() {
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        return Err(error_failure(status, &response.status_text(), &text));
    }
    response
        .json::<T>()
        .await
        .map_err(|err| ApiFailure::Malformed(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_412_keeps_the_servers_sentence_version_and_the_stored_entity_as_text() {
        let failure = stale_failure(
            r#"{"error":"this grant was changed by someone else","current_version":4,
                "current":{"id":"g-1","version":4,"role":"editor"}}"#,
        );
        let ApiFailure::Stale {
            message,
            current_version,
            current,
        } = failure
        else {
            panic!("not a conflict: {failure:?}");
        };
        assert_eq!(message, "this grant was changed by someone else");
        assert_eq!(current_version, 4);
        assert_eq!(current, r#"{"id":"g-1","version":4,"role":"editor"}"#);
        let back: serde_json::Value = serde_json::from_str(&current).unwrap();
        assert_eq!(back["role"], "editor");
    }

    #[test]
    fn a_refusal_for_broken_access_tests_keeps_every_test_and_other_errors_stay_plain() {
        let body = r#"{"error":"this change set breaks the access test 'ICT'","field":"override_tests",
            "broken_tests":[{"test":"tst-1","name":"ICT","sentence":"s","reasons":["r"],"more":0}]}"#;
        let failure = error_failure(409, "Conflict", body);
        let broken = failure.broken_tests().expect("broken tests");
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].reasons, vec!["r".to_owned()]);
        assert_eq!(failure.field(), Some("override_tests"));
        let plain = error_failure(409, "Conflict", r#"{"error":"taken","field":"name"}"#);
        assert_eq!(plain.broken_tests(), None);
        assert_eq!(plain.reason(), "taken");
        let html = error_failure(500, "Internal Server Error", "<html>");
        assert_eq!(
            html.reason(),
            "the server answered 500 Internal Server Error"
        );
    }

    #[test]
    fn a_412_whose_body_is_not_the_servers_is_still_a_conflict() {
        for body in ["", "<html>412</html>", r#"{"current_version":"x"}"#] {
            assert_eq!(
                stale_failure(body),
                ApiFailure::Stale {
                    message: "someone else changed this".to_owned(),
                    current_version: 0,
                    current: String::new(),
                },
                "{body}"
            );
        }
    }
}
