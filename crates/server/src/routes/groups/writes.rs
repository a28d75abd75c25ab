//! Changing groups themselves: create, rename, delete — each a change set of one change
//! (the policy crate decides: account owner only, names, the lock-out guard for a deletion,
//! which removes the group's grants and memberships).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_wire::{ChangeRequest, ErrorBody, GroupDetail, GroupFields};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::changes::apply_one;
use crate::routes::context::PolicyContext;
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::versioning::{etag, if_match};
use crate::AppState;

/// Create a group (account owner only)
#[utoipa::path(
    post,
    path = "/environments/{env}/groups",
    tag = "groups",
    params(EnvParam),
    request_body = GroupFields,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "created", body = GroupDetail, headers(("ETag" = String, description = "the group's version"))),
        SignedIn,
        JsonBody,
        (status = 409, description = "another group already uses this name", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn create_group(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<GroupFields>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::CreateGroup {
        group: None,
        name: body.name,
        description: body.description,
    };
    let created = one_group(&state, &caller, &env, change).await?;
    Ok((StatusCode::CREATED, etag(created.version), Json(created)))
}

/// Rename a group or change its description (account owner only)
#[utoipa::path(
    put,
    path = "/environments/{env}/groups/{id}",
    tag = "groups",
    params(EnvParam, ("id" = String, Path, description = "the group's id, e.g. `grp-support`"), IfMatch),
    request_body = GroupFields,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = GroupDetail, headers(("ETag" = String, description = "the group's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "another group already uses this name", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn rename_group(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<GroupFields>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::RenameGroup {
        group: id,
        version: if_match(&headers)?,
        name: body.name,
        description: Some(body.description),
    };
    let renamed = one_group(&state, &caller, &env, change).await?;
    Ok((etag(renamed.version), Json(renamed)))
}

/// Delete a group, its grants and memberships (account owner only)
#[utoipa::path(
    delete,
    path = "/environments/{env}/groups/{id}",
    tag = "groups",
    params(EnvParam, ("id" = String, Path, description = "the group's id, e.g. `grp-support`"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 204, description = "deleted"),
        SignedIn,
        IfMatch,
        (status = 409, description = "an app connector links the group, or a resource would lose its last Owner", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn delete_group(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::DeleteGroup {
        group: id,
        version: if_match(&headers)?,
    };
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    apply_one(&state, &ctx, &caller, change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A one-change set about a group; the group as stored after it.
async fn one_group(
    state: &AppState,
    caller: &Caller,
    env: &str,
    change: ChangeRequest,
) -> Result<GroupDetail, ApiError> {
    let ctx = PolicyContext::load(state, caller, env).await?;
    let result = apply_one(state, &ctx, caller, change).await?;
    result
        .groups
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("the group was not stored".to_owned()))
}
