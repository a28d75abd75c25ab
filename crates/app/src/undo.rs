//! Undoing a change set (or one entry of it) from the audit log: the inverse change set,
//! built from the entries' before and after states, refused when an entity it would put back
//! has changed since — never a blind overwrite. The server and the static demo build an undo
//! with this one function and apply it through their one write path, so it is judged (who
//! may, the lock-out guard, versions) like any other change set. Saved access tests are put
//! back beside it ([`TestUndo`]), by the same rule: refused when the test moved on since.

mod access_tests;

pub use access_tests::{check_test_undo, TestUndo, TestUndoConflict};

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_policy::{Policy, ResourceId, Subject};
use gatehouse_wire::{AuditEntry, ChangeRequest, GrantView, GroupDetail, UserFlags, UserStatus};

/// Why a change set cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoRefusal {
    /// Nothing to undo: the set has no entries.
    Empty,
    /// An entity the undo would put back changed after the set.
    MovedOn {
        /// What changed, in words ("the grant of Support on CRM Portal").
        what: String,
        /// Who changed it (user code).
        by: String,
        /// When, microseconds since the epoch.
        at: i64,
        /// The change set that changed it.
        change_set: String,
    },
    /// The set was undone already, by this change set.
    AlreadyUndone {
        /// The undoing change set.
        by_change_set: String,
        /// Who undid it.
        by: String,
        /// When.
        at: i64,
    },
    /// An entry of a kind undo does not put back.
    NotUndoable {
        /// What the entry is about, in words.
        what: String,
        /// Why, and what to do instead.
        reason: String,
    },
}

impl UndoRefusal {
    /// The refusal as a sentence; `time` formats an entry's time.
    pub fn describe(&self, time: impl Fn(i64) -> String) -> String {
        match self {
            Self::Empty => "the change set has no entries to undo".to_owned(),
            Self::MovedOn {
                what,
                by,
                at,
                change_set,
            } => format!(
                "{what} was changed since, by {by} at {} (change set {change_set}); undo that \
                 change first, or edit it by hand",
                time(*at)
            ),
            Self::AlreadyUndone {
                by_change_set,
                by,
                at,
            } => format!(
                "this change was undone already, by {by} at {} (change set {by_change_set})",
                time(*at)
            ),
            Self::NotUndoable { what, reason } => format!("{what} cannot be undone: {reason}"),
        }
    }
}

/// The versions stored now of what an undo edits, by id (a user's by id).
#[derive(Debug, Clone, Default)]
pub struct CurrentVersions {
    /// Grants.
    pub grants: BTreeMap<String, i64>,
    /// Groups.
    pub groups: BTreeMap<String, i64>,
    /// Users.
    pub users: BTreeMap<String, i64>,
    /// Saved access tests.
    pub tests: BTreeMap<String, i64>,
}

/// The ids whose stored versions [`undo_changes`] needs, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UndoNeeds {
    /// Grants.
    pub grants: Vec<String>,
    /// Groups.
    pub groups: Vec<String>,
    /// Users.
    pub users: Vec<String>,
    /// Saved access tests.
    pub tests: Vec<String>,
}

/// The ids whose stored versions [`undo_changes`] needs.
pub fn undo_needs(entries: &[AuditEntry]) -> UndoNeeds {
    let mut grants = BTreeSet::new();
    let mut groups = BTreeSet::new();
    let mut users = BTreeSet::new();
    let mut tests = BTreeSet::new();
    for entry in entries {
        match entry.entity.as_str() {
            "grant" => {
                grants.insert(entry.entity_id.clone());
            }
            "group" => {
                groups.insert(entry.entity_id.clone());
            }
            "user" => {
                if let Some(state) = user_state(entry.after.as_ref()) {
                    users.insert(state.id);
                }
            }
            "access_test" if entry.action != OVERRIDE => {
                tests.insert(entry.entity_id.clone());
            }
            _ => {}
        }
    }
    UndoNeeds {
        grants: grants.into_iter().collect(),
        groups: groups.into_iter().collect(),
        users: users.into_iter().collect(),
        tests: tests.into_iter().collect(),
    }
}

/// The action of the entry that records a set saved over the access tests it broke: it
/// changed nothing of the test, so it is nothing to put back and does not move the test on.
const OVERRIDE: &str = "override";

/// An undo: the inverse change set, and what it puts back of the saved access tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Undo {
    /// The inverse changes, newest first (empty when only access tests are put back).
    pub changes: Vec<ChangeRequest>,
    /// What the undo does to saved access tests.
    pub tests: Vec<TestUndo>,
}

/// The change set that undoes `entries` (one change set's, or one entry), in words of
/// `policy` (the snapshot now) for refusals. `since` lists the entries of other change sets
/// written after the first of `entries` (oldest first; their states are not needed); an entity
/// that one of them names has moved on, and the undo is refused naming who moved it.
/// `current` holds the stored versions the inverse edits are made against. An entry that
/// records an override of access tests is skipped: it changed no test.
pub fn undo_changes(
    entries: &[AuditEntry],
    since: &[AuditEntry],
    current: &CurrentVersions,
    policy: &Policy,
) -> Result<Undo, UndoRefusal> {
    let Some(first) = entries.first() else {
        return Err(UndoRefusal::Empty);
    };
    if let Some(undo) = since
        .iter()
        .find(|e| e.undo_of.as_deref() == Some(&first.change_set))
    {
        return Err(UndoRefusal::AlreadyUndone {
            by_change_set: undo.change_set.clone(),
            by: undo.actor.clone(),
            at: undo.at,
        });
    }
    for entry in entries.iter().filter(|e| e.action != OVERRIDE) {
        let keys = keys(entry);
        let moved = since.iter().find(|later| {
            later.at > entry.at
                && later.action != OVERRIDE
                && later.change_set != entry.change_set
                && later.entity == entry.entity
                && keys.contains(&later.entity_id)
        });
        if let Some(later) = moved {
            return Err(UndoRefusal::MovedOn {
                what: what(entry, policy),
                by: later.actor.clone(),
                at: later.at,
                change_set: later.change_set.clone(),
            });
        }
    }
    // Groups the undo deletes take their grants and memberships with them.
    let deleted_groups: BTreeSet<&str> = entries
        .iter()
        .filter(|e| e.entity == "group" && e.action == "create")
        .map(|e| e.entity_id.as_str())
        .collect();
    let mut undo = Undo::default();
    // Newest first: the inverse of the last change is made first (the set is judged as a
    // whole, but a reader follows it in this order).
    for entry in entries.iter().rev() {
        if entry.entity == "access_test" {
            let test = access_tests::inverse_test(entry, current, || what(entry, policy))?;
            undo.tests.extend(test);
        } else {
            inverse(entry, current, policy, &deleted_groups, &mut undo.changes)?;
        }
    }
    Ok(undo)
}

/// The ids a later entry may name the entry's entity by (a user by id or code).
fn keys(entry: &AuditEntry) -> BTreeSet<String> {
    let mut keys = BTreeSet::from([entry.entity_id.clone()]);
    if entry.entity == "user" {
        for state in [entry.before.as_ref(), entry.after.as_ref()] {
            if let Some(state) = user_state(state) {
                keys.insert(state.id);
                keys.insert(state.code);
            }
        }
    }
    keys
}

/// A user as a user entry records it (a creation records fewer fields than an update).
#[derive(Debug, Clone)]
struct UserState {
    id: String,
    code: String,
    name: String,
    email: Option<String>,
    status: UserStatus,
    flags: UserFlags,
}

fn user_state(value: Option<&serde_json::Value>) -> Option<UserState> {
    let value = value?;
    let text = |key: &str| value.get(key)?.as_str().map(ToOwned::to_owned);
    Some(UserState {
        id: text("id")?,
        code: text("code")?,
        name: text("name")?,
        email: text("email"),
        status: parse(value.get("status"))?,
        flags: parse(value.get("flags"))?,
    })
}

fn parse<T: serde::de::DeserializeOwned>(value: Option<&serde_json::Value>) -> Option<T> {
    value.and_then(|v| T::deserialize(v).ok())
}

/// What an entry is about, in words, for refusals.
fn what(entry: &AuditEntry, policy: &Policy) -> String {
    let state = entry.after.as_ref().or(entry.before.as_ref());
    match entry.entity.as_str() {
        "grant" => match parse::<GrantView>(state) {
            Some(grant) => format!(
                "the grant of {} on {}",
                grant.subject.name,
                resource_name(policy, &grant.resource)
            ),
            None => "a grant".to_owned(),
        },
        "group" => match parse::<GroupDetail>(state) {
            Some(group) => format!("the group {}", group.name),
            None => "a group".to_owned(),
        },
        "user" => match user_state(state) {
            Some(user) => format!("the user {} ({})", user.name, user.code),
            None => format!("the user {}", entry.entity_id),
        },
        "organisation" => "the organisation's precedence rule".to_owned(),
        "access_test" => match parse::<gatehouse_policy::AccessTest>(state) {
            Some(test) => format!("the access test '{}'", test.name),
            None => "an access test".to_owned(),
        },
        other => format!("a change to {}", other.replace('_', " ")),
    }
}

fn resource_name(policy: &Policy, id: &str) -> String {
    ResourceId::parse(id)
        .ok()
        .and_then(|id| policy.resource(&id).map(|r| r.name.clone()))
        .unwrap_or_else(|| id.to_owned())
}

fn unreadable(entry: &AuditEntry, policy: &Policy) -> UndoRefusal {
    UndoRefusal::NotUndoable {
        what: what(entry, policy),
        reason: "its entry does not record the state to put back".to_owned(),
    }
}

/// Appends the changes that undo `entry`.
fn inverse(
    entry: &AuditEntry,
    current: &CurrentVersions,
    policy: &Policy,
    deleted_groups: &BTreeSet<&str>,
    changes: &mut Vec<ChangeRequest>,
) -> Result<(), UndoRefusal> {
    let version = |map: &BTreeMap<String, i64>, id: &str| map.get(id).copied();
    match (entry.entity.as_str(), entry.action.as_str()) {
        ("grant", action) => {
            let before = parse::<GrantView>(entry.before.as_ref());
            let after = parse::<GrantView>(entry.after.as_ref());
            match (action, before, after) {
                ("create", None, Some(after)) => {
                    if let Subject::Group(group) = &after.subject.subject {
                        if deleted_groups.contains(group.to_string().as_str()) {
                            return Ok(());
                        }
                    }
                    changes.push(ChangeRequest::DeleteGrant {
                        version: version(&current.grants, &after.id).unwrap_or(after.version),
                        grant: after.id,
                    });
                }
                ("update", Some(before), Some(after)) => changes.push(ChangeRequest::UpdateGrant {
                    version: version(&current.grants, &after.id).unwrap_or(after.version),
                    grant: after.id,
                    role: before.role,
                    environments: before.environments,
                    expires_at: before.expires_at,
                }),
                ("delete", Some(before), None) => changes.push(ChangeRequest::CreateGrant {
                    resource: before.resource,
                    subject: before.subject.subject,
                    role: before.role,
                    environments: before.environments,
                    expires_at: before.expires_at,
                }),
                _ => return Err(unreadable(entry, policy)),
            }
        }
        ("group", action) => {
            let before = parse::<GroupDetail>(entry.before.as_ref());
            let after = parse::<GroupDetail>(entry.after.as_ref());
            match (action, before, after) {
                ("create", None, Some(after)) => changes.push(ChangeRequest::DeleteGroup {
                    version: version(&current.groups, &after.id).unwrap_or(after.version),
                    group: after.id,
                }),
                ("update", Some(before), Some(after)) => {
                    if before.name != after.name || before.description != after.description {
                        changes.push(ChangeRequest::RenameGroup {
                            group: after.id.clone(),
                            version: version(&current.groups, &after.id).unwrap_or(after.version),
                            name: before.name.clone(),
                            description: Some(before.description.clone()),
                        });
                    }
                    let was: BTreeSet<&str> =
                        before.members.iter().map(|m| m.id.as_str()).collect();
                    let is: BTreeSet<&str> = after.members.iter().map(|m| m.id.as_str()).collect();
                    for user in is.difference(&was) {
                        changes.push(ChangeRequest::RemoveMember {
                            group: after.id.clone(),
                            user: (*user).to_owned(),
                        });
                    }
                    for user in was.difference(&is) {
                        changes.push(ChangeRequest::AddMember {
                            group: after.id.clone(),
                            user: (*user).to_owned(),
                        });
                    }
                }
                ("delete", Some(before), None) => {
                    changes.push(ChangeRequest::CreateGroup {
                        group: Some(before.id.clone()),
                        name: before.name,
                        description: before.description,
                    });
                    for member in before.members {
                        changes.push(ChangeRequest::AddMember {
                            group: before.id.clone(),
                            user: member.id,
                        });
                    }
                }
                _ => return Err(unreadable(entry, policy)),
            }
        }
        ("user", "sync") => {
            return Err(UndoRefusal::NotUndoable {
                what: what(entry, policy),
                reason: "a sync run's changes come from the person's own organisation; change \
                         them there"
                    .to_owned(),
            })
        }
        ("user", action) => {
            let before = user_state(entry.before.as_ref());
            let after = user_state(entry.after.as_ref());
            let Some(after) = after else {
                return Err(unreadable(entry, policy));
            };
            let Some(version) = version(&current.users, &after.id) else {
                return Err(UndoRefusal::NotUndoable {
                    what: what(entry, policy),
                    reason: "the user is no longer here".to_owned(),
                });
            };
            match (action, before) {
                // A user is never deleted: undoing its creation deactivates it.
                ("create", None) => changes.push(ChangeRequest::SetUserStatus {
                    user: after.id,
                    version,
                    status: UserStatus::Deactivated,
                }),
                ("update", Some(before)) => changes.push(ChangeRequest::UpdateUser {
                    user: after.id,
                    version,
                    name: before.name,
                    email: before.email,
                    flags: before.flags,
                    status: before.status,
                }),
                _ => return Err(unreadable(entry, policy)),
            }
        }
        ("organisation", "update") => match parse::<gatehouse_wire::Precedence>(
            entry.before.as_ref().and_then(|b| b.get("precedence")),
        ) {
            Some(precedence) => changes.push(ChangeRequest::SetPrecedence { precedence }),
            None => return Err(unreadable(entry, policy)),
        },
        _ => {
            return Err(UndoRefusal::NotUndoable {
                what: what(entry, policy),
                reason: "undo puts back grants, groups, memberships, users, the precedence \
                         rule and access tests; change this on its own page"
                    .to_owned(),
            })
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
