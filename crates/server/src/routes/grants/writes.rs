//! The grant handlers: create, update (If-Match), delete (If-Match), each one transaction
//! that is authorised before writing, re-checked after, audited, and published to the cache.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_policy::Change;
use gatehouse_wire::{ErrorBody, GrantUpdate, GrantView, NewGrant};

use super::checks::{authorize, recheck_owners};
use super::{audit, existing, lock, sorted, stale, to_policy_grant};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::context::PolicyContext;
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::resources::grant_view;
use crate::routes::versioning::{etag, if_match};
use crate::store::grants::{self as store, GrantRow};
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
    let row = GrantRow {
        id: uuid::Uuid::new_v4().to_string(),
        resource: resource.clone(),
        subject: body.subject,
        role: body.role,
        environments: sorted(body.environments),
        expires_at: body.expires_at,
        version: 1,
    };
    let grant = to_policy_grant(&row)?;
    authorize(
        &ctx,
        &grant.resource,
        &Change::UpsertGrant {
            grant: grant.clone(),
        },
    )?;
    if ctx.policy.grant(&grant.key()).is_some() {
        return Err(ApiError::Conflict {
            message: format!(
                "{} already has a grant on `{resource}`; change that one instead",
                grant.subject
            ),
            field: Some("subject".to_owned()),
        });
    }
    let mut tx = state.store.begin_write().await?;
    lock(&mut tx, &resource).await?;
    store::insert_grant(&mut tx, &row).await?;
    let fresh = recheck_owners(&mut tx, &ctx, &grant.resource).await?;
    let view = grant_view(&ctx.prepared, row);
    audit(
        &mut tx,
        &ctx,
        &caller,
        "create",
        &view.id,
        None,
        Some(&view),
    )
    .await?;
    tx.commit().await?;
    state.policies.publish(&ctx.env.code, fresh);
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
    let mut conn = state.store.pool().acquire().await?;
    let current = existing(&mut conn, &grant_id).await?;
    drop(conn);
    let row = GrantRow {
        role: body.role,
        environments: sorted(body.environments),
        expires_at: body.expires_at,
        version: expected + 1,
        ..current.clone()
    };
    let grant = to_policy_grant(&row)?;
    authorize(
        &ctx,
        &grant.resource,
        &Change::UpsertGrant {
            grant: grant.clone(),
        },
    )?;
    let mut tx = state.store.begin_write().await?;
    lock(&mut tx, &row.resource).await?;
    if !store::update_grant(&mut tx, &row, expected).await? {
        return Err(stale(&mut tx, &ctx, &grant_id, expected).await);
    }
    let fresh = recheck_owners(&mut tx, &ctx, &grant.resource).await?;
    let before = grant_view(&ctx.prepared, current);
    let after = grant_view(&ctx.prepared, row);
    audit(
        &mut tx,
        &ctx,
        &caller,
        "update",
        &grant_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    state.policies.publish(&ctx.env.code, fresh);
    Ok((etag(after.version), Json(after)))
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
    let mut conn = state.store.pool().acquire().await?;
    let current = existing(&mut conn, &grant_id).await?;
    drop(conn);
    let grant = to_policy_grant(&current)?;
    authorize(
        &ctx,
        &grant.resource,
        &Change::RemoveGrant { key: grant.key() },
    )?;
    let mut tx = state.store.begin_write().await?;
    lock(&mut tx, &current.resource).await?;
    if !store::delete_grant(&mut tx, &grant_id, expected).await? {
        return Err(stale(&mut tx, &ctx, &grant_id, expected).await);
    }
    let fresh = recheck_owners(&mut tx, &ctx, &grant.resource).await?;
    let before = grant_view(&ctx.prepared, current);
    audit(
        &mut tx,
        &ctx,
        &caller,
        "delete",
        &grant_id,
        Some(&before),
        None,
    )
    .await?;
    tx.commit().await?;
    state.policies.publish(&ctx.env.code, fresh);
    Ok(StatusCode::NO_CONTENT)
}
