//! Changing app connectors: create, change, block or unblock, delete (account owner only;
//! If-Match on every change; audited).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_policy::ConnectorRef;
use gatehouse_wire::{
    AppConnectorBlock, AppConnectorFields, AppConnectorView, ChangeRequest, ConnectorInclusion,
    ErrorBody,
};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::app_connector_views::not_found;
use crate::routes::changes::apply_one;
use crate::routes::context::PolicyContext;
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::versioning::{etag, if_match};
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
    let change = ChangeRequest::CreateAppConnector {
        app_connector: None,
        name: body.name,
        group: body.group,
        connectors: body.connectors,
        blocked: false,
    };
    let created = one(&state, &caller, &env, change).await?;
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
    let version = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let blocked = stored(&ctx, &id)?.blocked;
    let change = ChangeRequest::UpdateAppConnector {
        app_connector: id,
        version,
        name: body.name,
        group: body.group,
        connectors: body.connectors,
        blocked,
    };
    let changed = one_in(&state, &ctx, &caller, change).await?;
    Ok((etag(changed.version), Json(changed)))
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
    let version = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let current = stored(&ctx, &id)?;
    let change = ChangeRequest::UpdateAppConnector {
        app_connector: id,
        version,
        name: current.name.clone(),
        group: current.group.to_string(),
        connectors: current.connectors.iter().map(inclusion).collect(),
        blocked: body.blocked,
    };
    let changed = one_in(&state, &ctx, &caller, change).await?;
    Ok((etag(changed.version), Json(changed)))
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
    let change = ChangeRequest::DeleteAppConnector {
        app_connector: id,
        version: if_match(&headers)?,
    };
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    apply_one(&state, &ctx, &caller, change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// After an update on `conn`: re-check the snapshot, audit, and return the new state.
/// A one-change set about an app connector; the app connector as stored after it.
async fn one(
    state: &AppState,
    caller: &Caller,
    env: &str,
    change: ChangeRequest,
) -> Result<AppConnectorView, ApiError> {
    let ctx = PolicyContext::load(state, caller, env).await?;
    one_in(state, &ctx, caller, change).await
}

async fn one_in(
    state: &AppState,
    ctx: &PolicyContext,
    caller: &Caller,
    change: ChangeRequest,
) -> Result<AppConnectorView, ApiError> {
    apply_one(state, ctx, caller, change)
        .await?
        .app_connectors
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("the app connector was not stored".to_owned()))
}

/// The app connector `id` of the snapshot, or 404.
fn stored<'c>(
    ctx: &'c PolicyContext,
    id: &str,
) -> Result<&'c gatehouse_policy::AppConnector, ApiError> {
    ctx.policy
        .app_connectors
        .iter()
        .find(|a| a.id.as_str() == id)
        .ok_or_else(|| not_found(id))
}

/// An included connector as a request names it.
fn inclusion(connector: &ConnectorRef) -> ConnectorInclusion {
    ConnectorInclusion {
        connector: connector.name.clone(),
        kind: connector.kind,
    }
}
