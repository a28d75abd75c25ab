//! Running one PATCH operation on a resource's JSON object (RFC 7644 §3.5.2.1–3).

use serde_json::{Map, Value};

use super::elements::{as_list, get_ci_map, keep_one_primary, set_elements, set_sub, store_list};
use super::values::{
    check_immutable, check_immutable_subs, check_removable, check_writable, coerce, same_element,
    same_value,
};
use super::{PatchOpKind, PatchOperation};
use crate::error::{ScimError, ScimType};
use crate::json::{get_ci, key_ci, remove_ci, set_ci};
use crate::path::{AttrPath, PatchPath};
use crate::schema::{AttrDef, AttrType, Mutability, ResourceSchema};

type Object = Map<String, Value>;

pub(super) fn apply_operation(
    resource: &mut Object,
    operation: &PatchOperation,
    schema: &ResourceSchema,
) -> Result<(), ScimError> {
    let value = operation.value.as_ref().unwrap_or(&Value::Null);
    match &operation.path {
        Some(path) => apply_path(resource, operation.op, path, value, schema, true),
        None => apply_without_path(resource, operation.op, value, schema),
    }
}

/// `add`/`replace` without a path: each member of the value object is an attribute path; a
/// member named after the schema URN holds more attributes.
fn apply_without_path(
    resource: &mut Object,
    op: PatchOpKind,
    value: &Value,
    schema: &ResourceSchema,
) -> Result<(), ScimError> {
    let Value::Object(members) = value else {
        return Err(ScimError::bad_request(
            ScimType::InvalidValue,
            format!(
                "a {} without a \"path\" needs an object of attributes as its value",
                op.as_str()
            ),
        ));
    };
    let mut entries: Vec<(AttrPath, &Value)> = Vec::new();
    for (key, item) in members {
        match item {
            Value::Object(inner) if schema.is_schema(key) => {
                entries.extend(
                    inner
                        .iter()
                        .map(|(k, v)| (AttrPath::attribute(k.as_str()), v)),
                );
            }
            _ if key.eq_ignore_ascii_case("schemas") => {}
            _ => entries.push((AttrPath::parse(key)?, item)),
        }
    }
    for (attr, item) in entries {
        // Clients echo read-only attributes such as `id` unchanged; that changes nothing.
        let def = resolve_attr(schema, &attr)?;
        if def.mutability == Mutability::ReadOnly
            && attr.sub_attr.is_none()
            && get_ci_map(resource, def.name) == Some(item)
        {
            continue;
        }
        let path = PatchPath {
            attr,
            filter: None,
            sub_attr: None,
        };
        apply_path(resource, op, &path, item, schema, false)?;
    }
    Ok(())
}

fn resolve_attr<'s>(schema: &'s ResourceSchema, attr: &AttrPath) -> Result<&'s AttrDef, ScimError> {
    let invalid = |detail: String| ScimError::bad_request(ScimType::InvalidPath, detail);
    if let Some(urn) = attr.schema.as_deref().filter(|urn| !schema.is_schema(urn)) {
        return Err(invalid(format!(
            "attribute path \"{attr}\" names schema \"{urn}\", which a {} does not have",
            schema.name
        )));
    }
    schema.attribute(&attr.attr).ok_or_else(|| {
        invalid(format!(
            "a {} has no attribute \"{}\"",
            schema.name, attr.attr
        ))
    })
}

/// One operation at `path`. `merge_complex` says whether `replace` of a single complex
/// attribute merges sub-attributes (with a path, RFC 7644 §3.5.2.3) or replaces the object.
fn apply_path(
    resource: &mut Object,
    op: PatchOpKind,
    path: &PatchPath,
    value: &Value,
    schema: &ResourceSchema,
    merge_complex: bool,
) -> Result<(), ScimError> {
    let invalid = |detail: String| ScimError::bad_request(ScimType::InvalidPath, detail);
    let def = resolve_attr(schema, &path.attr)?;
    check_writable(def, def.name)?;
    if path.filter.is_some() && !(def.multi_valued && def.kind == AttrType::Complex) {
        return Err(invalid(format!(
            "\"{path}\" filters \"{}\", which is not a multi-valued complex attribute",
            def.name
        )));
    }
    let sub = match path.target_sub_attr() {
        None => None,
        Some(_) if def.kind != AttrType::Complex => {
            return Err(invalid(format!(
                "attribute \"{}\" has no sub-attributes",
                def.name
            )))
        }
        Some(name) => Some(def.sub_attribute(name).ok_or_else(|| {
            invalid(format!(
                "attribute \"{}\" has no sub-attribute \"{name}\"",
                def.name
            ))
        })?),
    };
    match (sub, &path.filter) {
        (Some(sub), filter) => {
            check_writable(sub, &format!("{}.{}", def.name, sub.name))?;
            set_sub(resource, op, def, sub, filter.as_ref(), value)
        }
        (None, Some(filter)) => set_elements(resource, op, def, filter, value),
        (None, None) => set_whole(resource, op, def, value, merge_complex),
    }
}

/// An operation on a whole attribute.
fn set_whole(
    resource: &mut Object,
    op: PatchOpKind,
    def: &AttrDef,
    value: &Value,
    merge_complex: bool,
) -> Result<(), ScimError> {
    let current = key_ci(resource, def.name).and_then(|key| resource.get(&key).cloned());
    if op == PatchOpKind::Remove {
        if def.multi_valued && !value.is_null() {
            return remove_listed(resource, def, current, value);
        }
        if current.is_some() {
            check_removable(def, def.name)?;
        }
        remove_ci(resource, def.name);
        return Ok(());
    }
    let new = coerce(def, def.name, value)?;
    if new.is_null() {
        check_removable(def, def.name)?;
        check_immutable(def, def.name, current.as_ref(), None)?;
        remove_ci(resource, def.name);
        return Ok(());
    }
    let updated = match (op, new) {
        (PatchOpKind::Add, Value::Array(added)) => {
            let mut items = as_list(current);
            let mut written = Vec::new();
            for item in added {
                if !items.iter().any(|old| same_element(def, old, &item)) {
                    written.push(items.len());
                    items.push(item);
                }
            }
            keep_one_primary(&mut items, &written);
            Value::Array(items)
        }
        (_, Value::Array(mut items)) => {
            let written: Vec<usize> = (0..items.len()).collect();
            keep_one_primary(&mut items, &written);
            Value::Array(items)
        }
        (op, Value::Object(new)) if op == PatchOpKind::Add || merge_complex => {
            let mut merged = match current {
                Some(Value::Object(old)) => old,
                _ => Map::new(),
            };
            let old = Value::Object(merged.clone());
            check_immutable_subs(def, &old, &Value::Object(new.clone()))?;
            for (key, item) in new {
                set_ci(&mut merged, &key, item);
            }
            Value::Object(merged)
        }
        (_, new) => {
            check_immutable(def, def.name, current.as_ref(), Some(&new))?;
            if let Some(old) = current.as_ref().filter(|_| def.kind == AttrType::Complex) {
                check_immutable_subs(def, old, &new)?;
            }
            new
        }
    };
    set_ci(resource, def.name, updated);
    Ok(())
}

/// `remove` with a value on a multi-valued attribute (Entra ID's member removal): removes
/// the listed elements, matched by `value` when they have one.
fn remove_listed(
    resource: &mut Object,
    def: &AttrDef,
    current: Option<Value>,
    value: &Value,
) -> Result<(), ScimError> {
    let listed = as_list(Some(coerce(def, def.name, value)?));
    let value_def = def.sub_attribute("value");
    let mut items = as_list(current);
    items.retain(|item| {
        !listed.iter().any(|gone| match value_def {
            Some(value_def) if get_ci(gone, value_def.name).is_some() => {
                same_value(value_def, item, gone)
            }
            _ => item == gone,
        })
    });
    store_list(resource, def, items);
    Ok(())
}
