//! Apps and connectors as the caller sees them, and a resource's permissions.
//!
//! A resource on which the caller's effective role is None in every data environment is not
//! listed at all (and its permissions are a 404), as the product page says.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_policy::{PreparedPolicy, ResourceId, ResourceKind, Subject, UserId};
use gatehouse_wire::{
    DataEnvironment, GrantView, ResourceList, ResourcePermissions, ResourceSummary, SubjectView,
};
use serde::Deserialize;

use super::context::PolicyContext;
use super::openapi::{EnvParam, SignedIn};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiQuery;
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
#[serde(deny_unknown_fields)]
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
        ("kind" = Option<String>, Query, description = "only `app`s or only `connector`s", pattern = "^(app|connector)$"),
    ),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the resources, by name, with the caller's roles", body = ResourceList),
        (status = 400, description = "`kind` is neither `app` nor `connector`, or an unknown query parameter (`field` names it)", body = gatehouse_wire::ErrorBody),
        SignedIn,
    ),
)]
async fn list_resources(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiQuery(filter): ApiQuery<ResourceFilter>,
) -> Result<Json<ResourceList>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let rows = state.store.list_resources(&ctx.env.code).await?;
    let items = rows
        .iter()
        .filter(|row| filter.kind.is_none_or(|kind| kind == row.kind))
        .filter_map(|row| summary(&ctx, row))
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
    let resource = summary(&ctx, &row).ok_or_else(|| ApiError::NotFound {
        what: "resource",
        id: id.clone(),
        field: "resource",
    })?;
    Ok(Json(ResourcePermissions {
        resource,
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
    if summary(ctx, &row).is_none() {
        return Err(not_found());
    }
    Ok(row)
}

/// The data environments of the snapshot, in display order.
pub fn data_environments(ctx: &PolicyContext) -> Vec<DataEnvironment> {
    gatehouse_app::data_environments(&ctx.policy)
}

/// A resource as the caller sees it; `None` when the caller does not see it at all.
pub fn summary(ctx: &PolicyContext, row: &ResourceRow) -> Option<ResourceSummary> {
    gatehouse_app::resource_summary(
        &ctx.prepared,
        &ctx.actor,
        gatehouse_app::ResourceRow {
            id: &row.id,
            kind: row.kind,
            name: &row.name,
            version: row.version,
        },
    )
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
