//! `GET /api/v1/environments`: the organisation environments the studio can work in, and
//! `GET /api/v1/environments/{env}/administrators`: who to ask for what only they may do.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::{Administrators, EnvironmentInfo, ErrorBody};

use super::context::PolicyContext;
use super::openapi::{EnvParam, SignedIn};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// The environment routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/environments", get(list_environments))
        .route("/environments/{env}/administrators", get(administrators))
}

/// Who administers the environment: its active account owners, by name, so an action only
/// they may take can say up front who to ask. An environment without users of its own (a new
/// accept environment) is administered by its organisation's account owners, so those of
/// the organisation's other environments are named then. Open to everyone who works there.
#[utoipa::path(
    get,
    path = "/environments/{env}/administrators",
    tag = "environments",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the environment's active account owners", body = Administrators),
        SignedIn,
    ),
)]
pub(super) async fn administrators(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Administrators>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let here = gatehouse_app::administrators(&ctx.policy);
    if !here.account_owners.is_empty() {
        return Ok(Json(here));
    }
    let siblings = state.store.list_environments().await?;
    for other in siblings
        .iter()
        .filter(|e| e.participant == ctx.env.participant && e.code != ctx.env.code)
    {
        let Some((other, generation)) =
            state.store.find_environment_generation(&other.code).await?
        else {
            continue;
        };
        let snapshot = state
            .policies
            .get_or_load(&state.store, &other.code, generation, ctx.now)
            .await?;
        let there = gatehouse_app::administrators(&snapshot.policy);
        if !there.account_owners.is_empty() {
            return Ok(Json(there));
        }
    }
    Ok(Json(here))
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
