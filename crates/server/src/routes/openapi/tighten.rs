//! What the derive cannot say about request bodies, said once for all of them: every object a
//! request may send is closed (the server refuses unknown fields), and every id a request
//! names is 1–128 characters with a visible one and no control character (the policy crate's
//! id rule). Applied to the generated document's JSON, only to the schemas request bodies
//! reach, so answers keep their own shapes.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

/// Longest id, as the policy crate's id parser allows.
const ID_CHARS: u64 = 128;
/// An id: a visible character, no control character (surrounding spaces are trimmed).
const ID_PATTERN: &str = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$";
/// Properties that hold one id.
const ID_FIELDS: &[&str] = &[
    "app_connector",
    "connector",
    "environment",
    "filter",
    "grant",
    "group",
    "id",
    "person",
    "resource",
    "table",
    "token",
    "user",
];
/// Properties that hold a list of ids.
const ID_LISTS: &[&str] = &["environments", "groups", "members"];

/// Closes the request schemas and constrains their ids.
pub fn tighten_requests(document: &mut Value) {
    let roots = request_roots(document);
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut reached = BTreeSet::new();
    let mut pending: Vec<String> = roots.into_iter().collect();
    while let Some(name) = pending.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = schemas.get(&name) {
            collect_refs(schema, &mut pending);
        }
    }
    for name in &reached {
        if let Some(schema) = schemas.get_mut(name) {
            tighten(schema);
        }
    }
}

/// The component schemas request bodies name directly.
fn request_roots(document: &Value) -> BTreeSet<String> {
    let mut refs = Vec::new();
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for item in paths.values().filter_map(Value::as_object) {
            for operation in item.values() {
                if let Some(body) = operation.get("requestBody") {
                    collect_refs(body, &mut refs);
                }
            }
        }
    }
    refs.into_iter().collect()
}

/// Every `#/components/schemas/…` name `value` refers to.
fn collect_refs(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                into.push(name.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, into));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, into)),
        _ => {}
    }
}

/// Closes every object of `schema` and constrains its id properties.
fn tighten(schema: &mut Value) {
    let Value::Object(map) = schema else {
        return;
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            if ID_FIELDS.contains(&name.as_str()) {
                constrain_id(property);
            } else if ID_LISTS.contains(&name.as_str()) {
                if let Some(items) = property.get_mut("items") {
                    constrain_id(items);
                }
            }
        }
        map.entry("additionalProperties").or_insert(json!(false));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(variants)) = map.get_mut(key) {
            variants.iter_mut().for_each(tighten);
        }
    }
    for (key, value) in map.iter_mut() {
        if key == "properties" {
            if let Value::Object(properties) = value {
                properties.values_mut().for_each(tighten_nested);
            }
        }
    }
}

/// Inline objects and arrays of objects inside a property.
fn tighten_nested(property: &mut Value) {
    let is_inline_object = property.get("properties").is_some() || property.get("oneOf").is_some();
    if is_inline_object {
        tighten(property);
    }
    if let Some(items) = property.get_mut("items") {
        if items.get("properties").is_some() || items.get("oneOf").is_some() {
            tighten(items);
        }
    }
}

/// A string id: 1–128 characters, a visible one, no control character. A property that is
/// already constrained (an enum, a pattern) or not a string is left alone.
fn constrain_id(property: &mut Value) {
    let Value::Object(map) = property else {
        return;
    };
    let is_string = match map.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    if !is_string || map.contains_key("enum") || map.contains_key("pattern") {
        return;
    }
    insert_all(
        map,
        [
            ("minLength", json!(1)),
            ("maxLength", json!(ID_CHARS)),
            ("pattern", json!(ID_PATTERN)),
        ],
    );
}

fn insert_all<const N: usize>(map: &mut Map<String, Value>, entries: [(&str, Value); N]) {
    for (key, value) in entries {
        map.insert(key.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_objects_are_closed_and_their_ids_constrained() {
        let mut document = json!({
            "paths": {"/x": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Body"}}}}}}},
            "components": {"schemas": {
                "Body": {"oneOf": [{"type": "object", "properties": {
                    "group": {"type": "string"},
                    "members": {"type": "array", "items": {"type": "string"}},
                    "role": {"$ref": "#/components/schemas/Role"}}}]},
                "Role": {"type": "object", "properties": {"app": {"type": "string", "enum": ["editor"]}}},
                "Answer": {"type": "object", "properties": {"group": {"type": "string"}}}
            }}
        });
        tighten_requests(&mut document);
        let body = &document["components"]["schemas"]["Body"]["oneOf"][0];
        assert_eq!(body["additionalProperties"], json!(false));
        assert_eq!(body["properties"]["group"]["maxLength"], json!(128));
        assert_eq!(
            body["properties"]["members"]["items"]["minLength"],
            json!(1)
        );
        let role = &document["components"]["schemas"]["Role"];
        assert_eq!(role["additionalProperties"], json!(false));
        assert!(role["properties"]["app"].get("pattern").is_none());
        let answer = &document["components"]["schemas"]["Answer"];
        assert!(
            answer.get("additionalProperties").is_none(),
            "answers keep their shape"
        );
    }
}
