//! Groups in a change set: creating, renaming and deleting them. Names are unique in the
//! environment regardless of letter case, judged on the names after the whole set (two
//! groups may swap names in one set); a deleted group may not be named by another change of
//! the same set.

use std::collections::BTreeSet;

use crate::grants::Subject;
use crate::ids::GroupId;
use crate::naming::{display_name, free_text, NameError, DESCRIPTION_CHARS, GROUP_NAME_CHARS};
use crate::policy::{Group, Policy};

use super::names::{names_taken, Names};
use super::{refusal, RefusalKind, SetChange, SetRefusal};

/// A group from a change's input fields: the id parsed, the name and description trimmed
/// and checked (what the server and the demo store both read a group change into). A bad
/// field is a refusal of change `index` naming it.
pub fn group_from_input(
    index: usize,
    id: &str,
    name: &str,
    description: &str,
) -> Result<Group, SetRefusal> {
    let id = GroupId::parse(id).map_err(|err| {
        refusal(
            Some(index),
            RefusalKind::Invalid,
            Some("group"),
            err.to_string(),
        )
    })?;
    let name = display_name("name", name, GROUP_NAME_CHARS).map_err(|e| invalid(index, &e))?;
    if name.eq_ignore_ascii_case("All Users") {
        // The name is taken, by the built-in group: a conflict like any other name in use.
        return Err(refusal(
            Some(index),
            RefusalKind::Conflict,
            Some("name"),
            "All Users is the built-in group; choose another name".to_owned(),
        ));
    }
    let description =
        free_text("description", description, DESCRIPTION_CHARS).map_err(|e| invalid(index, &e))?;
    let mut group = Group::new(id, name);
    group.description = description;
    Ok(group)
}

fn invalid(index: usize, err: &NameError) -> SetRefusal {
    let field = match err {
        NameError::Empty { field }
        | NameError::TooLong { field, .. }
        | NameError::Hidden { field, .. } => *field,
    };
    refusal(
        Some(index),
        RefusalKind::Invalid,
        Some(field),
        err.to_string(),
    )
}

/// The snapshot with the groups `changes` create, the `users` and the data `environments`
/// it creates (appended, so that the existing ones keep their positions), when it creates
/// any.
pub(super) fn staged(
    policy: &Policy,
    changes: &[SetChange],
    users: Vec<crate::policy::User>,
    environments: Vec<crate::environments::Environment>,
) -> Option<Policy> {
    let created: Vec<&Group> = changes
        .iter()
        .filter_map(|c| match c {
            SetChange::CreateGroup { group } if policy.group(&group.id).is_none() => Some(group),
            _ => None,
        })
        .collect();
    if created.is_empty() && users.is_empty() && environments.is_empty() {
        return None;
    }
    let mut staged = policy.clone();
    staged.groups.extend(created.into_iter().cloned());
    staged.users.extend(users);
    staged.environments.extend(environments);
    Some(staged)
}

/// One group change on its own, against the snapshot before the set.
pub(super) fn judge(
    before: &Policy,
    names: &Names<'_>,
    index: usize,
    change: &SetChange,
) -> Result<(), SetRefusal> {
    let at = Some(index);
    match change {
        SetChange::CreateGroup { group } => {
            if before.group(&group.id).is_some() {
                return Err(refusal(
                    at,
                    RefusalKind::Conflict,
                    Some("group"),
                    format!("{} already exists", names.group(&group.id)),
                ));
            }
            well_formed(index, group)
        }
        SetChange::RenameGroup { group } => {
            exists(before, index, &group.id)?;
            well_formed(index, group)
        }
        SetChange::DeleteGroup { group } => exists(before, index, group),
        _ => Ok(()),
    }
}

/// Groups the set deletes while an app connector is still linked to them after it (one the
/// same set deletes or links elsewhere does not count).
pub(super) fn still_linked(
    after: &Policy,
    names: &Names<'_>,
    changes: &[SetChange],
) -> Vec<SetRefusal> {
    changes
        .iter()
        .enumerate()
        .filter_map(|(index, change)| match change {
            SetChange::DeleteGroup { group } => after
                .app_connectors
                .iter()
                .find(|a| &a.group == group)
                .map(|linked| {
                    refusal(
                        Some(index),
                        RefusalKind::Conflict,
                        Some("group"),
                        format!(
                            "{} is linked to app connector {}; link that app connector to another group first",
                            names.group(group),
                            linked.name
                        ),
                    )
                }),
            _ => None,
        })
        .collect()
}

fn exists(before: &Policy, index: usize, group: &GroupId) -> Result<(), SetRefusal> {
    match before.group(group) {
        Some(_) => Ok(()),
        None => Err(refusal(
            Some(index),
            RefusalKind::NotFound,
            Some("group"),
            "no such group in this environment".to_owned(),
        )),
    }
}

/// The group's fields are as [`group_from_input`] makes them.
fn well_formed(index: usize, group: &Group) -> Result<(), SetRefusal> {
    let read = group_from_input(index, group.id.as_str(), &group.name, &group.description)?;
    if read == *group {
        Ok(())
    } else {
        Err(refusal(
            Some(index),
            RefusalKind::Invalid,
            Some("name"),
            "name and description must not start or end with spaces".to_owned(),
        ))
    }
}

/// Changes that name a group the same set deletes: its members and grants go with it.
pub(super) fn deleted_and_named(names: &Names<'_>, changes: &[SetChange]) -> Vec<SetRefusal> {
    let deleted: BTreeSet<&GroupId> = changes
        .iter()
        .filter_map(|c| match c {
            SetChange::DeleteGroup { group } => Some(group),
            _ => None,
        })
        .collect();
    if deleted.is_empty() {
        return Vec::new();
    }
    changes
        .iter()
        .enumerate()
        .filter_map(|(index, change)| {
            let group = match change {
                SetChange::AddMember { group, .. } | SetChange::RemoveMember { group, .. } => {
                    group
                }
                SetChange::CreateGrant { grant } | SetChange::UpdateGrant { grant } => {
                    match &grant.subject {
                        Subject::Group(group) => group,
                        _ => return None,
                    }
                }
                SetChange::DeleteGrant { key } => match &key.subject {
                    Subject::Group(group) => group,
                    _ => return None,
                },
                _ => return None,
            };
            deleted.contains(group).then(|| {
                refusal(
                    Some(index),
                    RefusalKind::Invalid,
                    Some("group"),
                    format!(
                        "{} is deleted in this set, with its members and grants; leave this change out",
                        names.group(group)
                    ),
                )
            })
        })
        .collect()
}

/// Names used twice after the set (letter case aside): a refusal for each change that
/// gives a group a name another group has after the set.
pub(super) fn names_clash(before: &Policy, changes: &[SetChange]) -> Vec<SetRefusal> {
    let given = changes
        .iter()
        .enumerate()
        .filter_map(|(index, change)| match change {
            SetChange::CreateGroup { group } | SetChange::RenameGroup { group } => {
                Some((index, &group.id, Some(group.name.as_str())))
            }
            SetChange::DeleteGroup { group } => Some((index, group, None)),
            _ => None,
        });
    let existing = before.groups.iter().map(|g| (&g.id, g.name.as_str()));
    names_taken(existing, given)
        .into_iter()
        .map(|(index, name)| {
            refusal(
                Some(index),
                RefusalKind::Conflict,
                Some("name"),
                format!("another group is already called {name}; choose another name"),
            )
        })
        .collect()
}

/// Renames a group in `after`.
pub(super) fn rename(after: &mut Policy, group: &Group) {
    if let Some(slot) = after.groups.iter_mut().find(|g| g.id == group.id) {
        slot.clone_from(group);
    }
}

/// Deletes a group from `after`: its grants (marked in `removed`, by position), its
/// memberships, the filters activated for it and the group itself.
pub(super) fn delete(after: &mut Policy, removed: &mut [bool], group: &GroupId) {
    let subject = Subject::Group(group.clone());
    for (at, grant) in after.grants.iter().enumerate() {
        if grant.subject == subject {
            if let Some(slot) = removed.get_mut(at) {
                *slot = true;
            }
        }
    }
    for user in &mut after.users {
        user.groups.remove(group);
    }
    for filter in after.tables.iter_mut().flat_map(|t| t.filters.iter_mut()) {
        filter.groups.remove(group);
    }
    after.groups.retain(|g| &g.id != group);
}
