//! Users of an environment: list, read one, create.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::{ChangeRequest, ErrorBody, NewUser, UserList, UserSummary};

use super::changes::apply_one;
use super::context::PolicyContext;
use super::environments::caller_environment;
use super::openapi::{EnvParam, JsonBody, SignedIn};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::AppState;

/// The user routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/users",
            get(list_users).post(create_user),
        )
        .route("/environments/{env}/users/{code}", get(get_user))
}

/// The users of an environment
#[utoipa::path(
    get,
    path = "/environments/{env}/users",
    tag = "users",
    params(EnvParam, ("limit" = Option<i64>, Query, description = "only the first N users by name (1–10,000); `total` still counts all", minimum = 1, maximum = 10000)),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the users of the environment, by name", body = UserList),
        (status = 400, description = "`limit` is not a number, or an unknown query parameter (`field` names it)", body = ErrorBody),
        (status = 422, description = "`limit` is outside 1–10,000 (`field` is `limit`)", body = ErrorBody),
        SignedIn,
    ),
)]
async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiQuery(query): ApiQuery<UserListQuery>,
) -> Result<Json<UserList>, ApiError> {
    if let Some(limit) = query.limit {
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(ApiError::invalid(
                "limit",
                format!("limit must be between 1 and {MAX_PAGE}"),
            ));
        }
    }
    let env = caller_environment(&state, &caller, &env).await?;
    let items = state.store.list_users_page(&env.code, query.limit).await?;
    let total = match query.limit {
        Some(limit) if items.len() as i64 == limit => state.store.count_users(&env.code).await?,
        _ => items.len(),
    };
    Ok(Json(UserList {
        environment: env.code,
        total,
        items,
    }))
}

/// The largest first page a caller may ask for.
const MAX_PAGE: i64 = 10_000;

/// `?limit=N`: the first screenful, so a large list paints before all of it has arrived.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UserListQuery {
    limit: Option<i64>,
}

/// One user
#[utoipa::path(
    get,
    path = "/environments/{env}/users/{code}",
    tag = "users",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.BWilliams`")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the user", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
    ),
)]
async fn get_user(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, code)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let env = caller_environment(&state, &caller, &env).await?;
    let user = state
        .store
        .find_user(&env.code, &code)
        .await?
        .ok_or(ApiError::NotFound {
            what: "user",
            id: code,
            field: "code",
        })?;
    Ok(with_etag(user))
}

/// Add a user of the organisation itself (account owner only)
///
/// The code's participant must be the environment's; Pocket needs Windows or InSite.
#[utoipa::path(
    post,
    path = "/environments/{env}/users",
    tag = "users",
    params(EnvParam),
    request_body = NewUser,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "created, active", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
        JsonBody,
        (status = 409, description = "another user of the environment already has this code or email", body = ErrorBody),
    ),
)]
async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let code = body.code.trim().to_owned();
    let change = ChangeRequest::CreateUser {
        user: None,
        code: code.clone(),
        name: body.name,
        email: body.email,
        flags: body.flags,
    };
    apply_one(&state, &ctx, &caller, change).await?;
    let user = state
        .store
        .find_user(&ctx.env.code, &code)
        .await?
        .ok_or(ApiError::NotFound {
            what: "user",
            id: code,
            field: "code",
        })?;
    Ok((StatusCode::CREATED, with_etag(user)))
}

/// A user as JSON with its version as ETag.
fn with_etag(user: UserSummary) -> impl IntoResponse {
    let etag = format!("\"{}\"", user.version);
    ([(header::ETAG, etag)], Json(user))
}
