//! Activating and deactivating the organisation's own users as collaborators.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_wire::{ErrorBody, UserSummary};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::context::{audit, require_account_owner, Audited, PolicyContext};
use crate::routes::openapi::{EnvParam, IfMatch, SignedIn};
use crate::routes::versioning::{etag, if_match, stale};
use crate::store::landscape::{self};
use crate::AppState;

use super::{current_user, environment_code, placements, refusal, user_code};
use crate::store::landscape::load_landscape;

/// Activate one of the organisation's own users as a collaborator (account owner only)
///
/// Only in a production environment, with a collaborator licence, and for a user who has
/// Windows enabled there.
#[utoipa::path(
    post,
    path = "/environments/{env}/users/{code}/collaborator",
    tag = "collaborators",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.BWilliams`"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "activated", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
        IfMatch,
        (status = 409, description = "refused by the collaborator rules: not a production environment, the organisation has no collaborator licence, the user belongs to another organisation, or the user does not have Windows enabled", body = ErrorBody),
        (status = 422, description = "`code` is not a user code (`field` is `code`)", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn activate(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    path: Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    set_activation(state, caller, headers, path, true).await
}

/// Stop a user being a collaborator (account owner only)
///
/// Refused while a client still has the user in one of its environments.
#[utoipa::path(
    delete,
    path = "/environments/{env}/users/{code}/collaborator",
    tag = "collaborators",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.BWilliams`"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "no longer a collaborator", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
        IfMatch,
        (status = 409, description = "the user still works in a client's environment (named); the client must remove the user there first", body = ErrorBody),
        (status = 422, description = "`code` is not a user code (`field` is `code`)", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn deactivate(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    path: Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    set_activation(state, caller, headers, path, false).await
}

pub(in crate::routes) async fn set_activation(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, code)): Path<(String, String)>,
    on: bool,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let env_code = environment_code(&ctx.env.code)?;
    let user = user_code(&code)?;
    let before = current_user(&state, &ctx.env.code, &code).await?;
    let mut tx = state.store.begin_write().await?;
    let mut world = load_landscape(&mut tx).await?;
    if on {
        // A refused step changes nothing, so the refusal reads names from the same world.
        if let Err(e) = world.activate_collaborator(env_code, &user) {
            return Err(refusal(&world, e));
        }
    } else {
        let placed: Vec<String> = placements(&world, &user)
            .map(|(env, _)| env.to_string())
            .collect();
        if !placed.is_empty() {
            return Err(ApiError::Conflict {
                message: world.readable(&format!(
                    "`{user}` still works in {}; the client must remove the user there first",
                    placed.join(", ")
                )),
                field: None,
            });
        }
    }
    if !landscape::set_collaborator(&mut tx, &ctx.env.code, &code, expected, on).await? {
        return Err(stale("this user", expected, before.version, &before));
    }
    let action = if on { "activate" } else { "deactivate" };
    let what = Audited {
        action,
        entity: "collaborator",
        id: &code,
    };
    let after = serde_json::json!({ "code": code, "collaborator": on });
    let was = serde_json::json!({ "code": code, "collaborator": before.collaborator });
    audit(&mut tx, &ctx, &caller, what, Some(&was), Some(&after)).await?;
    tx.commit().await?;
    let user = current_user(&state, &ctx.env.code, &code).await?;
    Ok((etag(user.version), Json(user)))
}
