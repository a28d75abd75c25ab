//! Tables under filter authorisation in a change set: a table's mode, its filters (create,
//! change, delete), the groups a filter is active for and users' deviations. Who may: the
//! account owner, or an Owner of a connector that serves the table. The built-in All filter
//! keeps its predicate and cannot be deleted; a filter another filter uses cannot be deleted;
//! every table the set touches is validated as it is after the set (fields, references,
//! cycles, groups and users that exist then).

use std::collections::{BTreeSet, HashSet};

use crate::actor::{authorize_administrator, Actor};
use crate::compiled::PreparedPolicy;
use crate::filter::{Deviation, Filter, FilterError, Predicate, Table};
use crate::ids::{FilterId, GroupId, TableId, UserId};
use crate::naming::display_name;
use crate::policy::Policy;

use super::names::{names_taken, Names};
use super::{refusal, RefusalKind, SetChange, SetRefusal};

/// Longest filter name, in characters.
pub const FILTER_NAME_CHARS: usize = 80;

/// A filter from a change's input fields: the name trimmed and checked, and for a new one
/// (`id` `None`) an id made from the name that `table` does not use yet (`ICT requests` →
/// `ict-requests`, then `ict-requests-2`). A bad field is a refusal of change `index` naming
/// it (`filter`, `name`).
pub fn filter_from_input(
    index: usize,
    table: Option<&Table>,
    id: Option<&str>,
    name: &str,
    predicate: Predicate,
) -> Result<Filter, SetRefusal> {
    let at = Some(index);
    let name = display_name("name", name, FILTER_NAME_CHARS)
        .map_err(|e| refusal(at, RefusalKind::Invalid, Some("name"), e.to_string()))?;
    let id = match id {
        Some(id) => FilterId::parse(id.trim())
            .map_err(|e| refusal(at, RefusalKind::Invalid, Some("filter"), e.to_string()))?,
        None => {
            free_id(table, &name).map_err(|e| refusal(at, RefusalKind::Invalid, Some("name"), e))?
        }
    };
    Ok(Filter::new(id, name, predicate))
}

/// A readable id from `name` that `table` does not use yet.
fn free_id(table: Option<&Table>, name: &str) -> Result<FilterId, String> {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    let base: String = if slug.is_empty() { "filter" } else { slug }
        .chars()
        .take(48)
        .collect();
    let taken = |id: &str| table.is_some_and(|t| t.filters.iter().any(|f| f.id.as_str() == id));
    let id = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken(id))
        .unwrap_or(base);
    FilterId::parse(&id).map_err(|e| e.to_string())
}

/// The table a change is about, if it is a table change.
pub(super) fn table_of(change: &SetChange) -> Option<&TableId> {
    match change {
        SetChange::SetTableMode { table, .. }
        | SetChange::CreateFilter { table, .. }
        | SetChange::UpdateFilter { table, .. }
        | SetChange::DeleteFilter { table, .. }
        | SetChange::SetFilterGroups { table, .. }
        | SetChange::SetDeviation { table, .. } => Some(table),
        _ => None,
    }
}

/// The filter a change is about, for the filter changes.
fn filter_of(change: &SetChange) -> Option<&FilterId> {
    match change {
        SetChange::CreateFilter { filter, .. } | SetChange::UpdateFilter { filter, .. } => {
            Some(&filter.id)
        }
        SetChange::DeleteFilter { filter, .. }
        | SetChange::SetFilterGroups { filter, .. }
        | SetChange::SetDeviation { filter, .. } => Some(filter),
        _ => None,
    }
}

/// One table change on its own, against the snapshot before the set (with the groups and
/// users the set creates in `staged`).
pub(super) fn judge(
    before: &PreparedPolicy,
    staged: &Policy,
    names: &Names<'_>,
    actor: &Actor,
    index: usize,
    change: &SetChange,
) -> Result<(), SetRefusal> {
    let at = Some(index);
    let Some(table) = table_of(change).and_then(|id| table_named(before.policy(), id)) else {
        return Err(refusal(
            at,
            RefusalKind::NotFound,
            Some("table"),
            "no such table here".to_owned(),
        ));
    };
    manages(before, names, actor, index, table)?;
    let stored = filter_of(change).and_then(|id| table.filter(id));
    match change {
        SetChange::CreateFilter { filter, .. } if stored.is_some() => {
            return Err(refusal(
                at,
                RefusalKind::Conflict,
                Some("filter"),
                format!("table {} already has a filter {}", table.name, filter.id),
            ))
        }
        SetChange::CreateFilter { .. } | SetChange::SetTableMode { .. } => {}
        _ if stored.is_none() => {
            return Err(refusal(
                at,
                RefusalKind::NotFound,
                Some("filter"),
                format!("table {} has no such filter", table.name),
            ))
        }
        SetChange::UpdateFilter { filter, .. }
            if is_built_in(&filter.id) && filter.predicate != Predicate::All {} =>
        {
            return Err(refusal(
                at,
                RefusalKind::Invalid,
                Some("predicate"),
                "the built-in All filter lets every row through; its predicate cannot change"
                    .to_owned(),
            ))
        }
        SetChange::DeleteFilter { filter, .. } if is_built_in(filter) => {
            return Err(refusal(
                at,
                RefusalKind::Invalid,
                Some("filter"),
                "the built-in All filter cannot be deleted".to_owned(),
            ))
        }
        SetChange::SetFilterGroups { groups, .. } => {
            if let Some((position, group)) = groups
                .iter()
                .enumerate()
                .find(|(_, g)| staged.group(g).is_none())
            {
                return Err(refusal(
                    at,
                    RefusalKind::Invalid,
                    Some(&format!("groups[{position}]")),
                    format!("there is no group {group} here"),
                ));
            }
        }
        SetChange::SetDeviation { user, .. } if staged.user(user).is_none() => {
            return Err(refusal(
                at,
                RefusalKind::NotFound,
                Some("user"),
                "no such user here".to_owned(),
            ))
        }
        _ => {}
    }
    Ok(())
}

fn is_built_in(filter: &FilterId) -> bool {
    filter.as_str() == "all"
}

fn table_named<'p>(policy: &'p Policy, id: &TableId) -> Option<&'p Table> {
    policy.tables.iter().find(|t| &t.id == id)
}

/// Whether `actor` manages `table` (changes its mode and filters, sees its rows' preview): the
/// account owner, or an Owner of a connector serving it. The refusal says who may.
pub fn authorize_table_manager(
    prepared: &PreparedPolicy,
    actor: &Actor,
    table: &Table,
) -> Result<(), String> {
    manages(prepared, &Names(prepared.policy()), actor, 0, table).map_err(|r| r.message)
}

/// The actor manages `table`: the account owner, or an Owner of a connector serving it.
fn manages(
    before: &PreparedPolicy,
    names: &Names<'_>,
    actor: &Actor,
    index: usize,
    table: &Table,
) -> Result<(), SetRefusal> {
    let owns_a_connector = table
        .connectors
        .iter()
        .any(|c| before.actor_may_edit_permissions(actor, c).is_ok());
    if owns_a_connector || authorize_administrator(before, actor).is_ok() {
        return Ok(());
    }
    let served_by = if table.connectors.is_empty() {
        String::new()
    } else {
        let connectors: Vec<String> = table.connectors.iter().map(|c| names.resource(c)).collect();
        format!("an owner of {} or ", connectors.join(" or "))
    };
    Err(refusal(
        Some(index),
        RefusalKind::Forbidden,
        None,
        format!(
            "only {served_by}the account owner may manage table {}, and you are neither",
            table.name
        ),
    ))
}

/// Makes the table change in `after`.
pub(super) fn apply(after: &mut Policy, change: &SetChange) {
    let Some(table) = table_of(change)
        .cloned()
        .and_then(|id| after.tables.iter_mut().find(|t| t.id == id))
    else {
        return;
    };
    match change {
        SetChange::SetTableMode { mode, .. } => table.mode = *mode,
        SetChange::CreateFilter { filter, .. } => table.filters.push(filter.clone()),
        SetChange::UpdateFilter { filter, .. } => {
            if let Some(slot) = table.filter_mut(&filter.id) {
                slot.name.clone_from(&filter.name);
                slot.predicate = filter.predicate.clone();
            }
        }
        SetChange::DeleteFilter { filter, .. } => table.filters.retain(|f| &f.id != filter),
        SetChange::SetFilterGroups { filter, groups, .. } => {
            if let Some(slot) = table.filter_mut(filter) {
                slot.groups = groups.iter().cloned().collect();
            }
        }
        SetChange::SetDeviation {
            filter,
            user,
            deviation,
            ..
        } => {
            if let Some(slot) = table.filter_mut(filter) {
                match deviation {
                    Deviation::Inherit => slot.deviations.remove(user),
                    other => slot.deviations.insert(user.clone(), *other),
                };
            }
        }
        _ => {}
    }
}

/// Changes about a filter the same set deletes (its deviations and groups go with it).
pub(super) fn deleted_and_named(changes: &[SetChange]) -> Vec<SetRefusal> {
    let deleted: BTreeSet<(&TableId, &FilterId)> = changes
        .iter()
        .filter_map(|c| match c {
            SetChange::DeleteFilter { table, filter } => Some((table, filter)),
            _ => None,
        })
        .collect();
    changes
        .iter()
        .enumerate()
        .filter_map(|(index, change)| match change {
            SetChange::SetDeviation { table, filter, .. } if deleted.contains(&(table, filter)) => {
                Some(refusal(
                    Some(index),
                    RefusalKind::Invalid,
                    Some("filter"),
                    "the filter is deleted in this set, with its deviations; leave this change out"
                        .to_owned(),
                ))
            }
            _ => None,
        })
        .collect()
}

/// Filter names used twice in one table after the set (letter case aside).
pub(super) fn names_clash(before: &Policy, changes: &[SetChange]) -> Vec<SetRefusal> {
    let touched: BTreeSet<&TableId> = changes
        .iter()
        .filter(|c| {
            matches!(
                c,
                SetChange::CreateFilter { .. } | SetChange::UpdateFilter { .. }
            )
        })
        .filter_map(table_of)
        .collect();
    let mut refusals = Vec::new();
    for table in touched {
        let Some(stored) = table_named(before, table) else {
            continue;
        };
        let given = changes
            .iter()
            .enumerate()
            .filter(|(_, c)| table_of(c) == Some(table))
            .filter_map(|(index, change)| match change {
                SetChange::CreateFilter { filter, .. } | SetChange::UpdateFilter { filter, .. } => {
                    Some((index, &filter.id, Some(filter.name.as_str())))
                }
                SetChange::DeleteFilter { filter, .. } => Some((index, filter, None)),
                _ => None,
            });
        let existing = stored.filters.iter().map(|f| (&f.id, f.name.as_str()));
        refusals.extend(
            names_taken(existing, given)
                .into_iter()
                .map(|(index, name)| {
                    refusal(
                        Some(index),
                        RefusalKind::Conflict,
                        Some("name"),
                        format!(
                            "table {} already has a filter called {name}; choose another name",
                            stored.name
                        ),
                    )
                }),
        );
    }
    refusals.sort_by_key(|r| r.index);
    refusals
}

/// Every table the set touches, as it is after the set: no deleted filter still used by
/// another, and the table valid (fields, references, cycles, groups and users that exist).
/// A refusal names the first change of the set about that table.
pub(super) fn after_set(
    after: &Policy,
    names: &Names<'_>,
    changes: &[SetChange],
) -> Vec<SetRefusal> {
    let groups: HashSet<&GroupId> = after.groups.iter().map(|g| &g.id).collect();
    let users: HashSet<&UserId> = after.users.iter().map(|u| &u.id).collect();
    let mut refusals = Vec::new();
    let mut checked = BTreeSet::new();
    for (index, change) in changes.iter().enumerate() {
        let Some(id) = table_of(change) else {
            continue;
        };
        let Some(table) = table_named(after, id) else {
            continue;
        };
        if let SetChange::DeleteFilter { filter, .. } = change {
            let users_of: Vec<&str> = table
                .filters
                .iter()
                .filter(|f| f.predicate.references().contains(&filter))
                .map(|f| f.name.as_str())
                .collect();
            if !users_of.is_empty() {
                refusals.push(refusal(
                    Some(index),
                    RefusalKind::Conflict,
                    Some("filter"),
                    format!(
                        "the filter is used by filter {}; change that first",
                        users_of.join(", ")
                    ),
                ));
                continue;
            }
        }
        if !checked.insert(id) {
            continue;
        }
        if let Err(err) = table.validate(&groups, &users) {
            let field = match &err {
                FilterError::UnknownGroup { .. } => "groups",
                FilterError::UnknownDeviationUser { .. } => "user",
                FilterError::DuplicateFilter { .. } => "name",
                _ => "predicate",
            };
            refusals.push(refusal(
                Some(index),
                RefusalKind::Invalid,
                Some(field),
                names.filter_error(table, &err),
            ));
        }
    }
    refusals
}
