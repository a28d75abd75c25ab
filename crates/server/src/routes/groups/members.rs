//! Replacing a group's members (account owner only), through the lock-out guard.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_policy::{GroupId, SetChange, UserId};
use gatehouse_wire::{ErrorBody, GroupDetail, GroupMembers};

use super::{audit, guard, not_found};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::context::{require_account_owner, PolicyContext};
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::versioning::{etag, if_match, stale};
use crate::store::groups::{self as store, group_detail};
use crate::AppState;

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
pub(in crate::routes) async fn set_members(
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
    let mut changes: Vec<SetChange> = current
        .iter()
        .filter(|u| !members.contains(u))
        .map(|u| SetChange::RemoveMember {
            user: u.clone(),
            group: group.clone(),
        })
        .collect();
    changes.extend(
        members
            .iter()
            .filter(|u| !current.contains(u))
            .map(|u| SetChange::AddMember {
                user: u.clone(),
                group: group.clone(),
            }),
    );
    guard(&ctx, &changes)?;
    let ids: Vec<String> = members.iter().map(ToString::to_string).collect();
    let mut tx = state.store.begin_write().await?;
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
