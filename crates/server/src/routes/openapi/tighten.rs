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
/// A display name (groups, users, filters, app connectors, data environments): a visible
/// character, no control, bidirectional or zero-width character (`gatehouse_policy::naming`);
/// each field states its own `maxLength`.
const NAME_PATTERN: &str = r"^[^\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*[^\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff][^\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*$";
/// Free text (a description): may be empty and break lines, nothing else hidden.
const DESCRIPTION_PATTERN: &str = r"^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*$";
/// A user code, `<participant>.<code>` (`gatehouse_policy::UserCode`).
const CODE_PATTERN: &str = r"^[0-9]{5}\.[A-Za-z][A-Za-z0-9_-]{0,31}$";
/// An email address (`gatehouse_policy::EmailAddress`), or empty for none.
const EMAIL_PATTERN: &str = r"^([^\s@\u0000-\u001f\u007f-\u009f]+@[^\s@\u0000-\u001f\u007f-\u009f.]+(\.[^\s@\u0000-\u001f\u007f-\u009f.]+)+)?$";
/// Path and query parameters that hold a user code.
const CODE_PARAMETERS: &[&str] = &["code", "user"];

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

/// Closes the request schemas and constrains their ids, names, codes and emails.
pub fn tighten_requests(document: &mut Value) {
    constrain_code_parameters(document);
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

/// Every path or query parameter that names a user by code gets the code's pattern.
fn constrain_code_parameters(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in item.values_mut() {
            let Some(parameters) = operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            for parameter in parameters {
                let named = parameter
                    .get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| CODE_PARAMETERS.contains(&n));
                let located = parameter
                    .get("in")
                    .and_then(Value::as_str)
                    .is_some_and(|l| l == "path" || l == "query");
                if let (true, true, Some(Value::Object(schema))) =
                    (named, located, parameter.get_mut("schema"))
                {
                    if schema.get("type").and_then(Value::as_str) == Some("string") {
                        schema.insert("pattern".to_owned(), json!(CODE_PATTERN));
                    }
                }
            }
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
            if let Some(text) = TEXT_FIELDS.iter().find(|t| t.name == name) {
                constrain_text(property, text);
            } else if ID_FIELDS.contains(&name.as_str()) {
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

/// A text property of requests and the rule it follows.
struct TextField {
    name: &'static str,
    pattern: &'static str,
    /// Whether it must hold something.
    required: bool,
}

/// The text properties every request spells the same way.
const TEXT_FIELDS: &[TextField] = &[
    TextField {
        name: "name",
        pattern: NAME_PATTERN,
        required: true,
    },
    TextField {
        name: "description",
        pattern: DESCRIPTION_PATTERN,
        required: false,
    },
    TextField {
        name: "code",
        pattern: CODE_PATTERN,
        required: true,
    },
    TextField {
        name: "email",
        pattern: EMAIL_PATTERN,
        required: false,
    },
];

/// Whether a schema's `type` is (or allows) `string`.
fn is_string(schema: &Map<String, Value>) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    }
}

/// A text property gets its rule's pattern (and, when it must hold something, a minimum
/// length of 1); its own `maxLength` stays.
fn constrain_text(property: &mut Value, text: &TextField) {
    let Value::Object(map) = property else {
        return;
    };
    if !is_string(map) || map.contains_key("enum") {
        return;
    }
    map.insert("pattern".to_owned(), json!(text.pattern));
    if text.required {
        map.insert("minLength".to_owned(), json!(1));
    }
}

/// A string id: 1–128 characters, a visible one, no control character. A property that is
/// already constrained (an enum, a pattern) or not a string is left alone.
fn constrain_id(property: &mut Value) {
    let Value::Object(map) = property else {
        return;
    };
    if !is_string(map) || map.contains_key("enum") || map.contains_key("pattern") {
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
    fn request_objects_are_closed_and_their_ids_names_and_codes_constrained() {
        let mut document = json!({
            "paths": {"/x/{code}": {"post": {
                "parameters": [{"name": "code", "in": "path", "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Body"}}}}}}},
            "components": {"schemas": {
                "Body": {"oneOf": [{"type": "object", "properties": {
                    "name": {"type": "string", "maxLength": 80},
                    "code": {"type": "string"},
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
        let name = &body["properties"]["name"];
        assert_eq!(name["maxLength"], json!(80), "the field's own bound stays");
        assert_eq!(name["minLength"], json!(1));
        assert_eq!(name["pattern"], json!(NAME_PATTERN));
        assert_eq!(body["properties"]["code"]["pattern"], json!(CODE_PATTERN));
        let parameter = &document["paths"]["/x/{code}"]["post"]["parameters"][0];
        assert_eq!(parameter["schema"]["pattern"], json!(CODE_PATTERN));
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
