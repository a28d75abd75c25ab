//! Changing groups themselves: create, rename, delete (account owner only). A deletion
//! removes the group's grants and memberships, so it goes through the lock-out guard.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_policy::{GroupId, SetChange, Subject};
use gatehouse_wire::{ErrorBody, GroupDetail, GroupFields};

use super::{audit, guard, not_found};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::context::{require_account_owner, PolicyContext};
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::versioning::{etag, if_match, stale};
use crate::store::groups::{self as store, group_detail};
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
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let (name, description) = validate(&body)?;
    let id = format!("grp-{}", uuid::Uuid::new_v4().simple());
    let mut tx = state.store.begin_write().await?;
    store::insert_group(&mut tx, &ctx.env.code, &id, &name, &description).await?;
    let created = group_detail(&mut tx, &ctx.env.code, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    audit(&mut tx, &ctx, &caller, "create", &id, None, Some(&created)).await?;
    tx.commit().await?;
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
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let (name, description) = validate(&body)?;
    let mut tx = state.store.begin_write().await?;
    let before = group_detail(&mut tx, &ctx.env.code, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    if !store::update_group(&mut tx, &id, expected, &name, &description).await? {
        return Err(stale("this group", expected, before.version, &before));
    }
    let after = group_detail(&mut tx, &ctx.env.code, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    audit(
        &mut tx,
        &ctx,
        &caller,
        "update",
        &id,
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok((etag(after.version), Json(after)))
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
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let group = GroupId::parse(&id).map_err(|e| ApiError::invalid("id", e.to_string()))?;
    let subject = Subject::Group(group.clone());
    let mut changes: Vec<SetChange> = ctx
        .policy
        .grants
        .iter()
        .filter(|g| g.subject == subject)
        .map(|g| SetChange::DeleteGrant { key: g.key() })
        .collect();
    changes.extend(
        ctx.policy
            .users
            .iter()
            .filter(|u| u.groups.contains(&group))
            .map(|u| SetChange::RemoveMember {
                user: u.id.clone(),
                group: group.clone(),
            }),
    );
    require_account_owner(&ctx)?;
    guard(&ctx, &changes)?;
    crate::routes::app_connectors::refuse_linked_group(&ctx, &group)?;
    let mut tx = state.store.begin_write().await?;
    let before = group_detail(&mut tx, &ctx.env.code, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    if !store::delete_group(&mut tx, &id, expected).await? {
        return Err(stale("this group", expected, before.version, &before));
    }
    audit(&mut tx, &ctx, &caller, "delete", &id, Some(&before), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

fn validate(body: &GroupFields) -> Result<(String, String), ApiError> {
    let name = body.name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid("name", "name must not be empty"));
    }
    if name.chars().count() > 80 {
        return Err(ApiError::invalid(
            "name",
            "name must be at most 80 characters",
        ));
    }
    if name.eq_ignore_ascii_case("All Users") {
        return Err(ApiError::invalid(
            "name",
            "`All Users` is the built-in group; choose another name",
        ));
    }
    Ok((name.to_owned(), body.description.trim().to_owned()))
}
