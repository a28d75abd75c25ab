//! Reading groups: the groups of an environment, and one group with its members.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_wire::{GroupDetail, GroupSummary};

use super::not_found;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::environments::caller_environment;
use crate::routes::openapi::{EnvParam, SignedIn};
use crate::routes::versioning::etag;
use crate::AppState;

/// The groups of an environment
#[utoipa::path(
    get,
    path = "/environments/{env}/groups",
    tag = "groups",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the groups, by name", body = Vec<GroupSummary>),
        SignedIn,
    ),
)]
pub(in crate::routes) async fn list_groups(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Vec<GroupSummary>>, ApiError> {
    let env = caller_environment(&state, &caller, &env).await?;
    Ok(Json(state.store.list_groups(&env.code).await?))
}

/// A group with its members
#[utoipa::path(
    get,
    path = "/environments/{env}/groups/{id}",
    tag = "groups",
    params(EnvParam, ("id" = String, Path, description = "the group's id, e.g. `grp-support`")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the group", body = GroupDetail, headers(("ETag" = String, description = "the group's version"))),
        SignedIn,
    ),
)]
pub(in crate::routes) async fn get_group(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let env = caller_environment(&state, &caller, &env).await?;
    let group = state
        .store
        .find_group(&env.code, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    Ok((etag(group.version), Json(group)))
}
