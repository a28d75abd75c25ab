//! `PUT /environments/{env}/users/{code}/properties`: name, email, application flags and
//! status of a user, with `If-Match` — a change set of one `update_user` change. The rules
//! (only the user's own organisation edits a collaborator's name and email; one email per
//! environment; Pocket and InSite rules; nobody deactivates themselves; the lock-out guard)
//! are the policy crate's.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::put;
use axum::{Json, Router};
use gatehouse_wire::{ChangeRequest, ErrorBody, UserProperties, UserSummary};

use super::changes::apply_one;
use super::context::PolicyContext;
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use super::versioning::{etag, if_match};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::AppState;

/// The user property routes.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/environments/{env}/users/{code}/properties",
        put(update_properties),
    )
}

/// Change a user's name, email, application flags and status (account owner only)
///
/// Every field is sent; what differs is changed. A collaborator's name and email change only
/// in its provider's environments; deactivation goes through the lock-out guard and ends the
/// user's sessions.
#[utoipa::path(
    put,
    path = "/environments/{env}/users/{code}/properties",
    tag = "users",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.BWilliams`"), IfMatch),
    request_body = UserProperties,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
        (status = 403, description = "not allowed: the sentence names the missing right (not the account owner, an environment of another organisation, no `x-gatehouse-csrf` header), or a collaborator's name or email changed outside its provider's environments", body = ErrorBody),
        JsonBody,
        IfMatch,
        (status = 409, description = "the email already belongs to another user of the environment (`field` is `email`), or the status change is refused: you cannot deactivate your own account, and no resource may lose its last Owner (`field` is `status`)", body = ErrorBody),
    ),
)]
async fn update_properties(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, code)): Path<(String, String)>,
    ApiJson(body): ApiJson<UserProperties>,
) -> Result<impl IntoResponse, ApiError> {
    let version = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let user = state
        .store
        .find_user_id(&ctx.env.code, &code)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "user",
            id: code.clone(),
            field: "code",
        })?;
    let change = ChangeRequest::UpdateUser {
        user,
        version,
        name: body.name,
        email: body.email,
        flags: body.flags,
        status: body.status,
    };
    let result = apply_one(&state, &ctx, &caller, change).await?;
    let after = result
        .users
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("the user was not stored".to_owned()))?;
    Ok((etag(after.version), Json(after)))
}
