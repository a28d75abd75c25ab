//! `GET /api/v1/health`: is the server up, and on which database.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::Health;

use crate::error::ApiError;
use crate::AppState;

/// The health route.
pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    sqlx::query("SELECT 1").execute(state.store.pool()).await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        database: state.store.backend().name().to_owned(),
    }))
}
