//! The nightly collaborator sync over HTTP: the schedule and history of runs (each with its
//! per-environment results and conflicts) and "Run now". An organisation sees the results
//! in its own environments and those about its own collaborators.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::{
    ErrorBody, SyncOutcome, SyncResultView, SyncRunDetail, SyncRunList, SyncRunSummary, SyncTrigger,
};
use serde::Deserialize;

use super::context::{require_account_owner, PolicyContext};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::store::{now, sync_runs};
use crate::sync::{run_sync, RunOutcome};
use crate::AppState;

const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 200;

/// The sync routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sync/runs", get(list_runs).post(run_now))
        .route("/sync/runs/{id}", get(get_run))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    limit: Option<i64>,
}

/// The caller's participant number, after checking they administer their organisation.
async fn participant(state: &AppState, caller: &Caller) -> Result<String, ApiError> {
    let ctx = PolicyContext::load(state, caller, &caller.user.environment).await?;
    require_account_owner(&ctx)?;
    Ok(ctx.env.participant)
}

/// Whether a result line concerns `participant`: in its environments or about its users.
fn concerns(result: &SyncResultView, participant: &str) -> bool {
    result.environment.get(1..6) == Some(participant)
        || result.user.split('.').next() == Some(participant)
}

async fn visible_detail(
    state: &AppState,
    run: SyncRunSummary,
    participant: &str,
) -> Result<SyncRunDetail, ApiError> {
    let results: Vec<SyncResultView> = sync_runs::results_of(state.store.pool(), &run.id)
        .await?
        .into_iter()
        .filter(|r| concerns(r, participant))
        .collect();
    let updated = results
        .iter()
        .filter(|r| r.outcome == SyncOutcome::Updated)
        .count();
    let run = SyncRunSummary {
        updated,
        conflicts: results.len() - updated,
        ..run
    };
    Ok(SyncRunDetail { run, results })
}

/// The sync schedule and the latest runs, newest first (account owner only)
///
/// Each run counts only the results that concern the caller's organisation.
#[utoipa::path(
    get,
    path = "/sync/runs",
    tag = "sync",
    params(("limit" = Option<i64>, Query, description = "how many runs (1–200, default 20)", minimum = 1, maximum = 200)),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the schedule and the runs", body = SyncRunList),
        (status = 400, description = "`limit` is not a number, or an unknown query parameter (`field` names it)", body = ErrorBody),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "not the account owner", body = ErrorBody),
        (status = 422, description = "`limit` is outside 1–200 (`field` is `limit`)", body = ErrorBody),
    ),
)]
async fn list_runs(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<SyncRunList>, ApiError> {
    let participant = participant(&state, &caller).await?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("limit must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let mut items = Vec::new();
    for run in sync_runs::list_runs(state.store.pool(), limit).await? {
        items.push(visible_detail(&state, run, &participant).await?.run);
    }
    Ok(Json(SyncRunList {
        schedule: state.sync.view(now()),
        items,
    }))
}

/// One sync run with its results (account owner only)
///
/// Only the results in the caller's organisation's environments or about its own users.
#[utoipa::path(
    get,
    path = "/sync/runs/{id}",
    tag = "sync",
    params(("id" = String, Path, description = "the run's id")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the run and its results", body = SyncRunDetail),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "not the account owner", body = ErrorBody),
        (status = 404, description = "no sync run with this id (`field` is `id`)", body = ErrorBody),
    ),
)]
async fn get_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SyncRunDetail>, ApiError> {
    let participant = participant(&state, &caller).await?;
    let run = sync_runs::find_run(state.store.pool(), &id)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "sync run",
            id: id.clone(),
            field: "id",
        })?;
    Ok(Json(visible_detail(&state, run, &participant).await?))
}

/// Run the sync now (account owner only)
///
/// Waits for the run to finish. A run that fails changes nothing and still answers 201, with
/// status `failed` and the reason in `message`.
#[utoipa::path(
    post,
    path = "/sync/runs",
    tag = "sync",
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "the finished run and the results that concern the caller's organisation", body = SyncRunDetail),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "not the account owner, or no `x-gatehouse-csrf` header", body = ErrorBody),
    ),
)]
async fn run_now(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    let participant = participant(&state, &caller).await?;
    let slot = format!("manual:{}", uuid::Uuid::new_v4());
    let outcome = run_sync(&state, &slot, SyncTrigger::Manual, Some(&caller.user.code))
        .await
        .map_err(|err| ApiError::Internal(err.to_string()))?;
    let RunOutcome::Ran(id) = outcome else {
        return Err(ApiError::Internal(
            "a fresh manual slot was taken".to_owned(),
        ));
    };
    let run = sync_runs::find_run(state.store.pool(), &id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("sync run `{id}` vanished")))?;
    let detail = visible_detail(&state, run, &participant).await?;
    Ok((StatusCode::CREATED, Json(detail)))
}
