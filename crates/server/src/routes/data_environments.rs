//! Data environments: the list (with versions and how many grants cover each) and creating,
//! renaming and deleting custom ones — each a change set of one change (the policy crate
//! decides: account owner only, the built-ins stay, names unique regardless of case; a
//! deletion takes the environment out of every grant and goes through the lock-out guard).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use gatehouse_policy::Policy;
use gatehouse_wire::{
    ChangeRequest, DataEnvironmentFields, DataEnvironmentView, EnvironmentComparison, ErrorBody,
};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::routes::changes::apply_one;
use crate::routes::context::PolicyContext;
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::resources::grant_view;
use crate::routes::versioning::{etag, if_match};
use crate::store::data_environments::{self as store, DataEnvironmentRow};
use crate::store::grants::grants_covering;
use crate::AppState;

/// The data environment routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/data-environments",
            get(list_data_environments).post(create_data_environment),
        )
        .route(
            "/environments/{env}/data-environments/compare",
            get(compare_data_environments),
        )
        .route(
            "/environments/{env}/data-environments/{id}",
            put(rename_data_environment).delete(delete_data_environment),
        )
}

/// The two data environments to compare.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::routes) struct CompareQuery {
    /// The first data environment's id.
    from: String,
    /// The second data environment's id.
    to: String,
}

/// Compare two data environments
///
/// Grant by grant: a subject has one grant on a resource, with one role for every data
/// environment it covers, so two environments differ where a grant covers one and not the
/// other. Each difference carries the grant as stored (id, version), so that a change set
/// can copy it across. Only who may read the whole policy (the account owner and resource
/// owners) compares.
#[utoipa::path(
    get,
    path = "/environments/{env}/data-environments/compare",
    tag = "environments",
    params(
        EnvParam,
        ("from" = String, Query, description = "the first data environment's id, e.g. `production`", min_length = 1, max_length = 128),
        ("to" = String, Query, description = "the second data environment's id, e.g. `staging`", min_length = 1, max_length = 128),
    ),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the grants that cover one of the two and not the other", body = EnvironmentComparison),
        (status = 400, description = "`from` or `to` is missing, or an unknown query parameter (`field` names it)", body = ErrorBody),
        (status = 404, description = "`from` or `to` names no data environment here (`field` names it)", body = ErrorBody),
        (status = 422, description = "`from` and `to` are the same data environment (`field` is `to`)", body = ErrorBody),
        SignedIn,
    ),
)]
pub(in crate::routes) async fn compare_data_environments(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiQuery(query): ApiQuery<CompareQuery>,
) -> Result<Json<EnvironmentComparison>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    gatehouse_app::may_read_policy(&ctx.prepared, &ctx.actor)
        .map_err(|why| ApiError::Forbidden(why.to_owned()))?;
    let mut conn = state.store.pool().acquire().await?;
    let mut rows = grants_covering(&mut conn, &ctx.env.code, &query.from).await?;
    for row in grants_covering(&mut conn, &ctx.env.code, &query.to).await? {
        if !rows.iter().any(|r| r.id == row.id) {
            rows.push(row);
        }
    }
    let grants: Vec<_> = rows
        .into_iter()
        .map(|row| grant_view(&ctx.prepared, row))
        .collect();
    gatehouse_app::compare_environments(ctx.prepared.policy(), &grants, &query.from, &query.to)
        .map(Json)
        .map_err(|refusal| match refusal.unknown {
            Some(id) => ApiError::NotFound {
                what: "data environment",
                id,
                field: refusal.field,
            },
            None => ApiError::invalid(refusal.field, refusal.message),
        })
}

/// A stored data environment as administered, with how many grants of `policy` cover it
/// (the shared view; the row as stored where `policy` does not have it).
pub(in crate::routes) fn data_environment_view(
    policy: &Policy,
    row: DataEnvironmentRow,
) -> DataEnvironmentView {
    gatehouse_app::data_environment_view(policy, &row.id, row.version).unwrap_or(
        DataEnvironmentView {
            id: row.id,
            name: row.name,
            builtin: row.builtin,
            version: row.version,
            grants: 0,
        },
    )
}

/// The data environments of an environment
///
/// In display order: the built-in Production, Staging and Development first, then the custom
/// ones as they were created.
#[utoipa::path(
    get,
    path = "/environments/{env}/data-environments",
    tag = "environments",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the data environments", body = Vec<DataEnvironmentView>),
        SignedIn,
    ),
)]
pub(in crate::routes) async fn list_data_environments(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Vec<DataEnvironmentView>>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut conn = state.store.pool().acquire().await?;
    let rows = store::list(&mut conn, &ctx.env.code).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| data_environment_view(ctx.prepared.policy(), row))
            .collect(),
    ))
}

/// Create a custom data environment (account owner only)
#[utoipa::path(
    post,
    path = "/environments/{env}/data-environments",
    tag = "environments",
    params(EnvParam),
    request_body = DataEnvironmentFields,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "created", body = DataEnvironmentView, headers(("ETag" = String, description = "the data environment's version"))),
        SignedIn,
        JsonBody,
        (status = 409, description = "another data environment already uses this name", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn create_data_environment(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<DataEnvironmentFields>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::CreateDataEnvironment {
        environment: None,
        name: body.name,
    };
    let created = one(&state, &caller, &env, change).await?;
    Ok((StatusCode::CREATED, etag(created.version), Json(created)))
}

/// Rename a custom data environment (account owner only)
#[utoipa::path(
    put,
    path = "/environments/{env}/data-environments/{id}",
    tag = "environments",
    params(EnvParam, ("id" = String, Path, description = "the data environment's id"), IfMatch),
    request_body = DataEnvironmentFields,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "renamed", body = DataEnvironmentView, headers(("ETag" = String, description = "the data environment's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "a built-in environment, or the name is taken", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn rename_data_environment(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<DataEnvironmentFields>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::RenameDataEnvironment {
        environment: id,
        version: if_match(&headers)?,
        name: body.name,
    };
    let renamed = one(&state, &caller, &env, change).await?;
    Ok((etag(renamed.version), Json(renamed)))
}

/// Delete a custom data environment (account owner only)
///
/// Every grant loses the environment; a grant that covered only it is deleted. Preview who
/// loses what with a dry-run change set (`delete_data_environment`) first.
#[utoipa::path(
    delete,
    path = "/environments/{env}/data-environments/{id}",
    tag = "environments",
    params(EnvParam, ("id" = String, Path, description = "the data environment's id"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 204, description = "deleted"),
        SignedIn,
        IfMatch,
        (status = 409, description = "a built-in environment, or a resource would lose its last Owner", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn delete_data_environment(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let change = ChangeRequest::DeleteDataEnvironment {
        environment: id,
        version: if_match(&headers)?,
    };
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    apply_one(&state, &ctx, &caller, change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A one-change set about a data environment; the environment as stored after it.
async fn one(
    state: &AppState,
    caller: &Caller,
    env: &str,
    change: ChangeRequest,
) -> Result<DataEnvironmentView, ApiError> {
    let ctx = PolicyContext::load(state, caller, env).await?;
    let result = apply_one(state, &ctx, caller, change).await?;
    result
        .data_environments
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("the data environment was not stored".to_owned()))
}
