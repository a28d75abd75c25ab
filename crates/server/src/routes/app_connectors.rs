//! App connectors of an environment: list and read (any signed-in user of the organisation),
//! create, change name / linked group / included connectors, block or unblock, delete (the
//! account owner, as the policy crate decides; If-Match on every change; audited).
//!
//! Deleting an app connector deletes its tokens with it. The linked group of an app connector
//! cannot be deleted while the app connector uses it (409).

use std::collections::BTreeSet;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use gatehouse_policy::{
    AppConnector, AppConnectorError, AppConnectorId, ConnectorRef, GroupId, PolicyError,
    ResourceId, ResourceKind,
};
use gatehouse_wire::{AppConnectorBlock, AppConnectorFields, AppConnectorView, ErrorBody};
use sqlx::AnyConnection;

use super::app_connector_views::{current_view, not_found, read_before, stale_now, view, Extras};
use super::context::PolicyContext;
use super::integration::{audit, display_name, recheck, require_account_owner, Audited};
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use super::versioning::{etag, if_match};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::app_connectors::{self as store, AppConnectorRow};
use crate::AppState;

/// The app connector routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/app-connectors",
            get(list_app_connectors).post(create_app_connector),
        )
        .route(
            "/environments/{env}/app-connectors/{id}",
            get(get_app_connector)
                .put(update_app_connector)
                .delete(delete_app_connector),
        )
        .route(
            "/environments/{env}/app-connectors/{id}/blocked",
            put(set_blocked),
        )
}

/// The app connectors of an environment
#[utoipa::path(
    get,
    path = "/environments/{env}/app-connectors",
    tag = "app connectors",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the app connectors", body = Vec<AppConnectorView>),
        SignedIn,
    ),
)]
async fn list_app_connectors(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Vec<AppConnectorView>>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut conn = state.store.pool().acquire().await?;
    let rows = store::list(&mut conn, &ctx.env.code, None).await?;
    let extras = Extras::load(&mut conn, &ctx.env.code).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| view(&ctx.policy, &extras, row))
            .collect(),
    ))
}

/// An app connector with its group, members and connectors
#[utoipa::path(
    get,
    path = "/environments/{env}/app-connectors/{id}",
    tag = "app connectors",
    params(EnvParam, ("id" = String, Path, description = "the app connector's id")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the app connector", body = AppConnectorView, headers(("ETag" = String, description = "the app connector's version"))),
        SignedIn,
    ),
)]
async fn get_app_connector(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut conn = state.store.pool().acquire().await?;
    let current = current_view(&mut conn, &ctx.policy, &ctx.env.code, &id).await?;
    Ok((etag(current.version), Json(current)))
}

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
async fn create_app_connector(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<AppConnectorFields>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let id = format!("ac-{}", uuid::Uuid::new_v4().simple());
    let row = validate(&ctx, &id, &body, false)?;
    let mut tx = state.store.pool().begin().await?;
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
async fn update_app_connector(
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
    let mut tx = state.store.pool().begin().await?;
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
async fn set_blocked(
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
    let mut tx = state.store.pool().begin().await?;
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
async fn delete_app_connector(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let before = read_before(&state, &ctx, &id).await?;
    let mut tx = state.store.pool().begin().await?;
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

/// Checks the fields against the snapshot (the policy crate validates the result) and builds
/// the row to store.
fn validate(
    ctx: &PolicyContext,
    id: &str,
    body: &AppConnectorFields,
    existing: bool,
) -> Result<AppConnectorRow, ApiError> {
    let name = display_name(&body.name)?;
    let group =
        GroupId::parse(&body.group).map_err(|e| ApiError::invalid("group", e.to_string()))?;
    if ctx.policy.group(&group).is_none() {
        return Err(ApiError::invalid(
            "group",
            format!("unknown group `{}`", body.group),
        ));
    }
    let mut connectors = BTreeSet::new();
    for (index, inclusion) in body.connectors.iter().enumerate() {
        let field = format!("connectors[{index}].connector");
        let resource = ResourceId::parse(&inclusion.connector)
            .map_err(|e| ApiError::invalid(&field, e.to_string()))?;
        match ctx.policy.resource(&resource) {
            Some(r) if r.kind == ResourceKind::Connector => {}
            Some(_) => {
                return Err(ApiError::invalid(
                    &field,
                    format!("`{}` is an app, not a connector", inclusion.connector),
                ))
            }
            None => {
                return Err(ApiError::invalid(
                    &field,
                    format!("unknown connector `{}`", inclusion.connector),
                ))
            }
        }
        connectors.insert(ConnectorRef {
            kind: inclusion.kind,
            name: resource.to_string(),
        });
    }
    let app_connector = AppConnector {
        id: AppConnectorId::parse(id).map_err(|e| ApiError::invalid("id", e.to_string()))?,
        name: name.clone(),
        group,
        connectors,
        blocked: false,
    };
    let mut next = gatehouse_policy::Policy::clone(&ctx.policy);
    let position = next
        .app_connectors
        .iter()
        .position(|a| a.id == app_connector.id);
    match (position, existing) {
        (Some(index), true) => next.app_connectors[index] = app_connector.clone(),
        (None, false) => next.app_connectors.push(app_connector.clone()),
        _ => return Err(not_found(id)),
    }
    next.validate().map_err(|err| match err {
        PolicyError::AppConnector(AppConnectorError::UnknownGroup { .. }) => {
            ApiError::invalid("group", err.to_string())
        }
        other => ApiError::invalid("name", other.to_string()),
    })?;
    Ok(AppConnectorRow {
        id: id.to_owned(),
        name,
        group_id: app_connector.group.to_string(),
        blocked: false,
        connectors: app_connector
            .connectors
            .into_iter()
            .map(|c| (c.name, c.kind))
            .collect(),
        version: 1,
    })
}

/// A group linked to an app connector cannot be deleted: the app connector would have no
/// group (the policy crate refuses such a snapshot). Link another group first.
pub(super) fn refuse_linked_group(ctx: &PolicyContext, group: &GroupId) -> Result<(), ApiError> {
    match ctx.policy.app_connectors.iter().find(|a| &a.group == group) {
        Some(app_connector) => Err(ApiError::Conflict {
            message: format!(
                "group `{group}` is linked to app connector `{}`; link that app connector to another group first",
                app_connector.name
            ),
            field: Some("id".to_owned()),
        }),
        None => Ok(()),
    }
}
