//! PATCH parsing and application, including the shapes Microsoft Entra ID sends.

use serde_json::{json, Value};

use super::*;
use crate::schema::{GROUP, USER};

fn request(operations: Value) -> Result<PatchRequest, ScimError> {
    PatchRequest::parse(&json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": operations,
    }))
}

fn patched(
    mut resource: Value,
    schema: &ResourceSchema,
    operations: Value,
) -> Result<Value, ScimError> {
    let parsed = request(operations)?;
    apply(&mut resource, &parsed, schema)?;
    Ok(resource)
}

fn kind(result: Result<Value, ScimError>) -> Option<ScimType> {
    result.err().and_then(|error| error.scim_type)
}

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "usr-1",
        "userName": "bjensen",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [
            {"value": "b@work.example", "type": "work", "primary": true},
            {"value": "b@home.example", "type": "home"}
        ],
        "active": true,
        "meta": {"resourceType": "User"}
    })
}

fn group() -> Value {
    json!({"id": "grp-1", "displayName": "Ops", "members": [{"value": "u0"}]})
}

#[test]
fn entra_replace_active_with_a_string_boolean() {
    let result = patched(
        user(),
        &USER,
        json!([{"op": "Replace", "path": "active", "value": "False"}]),
    );
    assert_eq!(result.map(|u| u["active"].clone()), Ok(json!(false)));
}

#[test]
fn entra_add_members_appends_and_skips_duplicates() {
    let ops =
        json!([{"op": "Add", "path": "members", "value": [{"value": "u1"}, {"value": "u0"}]}]);
    let result = patched(group(), &GROUP, ops);
    assert_eq!(
        result.map(|g| g["members"].clone()),
        Ok(json!([{"value": "u0"}, {"value": "u1"}]))
    );
}

#[test]
fn entra_remove_members_by_value_list() {
    let ops = json!([
        {"op": "Add", "path": "members", "value": [{"value": "u1"}, {"value": "u2"}]},
        {"op": "Remove", "path": "members", "value": [{"value": "u1"}]}
    ]);
    let result = patched(group(), &GROUP, ops);
    assert_eq!(
        result.map(|g| g["members"].clone()),
        Ok(json!([{"value": "u0"}, {"value": "u2"}]))
    );
}

#[test]
fn remove_members_with_a_value_filter() {
    let ops = json!([{"op": "remove", "path": "members[value eq \"u0\"]"}]);
    let result = patched(group(), &GROUP, ops);
    assert_eq!(result, Ok(json!({"id": "grp-1", "displayName": "Ops"})));
}

#[test]
fn replace_without_path_sets_each_attribute_in_schema_casing() {
    let ops = json!([{"op": "replace", "value": {"DISPLAYNAME": "Babs", "active": false}}]);
    let result = patched(user(), &USER, ops);
    let result = result.as_ref().ok();
    assert_eq!(result.map(|u| &u["displayName"]), Some(&json!("Babs")));
    assert_eq!(result.map(|u| &u["active"]), Some(&json!(false)));
}

#[test]
fn no_path_values_may_nest_under_the_schema_urn_and_echo_read_only_values() {
    let ops = json!([{"op": "add", "value": {
        "id": "usr-1",
        "urn:ietf:params:scim:schemas:core:2.0:User": {"displayName": "Babs"},
        "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName": "Babs"
    }}]);
    let result = patched(user(), &USER, ops);
    let result = result.as_ref().ok();
    assert_eq!(result.map(|u| &u["displayName"]), Some(&json!("Babs")));
    assert_eq!(
        result.map(|u| &u["name"]["givenName"]),
        Some(&json!("Babs"))
    );
}

#[test]
fn read_only_attributes_are_a_mutability_error() {
    for (path, value) in [
        ("id", json!("x")),
        ("meta.resourceType", json!("x")),
        ("groups", json!([])),
    ] {
        let ops = json!([{"op": "replace", "path": path, "value": value}]);
        assert_eq!(
            kind(patched(user(), &USER, ops)),
            Some(ScimType::Mutability),
            "{path}"
        );
    }
}

#[test]
fn unknown_attributes_are_invalid_path_naming_them() {
    let result = patched(
        user(),
        &USER,
        json!([{"op": "add", "path": "title", "value": "x"}]),
    );
    assert!(result
        .as_ref()
        .is_err_and(|e| e.detail.contains("\"title\"")));
    assert_eq!(kind(result), Some(ScimType::InvalidPath));
    let other_schema = json!([{"op": "add", "path": "urn:example:Other:userName", "value": "x"}]);
    assert_eq!(
        kind(patched(user(), &USER, other_schema)),
        Some(ScimType::InvalidPath)
    );
}

#[test]
fn a_failing_operation_leaves_the_resource_unchanged() {
    let mut resource = user();
    let parsed = request(json!([
        {"op": "replace", "path": "displayName", "value": "Changed"},
        {"op": "replace", "path": "id", "value": "other"}
    ]));
    let result = parsed.and_then(|p| apply(&mut resource, &p, &USER));
    assert!(result.is_err_and(|e| e.detail.starts_with("operation 2 of 2")));
    assert_eq!(resource, user());
}

#[test]
fn urn_qualified_paths_are_accepted() {
    let ops = json!([{"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:active", "value": false}]);
    assert_eq!(
        patched(user(), &USER, ops).map(|u| u["active"].clone()),
        Ok(json!(false))
    );
}

#[test]
fn wrong_value_types_are_invalid_value_naming_the_attribute() {
    let ops = json!([{"op": "replace", "path": "active", "value": "maybe"}]);
    let result = patched(user(), &USER, ops);
    assert!(result
        .as_ref()
        .is_err_and(|e| e.detail.contains("\"active\" must be true or false")));
    assert_eq!(kind(result), Some(ScimType::InvalidValue));
    let ops = json!([{"op": "replace", "path": "userName", "value": ["a"]}]);
    assert_eq!(
        kind(patched(user(), &USER, ops)),
        Some(ScimType::InvalidValue)
    );
}

#[test]
fn replace_sub_attribute_of_filtered_elements_and_no_match_is_no_target() {
    let ops = json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "new@work.example"}]);
    let result = patched(user(), &USER, ops);
    assert_eq!(
        result.map(|u| u["emails"][0]["value"].clone()),
        Ok(json!("new@work.example"))
    );
    let ops = json!([{"op": "replace", "path": "emails[type eq \"other\"].value", "value": "x"}]);
    assert_eq!(kind(patched(user(), &USER, ops)), Some(ScimType::NoTarget));
}

#[test]
fn making_an_element_primary_clears_the_others() {
    let ops = json!([{"op": "replace", "path": "emails[type eq \"home\"].primary", "value": true}]);
    let result = patched(user(), &USER, ops);
    let primaries = result.map(|u| {
        (
            u["emails"][0]["primary"].clone(),
            u["emails"][1]["primary"].clone(),
        )
    });
    assert_eq!(primaries, Ok((json!(false), json!(true))));
    let ops =
        json!([{"op": "add", "path": "emails", "value": {"value": "c@x", "primary": "True"}}]);
    let result = patched(user(), &USER, ops);
    assert_eq!(
        result.map(|u| u["emails"][0]["primary"].clone()),
        Ok(json!(false))
    );
}

#[test]
fn removing_a_sub_attribute_drops_an_emptied_parent() {
    let ops = json!([
        {"op": "remove", "path": "name.givenName"},
        {"op": "remove", "path": "name.familyName"}
    ]);
    let result = patched(user(), &USER, ops);
    assert!(result.is_ok_and(|u| u.get("name").is_none()));
    let ops = json!([{"op": "remove", "path": "name.givenName"}]);
    assert_eq!(
        patched(user(), &USER, ops).map(|u| u["name"].clone()),
        Ok(json!({"familyName": "Jensen"}))
    );
}

#[test]
fn add_to_a_complex_attribute_merges_and_replace_without_path_replaces() {
    let ops = json!([{"op": "add", "path": "name", "value": {"formatted": "B J"}}]);
    let merged = patched(user(), &USER, ops).map(|u| u["name"].clone());
    assert_eq!(
        merged,
        Ok(json!({"givenName": "Barbara", "familyName": "Jensen", "formatted": "B J"}))
    );
    let ops = json!([{"op": "replace", "value": {"name": {"formatted": "B J"}}}]);
    let replaced = patched(user(), &USER, ops).map(|u| u["name"].clone());
    assert_eq!(replaced, Ok(json!({"formatted": "B J"})));
}

#[test]
fn removing_a_required_attribute_is_a_mutability_error() {
    let ops = json!([{"op": "remove", "path": "userName"}]);
    assert_eq!(
        kind(patched(user(), &USER, ops)),
        Some(ScimType::Mutability)
    );
}

#[test]
fn immutable_member_values_cannot_be_replaced() {
    let ops = json!([{"op": "replace", "path": "members[value eq \"u0\"].value", "value": "u9"}]);
    assert_eq!(
        kind(patched(group(), &GROUP, ops)),
        Some(ScimType::Mutability)
    );
    let ops = json!([{"op": "replace", "path": "members", "value": [{"value": "u9"}]}]);
    assert_eq!(
        patched(group(), &GROUP, ops).map(|g| g["members"].clone()),
        Ok(json!([{"value": "u9"}]))
    );
}

#[test]
fn malformed_requests_are_rejected_with_the_rfc_codes() {
    let cases = [
        (
            json!({"Operations": [{"op": "add", "path": "active", "value": true}]}),
            ScimType::InvalidSyntax,
        ),
        (
            json!({"schemas": [PATCH_SCHEMA], "Operations": []}),
            ScimType::InvalidSyntax,
        ),
        (
            json!({"schemas": [PATCH_SCHEMA], "Operations": [{"op": "move", "path": "a"}]}),
            ScimType::InvalidSyntax,
        ),
        (
            json!({"schemas": [PATCH_SCHEMA], "Operations": [{"op": "remove"}]}),
            ScimType::NoTarget,
        ),
        (
            json!({"schemas": [PATCH_SCHEMA], "Operations": [{"op": "add", "path": "active"}]}),
            ScimType::InvalidValue,
        ),
        (
            json!({"schemas": [PATCH_SCHEMA], "Operations": [{"op": "add", "path": "emails[", "value": 1}]}),
            ScimType::InvalidPath,
        ),
    ];
    for (body, expected) in cases {
        let error = PatchRequest::parse(&body).err().and_then(|e| e.scim_type);
        assert_eq!(error, Some(expected), "{body}");
    }
}

#[test]
fn op_names_ignore_case() {
    let parsed = request(json!([
        {"op": "Add", "path": "displayName", "value": "x"},
        {"op": "REPLACE", "path": "displayName", "value": "y"},
        {"op": "remove", "path": "displayName"}
    ]));
    let kinds: Vec<PatchOpKind> = parsed
        .map(|r| r.operations.iter().map(|o| o.op).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds,
        [PatchOpKind::Add, PatchOpKind::Replace, PatchOpKind::Remove]
    );
}
