//! Apps and connectors as the caller sees them, and a resource's permissions.
//!
//! A resource on which the caller's effective role is None in every data environment is not
//! listed at all (and its permissions are a 404), as the product page says.

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_policy::{PreparedPolicy, ResourceId, ResourceKind, Role, Subject, UserId};
use gatehouse_wire::{
    DataEnvironment, GrantView, ResourceList, ResourcePermissions, ResourceSummary, RoleIn,
    SubjectView,
};
use serde::Deserialize;

use super::context::PolicyContext;
use super::openapi::{EnvParam, SignedIn};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::grants::{GrantRow, ResourceRow};
use crate::AppState;

/// The resource routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/environments/{env}/resources", get(list_resources))
        .route(
            "/environments/{env}/resources/{id}/permissions",
            get(resource_permissions),
        )
}

#[derive(Debug, Deserialize)]
struct ResourceFilter {
    kind: Option<ResourceKind>,
}

/// The apps and connectors the caller can see
///
/// A resource on which the caller's role is None in every data environment is not listed.
#[utoipa::path(
    get,
    path = "/environments/{env}/resources",
    tag = "resources",
    params(
        EnvParam,
        ("kind" = Option<String>, Query, description = "only `app`s or only `connector`s"),
    ),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the resources, by name, with the caller's roles", body = ResourceList),
        (status = 400, description = "`kind` is neither `app` nor `connector` (plain text)"),
        SignedIn,
    ),
)]
async fn list_resources(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    Query(filter): Query<ResourceFilter>,
) -> Result<Json<ResourceList>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let rows = state.store.list_resources(&ctx.env.code).await?;
    let items = rows
        .iter()
        .filter(|row| filter.kind.is_none_or(|kind| kind == row.kind))
        .map(|row| summary(&ctx, row))
        .filter(|summary| summary.my_roles.iter().any(|r| r.role.level() > 0))
        .collect();
    Ok(Json(ResourceList {
        environments: data_environments(&ctx),
        precedence: ctx.policy.precedence,
        items,
    }))
}

/// A resource's permissions: its grants, All Users first, and the shadowed ones
#[utoipa::path(
    get,
    path = "/environments/{env}/resources/{id}/permissions",
    tag = "resources",
    params(EnvParam, ("id" = String, Path, description = "the resource's id")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the grants and the shadowed ones", body = ResourcePermissions),
        SignedIn,
    ),
)]
async fn resource_permissions(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<Json<ResourcePermissions>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let row = visible_resource(&state, &ctx, &id).await?;
    let mut grants: Vec<GrantView> = state
        .store
        .grants_on(&row.id)
        .await?
        .into_iter()
        .map(|g| grant_view(&ctx.prepared, g))
        .collect();
    grants.sort_by(|a, b| {
        (a.subject.subject.specificity(), &a.subject.name)
            .cmp(&(b.subject.subject.specificity(), &b.subject.name))
    });
    let resource_id = ResourceId::parse(&row.id).map_err(|e| ApiError::Internal(e.to_string()))?;
    let shadowed = ctx
        .prepared
        .lint()
        .into_iter()
        .filter(|s| s.resource == resource_id)
        .collect();
    Ok(Json(ResourcePermissions {
        resource: summary(&ctx, &row),
        environments: data_environments(&ctx),
        grants,
        shadowed,
    }))
}

/// Loads a resource the caller can see; 404 otherwise (None means not even listed).
pub async fn visible_resource(
    state: &AppState,
    ctx: &PolicyContext,
    id: &str,
) -> Result<ResourceRow, ApiError> {
    let not_found = || ApiError::NotFound {
        what: "resource",
        id: id.to_owned(),
        field: "resource",
    };
    let row = state
        .store
        .find_resource(&ctx.env.code, id)
        .await?
        .ok_or_else(not_found)?;
    if summary(ctx, &row)
        .my_roles
        .iter()
        .all(|r| r.role.level() == 0)
    {
        return Err(not_found());
    }
    Ok(row)
}

/// The data environments of the snapshot, in display order.
pub fn data_environments(ctx: &PolicyContext) -> Vec<DataEnvironment> {
    ctx.policy
        .environments
        .iter()
        .map(|e| DataEnvironment {
            id: e.id.to_string(),
            name: e.name.clone(),
            builtin: e.is_built_in(),
        })
        .collect()
}

/// A resource as the caller sees it.
pub fn summary(ctx: &PolicyContext, row: &ResourceRow) -> ResourceSummary {
    let resource = ResourceId::parse(&row.id).ok();
    let my_roles = ctx
        .policy
        .environments
        .iter()
        .map(|env| RoleIn {
            environment: env.id.to_string(),
            role: resource
                .as_ref()
                .and_then(|r| ctx.prepared.actor_role(&ctx.actor, r, &env.id).ok())
                .unwrap_or(Role::none(row.kind)),
        })
        .collect();
    let refusal = resource
        .as_ref()
        .map(|r| ctx.prepared.actor_may_edit_permissions(&ctx.actor, r));
    ResourceSummary {
        id: row.id.clone(),
        kind: row.kind,
        name: row.name.clone(),
        my_roles,
        can_edit_permissions: matches!(refusal, Some(Ok(()))),
        edit_refusal: refusal
            .and_then(|r| r.err())
            .map(|e| e.describe(&ctx.policy)),
        version: row.version,
    }
}

/// A grant with its subject's display name.
pub fn grant_view(prepared: &PreparedPolicy, grant: GrantRow) -> GrantView {
    let policy = prepared.policy();
    let name = match &grant.subject {
        Subject::AllUsers => "All Users".to_owned(),
        Subject::Group(id) => policy
            .group(id)
            .map(|g| g.name.clone())
            .unwrap_or_else(|| id.to_string()),
        Subject::User(id) => user_name(prepared, id),
    };
    GrantView {
        id: grant.id,
        resource: grant.resource,
        subject: SubjectView {
            subject: grant.subject,
            name,
        },
        role: grant.role,
        environments: grant.environments,
        expires_at: grant.expires_at,
        version: grant.version,
    }
}

fn user_name(prepared: &PreparedPolicy, id: &UserId) -> String {
    prepared
        .policy()
        .user(id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| id.to_string())
}
