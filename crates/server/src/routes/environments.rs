//! `GET /api/v1/environments`: the organisation environments the studio can work in.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::{EnvironmentInfo, ErrorBody};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// The environment routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/environments", get(list_environments))
}

/// The environments of the caller's organisation
#[utoipa::path(
    get,
    path = "/environments",
    tag = "environments",
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "production, test and accept environments", body = Vec<EnvironmentInfo>),
        (status = 401, description = "not signed in", body = ErrorBody),
    ),
)]
async fn list_environments(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<EnvironmentInfo>>, ApiError> {
    let participant = participant_of(&caller.user.environment);
    // A collaborator also works in the client environments where it has been added.
    let elsewhere = state
        .store
        .active_environments_of(&caller.user.code)
        .await?;
    let mut environments = state.store.list_environments().await?;
    environments.retain(|env| env.participant == participant || elsewhere.contains(&env.code));
    Ok(Json(environments))
}

/// Whether `env` belongs to the caller's own organisation (not a client where the caller
/// works as a collaborator): organisation-wide rights such as the account owner's apply only
/// there.
pub fn in_own_organisation(caller: &Caller, env: &EnvironmentInfo) -> bool {
    gatehouse_app::same_organisation(&caller.user.environment, &env.code)
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
    match prefetched(caller, code) {
        Some((env, _)) => reachable(state, caller, env).await,
        None => reachable(state, caller, require_environment(state, code).await?).await,
    }
}

/// [`caller_environment`] with the environment's policy generation, read in the same query.
pub async fn caller_environment_generation(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<(EnvironmentInfo, i64), ApiError> {
    let found = match prefetched(caller, code) {
        Some(found) => Some(found),
        None => state.store.find_environment_generation(code).await?,
    };
    let (env, generation) = found.ok_or_else(|| ApiError::NotFound {
        what: "environment",
        id: code.to_owned(),
        field: "environment",
    })?;
    Ok((reachable(state, caller, env).await?, generation))
}

/// The environment read with the session, if it is the one asked for.
fn prefetched(caller: &Caller, code: &str) -> Option<(EnvironmentInfo, i64)> {
    caller
        .path_environment
        .as_ref()
        .filter(|(env, _)| env.code == code)
        .cloned()
}

/// The environment if it belongs to the caller's organisation, or the caller works there as a
/// collaborator (an active user with the same code); else 403.
async fn reachable(
    state: &AppState,
    caller: &Caller,
    env: EnvironmentInfo,
) -> Result<EnvironmentInfo, ApiError> {
    if env.participant == participant_of(&caller.user.environment)
        || state
            .store
            .active_environments_of(&caller.user.code)
            .await?
            .contains(&env.code)
    {
        return Ok(env);
    }
    Err(ApiError::Forbidden(format!(
        "environment `{}` belongs to another organisation, and you are not a collaborator there",
        env.code
    )))
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
