//! The SCIM 2.0 service provider (RFC 7643, RFC 7644) an identity provider provisions users
//! and groups through: `/scim/v2/{env}/…`, authenticated with a provisioning token of that
//! environment. Every write is a change set on the one write path (the same validation, the
//! same lock-out guard, the same audit log, with the token as the actor); the protocol itself
//! (filters, PATCH, projection, discovery) is the `gatehouse-scim` crate's.

mod bulk;
mod discovery;
mod gate;
mod groups;
mod load;
mod reply;
mod search;
mod users;
mod write;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::AppState;

pub use gate::{base_url, ScimStrangers};

/// The largest SCIM request body: a group with 10,000 members is about 1 MiB.
pub const SCIM_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// Most resources one list answer holds (`count` is capped to it).
pub const MAX_RESULTS: usize = 1000;

/// The SCIM routes, behind the provisioning token gate (which also logs every call).
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/scim/v2/{env}/ServiceProviderConfig",
            get(discovery::service_provider_config),
        )
        .route(
            "/scim/v2/{env}/ResourceTypes",
            get(discovery::resource_types),
        )
        .route(
            "/scim/v2/{env}/ResourceTypes/{id}",
            get(discovery::resource_type),
        )
        .route("/scim/v2/{env}/Schemas", get(discovery::schemas))
        .route("/scim/v2/{env}/Schemas/{id}", get(discovery::schema))
        .route("/scim/v2/{env}/.search", post(search::everything))
        .route("/scim/v2/{env}/Bulk", post(bulk::bulk))
        .route("/scim/v2/{env}/Users", get(users::list).post(users::create))
        .route("/scim/v2/{env}/Users/.search", post(users::search))
        .route(
            "/scim/v2/{env}/Users/{id}",
            get(users::read)
                .put(users::replace)
                .patch(users::patch)
                .delete(users::delete),
        )
        .route(
            "/scim/v2/{env}/Groups",
            get(groups::list).post(groups::create),
        )
        .route("/scim/v2/{env}/Groups/.search", post(groups::search))
        .route(
            "/scim/v2/{env}/Groups/{id}",
            get(groups::read)
                .put(groups::replace)
                .patch(groups::patch)
                .delete(groups::delete),
        )
        .route("/scim/v2/{env}", axum::routing::any(reply::unknown))
        .route("/scim/v2/{env}/{*rest}", axum::routing::any(reply::unknown))
        .layer(axum::middleware::from_fn_with_state(state, gate::gate))
        .layer(DefaultBodyLimit::max(SCIM_BODY_LIMIT))
}
