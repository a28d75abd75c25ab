//! PATCH operations on the values of multi-valued attributes and on sub-attributes: value
//! filters, `primary` (RFC 7643 §2.4) and keeping emptied lists unassigned.

use serde_json::{Map, Value};

use super::values::{check_immutable, check_immutable_subs, check_removable, coerce, coerce_one};
use super::PatchOpKind;
use crate::error::{ScimError, ScimType};
use crate::filter::Filter;
use crate::json::{get_ci, key_ci, remove_ci, set_ci};
use crate::schema::AttrDef;

type Object = Map<String, Value>;

/// An operation on the elements of a multi-valued complex attribute selected by a filter.
pub(super) fn set_elements(
    resource: &mut Object,
    op: PatchOpKind,
    def: &AttrDef,
    filter: &Filter,
    value: &Value,
) -> Result<(), ScimError> {
    let mut items = as_list(key_ci(resource, def.name).and_then(|key| resource.remove(&key)));
    let selected = select(&items, def, filter);
    if op == PatchOpKind::Remove {
        let mut index = 0;
        items.retain(|_| {
            index += 1;
            !selected.contains(&(index - 1))
        });
        store_list(resource, def, items);
        return Ok(());
    }
    let result = (|| {
        if selected.is_empty() {
            return Err(no_target(def, filter));
        }
        let new = coerce_one(def, def.name, value)?;
        let Value::Object(new_members) = &new else {
            return Ok(());
        };
        for &index in &selected {
            let Some(element) = items.get_mut(index) else {
                continue;
            };
            let merged = match (op, element.clone()) {
                (PatchOpKind::Add, Value::Object(mut old)) => {
                    for (key, item) in new_members {
                        set_ci(&mut old, key, item.clone());
                    }
                    Value::Object(old)
                }
                _ => new.clone(),
            };
            check_immutable_subs(def, element, &merged)?;
            *element = merged;
        }
        keep_one_primary(&mut items, &selected);
        Ok(())
    })();
    store_list(resource, def, items);
    result
}

/// An operation on one sub-attribute: of a single complex attribute (`name.givenName`), of
/// the filtered elements (`emails[type eq "work"].value`) or of every element.
pub(super) fn set_sub(
    resource: &mut Object,
    op: PatchOpKind,
    def: &AttrDef,
    sub: &AttrDef,
    filter: Option<&Filter>,
    value: &Value,
) -> Result<(), ScimError> {
    let label = format!("{}.{}", def.name, sub.name);
    let new = match op {
        PatchOpKind::Remove => Value::Null,
        _ => coerce(sub, &label, value)?,
    };
    if new.is_null() {
        check_removable(sub, &label)?;
    }
    let current = key_ci(resource, def.name).and_then(|key| resource.remove(&key));
    let (mut items, selected) = if def.multi_valued {
        let items = as_list(current);
        let selected = match filter {
            Some(filter) => select(&items, def, filter),
            None => (0..items.len()).collect(),
        };
        (items, selected)
    } else {
        (current.into_iter().collect(), vec![0])
    };
    let result = (|| {
        if selected.is_empty() || items.is_empty() {
            match (filter, new.is_null()) {
                (Some(filter), false) => return Err(no_target(def, filter)),
                (_, true) => return Ok(()),
                (None, false) => {
                    items.push(Value::Object(Map::new()));
                    return write_sub(&mut items, &[0], sub, &label, &new);
                }
            }
        }
        write_sub(&mut items, &selected, sub, &label, &new)
    })();
    items.retain(|item| !matches!(item, Value::Object(members) if members.is_empty()));
    if def.multi_valued {
        store_list(resource, def, items);
    } else if let Some(object) = items.pop() {
        resource.insert(def.name.to_owned(), object);
    }
    result
}

fn write_sub(
    items: &mut [Value],
    selected: &[usize],
    sub: &AttrDef,
    label: &str,
    new: &Value,
) -> Result<(), ScimError> {
    for &index in selected {
        let Some(Value::Object(element)) = items.get_mut(index) else {
            continue;
        };
        check_immutable(
            sub,
            label,
            get_ci_map(element, sub.name),
            Some(new).filter(|v| !v.is_null()),
        )?;
        if new.is_null() {
            remove_ci(element, sub.name);
        } else {
            set_ci(element, sub.name, new.clone());
        }
    }
    keep_one_primary(items, selected);
    Ok(())
}

pub(super) fn get_ci_map<'m>(map: &'m Object, name: &str) -> Option<&'m Value> {
    key_ci(map, name).and_then(|key| map.get(&key))
}

pub(super) fn select(items: &[Value], def: &AttrDef, filter: &Filter) -> Vec<usize> {
    (0..items.len())
        .filter(|&i| {
            items
                .get(i)
                .is_some_and(|item| filter.matches_element(item, def))
        })
        .collect()
}

pub(super) fn no_target(def: &AttrDef, filter: &Filter) -> ScimError {
    ScimError::bad_request(
        ScimType::NoTarget,
        format!("no value of \"{}\" matches [{filter}]", def.name),
    )
}

pub(super) fn as_list(value: Option<Value>) -> Vec<Value> {
    match value {
        Some(Value::Array(items)) => items,
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// Stores a list under the schema's name; an empty list leaves the attribute unassigned.
pub(super) fn store_list(resource: &mut Object, def: &AttrDef, items: Vec<Value>) {
    remove_ci(resource, def.name);
    if !items.is_empty() {
        resource.insert(def.name.to_owned(), Value::Array(items));
    }
}

/// RFC 7643 §2.4: at most one element is primary; the last one this operation made primary
/// wins.
pub(super) fn keep_one_primary(items: &mut [Value], written: &[usize]) {
    let is_primary = |item: &Value| get_ci(item, "primary") == Some(&Value::Bool(true));
    let Some(&winner) = written
        .iter()
        .rev()
        .find(|&&i| items.get(i).is_some_and(is_primary))
    else {
        return;
    };
    for (index, item) in items.iter_mut().enumerate() {
        if index != winner && is_primary(item) {
            if let Value::Object(members) = item {
                set_ci(members, "primary", Value::Bool(false));
            }
        }
    }
}
