//! Filters of a table: create, change (name and predicate), delete, set the groups a filter is
//! active for, and set a user's deviation (inherit / force on / force off). Who may: as for
//! the table (see `tables.rs`). If-Match carries the filter's version; every change is
//! validated by the policy crate (unknown fields, empty sets, cycles → 422 naming the field),
//! re-checked inside its transaction and audited.
//!
//! The built-in All filter (id `all`) cannot be deleted and its predicate cannot change; it
//! can be activated for groups and users like any other filter.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{post, put};
use axum::{Json, Router};
use gatehouse_policy::{Deviation, Filter, GroupId, Predicate, UserId};
use gatehouse_wire::{DeviationUpdate, ErrorBody, FilterFields, FilterGroups, FilterView};

use super::context::PolicyContext;
use super::filter_edits::{
    authorise, authorise_filter, find_mut, finish, lock, new_filter_id, predicate_json, propose,
    refuse_if_referenced, stale_now,
};
use super::integration::{audit, display_name, recheck, Audited};
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use super::versioning::{etag, if_match};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::integration_snapshot::deviation_str;
use crate::store::tables as store;
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
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    authorise(&state, &ctx, &table).await?;
    let name = display_name(&body.name)?;
    let id = new_filter_id(&ctx.policy, &table, &name)?;
    propose(&ctx, &table, |t| {
        t.filters.push(Filter::new(
            id.clone(),
            name.clone(),
            body.predicate.clone(),
        ));
        Ok(())
    })?;
    let predicate = predicate_json(&body.predicate)?;
    let mut tx = state.store.begin_write().await?;
    lock(&mut tx, &table).await?;
    store::insert_filter(&mut tx, &table, id.as_str(), &name, &predicate).await?;
    let after = finish(&mut tx, &ctx, &caller, &table, id.as_str(), "create", None).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, etag(after.version), Json(after)))
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
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let before = authorise_filter(&state, &ctx, &table, &filter).await?;
    let name = display_name(&body.name)?;
    if before.builtin && body.predicate != Predicate::All {
        return Err(ApiError::invalid(
            "predicate",
            "the built-in All filter lets every row through; its predicate cannot change",
        ));
    }
    propose(&ctx, &table, |t| {
        let f = find_mut(t, &filter)?;
        f.name = name.clone();
        f.predicate = body.predicate.clone();
        Ok(())
    })?;
    let predicate = predicate_json(&body.predicate)?;
    let mut tx = state.store.begin_write().await?;
    lock(&mut tx, &table).await?;
    if !store::update_filter(&mut tx, &table, &filter, expected, &name, &predicate).await? {
        return Err(stale_now(&mut tx, &ctx, &table, &filter, expected).await);
    }
    let after = finish(
        &mut tx,
        &ctx,
        &caller,
        &table,
        &filter,
        "update",
        Some(&before),
    )
    .await?;
    tx.commit().await?;
    Ok((etag(after.version), Json(after)))
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
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let before = authorise_filter(&state, &ctx, &table, &filter).await?;
    if before.builtin {
        return Err(ApiError::invalid(
            "filter",
            "the built-in All filter cannot be deleted",
        ));
    }
    refuse_if_referenced(&ctx.policy, &table, &filter)?;
    let mut tx = state.store.begin_write().await?;
    lock(&mut tx, &table).await?;
    if !store::delete_filter(&mut tx, &table, &filter, expected).await? {
        return Err(stale_now(&mut tx, &ctx, &table, &filter, expected).await);
    }
    recheck(&mut tx, &ctx).await?;
    let what = Audited {
        action: "delete",
        entity: "filter",
        id: &format!("{table}/{filter}"),
    };
    audit(&mut tx, &ctx, &caller, what, Some(&before), None).await?;
    tx.commit().await?;
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
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let before = authorise_filter(&state, &ctx, &table, &filter).await?;
    let mut groups = Vec::new();
    for (index, group) in body.groups.iter().enumerate() {
        let field = format!("groups[{index}]");
        let id = GroupId::parse(group).map_err(|e| ApiError::invalid(&field, e.to_string()))?;
        if ctx.policy.group(&id).is_none() {
            return Err(ApiError::invalid(
                &field,
                format!("unknown group `{group}`"),
            ));
        }
        if !groups.contains(&id) {
            groups.push(id);
        }
    }
    propose(&ctx, &table, |t| {
        find_mut(t, &filter)?.groups = groups.iter().cloned().collect();
        Ok(())
    })?;
    let ids: Vec<String> = groups.iter().map(ToString::to_string).collect();
    let mut tx = state.store.begin_write().await?;
    lock(&mut tx, &table).await?;
    if !store::set_filter_groups(&mut tx, &table, &filter, expected, &ids).await? {
        return Err(stale_now(&mut tx, &ctx, &table, &filter, expected).await);
    }
    let after = finish(
        &mut tx,
        &ctx,
        &caller,
        &table,
        &filter,
        "update",
        Some(&before),
    )
    .await?;
    tx.commit().await?;
    Ok((etag(after.version), Json(after)))
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
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let before = authorise_filter(&state, &ctx, &table, &filter).await?;
    let user = state
        .store
        .find_user(&ctx.env.code, &code)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "user",
            id: code.clone(),
            field: "user",
        })?;
    let user_id = UserId::parse(&user.id).map_err(|e| ApiError::Internal(e.to_string()))?;
    propose(&ctx, &table, |t| {
        let f = find_mut(t, &filter)?;
        match body.deviation {
            Deviation::Inherit => f.deviations.remove(&user_id),
            other => f.deviations.insert(user_id.clone(), other),
        };
        Ok(())
    })?;
    let mut tx = state.store.begin_write().await?;
    lock(&mut tx, &table).await?;
    let stored = deviation_str(body.deviation);
    if !store::set_deviation(&mut tx, &table, &filter, expected, &user.id, stored).await? {
        return Err(stale_now(&mut tx, &ctx, &table, &filter, expected).await);
    }
    let after = finish(
        &mut tx,
        &ctx,
        &caller,
        &table,
        &filter,
        "update",
        Some(&before),
    )
    .await?;
    tx.commit().await?;
    Ok((etag(after.version), Json(after)))
}
