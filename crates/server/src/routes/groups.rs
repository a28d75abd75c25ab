//! Groups of an environment: list, read, create, rename, replace members, delete. Only the
//! account owner changes groups (the policy crate decides); membership changes and deletions
//! go through the lock-out guard (no resource may lose its last Owner).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use gatehouse_policy::{authorize, check_change, Change, GroupId, Subject, UserId};
use gatehouse_wire::{ErrorBody, GroupDetail, GroupFields, GroupMembers, GroupSummary};
use sqlx::AnyConnection;

use super::context::{require_account_owner, Audited, PolicyContext};
use super::environments::caller_environment;
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use super::versioning::{etag, if_match, stale};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::groups::{self as store, group_detail};
use crate::AppState;

/// The group routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/groups",
            get(list_groups).post(create_group),
        )
        .route(
            "/environments/{env}/groups/{id}",
            get(get_group).put(rename_group).delete(delete_group),
        )
        .route("/environments/{env}/groups/{id}/members", put(set_members))
}

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
async fn list_groups(
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
async fn get_group(
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
async fn create_group(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<GroupFields>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let (name, description) = validate(&body)?;
    let id = format!("grp-{}", uuid::Uuid::new_v4().simple());
    let mut tx = state.store.pool().begin().await?;
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
async fn rename_group(
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
    let mut tx = state.store.pool().begin().await?;
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

/// Replace a group's members
///
/// Goes through the lock-out guard: no resource may lose its last Owner.
#[utoipa::path(
    put,
    path = "/environments/{env}/groups/{id}/members",
    tag = "groups",
    params(EnvParam, ("id" = String, Path, description = "the group's id, e.g. `grp-support`"), IfMatch),
    request_body = GroupMembers,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = GroupDetail, headers(("ETag" = String, description = "the group's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "a resource would lose its last Owner", body = ErrorBody),
    ),
)]
async fn set_members(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<GroupMembers>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    // Asked for the request as a whole: an unchanged list has no member changes to authorise,
    // yet saving it still bumps the version and writes the audit log.
    require_account_owner(&ctx)?;
    let group = GroupId::parse(&id).map_err(|e| ApiError::invalid("id", e.to_string()))?;
    let mut members = Vec::new();
    for (index, member) in body.members.iter().enumerate() {
        let user = UserId::parse(member)
            .map_err(|e| ApiError::invalid(&format!("members[{index}]"), e.to_string()))?;
        if ctx.policy.user(&user).is_none() {
            return Err(ApiError::invalid(
                &format!("members[{index}]"),
                format!("unknown user `{member}`"),
            ));
        }
        if !members.contains(&user) {
            members.push(user);
        }
    }
    let current: Vec<UserId> = ctx
        .policy
        .users
        .iter()
        .filter(|u| u.groups.contains(&group))
        .map(|u| u.id.clone())
        .collect();
    let mut changes: Vec<Change> = current
        .iter()
        .filter(|u| !members.contains(u))
        .map(|u| Change::RemoveMembership {
            user: u.clone(),
            group: group.clone(),
        })
        .collect();
    changes.extend(members.iter().filter(|u| !current.contains(u)).map(|u| {
        Change::AddMembership {
            user: u.clone(),
            group: group.clone(),
        }
    }));
    guard(&ctx, &changes)?;
    let ids: Vec<String> = members.iter().map(ToString::to_string).collect();
    let mut tx = state.store.pool().begin().await?;
    let before = group_detail(&mut tx, &ctx.env.code, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    if !store::set_members(&mut tx, &id, expected, &ids).await? {
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
async fn delete_group(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let group = GroupId::parse(&id).map_err(|e| ApiError::invalid("id", e.to_string()))?;
    let subject = Subject::Group(group.clone());
    let mut changes: Vec<Change> = ctx
        .policy
        .grants
        .iter()
        .filter(|g| g.subject == subject)
        .map(|g| Change::RemoveGrant { key: g.key() })
        .collect();
    changes.extend(
        ctx.policy
            .users
            .iter()
            .filter(|u| u.groups.contains(&group))
            .map(|u| Change::RemoveMembership {
                user: u.id.clone(),
                group: group.clone(),
            }),
    );
    require_account_owner(&ctx)?;
    guard(&ctx, &changes)?;
    super::app_connectors::refuse_linked_group(&ctx, &group)?;
    let mut tx = state.store.pool().begin().await?;
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

/// Authorises each change and applies the lock-out guard to the sequence.
fn guard(ctx: &PolicyContext, changes: &[Change]) -> Result<(), ApiError> {
    let mut policy = gatehouse_policy::Policy::clone(&ctx.policy);
    for change in changes {
        authorize(&ctx.prepared, &ctx.actor, change)
            .map_err(|r| ApiError::Forbidden(r.describe(&ctx.policy)))?;
        check_change(&policy, change).map_err(|e| ApiError::Conflict {
            message: e.to_string(),
            field: None,
        })?;
        change
            .apply(&mut policy)
            .map_err(|e| ApiError::invalid("members", e.to_string()))?;
    }
    Ok(())
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

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound {
        what: "group",
        id: id.to_owned(),
        field: "id",
    }
}

async fn audit(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    action: &str,
    id: &str,
    before: Option<&GroupDetail>,
    after: Option<&GroupDetail>,
) -> Result<(), ApiError> {
    let what = Audited {
        action,
        entity: "group",
        id,
    };
    super::context::audit(conn, ctx, caller, what, before, after).await
}
