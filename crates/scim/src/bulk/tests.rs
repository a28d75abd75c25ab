//! Bulk request parsing, bulkId resolution and the response shape.

use serde_json::json;

use super::*;

fn body(operations: Value) -> Value {
    json!({"schemas": [BULK_REQUEST_SCHEMA], "failOnErrors": 1, "Operations": operations})
}

#[test]
fn parses_methods_case_insensitively() {
    let request = BulkRequest::parse(
        &body(json!([
            {"method": "post", "path": "/Users", "bulkId": "q1", "data": {"userName": "a"}},
            {"method": "Patch", "path": "/Groups/g1", "data": {}, "version": "W/\"1\""},
            {"method": "DELETE", "path": "/Users/u1"}
        ])),
        10,
    );
    let methods: Vec<BulkMethod> = request
        .as_ref()
        .map(|r| r.operations.iter().map(|o| o.method).collect())
        .unwrap_or_default();
    assert_eq!(
        methods,
        [BulkMethod::Post, BulkMethod::Patch, BulkMethod::Delete]
    );
    assert_eq!(request.map(|r| r.fail_on_errors), Ok(Some(1)));
}

#[test]
fn too_many_operations_is_413() {
    let operation = json!({"method": "DELETE", "path": "/Users/u1"});
    let error = BulkRequest::parse(&body(json!([operation.clone(), operation])), 1).err();
    assert_eq!(error.map(|e| e.status), Some(413));
}

#[test]
fn post_without_bulk_id_and_missing_schema_are_rejected() {
    let error = BulkRequest::parse(
        &body(json!([{"method": "POST", "path": "/Users", "data": {}}])),
        10,
    );
    assert_eq!(
        error.err().and_then(|e| e.scim_type),
        Some(ScimType::InvalidValue)
    );
    let error = BulkRequest::parse(&json!({"Operations": []}), 10);
    assert_eq!(
        error.err().and_then(|e| e.scim_type),
        Some(ScimType::InvalidSyntax)
    );
}

#[test]
fn bulk_ids_are_replaced_in_data_and_path() {
    let created = HashMap::from([("qwerty".to_owned(), "usr-9".to_owned())]);
    let mut data = json!({"members": [{"type": "User", "value": "bulkId:qwerty"}]});
    let mut path = "/Users/bulkId:qwerty".to_owned();
    assert_eq!(resolve_bulk_ids(&mut data, &mut path, &created), Ok(()));
    assert_eq!(data["members"][0]["value"], "usr-9");
    assert_eq!(path, "/Users/usr-9");
}

#[test]
fn unknown_bulk_id_is_invalid_value_and_changes_nothing() {
    let created = HashMap::new();
    let mut data = json!({"a": "bulkId:x", "b": ["bulkId:missing"]});
    let mut path = "/Groups".to_owned();
    let error = resolve_bulk_ids(&mut data, &mut path, &created).err();
    assert!(error
        .as_ref()
        .is_some_and(|e| e.detail.contains("bulkId:x")));
    assert_eq!(data, json!({"a": "bulkId:x", "b": ["bulkId:missing"]}));
}

#[test]
fn response_has_string_statuses_and_omits_absent_fields() {
    let outcomes = [
        BulkOutcome {
            method: BulkMethod::Post,
            bulk_id: Some("q1".to_owned()),
            location: Some("https://x/Users/u1".to_owned()),
            version: Some("W/\"1\"".to_owned()),
            status: 201,
            response: None,
        },
        BulkOutcome {
            method: BulkMethod::Delete,
            bulk_id: None,
            location: None,
            version: None,
            status: 404,
            response: Some(ScimError::not_found("no such user").to_json()),
        },
    ];
    let body = bulk_response(&outcomes);
    assert_eq!(body["schemas"], json!([BULK_RESPONSE_SCHEMA]));
    assert_eq!(
        body["Operations"][0],
        json!({"method": "POST", "bulkId": "q1", "location": "https://x/Users/u1", "version": "W/\"1\"", "status": "201"})
    );
    assert_eq!(body["Operations"][1]["status"], "404");
    assert_eq!(body["Operations"][1]["response"]["status"], "404");
}
