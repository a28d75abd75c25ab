//! Replacing a group's members: one change set of the member changes (account owner only,
//! through the lock-out guard).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_policy::UserId;
use gatehouse_wire::{member_changes, ErrorBody, GroupDetail, GroupMembers};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::changes::{apply, as_single};
use crate::routes::context::PolicyContext;
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::versioning::{etag, if_match};
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
    let current = state
        .store
        .find_group(&ctx.env.code, &id)
        .await?
        .ok_or(ApiError::NotFound {
            what: "group",
            id,
            field: "id",
        })?;
    for (index, member) in body.members.iter().enumerate() {
        if !UserId::parse(member).is_ok_and(|user| ctx.policy.user(&user).is_some()) {
            return Err(ApiError::invalid(
                &format!("members[{index}]"),
                "no such user in this environment",
            ));
        }
    }
    // The group's version checked (by a rename to its current name) and each member added
    // or removed, in one set: what the studio previews and saves too.
    let changes = member_changes(&current, expected, &body.members);
    let result = apply(&state, &ctx, &caller, &changes, false)
        .await
        .map_err(as_single)?;
    let after = result
        .groups
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("the group was not stored".to_owned()))?;
    Ok((etag(after.version), Json(after)))
}
