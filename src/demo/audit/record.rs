//! Recording a kept change set in the demo store's log: the entries the server writes for
//! the same set (same entities, actions, ids and before/after shapes, in the server's order),
//! stamped with one fresh change set id, the signed-in user and strictly increasing times.

use std::collections::{BTreeMap, HashMap};

use gatehouse_policy::{SetChange, Subject};
use gatehouse_wire::{
    AuditEntry, BrokenTestView, ChangeRequest, DataEnvironmentView, GrantView, GroupDetail,
    Precedence, UserFlags, UserStatus, UserSummary,
};
use serde::Serialize;
use serde_json::{json, Value};

use super::environments::data_environment_entries;
use crate::demo::queries::{data_environment_views, users};
use crate::demo::DemoState;

/// The most entries the demo keeps: the newest, so that the log never pushes the store past
/// what `localStorage` holds (about 5 MB a site). Older entries are dropped as new ones come.
pub const MAX_ENTRIES: usize = 5_000;

/// The most text (before and after JSON) the kept entries may hold, for the same reason: a
/// few sets of large groups weigh more than thousands of grant edits.
pub const MAX_STATE_BYTES: usize = 2_000_000;

/// The store as it was before a set: what its entries' `before` states are read from.
pub(crate) struct Before {
    actor: String,
    grants: Vec<GrantView>,
    groups: Vec<GroupDetail>,
    users: Vec<UserSummary>,
    participant: String,
    precedence: Precedence,
    data_environments: Vec<DataEnvironmentView>,
}

impl Before {
    /// The store now, before a set that `actor` (a user code) makes.
    pub(crate) fn of(state: &DemoState, actor: &str) -> Self {
        let environment = state
            .data
            .environments
            .iter()
            .find(|e| e.code == state.data.environment);
        Self {
            actor: actor.to_owned(),
            grants: state.data.grants.clone(),
            groups: state.data.groups.clone(),
            users: users(state),
            participant: environment
                .map(|e| e.participant.clone())
                .unwrap_or_default(),
            precedence: environment.map(|e| e.precedence).unwrap_or_default(),
            data_environments: data_environment_views(state),
        }
    }

    fn grant(&self, id: &str) -> Option<&GrantView> {
        self.grants.iter().find(|g| g.id == id)
    }

    fn group(&self, id: &str) -> Option<GroupDetail> {
        self.groups.iter().find(|g| g.id == id).cloned()
    }

    /// Data environment `id` as it was.
    pub(super) fn data_environment(&self, id: &str) -> Option<&DataEnvironmentView> {
        self.data_environments.iter().find(|e| e.id == id)
    }

    fn user(&self, id: &str) -> Option<&UserSummary> {
        self.users.iter().find(|u| u.id == id)
    }
}

/// An entry before it is stamped.
pub(super) struct Pending {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub(crate) fn value<T: Serialize>(state: Option<&T>) -> Option<Value> {
    state.and_then(|s| serde_json::to_value(s).ok())
}

pub(super) fn grant_entry(
    action: &'static str,
    id: &str,
    before: Option<&GrantView>,
    after: Option<&GrantView>,
) -> Pending {
    Pending {
        action,
        entity: "grant",
        entity_id: id.to_owned(),
        before: value(before),
        after: value(after),
    }
}

/// What one kept set was: its requests, the changes they were read as, and the grants the
/// store wrote for its grant creations and updates (in the requests' order).
pub(crate) struct KeptSet<'a> {
    /// The requests.
    pub requests: &'a [ChangeRequest],
    /// The changes, one a request.
    pub changes: &'a [SetChange],
    /// The grants created or updated, in the requests' order.
    pub written: &'a [GrantView],
    /// The change set it undoes, if it is an undo.
    pub undo_of: Option<&'a str>,
    /// The access tests the account owner overrode to keep it: one `override` entry each,
    /// after the set's own entries, as the server writes them.
    pub overridden: &'a [BrokenTestView],
}

/// Appends the entries of `set` (kept on `state`, which was `before` until then), stamped
/// from `now_micros` on, and drops the oldest entries past the log's bounds.
pub(crate) fn record_set(
    state: &mut DemoState,
    before: &Before,
    set: &KeptSet<'_>,
    now_micros: i64,
) {
    let mut pending = entries(state, before, set);
    pending.extend(set.overridden.iter().map(|broken| Pending {
        action: "override",
        entity: "access_test",
        entity_id: broken.test.clone(),
        before: None,
        after: value(Some(broken)),
    }));
    push_entries(state, &before.actor, pending, set.undo_of, now_micros);
}

/// Records one write of `actor` (a user code) that is not a change set of grants, groups or
/// users (an access test added, changed or deleted) as a change set of its own.
pub(crate) fn record_one(
    state: &mut DemoState,
    actor: &str,
    (action, entity, entity_id): (&'static str, &'static str, &str),
    before: Option<Value>,
    after: Option<Value>,
    now_micros: i64,
) {
    let entry = Pending {
        action,
        entity,
        entity_id: entity_id.to_owned(),
        before,
        after,
    };
    push_entries(state, actor, vec![entry], None, now_micros);
}

/// Records what an undo of the change set `undo_of` did to saved access tests, as one change
/// set marked as that undo.
pub(super) fn record_undo(
    state: &mut DemoState,
    actor: &str,
    pending: Vec<Pending>,
    undo_of: &str,
    now_micros: i64,
) {
    push_entries(state, actor, pending, Some(undo_of), now_micros);
}

/// Appends `pending` as one change set stamped from `now_micros` on.
fn push_entries(
    state: &mut DemoState,
    actor: &str,
    pending: Vec<Pending>,
    undo_of: Option<&str>,
    now_micros: i64,
) {
    if pending.is_empty() {
        return;
    }
    let last = state.audit.last().map_or(i64::MIN, |e| e.at);
    let first = now_micros.max(last.saturating_add(1));
    let change_set = format!("cs-{first}");
    for (n, entry) in pending.into_iter().enumerate() {
        let at = first + n as i64;
        state.audit.push(AuditEntry {
            id: format!("entry-{at}"),
            at,
            actor: actor.to_owned(),
            action: entry.action.to_owned(),
            entity: entry.entity.to_owned(),
            entity_id: entry.entity_id,
            before: entry.before,
            after: entry.after,
            change_set: change_set.clone(),
            undo_of: undo_of.map(str::to_owned),
        });
    }
    trim(&mut state.audit);
}

/// Keeps the newest entries within [`MAX_ENTRIES`] and [`MAX_STATE_BYTES`].
fn trim(log: &mut Vec<AuditEntry>) {
    let mut bytes = 0;
    let mut kept = 0;
    for entry in log.iter().rev() {
        let size = |v: &Option<Value>| v.as_ref().map_or(0, |v| v.to_string().len());
        bytes += size(&entry.before) + size(&entry.after);
        if kept == MAX_ENTRIES || (kept > 0 && bytes > MAX_STATE_BYTES) {
            break;
        }
        kept += 1;
    }
    let old = log.len() - kept;
    log.drain(..old);
}

/// The entries of a kept set in the order the server writes them: its steps with deleted
/// groups first and new groups and users next; grant entries held until the next other step;
/// data environments (with the grants they take out) after the rest; then one entry per
/// touched group, by id.
fn entries(state: &DemoState, before: &Before, set: &KeptSet<'_>) -> Vec<Pending> {
    let KeptSet {
        requests, changes, ..
    } = *set;
    // The grant each creation and update wrote, by request.
    let mut written = set.written.iter();
    let written: HashMap<usize, &GrantView> = requests
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            matches!(
                r,
                ChangeRequest::CreateGrant { .. } | ChangeRequest::UpdateGrant { .. }
            )
        })
        .filter_map(|(i, _)| Some((i, written.next()?)))
        .collect();
    // As stored now (the names after the whole set), or as written if a later step took it.
    let grant_after = |i: usize| {
        let view = written.get(&i).copied()?;
        Some(
            state
                .data
                .grants
                .iter()
                .find(|g| g.id == view.id)
                .unwrap_or(view),
        )
    };
    let mut order: Vec<usize> = (0..requests.len().min(changes.len())).collect();
    order.sort_by_key(|&i| match (&requests[i], &changes[i]) {
        (ChangeRequest::DeleteGroup { .. }, _) => 0,
        (_, SetChange::CreateGroup { .. } | SetChange::CreateUser { .. }) => 1,
        _ => 3,
    });
    let mut out = Vec::new();
    let mut held = Vec::new();
    let mut groups: BTreeMap<String, Option<GroupDetail>> = BTreeMap::new();
    // The grants as the set's grant steps leave them, for the data environments after.
    let mut grants = before.grants.clone();
    let mut environment_steps = Vec::new();
    for i in order {
        let (request, change) = (&requests[i], &changes[i]);
        if matches!(
            change,
            SetChange::CreateDataEnvironment { .. }
                | SetChange::RenameDataEnvironment { .. }
                | SetChange::DeleteDataEnvironment { .. }
        ) {
            environment_steps.push(change);
            continue;
        }
        if !matches!(
            request,
            ChangeRequest::CreateGrant { .. }
                | ChangeRequest::UpdateGrant { .. }
                | ChangeRequest::DeleteGrant { .. }
        ) {
            out.append(&mut held);
        }
        match (request, change) {
            (ChangeRequest::CreateGrant { .. }, _) => {
                if let Some(after) = grant_after(i) {
                    held.push(grant_entry("create", &after.id, None, Some(after)));
                    grants.push(after.clone());
                }
            }
            (ChangeRequest::UpdateGrant { grant: id, .. }, _) => {
                if let (Some(old), Some(new)) = (before.grant(id), grant_after(i)) {
                    held.push(grant_entry("update", id, Some(old), Some(new)));
                    replace(&mut grants, new);
                }
            }
            (ChangeRequest::DeleteGrant { grant: id, .. }, _) => {
                if let Some(old) = before.grant(id) {
                    held.push(grant_entry("delete", id, Some(old), None));
                }
                grants.retain(|g| &g.id != id);
            }
            (
                ChangeRequest::AddMember { group, .. } | ChangeRequest::RemoveMember { group, .. },
                _,
            ) => {
                groups
                    .entry(group.clone())
                    .or_insert_with(|| before.group(group));
            }
            (_, SetChange::CreateGroup { group }) => {
                groups.insert(group.id.to_string(), None);
            }
            (ChangeRequest::RenameGroup { group, .. }, _) => {
                groups.insert(group.clone(), before.group(group));
            }
            (ChangeRequest::DeleteGroup { group, .. }, _) => {
                // The group's grants go with it, each with its entry.
                let subject = before
                    .groups
                    .iter()
                    .find(|g| &g.id == group)
                    .and_then(|g| gatehouse_policy::GroupId::parse(&g.id).ok())
                    .map(Subject::Group);
                for old in before
                    .grants
                    .iter()
                    .filter(|g| Some(&g.subject.subject) == subject.as_ref())
                {
                    held.push(grant_entry("delete", &old.id, Some(old), None));
                    grants.retain(|g| g.id != old.id);
                }
                groups.insert(group.clone(), before.group(group));
            }
            (_, SetChange::CreateUser { user }) => out.push(Pending {
                action: "create",
                entity: "user",
                entity_id: user.id.to_string(),
                before: None,
                after: Some(json!({
                    "id": user.id.to_string(),
                    "code": user.code.as_ref().map(ToString::to_string).unwrap_or_default(),
                    "name": user.name,
                    "email": user.email.as_ref().map(ToString::to_string),
                    "status": UserStatus::Active,
                    "flags": UserFlags::from(user.flags),
                })),
            }),
            (ChangeRequest::UpdateUser { user: id, .. }, SetChange::EditUser { user }) => {
                if let Some(stored) = before.user(id) {
                    let after = UserSummary {
                        name: user.name.clone(),
                        email: user.email.as_ref().map(ToString::to_string),
                        flags: user.flags.into(),
                        status: user.status.into(),
                        version: stored.version + 1,
                        ..stored.clone()
                    };
                    out.push(user_update(stored, &after));
                }
            }
            (
                ChangeRequest::SetUserStatus { user: id, .. },
                SetChange::SetUserStatus { status, .. },
            ) => {
                if let Some(stored) = before.user(id) {
                    let after = UserSummary {
                        status: (*status).into(),
                        version: stored.version + 1,
                        ..stored.clone()
                    };
                    out.push(user_update(stored, &after));
                }
            }
            (_, SetChange::SetPrecedence { precedence }) => {
                let rule =
                    |p: Precedence| json!({ "participant": before.participant, "precedence": p });
                out.push(Pending {
                    action: "update",
                    entity: "organisation",
                    entity_id: before.participant.clone(),
                    before: Some(rule(before.precedence)),
                    after: Some(rule((*precedence).into())),
                });
            }
            _ => {}
        }
    }
    out.append(&mut held);
    out.extend(data_environment_entries(
        state,
        before,
        &environment_steps,
        grants,
    ));
    for (id, old) in groups {
        let new = state.data.groups.iter().find(|g| g.id == id);
        let action = match (&old, new) {
            (None, _) => "create",
            (Some(_), None) => "delete",
            (Some(_), Some(_)) => "update",
        };
        out.push(Pending {
            action,
            entity: "group",
            entity_id: id,
            before: value(old.as_ref()),
            after: value(new),
        });
    }
    out
}

fn replace(grants: &mut [GrantView], new: &GrantView) {
    if let Some(slot) = grants.iter_mut().find(|g| g.id == new.id) {
        *slot = new.clone();
    }
}

/// A user's update entry: named by the user's code, as the server names it.
fn user_update(stored: &UserSummary, after: &UserSummary) -> Pending {
    Pending {
        action: "update",
        entity: "user",
        entity_id: stored.code.clone(),
        before: value(Some(stored)),
        after: value(Some(after)),
    }
}
