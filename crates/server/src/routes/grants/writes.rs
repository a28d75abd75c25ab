//! The grant handlers: create, update (If-Match), delete (If-Match) — each a change set of
//! one change on the one write path (`routes/changes`): decided by the policy crate inside
//! the write turn, stored, audited and published to the cache there.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_wire::{ChangeRequest, ErrorBody, GrantUpdate, GrantView, NewGrant};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::changes::apply_one;
use crate::routes::context::PolicyContext;
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::versioning::{etag, if_match};
use crate::AppState;

/// Give a subject a role on a resource (the resource's owners)
///
/// The policy crate authorises and validates the grant and applies the lock-out guard.
#[utoipa::path(
    post,
    path = "/environments/{env}/resources/{id}/grants",
    tag = "grants",
    params(EnvParam, ("id" = String, Path, description = "the resource's id")),
    request_body = NewGrant,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "created", body = GrantView, headers(("ETag" = String, description = "the grant's version"))),
        SignedIn,
        JsonBody,
        (status = 409, description = "the subject already has a grant here, or the resource would lose its last Owner", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn create_grant(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, resource)): Path<(String, String)>,
    ApiJson(body): ApiJson<NewGrant>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let change = ChangeRequest::CreateGrant {
        resource,
        subject: body.subject,
        role: body.role,
        environments: body.environments,
        expires_at: body.expires_at,
    };
    let view = stored_grant(apply_one(&state, &ctx, &caller, change).await)?;
    Ok((StatusCode::CREATED, etag(view.version), Json(view)))
}

/// Change a grant's role, data environments or expiry
#[utoipa::path(
    put,
    path = "/environments/{env}/grants/{grant}",
    tag = "grants",
    params(EnvParam, ("grant" = String, Path, description = "the grant's id"), IfMatch),
    request_body = GrantUpdate,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = GrantView, headers(("ETag" = String, description = "the grant's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "the resource would lose its last Owner", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn update_grant(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, grant_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<GrantUpdate>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let change = ChangeRequest::UpdateGrant {
        grant: grant_id,
        version: expected,
        role: body.role,
        environments: body.environments,
        expires_at: body.expires_at,
    };
    let view = stored_grant(apply_one(&state, &ctx, &caller, change).await)?;
    Ok((etag(view.version), Json(view)))
}

/// Remove a grant
#[utoipa::path(
    delete,
    path = "/environments/{env}/grants/{grant}",
    tag = "grants",
    params(EnvParam, ("grant" = String, Path, description = "the grant's id"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 204, description = "removed"),
        SignedIn,
        IfMatch,
        (status = 409, description = "the resource would lose its last Owner", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn delete_grant(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, grant_id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let change = ChangeRequest::DeleteGrant {
        grant: grant_id,
        version: expected,
    };
    apply_one(&state, &ctx, &caller, change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The grant a one-change set stored, or its refusal in the request's own fields.
fn stored_grant(
    applied: Result<gatehouse_wire::ChangeSetResult, ApiError>,
) -> Result<GrantView, ApiError> {
    applied?
        .grants
        .pop()
        .ok_or_else(|| ApiError::Internal("the stored grant is missing from the result".to_owned()))
}
