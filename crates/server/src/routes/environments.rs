//! `GET /api/v1/environments`: the organisation environments the studio can work in.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::EnvironmentInfo;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// The environment routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/environments", get(list_environments))
}

/// The environments of the caller's organisation.
async fn list_environments(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<EnvironmentInfo>>, ApiError> {
    let participant = participant_of(&caller.user.environment);
    let mut environments = state.store.list_environments().await?;
    environments.retain(|env| env.participant == participant);
    Ok(Json(environments))
}

/// The participant number inside an environment code (`O12345AA` → `12345`).
fn participant_of(environment: &str) -> &str {
    environment.get(1..6).unwrap_or_default()
}

/// Loads an environment of the caller's organisation: 404 when unknown, 403 when it belongs
/// to another organisation.
pub async fn caller_environment(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<EnvironmentInfo, ApiError> {
    let env = require_environment(state, code).await?;
    if env.participant != participant_of(&caller.user.environment) {
        return Err(ApiError::Forbidden(format!(
            "environment `{code}` belongs to another organisation"
        )));
    }
    Ok(env)
}

/// Loads an environment or answers 404 naming it.
pub async fn require_environment(
    state: &AppState,
    code: &str,
) -> Result<EnvironmentInfo, ApiError> {
    state
        .store
        .find_environment(code)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "environment",
            id: code.to_owned(),
            field: "environment",
        })
}
