//! `GET /api/v1/health`: is the server up, and on which database.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::{ErrorBody, Health};

use crate::error::ApiError;
use crate::AppState;

/// The health route.
pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// Is the server up, and on which database
#[utoipa::path(
    get,
    path = "/health",
    tag = "meta",
    security(()),
    responses(
        (status = 200, description = "the server and its database answer", body = Health),
        (status = 500, description = "the database does not answer", body = ErrorBody),
    ),
)]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    sqlx::query("SELECT 1").execute(state.store.pool()).await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        database: state.store.backend().name().to_owned(),
    }))
}
