//! App connectors, tokens and the connect endpoint (DESIGN §3). The demo mode has none of
//! these: every call answers a designed 501 refusal instead.

use gatehouse_wire::{
    AppConnectorBlock, AppConnectorFields, AppConnectorView, CallRefusalBody, ConnectResult,
    ErrorBody, IssuedToken, NewToken, TokenView,
};
use gloo_net::http::Request;

use super::{get_json, send_json, send_json_if_match, ApiFailure, API_BASE};

/// The refusal every integration call gives in the server-less demo mode.
pub(crate) fn not_in_demo() -> ApiFailure {
    ApiFailure::Refused {
        status: 501,
        body: ErrorBody {
            error: "not available in the demo mode — run the server (scripts/run.sh)".into(),
            field: None,
        },
    }
}

/// The app connectors of an environment.
pub async fn list_app_connectors(env: &str) -> Result<Vec<AppConnectorView>, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    get_json(&format!("/environments/{env}/app-connectors")).await
}

/// Creates an app connector.
pub async fn create_app_connector(
    env: &str,
    fields: &AppConnectorFields,
) -> Result<AppConnectorView, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    send_json(
        "POST",
        &format!("/environments/{env}/app-connectors"),
        Some(fields),
    )
    .await
}

/// Changes an app connector loaded at `version`.
pub async fn update_app_connector(
    env: &str,
    id: &str,
    version: i64,
    fields: &AppConnectorFields,
) -> Result<AppConnectorView, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let path = format!("/environments/{env}/app-connectors/{id}");
    send_json_if_match("PUT", &path, version, Some(fields)).await
}

/// Blocks or unblocks an app connector loaded at `version`.
pub async fn block_app_connector(
    env: &str,
    id: &str,
    version: i64,
    blocked: bool,
) -> Result<AppConnectorView, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let path = format!("/environments/{env}/app-connectors/{id}/blocked");
    send_json_if_match("PUT", &path, version, Some(&AppConnectorBlock { blocked })).await
}

/// Deletes an app connector loaded at `version`.
pub async fn delete_app_connector(env: &str, id: &str, version: i64) -> Result<(), ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let path = format!("/environments/{env}/app-connectors/{id}");
    send_json_if_match::<(), ()>("DELETE", &path, version, None).await
}

/// The tokens of an environment (never their secrets).
pub async fn list_tokens(env: &str) -> Result<Vec<TokenView>, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    get_json(&format!("/environments/{env}/tokens")).await
}

/// Issues a token: the answer holds the secret, the only time it is shown.
pub async fn issue_token(env: &str, body: &NewToken) -> Result<IssuedToken, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    send_json("POST", &format!("/environments/{env}/tokens"), Some(body)).await
}

/// Revokes a token for good.
pub async fn revoke_token(env: &str, id: &str) -> Result<TokenView, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    send_json::<(), _>(
        "POST",
        &format!("/environments/{env}/tokens/{id}/revoke"),
        None,
    )
    .await
}

/// The outcome of a call through an app connector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallOutcome {
    /// Allowed: the rows the token's user may see.
    Rows(ConnectResult),
    /// Refused, naming the condition that failed.
    Refused(CallRefusalBody),
}

/// Calls `GET /connect/{app_connector}/{connector}` as an outside application would, with
/// `Authorization: Bearer <secret>`.
pub async fn call_connector(
    app_connector: &str,
    connector: &str,
    secret: &str,
) -> Result<CallOutcome, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let _busy = crate::busy::Busy::start();
    let response = Request::get(&format!("{API_BASE}/connect/{app_connector}/{connector}"))
        .header("accept", "application/json")
        .header("authorization", &format!("Bearer {}", secret.trim()))
        .send()
        .await
        .map_err(|err| ApiFailure::Unreachable(err.to_string()))?;
    let malformed = |err: gloo_net::Error| ApiFailure::Malformed(err.to_string());
    if response.ok() {
        return response
            .json()
            .await
            .map(CallOutcome::Rows)
            .map_err(malformed);
    }
    let status = response.status();
    if matches!(status, 401 | 403) {
        if let Ok(body) = response.json::<CallRefusalBody>().await {
            return Ok(CallOutcome::Refused(body));
        }
    }
    Err(ApiFailure::Refused {
        status,
        body: ErrorBody {
            error: format!("the connect endpoint answered {status}"),
            field: None,
        },
    })
}
