//! The discovery endpoints (RFC 7644 §4): what this service provider supports, its resource
//! types and their schemas, as the `gatehouse-scim` crate describes them.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use gatehouse_scim::discovery::{
    resource_type_by_id, resource_types as all_resource_types, schema_by_id,
    schemas as all_schemas, service_provider_config as config, Features,
};
use gatehouse_scim::{list_response, ScimError};

use super::bulk::MAX_OPERATIONS;
use super::gate::base_url;
use super::reply::{Fail, Reply};
use crate::AppState;

/// What the service provider supports: `/Bulk` with up to [`MAX_OPERATIONS`] operations in
/// a body as large as any SCIM body, up to [`super::MAX_RESULTS`] results a page.
fn features() -> Features {
    Features {
        max_results: super::MAX_RESULTS,
        bulk_max_operations: MAX_OPERATIONS,
        bulk_max_payload_bytes: super::SCIM_BODY_LIMIT,
        bulk_supported: true,
        documentation_uri: None,
    }
}

/// `GET /ServiceProviderConfig`
pub async fn service_provider_config(
    State(state): State<AppState>,
    Path(env): Path<String>,
    headers: HeaderMap,
) -> Reply {
    Reply::ok(
        config(&base_url(&state, &headers, &env), &features()),
        "read the service provider configuration",
    )
}

/// `GET /ResourceTypes`
pub async fn resource_types(
    State(state): State<AppState>,
    Path(env): Path<String>,
    headers: HeaderMap,
) -> Reply {
    let types = all_resource_types(&base_url(&state, &headers, &env));
    Reply::ok(
        list_response(types.len(), 1, types),
        "read the resource types",
    )
}

/// `GET /ResourceTypes/{id}`
pub async fn resource_type(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Reply, Fail> {
    let found = resource_type_by_id(&base_url(&state, &headers, &env), &id)
        .ok_or_else(|| ScimError::not_found(format!("no resource type {id}")))?;
    Ok(Reply::ok(found, format!("read resource type {id}")))
}

/// `GET /Schemas`
pub async fn schemas(
    State(state): State<AppState>,
    Path(env): Path<String>,
    headers: HeaderMap,
) -> Reply {
    let schemas = all_schemas(&base_url(&state, &headers, &env));
    Reply::ok(list_response(schemas.len(), 1, schemas), "read the schemas")
}

/// `GET /Schemas/{id}`
pub async fn schema(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Reply, Fail> {
    let found = schema_by_id(&base_url(&state, &headers, &env), &id)
        .ok_or_else(|| ScimError::not_found(format!("no schema {id}")))?;
    Ok(Reply::ok(found, format!("read schema {id}")))
}
