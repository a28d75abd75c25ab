//! Filters of a table: create, change (name and predicate), delete, set the groups a filter is
//! active for, and set a user's deviation (inherit / force on / force off) — each a change set
//! of one change. Who may: the account owner and the Owners of the connectors serving the
//! table. If-Match carries the filter's version; the policy crate judges the table as it is
//! after the change (unknown fields, empty sets, cycles → 422 naming the field); the change
//! set path stores and audits it.
//!
//! The built-in All filter (id `all`) cannot be deleted and its predicate cannot change; it
//! can be activated for groups and users like any other filter.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{post, put};
use axum::{Json, Router};
use gatehouse_wire::{
    ChangeRequest, DeviationUpdate, ErrorBody, FilterFields, FilterGroups, FilterView,
};

use super::changes::apply_one;
use super::context::PolicyContext;
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use super::versioning::{etag, if_match};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::AppState;

/// The filter routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/tables/{id}/filters",
            post(create_filter),
        )
        .route(
            "/environments/{env}/tables/{id}/filters/{filter}",
            put(update_filter).delete(delete_filter),
        )
        .route(
            "/environments/{env}/tables/{id}/filters/{filter}/groups",
            put(set_groups),
        )
        .route(
            "/environments/{env}/tables/{id}/filters/{filter}/deviations/{user}",
            put(set_deviation),
        )
}

/// Add a filter to a table
#[utoipa::path(
    post,
    path = "/environments/{env}/tables/{id}/filters",
    tag = "filters",
    params(EnvParam, ("id" = String, Path, description = "the table's id, e.g. `tbl-employees`")),
    request_body = FilterFields,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "created", body = FilterView, headers(("ETag" = String, description = "the filter's version"))),
        SignedIn,
        JsonBody,
        (status = 409, description = "a change saved meanwhile conflicts", body = ErrorBody),
    ),
)]
async fn create_filter(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, table)): Path<(String, String)>,
    ApiJson(body): ApiJson<FilterFields>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::CreateFilter {
        table,
        filter: None,
        name: body.name,
        predicate: body.predicate,
        groups: Vec::new(),
    };
    let created = one_filter(&state, &caller, &env, change).await?;
    Ok((StatusCode::CREATED, etag(created.version), Json(created)))
}

/// Change a filter's name and predicate
#[utoipa::path(
    put,
    path = "/environments/{env}/tables/{id}/filters/{filter}",
    tag = "filters",
    params(EnvParam, ("id" = String, Path, description = "the table's id, e.g. `tbl-employees`"), ("filter" = String, Path, description = "the filter's id within the table (`all` is the built-in one)"), IfMatch),
    request_body = FilterFields,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = FilterView, headers(("ETag" = String, description = "the filter's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "a change saved meanwhile conflicts", body = ErrorBody),
    ),
)]
async fn update_filter(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, table, filter)): Path<(String, String, String)>,
    ApiJson(body): ApiJson<FilterFields>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::UpdateFilter {
        table,
        filter,
        version: if_match(&headers)?,
        name: body.name,
        predicate: body.predicate,
    };
    let changed = one_filter(&state, &caller, &env, change).await?;
    Ok((etag(changed.version), Json(changed)))
}

/// Delete a filter (not the built-in All)
#[utoipa::path(
    delete,
    path = "/environments/{env}/tables/{id}/filters/{filter}",
    tag = "filters",
    params(EnvParam, ("id" = String, Path, description = "the table's id, e.g. `tbl-employees`"), ("filter" = String, Path, description = "the filter's id within the table (`all` is the built-in one)"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 204, description = "deleted"),
        SignedIn,
        IfMatch,
        (status = 409, description = "another filter uses it, or a change saved meanwhile conflicts", body = ErrorBody),
    ),
)]
async fn delete_filter(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, table, filter)): Path<(String, String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::DeleteFilter {
        table,
        filter,
        version: if_match(&headers)?,
    };
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    apply_one(&state, &ctx, &caller, change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set the groups a filter is active for
#[utoipa::path(
    put,
    path = "/environments/{env}/tables/{id}/filters/{filter}/groups",
    tag = "filters",
    params(EnvParam, ("id" = String, Path, description = "the table's id, e.g. `tbl-employees`"), ("filter" = String, Path, description = "the filter's id within the table (`all` is the built-in one)"), IfMatch),
    request_body = FilterGroups,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = FilterView, headers(("ETag" = String, description = "the filter's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "a change saved meanwhile conflicts", body = ErrorBody),
    ),
)]
async fn set_groups(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, table, filter)): Path<(String, String, String)>,
    ApiJson(body): ApiJson<FilterGroups>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::SetFilterGroups {
        table,
        filter,
        version: if_match(&headers)?,
        groups: body.groups,
    };
    let changed = one_filter(&state, &caller, &env, change).await?;
    Ok((etag(changed.version), Json(changed)))
}

/// Set a user's own setting for a filter: inherit, force on or force off
#[utoipa::path(
    put,
    path = "/environments/{env}/tables/{id}/filters/{filter}/deviations/{user}",
    tag = "filters",
    params(
        EnvParam,
        ("id" = String, Path, description = "the table's id, e.g. `tbl-employees`"),
        ("filter" = String, Path, description = "the filter's id within the table (`all` is the built-in one)"),
        ("user" = String, Path, description = "the user's code, e.g. `12345.BWilliams`"),
        IfMatch,
    ),
    request_body = DeviationUpdate,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = FilterView, headers(("ETag" = String, description = "the filter's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "a change saved meanwhile conflicts", body = ErrorBody),
    ),
)]
async fn set_deviation(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, table, filter, code)): Path<(String, String, String, String)>,
    ApiJson(body): ApiJson<DeviationUpdate>,
) -> Result<impl IntoResponse, ApiError> {
    let version = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    // The path names the user by code; the change set by id.
    let user = state
        .store
        .find_user(&ctx.env.code, &code)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "user",
            id: code.clone(),
            field: "user",
        })?;
    let change = ChangeRequest::SetDeviation {
        table,
        filter,
        version,
        user: user.id,
        deviation: body.deviation,
    };
    let result = apply_one(&state, &ctx, &caller, change).await?;
    let changed = first_filter(result)?;
    Ok((etag(changed.version), Json(changed)))
}

/// A one-change set about a filter; the filter as stored after it.
async fn one_filter(
    state: &AppState,
    caller: &Caller,
    env: &str,
    change: ChangeRequest,
) -> Result<FilterView, ApiError> {
    let ctx = PolicyContext::load(state, caller, env).await?;
    let result = apply_one(state, &ctx, caller, change).await?;
    first_filter(result)
}

fn first_filter(result: gatehouse_wire::ChangeSetResult) -> Result<FilterView, ApiError> {
    result
        .filters
        .into_iter()
        .next()
        .map(|changed| changed.filter)
        .ok_or_else(|| ApiError::Internal("the filter was not stored".to_owned()))
}
