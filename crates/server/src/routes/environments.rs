//! `GET /api/v1/environments`: the organisation environments the studio can work in.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::EnvironmentInfo;

use crate::error::ApiError;
use crate::AppState;

/// The environment routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/environments", get(list_environments))
}

async fn list_environments(
    State(state): State<AppState>,
) -> Result<Json<Vec<EnvironmentInfo>>, ApiError> {
    Ok(Json(state.store.list_environments().await?))
}

/// Loads an environment or answers 404 naming it.
pub async fn require_environment(state: &AppState, code: &str) -> Result<EnvironmentInfo, ApiError> {
    state.store.find_environment(code).await?.ok_or_else(|| ApiError::NotFound {
        what: "environment",
        id: code.to_owned(),
        field: "environment",
    })
}
