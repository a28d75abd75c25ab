//! Service discovery (RFC 7643 §5–§7, RFC 7644 §4): the ServiceProviderConfig, the
//! ResourceType and Schema documents, all generated from [`crate::schema`].

use serde_json::{json, Map, Value};

use crate::schema::{AttrDef, AttrType, ResourceSchema, GROUP, USER};

const SERVICE_PROVIDER_CONFIG_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// The resource schemas served, in the order they are listed.
const RESOURCES: [&ResourceSchema; 2] = [&USER, &GROUP];

/// What the service supports, as advertised in the ServiceProviderConfig.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Features {
    /// The most resources one list or search answer returns.
    pub max_results: usize,
    /// The most operations one bulk request may carry.
    pub bulk_max_operations: usize,
    /// The largest bulk request body, in bytes.
    pub bulk_max_payload_bytes: usize,
    /// Whether `/Bulk` is served.
    pub bulk_supported: bool,
    /// Where people can read about the service.
    pub documentation_uri: Option<String>,
}

/// The ServiceProviderConfig document (RFC 7643 §5): PATCH, filtering and ETags supported,
/// bulk as `features` says, no password change or sorting, bearer token authentication.
pub fn service_provider_config(base_url: &str, features: &Features) -> Value {
    let mut config = json!({
        "schemas": [SERVICE_PROVIDER_CONFIG_SCHEMA],
        "patch": {"supported": true},
        "bulk": {
            "supported": features.bulk_supported,
            "maxOperations": features.bulk_max_operations,
            "maxPayloadSize": features.bulk_max_payload_bytes,
        },
        "filter": {"supported": true, "maxResults": features.max_results},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": "Authentication with a provisioning token sent as an HTTP bearer token.",
            "specUri": "https://www.rfc-editor.org/info/rfc6750",
            "primary": true,
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{base_url}/ServiceProviderConfig"),
        },
    });
    if let (Some(uri), Some(object)) = (&features.documentation_uri, config.as_object_mut()) {
        object.insert("documentationUri".to_owned(), Value::from(uri.as_str()));
    }
    config
}

/// The User and Group ResourceType documents (RFC 7643 §6).
pub fn resource_types(base_url: &str) -> Vec<Value> {
    RESOURCES
        .iter()
        .map(|schema| resource_type(base_url, schema))
        .collect()
}

/// The ResourceType document named `id` (`"User"` or `"Group"`, ignoring case).
pub fn resource_type_by_id(base_url: &str, id: &str) -> Option<Value> {
    RESOURCES
        .iter()
        .find(|schema| schema.name.eq_ignore_ascii_case(id))
        .map(|schema| resource_type(base_url, schema))
}

fn resource_type(base_url: &str, schema: &ResourceSchema) -> Value {
    json!({
        "schemas": [RESOURCE_TYPE_SCHEMA],
        "id": schema.name,
        "name": schema.name,
        "endpoint": schema.endpoint,
        "description": schema.description,
        "schema": schema.id,
        "schemaExtensions": [],
        "meta": {
            "resourceType": "ResourceType",
            "location": format!("{base_url}/ResourceTypes/{}", schema.name),
        },
    })
}

/// The User and Group Schema documents (RFC 7643 §7). The common attributes `id`,
/// `externalId` and `meta` are not listed: RFC 7643 §3.1 keeps them out of every schema.
pub fn schemas(base_url: &str) -> Vec<Value> {
    RESOURCES
        .iter()
        .map(|schema| schema_document(base_url, schema))
        .collect()
}

/// The Schema document whose URN is `id` (ignoring case).
pub fn schema_by_id(base_url: &str, id: &str) -> Option<Value> {
    RESOURCES
        .iter()
        .find(|schema| schema.is_schema(id))
        .map(|schema| schema_document(base_url, schema))
}

fn schema_document(base_url: &str, schema: &ResourceSchema) -> Value {
    json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": schema.id,
        "name": schema.name,
        "description": schema.description,
        "attributes": schema.attributes.iter().map(attribute).collect::<Vec<_>>(),
        "meta": {
            "resourceType": "Schema",
            "location": format!("{base_url}/Schemas/{}", schema.id),
        },
    })
}

fn attribute(def: &AttrDef) -> Value {
    let mut out = Map::new();
    let mut put = |key: &str, value: Value| {
        out.insert(key.to_owned(), value);
    };
    put("name", Value::from(def.name));
    put("type", Value::from(def.kind.as_str()));
    put("multiValued", Value::from(def.multi_valued));
    put("description", Value::from(def.description));
    put("required", Value::from(def.required));
    if def.kind != AttrType::Complex && def.kind != AttrType::Boolean {
        put("caseExact", Value::from(def.case_exact));
    }
    if !def.canonical_values.is_empty() {
        put(
            "canonicalValues",
            Value::from(def.canonical_values.to_vec()),
        );
    }
    if def.kind == AttrType::Reference {
        put("referenceTypes", Value::from(def.reference_types.to_vec()));
    }
    put("mutability", Value::from(def.mutability.as_str()));
    put("returned", Value::from(def.returned.as_str()));
    put("uniqueness", Value::from(def.uniqueness.as_str()));
    if def.kind == AttrType::Complex {
        let subs: Vec<Value> = def.sub_attributes.iter().map(attribute).collect();
        put("subAttributes", Value::from(subs));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests;
