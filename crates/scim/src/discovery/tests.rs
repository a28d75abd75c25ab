//! The discovery documents have the RFC 7643 shape.

use super::*;

const BASE: &str = "http://127.0.0.1:8080/scim/v2/O12345AA";

fn features() -> Features {
    Features {
        max_results: 200,
        bulk_max_operations: 100,
        bulk_max_payload_bytes: 1_048_576,
        bulk_supported: true,
        documentation_uri: None,
    }
}

#[test]
fn service_provider_config_advertises_the_features() {
    let config = service_provider_config(BASE, &features());
    assert_eq!(config["schemas"], json!([SERVICE_PROVIDER_CONFIG_SCHEMA]));
    assert_eq!(config["patch"], json!({"supported": true}));
    assert_eq!(
        config["bulk"],
        json!({"supported": true, "maxOperations": 100, "maxPayloadSize": 1_048_576})
    );
    assert_eq!(
        config["filter"],
        json!({"supported": true, "maxResults": 200})
    );
    assert_eq!(config["changePassword"]["supported"], false);
    assert_eq!(config["sort"]["supported"], false);
    assert_eq!(config["etag"]["supported"], true);
    assert_eq!(
        config["authenticationSchemes"][0]["type"],
        "oauthbearertoken"
    );
    assert_eq!(config["authenticationSchemes"][0]["primary"], true);
    assert_eq!(
        config["meta"]["location"],
        format!("{BASE}/ServiceProviderConfig")
    );
    assert!(config.get("documentationUri").is_none());
}

#[test]
fn resource_types_name_their_schema_and_endpoint() {
    let types = resource_types(BASE);
    assert_eq!(types.len(), 2);
    assert_eq!(types[0]["id"], "User");
    assert_eq!(types[0]["endpoint"], "/Users");
    assert_eq!(
        types[0]["schema"],
        "urn:ietf:params:scim:schemas:core:2.0:User"
    );
    assert_eq!(types[0]["schemaExtensions"], json!([]));
    assert_eq!(
        types[0]["meta"]["location"],
        format!("{BASE}/ResourceTypes/User")
    );
    assert_eq!(
        resource_type_by_id(BASE, "group").map(|t| t["endpoint"].clone()),
        Some(json!("/Groups"))
    );
    assert_eq!(resource_type_by_id(BASE, "Device"), None);
}

#[test]
fn schema_documents_describe_attributes_without_the_common_ones() {
    let user = schema_by_id(BASE, "urn:ietf:params:scim:schemas:core:2.0:User").unwrap_or_default();
    assert_eq!(user["schemas"], json!([SCHEMA_SCHEMA]));
    assert_eq!(
        user["meta"]["location"],
        format!("{BASE}/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
    );
    let names: Vec<&str> = user["attributes"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        [
            "userName",
            "name",
            "displayName",
            "emails",
            "active",
            "groups"
        ]
    );
    assert_eq!(
        user["attributes"][0],
        json!({
            "name": "userName", "type": "string", "multiValued": false,
            "description": "Unique identifier the user signs in with.",
            "required": true, "caseExact": false, "mutability": "readWrite",
            "returned": "default", "uniqueness": "server"
        })
    );
    let emails = &user["attributes"][3];
    assert_eq!(emails["multiValued"], true);
    assert_eq!(
        emails["subAttributes"][1]["canonicalValues"],
        json!(["work", "home", "other"])
    );
    let groups_ref = &user["attributes"][5]["subAttributes"][1];
    assert_eq!(
        (
            groups_ref["name"].clone(),
            groups_ref["referenceTypes"].clone()
        ),
        (json!("$ref"), json!(["Group"]))
    );
}

#[test]
fn group_schema_members_are_optional_with_exactly_three_sub_attributes() {
    let documents = schemas(BASE);
    let group = &documents[1];
    let members = &group["attributes"][1];
    assert_eq!(members["name"], "members");
    assert_eq!(members["required"], false);
    let subs: Vec<&str> = members["subAttributes"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(subs, ["value", "$ref", "type"]);
    assert_eq!(members["subAttributes"][0]["mutability"], "immutable");
    assert_eq!(schema_by_id(BASE, "urn:example:Other"), None);
}
