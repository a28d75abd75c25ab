//! Projection (RFC 7644 §3.4.2.5): the `attributes` and `excludedAttributes` parameters.

use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::path::AttrPath;
use crate::schema::{AttrDef, ResourceSchema, Returned};

/// The resource as returned: with `attributes`, only those (plus `schemas` and attributes
/// returned always, such as `id`); with `excluded`, without those (except the always ones).
/// Both are comma-separated attribute paths, URN-qualified or not, sub-attributes allowed;
/// names the schema does not know are ignored, malformed ones are a 400 `invalidPath`.
/// Attributes returned `never` are always dropped, those returned on `request` unless named.
pub fn project(
    resource: &Value,
    attributes: Option<&str>,
    excluded: Option<&str>,
    schema: &ResourceSchema,
) -> Result<Value, ScimError> {
    let Value::Object(members) = resource else {
        return Ok(resource.clone());
    };
    let wanted = attributes.map(|list| paths(list, schema)).transpose()?;
    let wanted = wanted.filter(|paths| !paths.is_empty());
    let unwanted = excluded
        .map(|list| paths(list, schema))
        .transpose()?
        .unwrap_or_default();
    let mut out = Map::new();
    for (key, value) in members {
        let Some(def) = schema.attribute(key) else {
            // `schemas` and anything undeclared pass through unless a list was asked for.
            if wanted.is_none() || key.eq_ignore_ascii_case("schemas") {
                out.insert(key.clone(), value.clone());
            }
            continue;
        };
        let kept = match (def.returned, &wanted) {
            (Returned::Never, _) => None,
            (Returned::Always, _) => Some(value.clone()),
            (_, Some(wanted)) => keep_named(def, value, wanted),
            (Returned::Request, None) => None,
            (Returned::Default, None) => Some(value.clone()),
        };
        let kept = kept.and_then(|value| drop_named(def, value, &unwanted));
        if let Some(value) = kept {
            out.insert(key.clone(), value);
        }
    }
    Ok(Value::Object(out))
}

/// The requested paths the schema knows, as (attribute, optional sub-attribute) definitions.
fn paths<'s>(
    list: &str,
    schema: &'s ResourceSchema,
) -> Result<Vec<(&'s AttrDef, Option<&'s AttrDef>)>, ScimError> {
    let mut out = Vec::new();
    for text in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let path = AttrPath::parse(text)?;
        let Some(def) = schema.resolve(&path) else {
            continue;
        };
        match path.sub_attr.as_deref() {
            None => out.push((def, None)),
            Some(name) => {
                if let Some(sub) = def.sub_attribute(name) {
                    out.push((def, Some(sub)));
                }
            }
        }
    }
    Ok(out)
}

fn same(a: &AttrDef, b: &AttrDef) -> bool {
    a.name == b.name
}

/// The part of `value` named in `wanted`: all of it, or only the named sub-attributes.
fn keep_named(
    def: &AttrDef,
    value: &Value,
    wanted: &[(&AttrDef, Option<&AttrDef>)],
) -> Option<Value> {
    let named: Vec<Option<&AttrDef>> = wanted
        .iter()
        .filter(|(attr, _)| same(attr, def))
        .map(|(_, sub)| *sub)
        .collect();
    if named.is_empty() {
        return None;
    }
    if named.iter().any(Option::is_none) {
        return Some(value.clone());
    }
    let keep = |sub: &AttrDef| {
        sub.returned == Returned::Always || named.iter().flatten().any(|n| same(n, sub))
    };
    Some(map_elements(def, value, |key| {
        def.sub_attribute(key).is_some_and(keep)
    }))
}

/// `value` without what `unwanted` names (sub-attributes returned always stay).
fn drop_named(
    def: &AttrDef,
    value: Value,
    unwanted: &[(&AttrDef, Option<&AttrDef>)],
) -> Option<Value> {
    let named: Vec<Option<&AttrDef>> = unwanted
        .iter()
        .filter(|(attr, _)| same(attr, def))
        .map(|(_, sub)| *sub)
        .collect();
    if named.iter().any(Option::is_none) && def.returned != Returned::Always {
        return None;
    }
    if named.is_empty() {
        return Some(value);
    }
    let drop = |sub: &AttrDef| {
        sub.returned != Returned::Always && named.iter().flatten().any(|n| same(n, sub))
    };
    Some(map_elements(def, &value, |key| {
        !def.sub_attribute(key).is_some_and(drop)
    }))
}

/// Keeps the members of a complex value (or of each element of a list) that `keep` accepts.
fn map_elements(def: &AttrDef, value: &Value, keep: impl Fn(&str) -> bool) -> Value {
    let filter_object = |item: &Value| match item {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(key, _)| keep(key))
                .map(|(key, v)| (key.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    };
    match value {
        Value::Array(items) if def.multi_valued => {
            Value::Array(items.iter().map(filter_object).collect())
        }
        other => filter_object(other),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::USER;

    fn user() -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "usr-1",
            "userName": "bjensen",
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "emails": [{"value": "b@x", "type": "work"}],
            "active": true,
            "meta": {"resourceType": "User"}
        })
    }

    #[test]
    fn attributes_keep_only_those_plus_id_and_schemas() {
        let projected = project(&user(), Some("userName, NAME.givenName"), None, &USER);
        assert_eq!(
            projected,
            Ok(json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "id": "usr-1",
                "userName": "bjensen",
                "name": {"givenName": "Barbara"}
            }))
        );
    }

    #[test]
    fn urn_qualified_and_sub_attributes_of_lists_are_understood() {
        let attributes = "urn:ietf:params:scim:schemas:core:2.0:User:emails.value";
        let projected = project(&user(), Some(attributes), None, &USER);
        assert_eq!(
            projected.map(|u| u["emails"].clone()),
            Ok(json!([{"value": "b@x"}]))
        );
    }

    #[test]
    fn excluded_attributes_are_dropped_except_id() {
        let projected = project(&user(), None, Some("emails,id,name.familyName,meta"), &USER);
        assert_eq!(
            projected,
            Ok(json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "id": "usr-1",
                "userName": "bjensen",
                "name": {"givenName": "Barbara"},
                "active": true
            }))
        );
    }

    #[test]
    fn unknown_names_are_ignored_and_malformed_ones_are_invalid_path() {
        assert_eq!(project(&user(), None, Some("title"), &USER), Ok(user()));
        let error = project(&user(), Some("1bad"), None, &USER).err();
        assert_eq!(
            error.and_then(|e| e.scim_type),
            Some(crate::ScimType::InvalidPath)
        );
    }

    #[test]
    fn without_parameters_the_resource_is_returned_whole() {
        assert_eq!(project(&user(), None, None, &USER), Ok(user()));
        assert_eq!(project(&user(), Some(""), Some(" "), &USER), Ok(user()));
    }
}
