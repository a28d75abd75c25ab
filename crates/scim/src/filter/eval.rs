//! Filter evaluation over SCIM JSON: names ignore case, strings ignore case unless the schema
//! says `caseExact`, and a multi-valued attribute matches when any of its values does.

use std::cmp::Ordering;

use serde_json::Value;

use super::{CompareOp, Filter};
use crate::json::{get_ci, is_present};
use crate::path::AttrPath;
use crate::schema::{AttrDef, AttrType, ResourceSchema};

/// Where attribute paths are resolved: at the top of a resource, or inside one value of a
/// complex attribute (between the brackets of a value path).
#[derive(Clone, Copy)]
pub(super) enum Scope<'s> {
    Resource(&'s ResourceSchema),
    Element(&'s AttrDef),
}

pub(super) fn matches(filter: &Filter, node: &Value, scope: Scope<'_>) -> bool {
    match filter {
        Filter::And(left, right) => matches(left, node, scope) && matches(right, node, scope),
        Filter::Or(left, right) => matches(left, node, scope) || matches(right, node, scope),
        Filter::Not(inner) => !matches(inner, node, scope),
        Filter::Present(path) => resolve(path, node, scope, false)
            .is_some_and(|leaf| leaf.values.iter().any(|v| is_present(v))),
        Filter::Compare { path, op, value } => {
            resolve(path, node, scope, true).is_some_and(|leaf| compare_any(&leaf, *op, value))
        }
        Filter::ValuePath { path, filter } => value_path(path, filter, node, scope),
    }
}

fn value_path(path: &AttrPath, filter: &Filter, node: &Value, scope: Scope<'_>) -> bool {
    let Scope::Resource(schema) = scope else {
        return false;
    };
    if path.sub_attr.is_some() {
        return false;
    }
    let Some(def) = schema.resolve(path) else {
        return false;
    };
    if def.kind != AttrType::Complex {
        return false;
    }
    items(get_ci(node, def.name))
        .iter()
        .any(|element| matches(filter, element, Scope::Element(def)))
}

/// The values an attribute path reaches, and how to compare them.
struct Leaf<'v> {
    values: Vec<&'v Value>,
    case_exact: bool,
    kind: AttrType,
}

/// The values `path` reaches from `node`; `None` when the path names nothing the schema
/// declares (such a filter matches nothing). With `compare_value`, a complex multi-valued
/// attribute without a sub-attribute stands for its `value` sub-attribute.
fn resolve<'v>(
    path: &AttrPath,
    node: &'v Value,
    scope: Scope<'_>,
    compare_value: bool,
) -> Option<Leaf<'v>> {
    let (def, sub_name) = match scope {
        Scope::Resource(schema) => (schema.resolve(path)?, path.sub_attr.as_deref()),
        Scope::Element(parent) => {
            if path.schema.is_some() || path.sub_attr.is_some() {
                return None;
            }
            (parent.sub_attribute(&path.attr)?, None)
        }
    };
    let top = items(get_ci(node, def.name));
    let sub_name = match sub_name {
        Some(sub) => Some(sub),
        None if compare_value && def.kind == AttrType::Complex && def.multi_valued => Some("value"),
        None => None,
    };
    let Some(sub_name) = sub_name else {
        return Some(Leaf {
            values: top,
            case_exact: def.case_exact,
            kind: def.kind,
        });
    };
    let sub = def.sub_attribute(sub_name)?;
    let values = top
        .into_iter()
        .flat_map(|item| items(get_ci(item, sub.name)))
        .collect();
    Some(Leaf {
        values,
        case_exact: sub.case_exact,
        kind: sub.kind,
    })
}

/// An attribute's values: the elements of an array, the value itself otherwise.
fn items(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(elements)) => elements.iter().filter(|v| !v.is_null()).collect(),
        Some(other) => vec![other],
    }
}

fn compare_any(leaf: &Leaf<'_>, op: CompareOp, expected: &Value) -> bool {
    match (op, expected) {
        // `eq null` asks "is it unassigned"; `ne null` asks "is it assigned".
        (CompareOp::Eq, Value::Null) => leaf.values.is_empty(),
        (CompareOp::Ne, Value::Null) => !leaf.values.is_empty(),
        (CompareOp::Ne, _) if leaf.values.is_empty() => true,
        _ => leaf
            .values
            .iter()
            .any(|actual| compare(actual, op, expected, leaf)),
    }
}

fn compare(actual: &Value, op: CompareOp, expected: &Value, leaf: &Leaf<'_>) -> bool {
    match (actual, expected) {
        (Value::String(a), Value::String(e)) => {
            if leaf.case_exact {
                compare_strings(a, e, op)
            } else {
                compare_strings(&a.to_lowercase(), &e.to_lowercase(), op)
            }
        }
        (Value::Number(a), Value::Number(e)) => match (a.as_f64(), e.as_f64()) {
            (Some(a), Some(e)) => ordered(a.partial_cmp(&e), op),
            _ => op == CompareOp::Ne,
        },
        (Value::Bool(a), Value::Bool(e)) => equality(a == e, op),
        // Identity providers write booleans as strings ("True"); compare them as booleans.
        (Value::Bool(a), Value::String(e)) if leaf.kind == AttrType::Boolean => {
            match e.to_ascii_lowercase().as_str() {
                "true" => equality(*a, op),
                "false" => equality(!*a, op),
                _ => op == CompareOp::Ne,
            }
        }
        _ => op == CompareOp::Ne,
    }
}

fn compare_strings(actual: &str, expected: &str, op: CompareOp) -> bool {
    match op {
        CompareOp::Co => actual.contains(expected),
        CompareOp::Sw => actual.starts_with(expected),
        CompareOp::Ew => actual.ends_with(expected),
        _ => ordered(Some(actual.cmp(expected)), op),
    }
}

fn ordered(ordering: Option<Ordering>, op: CompareOp) -> bool {
    let Some(ordering) = ordering else {
        return op == CompareOp::Ne;
    };
    match op {
        CompareOp::Eq => ordering == Ordering::Equal,
        CompareOp::Ne => ordering != Ordering::Equal,
        CompareOp::Gt => ordering == Ordering::Greater,
        CompareOp::Ge => ordering != Ordering::Less,
        CompareOp::Lt => ordering == Ordering::Less,
        CompareOp::Le => ordering != Ordering::Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}

/// For values with equality but no order (booleans): only `eq` and `ne` can match.
fn equality(equal: bool, op: CompareOp) -> bool {
    match op {
        CompareOp::Eq => equal,
        CompareOp::Ne => !equal,
        _ => false,
    }
}
