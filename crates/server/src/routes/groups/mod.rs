//! Groups of an environment: list, read, create, rename, replace members, delete. Every
//! write is a change set (`routes::changes`): only the account owner changes groups, and
//! membership changes and deletions go through the lock-out guard (no resource may lose its
//! last Owner).

pub(super) mod members;
pub(super) mod reads;
pub(super) mod writes;

use axum::routing::{get, put};
use axum::Router;

use crate::AppState;

/// The group routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/groups",
            get(reads::list_groups).post(writes::create_group),
        )
        .route(
            "/environments/{env}/groups/{id}",
            get(reads::get_group)
                .put(writes::rename_group)
                .delete(writes::delete_group),
        )
        .route(
            "/environments/{env}/groups/{id}/members",
            put(members::set_members),
        )
}

fn not_found(id: &str) -> crate::error::ApiError {
    crate::error::ApiError::NotFound {
        what: "group",
        id: id.to_owned(),
        field: "id",
    }
}
