//! The API routes, merged in one place under `/api/v1`.

mod access;
mod access_tests;
mod app_connector_views;
mod app_connectors;
mod audit;
mod changes;
mod collaborators;
mod connect;
mod context;
mod data_environments;
mod environments;
mod filters;
mod grants;
mod groups;
mod health;
mod imports;
mod integration;
mod openapi;
mod provisioning;
mod resources;
mod scim;
mod session;
mod subject_permissions;
mod sync;
mod table_views;
mod tables;
mod tokens;
mod user_properties;
mod users;
mod versioning;

use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::Router;

use crate::error::ApiError;
use crate::extract::BODY_LIMIT;
use crate::AppState;

pub use resources::grant_view as grant_view_for;
pub use scim::{router as scim_router, ScimStrangers};

/// Every API route, with JSON 404s for unknown API paths.
pub fn router() -> Router<AppState> {
    let api = Router::new()
        .merge(health::router())
        .merge(session::router())
        .merge(environments::router())
        .merge(data_environments::router())
        .merge(users::router())
        .merge(groups::router())
        .merge(resources::router())
        .merge(subject_permissions::router())
        .merge(grants::router())
        .merge(changes::router())
        .merge(imports::router())
        .merge(access::router())
        .merge(audit::router())
        .merge(access_tests::router())
        .merge(app_connectors::router())
        .merge(tokens::router())
        .merge(provisioning::router())
        .merge(connect::router())
        .merge(tables::router())
        .merge(filters::router())
        .merge(openapi::router())
        .merge(collaborators::router())
        .merge(user_properties::router())
        .merge(sync::router());
    Router::new()
        .nest("/api/v1", api)
        .route("/api", axum::routing::any(unknown_endpoint))
        .route("/api/{*rest}", axum::routing::any(unknown_endpoint))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

async fn unknown_endpoint(method: Method, uri: Uri) -> ApiError {
    ApiError::NotFound {
        what: "API endpoint",
        id: format!("{method} {}", uri.path()),
        field: "path",
    }
}
