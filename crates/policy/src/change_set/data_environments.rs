//! Data environments in a change set: creating custom ones, renaming and deleting them (the
//! account owner's). The built-in Production, Staging and Development stay as they are.
//! Names are unique regardless of letter case after the whole set. Deleting one takes it out
//! of every grant that covers it, and a grant that covered only it goes; no other change of
//! the same set may name it.

use std::collections::BTreeSet;

use crate::compiled::PreparedPolicy;
use crate::environments::Environment;
use crate::ids::EnvironmentId;
use crate::naming::display_name;
use crate::policy::Policy;
use crate::time::Timestamp;
use crate::what_if::{diff, RoleChange};
use crate::Scope;

use super::names::{names_taken, Names};
use super::{refusal, RefusalKind, SetChange, SetRefusal};

/// Longest data environment name, in characters.
pub const DATA_ENVIRONMENT_NAME_CHARS: usize = 40;

/// A data environment from a change's input fields: the id and the name trimmed and checked
/// (what the server and the demo store both read a data environment change into). A bad
/// field is a refusal of change `index` naming it (`environment`, `name`).
pub fn data_environment_from_input(
    index: usize,
    id: &str,
    name: &str,
) -> Result<Environment, SetRefusal> {
    let at = Some(index);
    let id = EnvironmentId::parse(id.trim())
        .map_err(|e| refusal(at, RefusalKind::Invalid, Some("environment"), e.to_string()))?;
    let name = display_name("name", name, DATA_ENVIRONMENT_NAME_CHARS)
        .map_err(|e| refusal(at, RefusalKind::Invalid, Some("name"), e.to_string()))?;
    Ok(Environment::new(id, name))
}

/// The data environments `changes` create that `policy` does not have yet, in the set's
/// order: they exist for the set's other changes (grants in them).
pub(super) fn created(policy: &Policy, changes: &[SetChange]) -> Vec<Environment> {
    changes
        .iter()
        .filter_map(|c| match c {
            SetChange::CreateDataEnvironment { environment }
                if policy.environment(&environment.id).is_none() =>
            {
                Some(environment.clone())
            }
            _ => None,
        })
        .collect()
}

/// The data environments `changes` delete.
pub(super) fn deleted(changes: &[SetChange]) -> BTreeSet<&EnvironmentId> {
    changes
        .iter()
        .filter_map(|c| match c {
            SetChange::DeleteDataEnvironment { environment } => Some(environment),
            _ => None,
        })
        .collect()
}

/// One data environment change on its own, against the snapshot before the set.
pub(super) fn judge(before: &Policy, index: usize, change: &SetChange) -> Result<(), SetRefusal> {
    let at = Some(index);
    match change {
        SetChange::CreateDataEnvironment { environment } => {
            if let Some(stored) = before.environment(&environment.id) {
                return Err(refusal(
                    at,
                    RefusalKind::Conflict,
                    Some("environment"),
                    format!("data environment {} already exists", stored.name),
                ));
            }
            well_formed(index, environment)
        }
        SetChange::RenameDataEnvironment { environment } => {
            custom(before, index, &environment.id, "renamed")?;
            well_formed(index, environment)
        }
        SetChange::DeleteDataEnvironment { environment } => {
            custom(before, index, environment, "deleted")
        }
        _ => Ok(()),
    }
}

/// The stored environment `id` exists and is not built in.
fn custom(before: &Policy, index: usize, id: &EnvironmentId, verb: &str) -> Result<(), SetRefusal> {
    match before.environment(id) {
        None => Err(refusal(
            Some(index),
            RefusalKind::NotFound,
            Some("environment"),
            "no such data environment here".to_owned(),
        )),
        Some(stored) if stored.is_built_in() => Err(refusal(
            Some(index),
            RefusalKind::Conflict,
            Some("environment"),
            format!(
                "{} is a built-in data environment: it cannot be {verb}",
                stored.name
            ),
        )),
        Some(_) => Ok(()),
    }
}

/// The environment's fields are as [`data_environment_from_input`] makes them.
fn well_formed(index: usize, environment: &Environment) -> Result<(), SetRefusal> {
    let read = data_environment_from_input(index, environment.id.as_str(), &environment.name)?;
    if read == *environment {
        Ok(())
    } else {
        Err(refusal(
            Some(index),
            RefusalKind::Invalid,
            Some("name"),
            "the name must not start or end with spaces".to_owned(),
        ))
    }
}

/// Names used twice after the set (letter case aside): a refusal for each change that gives
/// a data environment a name another one has after the set.
pub(super) fn names_clash(before: &Policy, changes: &[SetChange]) -> Vec<SetRefusal> {
    let given = changes
        .iter()
        .enumerate()
        .filter_map(|(index, change)| match change {
            SetChange::CreateDataEnvironment { environment }
            | SetChange::RenameDataEnvironment { environment } => {
                Some((index, &environment.id, Some(environment.name.as_str())))
            }
            SetChange::DeleteDataEnvironment { environment } => Some((index, environment, None)),
            _ => None,
        });
    let existing = before.environments.iter().map(|e| (&e.id, e.name.as_str()));
    names_taken(existing, given)
        .into_iter()
        .map(|(index, name)| {
            refusal(
                Some(index),
                RefusalKind::Conflict,
                Some("name"),
                format!("another data environment is already called {name}; choose another name"),
            )
        })
        .collect()
}

/// Grant changes that name a data environment the same set deletes.
pub(super) fn deleted_and_named(names: &Names<'_>, changes: &[SetChange]) -> Vec<SetRefusal> {
    let deleted = deleted(changes);
    if deleted.is_empty() {
        return Vec::new();
    }
    changes
        .iter()
        .enumerate()
        .filter_map(|(index, change)| match change {
            SetChange::CreateGrant { grant } | SetChange::UpdateGrant { grant } => grant
                .environments
                .iter()
                .find(|e| deleted.contains(e))
                .map(|gone| {
                    refusal(
                        Some(index),
                        RefusalKind::Invalid,
                        Some("environments"),
                        format!(
                            "data environment {} is deleted in this set; leave it out of this grant",
                            names.environment(gone)
                        ),
                    )
                }),
            _ => None,
        })
        .collect()
}

/// Renames a data environment in `after`.
pub(super) fn rename(after: &mut Policy, environment: &Environment) {
    if let Some(slot) = after
        .environments
        .iter_mut()
        .find(|e| e.id == environment.id)
    {
        slot.name.clone_from(&environment.name);
    }
}

/// Takes the `deleted` environments out of every grant of `after`; a grant left without
/// environments is marked in `removed` (by position). The environments themselves stay, so
/// that the impact can still name them ([`finish`] removes them).
pub(super) fn strip(after: &mut Policy, removed: &mut [bool], deleted: &BTreeSet<&EnvironmentId>) {
    for (at, grant) in after.grants.iter_mut().enumerate() {
        if grant.environments.iter().any(|e| deleted.contains(e)) {
            grant.environments.retain(|e| !deleted.contains(e));
            if grant.environments.is_empty() {
                if let Some(slot) = removed.get_mut(at) {
                    *slot = true;
                }
            }
        }
    }
}

/// The snapshot after a set that creates or deletes data environments, prepared at `now`,
/// and the impact: who gains access in a created environment, who loses it in a deleted one.
/// `kept` is the snapshot after the set with the deleted environments still listed (their
/// grants stripped); the impact compares it with `before` plus the created environments, so
/// that both list the same environments in the same order.
pub(super) fn finish(
    before: &Policy,
    kept: Policy,
    changes: &[SetChange],
    now: Timestamp,
) -> Result<(PreparedPolicy, Vec<RoleChange>), crate::error::PolicyError> {
    let mut baseline = before.clone();
    baseline.environments.extend(created(before, changes));
    let baseline = PreparedPolicy::new(baseline, now)?;
    let deleted = deleted(changes);
    let mut after = kept.clone();
    let kept = PreparedPolicy::new(kept, now)?;
    let impact = diff(&baseline, &kept, &Scope::Everything);
    if deleted.is_empty() {
        return Ok((kept, impact));
    }
    after.environments.retain(|e| !deleted.contains(&e.id));
    Ok((PreparedPolicy::new(after, now)?, impact))
}
