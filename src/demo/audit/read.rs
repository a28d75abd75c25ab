//! Reading the demo store's log with the server's filters and paging: entries newest first,
//! and change sets with an entry matching the filters, each with its size, its first
//! matching entries, the set it undid and the latest set that undid it.

use std::collections::HashMap;

use gatehouse_wire::{AuditChangeSet, AuditChangeSetPage, AuditEntry, AuditPage};

use crate::api::{ApiFailure, AuditFilter};
use crate::demo::queries::refused;

/// The longest free-text search, as on the server.
const MAX_SEARCH_CHARS: usize = 200;

/// The most entries of one change set listed with it in a page of change sets.
const ENTRIES_WITH_A_SET: usize = 20;

/// Refuses what the server refuses: `to` before `from`, or `q` too long.
pub(super) fn checked(filter: &AuditFilter) -> Result<(), ApiFailure> {
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if from > to {
            return Err(refused(422, "to must not be before from", Some("to")));
        }
    }
    if filter.q.trim().chars().count() > MAX_SEARCH_CHARS {
        return Err(refused(
            422,
            format!("q is at most {MAX_SEARCH_CHARS} characters"),
            Some("q"),
        ));
    }
    Ok(())
}

/// Whether `entry` matches `filter` (empty text fields do not filter; `q` is any case).
fn matches(entry: &AuditEntry, filter: &AuditFilter) -> bool {
    let same = |wanted: &str, value: &str| {
        let wanted = wanted.trim();
        wanted.is_empty() || wanted == value
    };
    let q = filter.q.trim().to_lowercase();
    let contains = |text: &str| text.to_lowercase().contains(&q);
    let state =
        |v: &Option<serde_json::Value>| v.as_ref().is_some_and(|v| contains(&v.to_string()));
    same(&filter.actor, &entry.actor)
        && same(&filter.entity, &entry.entity)
        && same(&filter.action, &entry.action)
        && same(&filter.change_set, &entry.change_set)
        && filter.from.is_none_or(|from| entry.at >= from)
        && filter.to.is_none_or(|to| entry.at < to)
        && (q.is_empty()
            || contains(&entry.actor)
            || contains(&entry.entity_id)
            || state(&entry.before)
            || state(&entry.after))
}

/// The page size and the offset of `filter`, as its query string gives them to the server.
fn paging(filter: &AuditFilter) -> (usize, usize) {
    let per_page = filter.per_page.clamp(1, 200) as usize;
    let offset = (filter.page.max(1) as usize - 1) * per_page;
    (per_page, offset)
}

/// Newest first: latest time, then the greater id.
fn newest_first(a: &AuditEntry, b: &AuditEntry) -> std::cmp::Ordering {
    (b.at, &b.id).cmp(&(a.at, &a.id))
}

/// A page of the entries of `log` matching `filter`, newest first.
pub fn entries_of(log: &[AuditEntry], filter: &AuditFilter) -> Result<AuditPage, ApiFailure> {
    checked(filter)?;
    let mut found: Vec<&AuditEntry> = log.iter().filter(|e| matches(e, filter)).collect();
    found.sort_by(|a, b| newest_first(a, b));
    let (per_page, offset) = paging(filter);
    Ok(AuditPage {
        total: found.len(),
        items: found
            .into_iter()
            .skip(offset)
            .take(per_page)
            .cloned()
            .collect(),
    })
}

/// A page of the change sets of `log` with an entry matching `filter`, newest first (by
/// their latest matching entry).
pub fn change_sets_of(
    log: &[AuditEntry],
    filter: &AuditFilter,
) -> Result<AuditChangeSetPage, ApiFailure> {
    checked(filter)?;
    let mut sets: Vec<AuditChangeSet> = Vec::new();
    let mut places: HashMap<&str, usize> = HashMap::new();
    let mut oldest_first: Vec<&AuditEntry> = log.iter().filter(|e| matches(e, filter)).collect();
    oldest_first.sort_by(|a, b| newest_first(b, a));
    for entry in oldest_first {
        let place = *places.entry(entry.change_set.as_str()).or_insert_with(|| {
            sets.push(AuditChangeSet {
                id: entry.change_set.clone(),
                at: entry.at,
                actor: entry.actor.clone(),
                entries: 0,
                matching: 0,
                items: Vec::new(),
                undo_of: None,
                undone_by: None,
            });
            sets.len() - 1
        });
        let set = &mut sets[place];
        set.at = set.at.max(entry.at);
        if entry.actor < set.actor {
            set.actor.clone_from(&entry.actor);
        }
        set.matching += 1;
        if set.items.len() < ENTRIES_WITH_A_SET {
            set.items.push(entry.clone());
        }
        if let Some(undone) = &entry.undo_of {
            if set.undo_of.as_ref().is_none_or(|u| undone < u) {
                set.undo_of = Some(undone.clone());
            }
        }
    }
    sets.sort_by(|a, b| (b.at, &b.id).cmp(&(a.at, &a.id)));
    let total = sets.len();
    let (per_page, offset) = paging(filter);
    let mut items: Vec<AuditChangeSet> = sets.into_iter().skip(offset).take(per_page).collect();
    for set in &mut items {
        set.entries = log.iter().filter(|e| e.change_set == set.id).count();
        // The latest set that undid it (by its latest entry).
        set.undone_by = log
            .iter()
            .filter(|e| e.undo_of.as_deref() == Some(set.id.as_str()))
            .max_by_key(|e| e.at)
            .map(|e| e.change_set.clone());
    }
    Ok(AuditChangeSetPage { total, items })
}
