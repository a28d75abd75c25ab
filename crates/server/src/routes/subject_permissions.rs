//! One subject's permissions on every resource the caller can see, in one answer: what the
//! Edit Permissions page of a user, a group or All Users shows (instead of one request per
//! resource).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_policy::{GroupId, ResourceId, ResourceKind, Subject, UserId, UserStatus};
use gatehouse_wire::{GrantView, ResourcePermissions, SubjectPermissions, SubjectView};

use super::context::PolicyContext;
use super::openapi::{EnvParam, SignedIn};
use super::resources::{data_environments, grant_view, summary};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// The path segment that names All Users where a group id is expected.
const ALL_USERS: &str = "all-users";

/// The subject permission routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/users/{code}/permissions",
            get(user_permissions),
        )
        .route(
            "/environments/{env}/groups/{id}/permissions",
            get(group_permissions),
        )
}

/// A user's grants on every resource the caller can see
#[utoipa::path(
    get,
    path = "/environments/{env}/users/{code}/permissions",
    tag = "resources",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.FSmit`")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "every visible resource with this user's grants", body = SubjectPermissions),
        (status = 404, description = "no user with this code in the environment", body = gatehouse_wire::ErrorBody),
        SignedIn,
    ),
)]
async fn user_permissions(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, code)): Path<(String, String)>,
) -> Result<Json<SubjectPermissions>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let not_found = || ApiError::NotFound {
        what: "user",
        id: code.clone(),
        field: "code",
    };
    let id = state
        .store
        .find_user_id(&ctx.env.code, &code)
        .await?
        .ok_or_else(not_found)?;
    let id = UserId::parse(&id).map_err(|e| ApiError::Internal(e.to_string()))?;
    let user = ctx.policy.user(&id).ok_or_else(not_found)?;
    let view = SubjectView {
        subject: Subject::User(id.clone()),
        name: user.name.clone(),
    };
    let deactivated = user.status == UserStatus::Deactivated;
    answer(&state, &ctx, view, deactivated).await
}

/// A group's (or All Users') grants on every resource the caller can see
#[utoipa::path(
    get,
    path = "/environments/{env}/groups/{id}/permissions",
    tag = "resources",
    params(EnvParam, ("id" = String, Path, description = "the group's id, or `all-users` for All Users")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "every visible resource with this group's grants", body = SubjectPermissions),
        (status = 404, description = "no group with this id in the environment", body = gatehouse_wire::ErrorBody),
        SignedIn,
    ),
)]
async fn group_permissions(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<Json<SubjectPermissions>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let view = if id == ALL_USERS {
        SubjectView {
            subject: Subject::AllUsers,
            name: "All Users".to_owned(),
        }
    } else {
        let not_found = || ApiError::NotFound {
            what: "group",
            id: id.clone(),
            field: "id",
        };
        let group_id = GroupId::parse(&id).map_err(|_| not_found())?;
        let group = ctx.policy.group(&group_id).ok_or_else(not_found)?;
        SubjectView {
            subject: Subject::Group(group_id.clone()),
            name: group.name.clone(),
        }
    };
    answer(&state, &ctx, view, false).await
}

/// Every resource the caller sees (apps first, then connectors, each by name) with the
/// subject's grants on it and those of them that have no effect.
async fn answer(
    state: &AppState,
    ctx: &PolicyContext,
    subject: SubjectView,
    deactivated: bool,
) -> Result<Json<SubjectPermissions>, ApiError> {
    let mut grants: Vec<GrantView> = state
        .store
        .grants_of_subject(&ctx.env.code, &subject.subject)
        .await?
        .into_iter()
        .map(|g| grant_view(&ctx.prepared, g))
        .collect();
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    let shadowed = ctx.prepared.lint();
    let environments = data_environments(ctx);
    let mut rows = state.store.list_resources(&ctx.env.code).await?;
    rows.sort_by_key(|row| (row.kind != ResourceKind::App, row.name.clone()));
    let items = rows
        .iter()
        .filter_map(|row| Some((row, summary(ctx, row)?)))
        .map(|(row, resource)| {
            let resource_id = ResourceId::parse(&row.id).ok();
            ResourcePermissions {
                resource,
                environments: environments.clone(),
                grants: grants
                    .iter()
                    .filter(|g| g.resource == row.id)
                    .cloned()
                    .collect(),
                shadowed: shadowed
                    .iter()
                    .filter(|s| Some(&s.resource) == resource_id.as_ref())
                    .filter(|s| s.subject == subject.subject)
                    .cloned()
                    .collect(),
            }
        })
        .collect();
    Ok(Json(SubjectPermissions {
        subject,
        deactivated,
        items,
    }))
}
