//! Small helpers over JSON objects: case-insensitive member lookup and "is this value empty".

use serde_json::{Map, Value};

/// The member of `object` named `name`, ignoring ASCII case (an exact match wins).
pub(crate) fn get_ci<'v>(object: &'v Value, name: &str) -> Option<&'v Value> {
    let map = object.as_object()?;
    map.get(name).or_else(|| {
        map.iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

/// The key of `map` spelled like `name` up to ASCII case, as stored.
pub(crate) fn key_ci(map: &Map<String, Value>, name: &str) -> Option<String> {
    if map.contains_key(name) {
        return Some(name.to_owned());
    }
    map.keys()
        .find(|key| key.eq_ignore_ascii_case(name))
        .cloned()
}

/// Removes every member spelled like `name` (any case) and returns the last one removed.
pub(crate) fn remove_ci(map: &mut Map<String, Value>, name: &str) -> Option<Value> {
    let mut removed = None;
    while let Some(key) = key_ci(map, name) {
        removed = map.remove(&key);
    }
    removed
}

/// Sets `name` (in the schema's casing), dropping any differently cased spelling first.
pub(crate) fn set_ci(map: &mut Map<String, Value>, name: &str, value: Value) {
    remove_ci(map, name);
    map.insert(name.to_owned(), value);
}

/// Whether a value counts as present for `pr`: not null, not "", not [] and not {}.
pub(crate) fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(members) => !members.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

/// Whether a list of schema URNs (a `schemas` member) contains `urn`, ignoring case.
pub(crate) fn has_schema(body: &Value, urn: &str) -> bool {
    get_ci(body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|schemas| {
            schemas
                .iter()
                .any(|item| item.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)))
        })
}
