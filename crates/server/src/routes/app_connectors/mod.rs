//! App connectors of an environment: list and read (any signed-in user of the organisation),
//! create, change name / linked group / included connectors, block or unblock, delete — each
//! a one-change set (the account owner's, as the policy crate decides; If-Match on every
//! change; audited).
//!
//! Deleting an app connector deletes its tokens with it. The linked group of an app connector
//! cannot be deleted while the app connector uses it (409).

pub(super) mod reads;
pub(super) mod writes;

use axum::routing::{get, put};
use axum::Router;

use crate::AppState;

/// The app connector routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/app-connectors",
            get(reads::list_app_connectors).post(writes::create_app_connector),
        )
        .route(
            "/environments/{env}/app-connectors/{id}",
            get(reads::get_app_connector)
                .put(writes::update_app_connector)
                .delete(writes::delete_app_connector),
        )
        .route(
            "/environments/{env}/app-connectors/{id}/blocked",
            put(writes::set_blocked),
        )
}
