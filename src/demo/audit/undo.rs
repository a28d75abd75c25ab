//! Undoing a change set (or one entry of one) on the demo store, as the server's `undo`
//! handler does: the entries and what changed since read from the log, the versions stored
//! now, the inverse set built by the one rule (`gatehouse_app::undo_changes`), then decided
//! and kept through the store's own write path, recorded as an undo of the original set; the
//! saved access tests it puts back are checked and kept beside it, recorded alike.

use std::collections::BTreeSet;

use gatehouse_app::provisioning::rfc3339_millis;
use gatehouse_app::{
    check_test_undo, undo_changes, undo_needs, CurrentVersions, SavedTest, TestUndo,
};
use gatehouse_wire::{AuditEntry, ChangeSetRequest, ChangeSetResult, UndoRequest, UndoResult};

use crate::api::ApiFailure;
use crate::demo::queries::actor;
use crate::demo::queries::refused;
use crate::demo::writes::apply_recorded;
use crate::demo::{DemoState, DemoTest};

use super::record::{record_undo, value, Pending};

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
    let undo = undo_changes(&entries, &since, &current, &state.policy()).map_err(|refusal| {
        let field = if request.entry.is_some() {
            "entry"
        } else {
            "change_set"
        };
        refused(409, refusal.describe(time_text), Some(field))
    })?;
    check_tests(state, &undo.tests)?;
    let result = if undo.changes.is_empty() {
        ChangeSetResult::nothing_applied(request.dry_run)
    } else {
        let inverse = ChangeSetRequest {
            override_tests: request.override_tests,
            dry_run: request.dry_run,
            changes: undo.changes.clone(),
        };
        apply_recorded(state, &inverse, Some(&set), now_micros)?
    };
    if !request.dry_run {
        keep_tests(state, &undo.tests, &set, now_micros)?;
    }
    Ok(UndoResult {
        undo_of: set,
        access_tests: undo.tests.iter().map(TestUndo::describe).collect(),
        changes: undo.changes,
        result,
    })
}

/// Refuses test undos that do not fit the tests kept now, as the server does (409).
fn check_tests(state: &DemoState, undos: &[TestUndo]) -> Result<(), ApiFailure> {
    let saved: Vec<SavedTest> = state
        .access_tests
        .iter()
        .map(|t| SavedTest {
            test: t.test.clone(),
            version: t.version,
        })
        .collect();
    for undo in undos {
        check_test_undo(&saved, undo).map_err(|conflict| {
            let field =
                matches!(conflict, gatehouse_app::TestUndoConflict::NameTaken(_)).then_some("name");
            refused(409, conflict.describe(), field)
        })?;
    }
    Ok(())
}

/// Keeps what `undos` do to the saved tests (checked by [`check_tests`]), recorded as an
/// undo of `set`.
fn keep_tests(
    state: &mut DemoState,
    undos: &[TestUndo],
    set: &str,
    now_micros: i64,
) -> Result<(), ApiFailure> {
    if undos.is_empty() {
        return Ok(());
    }
    let code = actor(state)?.code;
    let mut pending = Vec::new();
    for undo in undos {
        let at = state
            .access_tests
            .iter()
            .position(|t| t.test.id.as_str() == undo.id());
        let entity_id = undo.id().to_owned();
        let entry = |action, before, after| Pending {
            action,
            entity: "access_test",
            entity_id: entity_id.clone(),
            before,
            after,
        };
        match (undo, at) {
            (TestUndo::Restore(test), _) => {
                pending.push(entry("create", None, value(Some(test))));
                state.access_tests.push(DemoTest {
                    test: test.clone(),
                    version: 1,
                });
            }
            (TestUndo::Revert { test, version }, Some(at)) => {
                let before = value(Some(&state.access_tests[at].test));
                pending.push(entry("update", before, value(Some(test))));
                state.access_tests[at] = DemoTest {
                    test: test.clone(),
                    version: version + 1,
                };
            }
            (TestUndo::Remove { .. }, Some(at)) => {
                let removed = state.access_tests.remove(at);
                pending.push(entry("delete", value(Some(&removed.test)), None));
            }
            _ => {}
        }
    }
    record_undo(state, &code, pending, set, now_micros);
    Ok(())
}

/// The versions stored now of what undoing `entries` edits.
fn current_versions(state: &DemoState, entries: &[AuditEntry]) -> CurrentVersions {
    let needs = undo_needs(entries);
    let (grants, groups, users) = (&needs.grants, &needs.groups, &needs.users);
    let mut current = CurrentVersions::default();
    for test in state
        .access_tests
        .iter()
        .filter(|t| needs.tests.iter().any(|id| id == t.test.id.as_str()))
    {
        current.tests.insert(test.test.id.to_string(), test.version);
    }
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
