//! Changing app connectors: create, change, block or unblock, delete (account owner only;
//! If-Match on every change; audited).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_wire::{AppConnectorBlock, AppConnectorFields, AppConnectorView, ErrorBody};
use sqlx::AnyConnection;

use super::fields::validate;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::app_connector_views::{current_view, read_before, stale_now};
use crate::routes::context::PolicyContext;
use crate::routes::integration::{audit, recheck, require_account_owner, Audited};
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::versioning::{etag, if_match};
use crate::store::app_connectors as store;
use crate::AppState;

/// Create an app connector (account owner only)
#[utoipa::path(
    post,
    path = "/environments/{env}/app-connectors",
    tag = "app connectors",
    params(EnvParam),
    request_body = AppConnectorFields,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "created", body = AppConnectorView, headers(("ETag" = String, description = "the app connector's version"))),
        SignedIn,
        JsonBody,
        (status = 409, description = "another app connector already uses this name, or a change saved meanwhile conflicts", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn create_app_connector(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<AppConnectorFields>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let id = format!("ac-{}", uuid::Uuid::new_v4().simple());
    let row = validate(&ctx, &id, &body, false)?;
    let mut tx = state.store.begin_write().await?;
    store::insert(&mut tx, &ctx.env.code, &row).await?;
    let policy = recheck(&mut tx, &ctx).await?;
    let created = current_view(&mut tx, &policy, &ctx.env.code, &id).await?;
    let what = Audited {
        action: "create",
        entity: "app_connector",
        id: &id,
    };
    audit(&mut tx, &ctx, &caller, what, None, Some(&created)).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, etag(created.version), Json(created)))
}

/// Change an app connector's name, linked group or connectors (account owner only)
#[utoipa::path(
    put,
    path = "/environments/{env}/app-connectors/{id}",
    tag = "app connectors",
    params(EnvParam, ("id" = String, Path, description = "the app connector's id"), IfMatch),
    request_body = AppConnectorFields,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = AppConnectorView, headers(("ETag" = String, description = "the app connector's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "another app connector already uses this name, or a change saved meanwhile conflicts", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn update_app_connector(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<AppConnectorFields>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let before = read_before(&state, &ctx, &id).await?;
    let row = validate(&ctx, &id, &body, true)?;
    let mut tx = state.store.begin_write().await?;
    if !store::update(&mut tx, &row, expected).await? {
        return Err(stale_now(&mut tx, &ctx, &id, expected).await);
    }
    let after = finish_update(&mut tx, &ctx, &caller, &id, before).await?;
    tx.commit().await?;
    Ok((etag(after.version), Json(after)))
}

/// Block or unblock an app connector (account owner only)
#[utoipa::path(
    put,
    path = "/environments/{env}/app-connectors/{id}/blocked",
    tag = "app connectors",
    params(EnvParam, ("id" = String, Path, description = "the app connector's id"), IfMatch),
    request_body = AppConnectorBlock,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = AppConnectorView, headers(("ETag" = String, description = "the app connector's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "a change saved meanwhile conflicts", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn set_blocked(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<AppConnectorBlock>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let before = read_before(&state, &ctx, &id).await?;
    let mut tx = state.store.begin_write().await?;
    if !store::set_blocked(&mut tx, &id, expected, body.blocked).await? {
        return Err(stale_now(&mut tx, &ctx, &id, expected).await);
    }
    let after = finish_update(&mut tx, &ctx, &caller, &id, before).await?;
    tx.commit().await?;
    Ok((etag(after.version), Json(after)))
}

/// Delete an app connector and its tokens (account owner only)
#[utoipa::path(
    delete,
    path = "/environments/{env}/app-connectors/{id}",
    tag = "app connectors",
    params(EnvParam, ("id" = String, Path, description = "the app connector's id"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 204, description = "deleted"),
        SignedIn,
        IfMatch,
    ),
)]
pub(in crate::routes) async fn delete_app_connector(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let before = read_before(&state, &ctx, &id).await?;
    let mut tx = state.store.begin_write().await?;
    if !store::delete(&mut tx, &id, expected).await? {
        return Err(stale_now(&mut tx, &ctx, &id, expected).await);
    }
    let what = Audited {
        action: "delete",
        entity: "app_connector",
        id: &id,
    };
    audit(&mut tx, &ctx, &caller, what, Some(&before), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// After an update on `conn`: re-check the snapshot, audit, and return the new state.
async fn finish_update(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    id: &str,
    before: AppConnectorView,
) -> Result<AppConnectorView, ApiError> {
    let policy = recheck(conn, ctx).await?;
    let after = current_view(conn, &policy, &ctx.env.code, id).await?;
    let what = Audited {
        action: "update",
        entity: "app_connector",
        id,
    };
    audit(conn, ctx, caller, what, Some(&before), Some(&after)).await?;
    Ok(after)
}
