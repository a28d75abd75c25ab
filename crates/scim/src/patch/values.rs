//! Checking and coercing PATCH values against the schema, accepting what identity providers
//! really send (Entra ID writes booleans as `"True"`/`"False"`).

use serde_json::{Map, Value};

use crate::error::{ScimError, ScimType};
use crate::json::get_ci;
use crate::schema::{AttrDef, AttrType, Mutability};

/// The whole value of `def`: a list for multi-valued attributes (a single value is wrapped),
/// otherwise one value. `null` stays `null` (unassign).
pub(super) fn coerce(def: &AttrDef, label: &str, value: &Value) -> Result<Value, ScimError> {
    match value {
        Value::Null => Ok(Value::Null),
        Value::Array(items) if def.multi_valued => items
            .iter()
            .filter(|item| !item.is_null())
            .map(|item| coerce_one(def, label, item))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Value::Array(_) => Err(wrong_type(label, def, value)),
        single if def.multi_valued => Ok(Value::Array(vec![coerce_one(def, label, single)?])),
        single => coerce_one(def, label, single),
    }
}

/// One value of `def` (one element of a multi-valued attribute). Sub-attributes the schema
/// does not declare are dropped: clients such as Okta send `display` on members.
pub(super) fn coerce_one(def: &AttrDef, label: &str, value: &Value) -> Result<Value, ScimError> {
    match (def.kind, value) {
        (AttrType::String | AttrType::Reference | AttrType::DateTime, Value::String(_))
        | (AttrType::Boolean, Value::Bool(_)) => Ok(value.clone()),
        (AttrType::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(value.clone()),
        (AttrType::Boolean, Value::String(text)) if text.eq_ignore_ascii_case("true") => {
            Ok(Value::Bool(true))
        }
        (AttrType::Boolean, Value::String(text)) if text.eq_ignore_ascii_case("false") => {
            Ok(Value::Bool(false))
        }
        (AttrType::Complex, Value::Object(members)) => {
            let mut out = Map::new();
            for (key, item) in members {
                let Some(sub) = def.sub_attribute(key) else {
                    continue;
                };
                if item.is_null() {
                    continue;
                }
                let sub_label = format!("{label}.{}", sub.name);
                out.insert(sub.name.to_owned(), coerce(sub, &sub_label, item)?);
            }
            Ok(Value::Object(out))
        }
        _ => Err(wrong_type(label, def, value)),
    }
}

fn wrong_type(label: &str, def: &AttrDef, value: &Value) -> ScimError {
    let expected = match def.kind {
        AttrType::String => "a string",
        AttrType::Boolean => "true or false",
        AttrType::Complex => "an object of sub-attributes",
        AttrType::Reference => "a URI string",
        AttrType::DateTime => "a date and time string",
        AttrType::Integer => "a whole number",
    };
    let expected = match (def.multi_valued, value) {
        (false, Value::Array(_)) => format!("{expected} (it holds one value, not a list)"),
        _ => expected.to_owned(),
    };
    let found = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    ScimError::bad_request(
        ScimType::InvalidValue,
        format!("attribute \"{label}\" must be {expected}, not {found}"),
    )
}

/// Refuses to change an immutable attribute that already has a different value.
pub(super) fn check_immutable(
    def: &AttrDef,
    label: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Result<(), ScimError> {
    let old = old.filter(|v| !v.is_null());
    match old {
        Some(old) if def.mutability == Mutability::Immutable && Some(old) != new => {
            Err(ScimError::bad_request(
                ScimType::Mutability,
                format!("attribute \"{label}\" is immutable and already set to {old}"),
            ))
        }
        _ => Ok(()),
    }
}

/// Refuses to change the immutable sub-attributes of one element of `def`.
pub(super) fn check_immutable_subs(
    def: &AttrDef,
    old: &Value,
    new: &Value,
) -> Result<(), ScimError> {
    for sub in def.sub_attributes {
        let label = format!("{}.{}", def.name, sub.name);
        check_immutable(sub, &label, get_ci(old, sub.name), get_ci(new, sub.name))?;
    }
    Ok(())
}

/// Refuses to touch a read-only attribute.
pub(super) fn check_writable(def: &AttrDef, label: &str) -> Result<(), ScimError> {
    if def.mutability == Mutability::ReadOnly {
        return Err(ScimError::bad_request(
            ScimType::Mutability,
            format!("attribute \"{label}\" is read-only"),
        ));
    }
    Ok(())
}

/// Refuses to remove a required attribute.
pub(super) fn check_removable(def: &AttrDef, label: &str) -> Result<(), ScimError> {
    if def.required {
        return Err(ScimError::bad_request(
            ScimType::Mutability,
            format!("attribute \"{label}\" is required and cannot be removed"),
        ));
    }
    Ok(())
}

/// Whether two elements of a multi-valued attribute are the same value: equal, or (when
/// `value` identifies an element because it is immutable, like a member id) the same `value`.
pub(super) fn same_element(def: &AttrDef, a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    let Some(value_def) = def.sub_attribute("value") else {
        return false;
    };
    if value_def.mutability != Mutability::Immutable {
        return false;
    }
    same_value(value_def, a, b)
}

/// Whether two elements carry the same `value` sub-attribute (case per `caseExact`).
pub(super) fn same_value(value_def: &AttrDef, a: &Value, b: &Value) -> bool {
    match (
        get_ci(a, value_def.name).and_then(Value::as_str),
        get_ci(b, value_def.name).and_then(Value::as_str),
    ) {
        (Some(x), Some(y)) if value_def.case_exact => x == y,
        (Some(x), Some(y)) => x.to_lowercase() == y.to_lowercase(),
        _ => false,
    }
}
