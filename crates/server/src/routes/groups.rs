//! `GET /api/v1/environments/{env}/groups`: the groups of an environment.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::GroupSummary;

use super::environments::caller_environment;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// The group routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/environments/{env}/groups", get(list_groups))
}

async fn list_groups(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Vec<GroupSummary>>, ApiError> {
    let env = caller_environment(&state, &caller, &env).await?;
    Ok(Json(state.store.list_groups(&env.code).await?))
}
