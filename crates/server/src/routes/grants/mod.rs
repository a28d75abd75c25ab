//! Changing grants one at a time: create, update (If-Match), delete (If-Match) — thin forms
//! of a change set (`routes/changes`), which decides, stores and audits them.

pub(super) mod writes;

use axum::routing::{post, put};
use axum::Router;

use crate::AppState;

/// The grant routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/resources/{id}/grants",
            post(writes::create_grant),
        )
        .route(
            "/environments/{env}/grants/{grant}",
            put(writes::update_grant).delete(writes::delete_grant),
        )
}
