//! Changing grants: create, update (If-Match), delete (If-Match). Each request is one
//! transaction; the policy crate authorises it, validates it and applies the lock-out guard.

use std::collections::BTreeSet;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{post, put};
use axum::{Json, Router};
use gatehouse_policy::{
    check_change, owned_resources, Change, EnvironmentId, Grant, ResourceId, Timestamp,
};
use gatehouse_wire::{ErrorBody, GrantUpdate, GrantView, NewGrant};
use sqlx::AnyConnection;

use super::context::{Audited, PolicyContext};
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use super::resources::grant_view;
use super::versioning::{etag, if_match};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::policy_cache::Snapshot;
use crate::store::generation::policy_generation;
use crate::store::grants::{self as store, GrantRow};
use crate::store::snapshot::load_policy;
use crate::AppState;

/// The grant routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/resources/{id}/grants",
            post(create_grant),
        )
        .route(
            "/environments/{env}/grants/{grant}",
            put(update_grant).delete(delete_grant),
        )
}

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
async fn create_grant(
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
async fn update_grant(
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
async fn delete_grant(
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

/// The caller must own the resource (or be the account owner); the change must be valid
/// and pass the lock-out guard. A resource the caller cannot see is a 404, as if unknown.
fn authorize(ctx: &PolicyContext, resource: &ResourceId, change: &Change) -> Result<(), ApiError> {
    if ctx.policy.resource(resource).is_none() || !super::access::caller_sees(ctx, resource) {
        return Err(ApiError::NotFound {
            what: "resource",
            id: resource.to_string(),
            field: "resource",
        });
    }
    ctx.prepared
        .may_edit_permissions(&ctx.actor, resource)
        .map_err(|r| ApiError::Forbidden(r.describe(&ctx.policy)))?;
    change
        .applied_to(&ctx.policy)
        .map_err(|e| ApiError::invalid(change_field(&e.to_string()), e.to_string()))?;
    check_change(&ctx.policy, change).map_err(|e| ApiError::Conflict {
        message: e.to_string(),
        field: None,
    })
}

/// Which request field a validation message is about.
fn change_field(message: &str) -> &'static str {
    if message.contains("environment") {
        "environments"
    } else if message.contains("role") || message.contains("ladder") {
        "role"
    } else {
        "subject"
    }
}

/// After writing, inside the transaction: the resource must still have an Owner and the
/// organisation an account owner (guards against concurrent removals). Loads the snapshot
/// fresh, as this transaction will commit it; the transaction holds the write lock (SQLite)
/// or the environment's row lock taken by the generation trigger (PostgreSQL), so once
/// committed it is the snapshot of the generation read here, for the cache.
async fn recheck_owners(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    resource: &ResourceId,
) -> Result<Snapshot, ApiError> {
    let policy = load_policy(conn, &ctx.env.code).await?;
    let generation = policy_generation(conn, &ctx.env.code).await?;
    let now = Timestamp::from_unix_seconds(crate::store::now());
    let was_owned = owned_resources(&ctx.policy).contains(resource);
    let owned = owned_resources(&policy).contains(resource);
    let has_account_owner = policy
        .users
        .iter()
        .any(|u| u.account_owner && u.is_active());
    let refused = || ApiError::Conflict {
        message: format!("this change would leave `{resource}` without an owner"),
        field: None,
    };
    if (was_owned && !owned) || !has_account_owner {
        return Err(refused());
    }
    Snapshot::prepare(generation, policy, now).map_err(|_| refused())
}

async fn lock(conn: &mut AnyConnection, resource: &str) -> Result<(), ApiError> {
    if store::lock_resource(conn, resource).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound {
            what: "resource",
            id: resource.to_owned(),
            field: "resource",
        })
    }
}

async fn existing(conn: &mut AnyConnection, grant: &str) -> Result<GrantRow, ApiError> {
    store::grant_by_id(conn, grant)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "grant",
            id: grant.to_owned(),
            field: "grant",
        })
}

/// The 412 (or 404 if it was deleted meanwhile), with the current state.
async fn stale(conn: &mut AnyConnection, ctx: &PolicyContext, grant: &str, sent: i64) -> ApiError {
    match store::grant_by_id(conn, grant).await {
        Ok(Some(current)) => {
            let version = current.version;
            let view = grant_view(&ctx.prepared, current);
            ApiError::Stale {
                entity: "this grant".to_owned(),
                sent,
                current: version,
                state: serde_json::to_value(view).unwrap_or_default(),
            }
        }
        Ok(None) => ApiError::NotFound {
            what: "grant",
            id: grant.to_owned(),
            field: "grant",
        },
        Err(err) => ApiError::Database(err),
    }
}

async fn audit(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    action: &str,
    id: &str,
    before: Option<&GrantView>,
    after: Option<&GrantView>,
) -> Result<(), ApiError> {
    let what = Audited {
        action,
        entity: "grant",
        id,
    };
    super::context::audit(conn, ctx, caller, what, before, after).await
}

fn sorted(environments: Vec<String>) -> Vec<String> {
    environments
        .into_iter()
        .map(|e| e.trim().to_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn to_policy_grant(row: &GrantRow) -> Result<Grant, ApiError> {
    if row.environments.is_empty() {
        return Err(ApiError::invalid(
            "environments",
            "choose at least one environment",
        ));
    }
    let resource = ResourceId::parse(&row.resource)
        .map_err(|e| ApiError::invalid("resource", e.to_string()))?;
    let environments = row
        .environments
        .iter()
        .map(|e| {
            EnvironmentId::parse(e)
                .map_err(|err| ApiError::invalid("environments", err.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut grant = Grant::new(row.subject.clone(), resource, row.role, environments);
    grant.expires_at = row.expires_at.map(Timestamp::from_unix_seconds);
    Ok(grant)
}
