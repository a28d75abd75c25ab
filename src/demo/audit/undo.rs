//! Undoing a change set (or one entry of one) on the demo store, as the server's `undo`
//! handler does: the entries and what changed since read from the log, the versions stored
//! now, the inverse set built by the one rule (`gatehouse_app::undo_changes`), then decided
//! and kept through the store's own write path, recorded as an undo of the original set.

use std::collections::BTreeSet;

use gatehouse_app::provisioning::rfc3339_millis;
use gatehouse_app::{undo_changes, undo_needs, CurrentVersions};
use gatehouse_wire::{AuditEntry, ChangeSetRequest, UndoRequest, UndoResult};

use crate::api::ApiFailure;
use crate::demo::queries::refused;
use crate::demo::writes::apply_recorded;
use crate::demo::DemoState;

/// Undoes what `request` names on `state` (with `dry_run`, decides and previews only);
/// `now_micros` stamps the undo's entries.
pub fn undo_in(
    state: &mut DemoState,
    request: &UndoRequest,
    now_micros: i64,
) -> Result<UndoResult, ApiFailure> {
    super::only_the_account_owner(state)?;
    let (set, entries): (String, Vec<AuditEntry>) = match (&request.change_set, &request.entry) {
        (Some(set), None) => {
            let entries: Vec<AuditEntry> = state
                .audit
                .iter()
                .filter(|e| &e.change_set == set)
                .cloned()
                .collect();
            if entries.is_empty() {
                return Err(refused(
                    404,
                    format!("no change set `{set}`"),
                    Some("change_set"),
                ));
            }
            (set.clone(), entries)
        }
        (None, Some(id)) => {
            let entry = state
                .audit
                .iter()
                .find(|e| &e.id == id)
                .cloned()
                .ok_or_else(|| refused(404, format!("no audit entry `{id}`"), Some("entry")))?;
            (entry.change_set.clone(), vec![entry])
        }
        _ => {
            return Err(refused(
                422,
                "give either `change_set` or `entry`, not both or neither",
                Some("change_set"),
            ))
        }
    };
    let entities: BTreeSet<&str> = entries.iter().map(|e| e.entity.as_str()).collect();
    let first = entries.iter().map(|e| e.at).min().unwrap_or_default();
    let since: Vec<AuditEntry> = state
        .audit
        .iter()
        .filter(|e| e.at > first && e.change_set != set && entities.contains(e.entity.as_str()))
        .cloned()
        .collect();
    let current = current_versions(state, &entries);
    let changes = undo_changes(&entries, &since, &current, &state.policy()).map_err(|refusal| {
        let field = if request.entry.is_some() {
            "entry"
        } else {
            "change_set"
        };
        refused(409, refusal.describe(time_text), Some(field))
    })?;
    let inverse = ChangeSetRequest {
        override_tests: request.override_tests,
        dry_run: request.dry_run,
        changes: changes.clone(),
    };
    let result = apply_recorded(state, &inverse, Some(&set), now_micros)?;
    Ok(UndoResult {
        undo_of: set,
        changes,
        result,
    })
}

/// The versions stored now of what undoing `entries` edits.
fn current_versions(state: &DemoState, entries: &[AuditEntry]) -> CurrentVersions {
    let (grants, groups, users) = undo_needs(entries);
    let mut current = CurrentVersions::default();
    for grant in state.data.grants.iter().filter(|g| grants.contains(&g.id)) {
        current.grants.insert(grant.id.clone(), grant.version);
    }
    for group in state.data.groups.iter().filter(|g| groups.contains(&g.id)) {
        current.groups.insert(group.id.clone(), group.version);
    }
    for user in state.data.users.iter().filter(|u| users.contains(&u.id)) {
        current.users.insert(user.id.clone(), user.version);
    }
    current
}

/// An entry's time in words, as the server words it: `2026-12-07 08:01:02 UTC`.
fn time_text(at_micros: i64) -> String {
    let text = rfc3339_millis(at_micros.div_euclid(1000));
    format!("{} UTC", text.get(..19).unwrap_or(&text).replace('T', " "))
}
