//! Tables under filter authorisation: list, read with rows and filters, switch the filter
//! mode (If-Match; the answer lists who lost all access), what-if of that switch, and the
//! preview of one user's visible rows with the filters that let each through.
//!
//! Who may: a table is managed by the account owner and by every Owner of a connector that
//! serves it (`may_edit_permissions` on that connector — filter authorisation is the data
//! side of the connector's permissions); tables with no serving connector only by the account
//! owner. Tables the caller cannot manage are not listed, and reading one is refused; anyone
//! may preview their own visible rows.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use gatehouse_policy::filter::filter_states;
use gatehouse_policy::{authorize_table_manager, FilterMode, TableId, UserId};
use gatehouse_wire::{
    AccessLoss, ChangeRequest, DataRow, ErrorBody, RowGain, TableDetail, TableModeResult,
    TableModeUpdate, TableSummary, TableVisibility, UserRef,
};
use serde::Deserialize;
use sqlx::AnyConnection;

use super::changes::apply_one;
use super::context::PolicyContext;
use super::integration::user_refs;
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
pub(super) use super::table_views::{filter_views, load_rows, visible};
use super::table_views::{gainers, losers, summary, table_summary};
use super::versioning::{etag, if_match};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::store::tables as store;
use crate::AppState;

/// The table routes (filters are in `filters.rs`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/environments/{env}/tables", get(list_tables))
        .route("/environments/{env}/tables/{id}", get(get_table))
        .route("/environments/{env}/tables/{id}/mode", put(set_mode))
        .route(
            "/environments/{env}/tables/{id}/access-loss",
            get(access_loss),
        )
        .route("/environments/{env}/tables/{id}/row-gain", get(row_gain))
        .route("/environments/{env}/tables/{id}/visible", get(preview))
}

/// The tables the caller manages
#[utoipa::path(
    get,
    path = "/environments/{env}/tables",
    tag = "tables",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the tables", body = Vec<TableSummary>),
        SignedIn,
    ),
)]
async fn list_tables(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Vec<TableSummary>>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut conn = state.store.pool().acquire().await?;
    let connectors = store::connectors_by_table(&mut conn, &ctx.env.code).await?;
    let rows = store::list(&mut conn, &ctx.env.code, None).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| summary(&ctx.policy, &connectors, row))
            .filter(|t| require_manager(&ctx, t).is_ok())
            .collect(),
    ))
}

/// A table with its rows and filters
#[utoipa::path(
    get,
    path = "/environments/{env}/tables/{id}",
    tag = "tables",
    params(EnvParam, ("id" = String, Path, description = "the table's id, e.g. `tbl-employees`")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the table", body = TableDetail,
            headers(("ETag" = String, description = "the table's version"))),
        SignedIn,
    ),
)]
async fn get_table(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut conn = state.store.pool().acquire().await?;
    let table = managed_table(&mut conn, &ctx, &id).await?;
    let refs = user_refs(&mut conn, &ctx.env.code).await?;
    let filters = filter_views(&mut conn, &ctx.policy, &refs, &id).await?;
    let rows = load_rows(&mut conn, &id)
        .await?
        .into_iter()
        .map(|(id, values)| DataRow { id, values })
        .collect();
    Ok((
        etag(table.version),
        Json(TableDetail {
            table,
            rows,
            filters,
        }),
    ))
}

/// Switch a table's filter mode; the answer lists who lost all access
#[utoipa::path(
    put,
    path = "/environments/{env}/tables/{id}/mode",
    tag = "tables",
    params(EnvParam, ("id" = String, Path, description = "the table's id, e.g. `tbl-employees`"), IfMatch),
    request_body = TableModeUpdate,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "switched", body = TableModeResult,
            headers(("ETag" = String, description = "the table's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "a change saved meanwhile conflicts", body = ErrorBody),
    ),
)]
async fn set_mode(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<TableModeUpdate>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::SetTableMode {
        table: id.clone(),
        version: if_match(&headers)?,
        mode: body.mode,
    };
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let result = apply_one(&state, &ctx, &caller, change).await?;
    let after = result
        .tables
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("the table was not stored".to_owned()))?;
    // Who sees no row at all now, from the snapshot the set published.
    let now = PolicyContext::load(&state, &caller, &env).await?;
    let loses_access = match body.mode {
        FilterMode::AllRows => Vec::new(),
        FilterMode::AccordingToFilter => {
            let mut conn = state.store.pool().acquire().await?;
            let refs = user_refs(&mut conn, &now.env.code).await?;
            losers(&now.policy, &refs, &id)?
        }
    };
    Ok((
        etag(after.version),
        Json(TableModeResult {
            table: after,
            loses_access,
        }),
    ))
}

/// Who would see no row at all if the table ran according to filter (nothing is changed).
#[utoipa::path(
    get,
    path = "/environments/{env}/tables/{id}/access-loss",
    tag = "tables",
    params(EnvParam, ("id" = String, Path, description = "the table's id, e.g. `tbl-employees`")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the active users without any active filter", body = AccessLoss),
        SignedIn,
    ),
)]
async fn access_loss(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<Json<AccessLoss>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut conn = state.store.pool().acquire().await?;
    let table = managed_table(&mut conn, &ctx, &id).await?;
    let refs = user_refs(&mut conn, &ctx.env.code).await?;
    Ok(Json(AccessLoss {
        users: losers(&ctx.policy, &refs, &id)?,
        table: table.id,
        mode: table.mode,
    }))
}

/// Who would see more rows if the table showed all rows
///
/// Ask before switching a table to all rows: every active user who sees fewer rows now, with
/// how many. Empty when the table already shows all rows.
#[utoipa::path(
    get,
    path = "/environments/{env}/tables/{id}/row-gain",
    tag = "tables",
    params(EnvParam, ("id" = String, Path, description = "the table's id, e.g. `tbl-dossier-items`")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the active users who would see more rows", body = RowGain),
        SignedIn,
    ),
)]
async fn row_gain(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<Json<RowGain>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut conn = state.store.pool().acquire().await?;
    let table = managed_table(&mut conn, &ctx, &id).await?;
    let refs = user_refs(&mut conn, &ctx.env.code).await?;
    let rows = load_rows(&mut conn, &id).await?;
    Ok(Json(RowGain {
        users: gainers(&ctx.policy, &refs, &id, &rows)?,
        rows: rows.len(),
        table: table.id,
        mode: table.mode,
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviewQuery {
    user: Option<String>,
}

/// What one user sees of a table, and the filters that let each row through
#[utoipa::path(
    get,
    path = "/environments/{env}/tables/{id}/visible",
    tag = "tables",
    params(
        EnvParam,
        ("id" = String, Path, description = "the table's id, e.g. `tbl-employees`"),
        ("user" = String, Query, description = "the user's code, e.g. `12345.BWilliams`"),
    ),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the visible rows and every filter's state for the user", body = TableVisibility),
        (status = 400, description = "no `user` given", body = ErrorBody),
        SignedIn,
    ),
)]
async fn preview(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<PreviewQuery>,
) -> Result<Json<TableVisibility>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let code = query.user.unwrap_or_default();
    if code.trim().is_empty() {
        return Err(ApiError::BadRequest {
            message:
                "name the user to preview as `?user=<user code>`, e.g. `?user=12345.BWilliams`"
                    .to_owned(),
            field: Some("user".to_owned()),
        });
    }
    let user = state
        .store
        .find_user(&ctx.env.code, code.trim())
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "user",
            id: code.clone(),
            field: "user",
        })?;
    let mut conn = state.store.pool().acquire().await?;
    if user.id == caller.user.user_id {
        table_summary(&mut conn, &ctx.policy, &ctx.env.code, &id).await?;
    } else {
        managed_table(&mut conn, &ctx, &id).await?;
    }
    let user_id = UserId::parse(&user.id).map_err(|e| ApiError::Internal(e.to_string()))?;
    let rows = load_rows(&mut conn, &id).await?;
    let (state, visible) = visible(&ctx.policy, &id, &user_id, &rows)?;
    let table = TableId::parse(&id).map_err(|e| ApiError::Internal(e.to_string()))?;
    let filters = filter_states(&ctx.policy, &table, &user_id)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(TableVisibility {
        table: id,
        user: UserRef {
            id: user.id,
            code: user.code,
            name: user.name,
        },
        state,
        filters,
        rows: visible,
        total_rows: rows.len(),
    }))
}

/// A table's summary, 404 if it does not exist, 403 if the caller may not manage it.
pub(super) async fn managed_table(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    id: &str,
) -> Result<TableSummary, ApiError> {
    let table = table_summary(conn, &ctx.policy, &ctx.env.code, id).await?;
    require_manager(ctx, &table)?;
    Ok(table)
}

/// The caller must manage the table (the policy crate's rule: an Owner of a connector serving
/// it, or the account owner).
pub(super) fn require_manager(ctx: &PolicyContext, table: &TableSummary) -> Result<(), ApiError> {
    let Some(stored) = ctx.policy.tables.iter().find(|t| t.id.as_str() == table.id) else {
        return Err(ApiError::NotFound {
            what: "table",
            id: table.id.clone(),
            field: "id",
        });
    };
    authorize_table_manager(&ctx.prepared, &ctx.actor, stored).map_err(ApiError::Forbidden)
}
