//! Storing the table changes of a decided set: each touched table locked once, each filter
//! written with its version check (several changes to one filter in a set — its groups and
//! users' deviations — each move its version on from the one before), and one audit entry per
//! table whose mode changed and per filter created, changed or deleted.

use std::collections::HashMap;

use gatehouse_policy::PreparedPolicy;
use gatehouse_wire::{ChangedFilter, FilterView, TableSummary};
use sqlx::AnyConnection;

use super::super::context::Author;
use super::plan::TableStep;
use crate::error::ApiError;
use crate::routes::context::{audit, Audited, PolicyContext};
use crate::routes::integration::user_refs;
use crate::routes::table_views::{filter_views, table_summary};
use crate::store::integration_snapshot::deviation_str;
use crate::store::tables as store;

/// What the table steps stored, as stored now.
pub(super) struct Written {
    pub tables: Vec<TableSummary>,
    pub filters: Vec<ChangedFilter>,
}

/// Writes `steps` (decided to lead to `after`).
pub(super) async fn write(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    after: &PreparedPolicy,
    steps: Vec<TableStep>,
) -> Result<Written, ApiError> {
    if steps.is_empty() {
        return Ok(Written {
            tables: Vec::new(),
            filters: Vec::new(),
        });
    }
    let mut locked: Vec<String> = Vec::new();
    // Each filter's version as written so far, by `table/filter`.
    let mut versions: HashMap<String, i64> = HashMap::new();
    // Each changed filter (table, id) with its state before the set (`None` when created).
    let mut changed: Vec<(String, String, Option<FilterView>)> = Vec::new();
    let mut modes: Vec<TableSummary> = Vec::new();
    for step in steps {
        let table = step.table().to_owned();
        if !locked.contains(&table) {
            if !store::lock(conn, &table).await? {
                return Err(gone());
            }
            locked.push(table.clone());
        }
        let mut next = |stored: &FilterView| {
            let key = format!("{table}/{}", stored.id);
            let expected = *versions.entry(key.clone()).or_insert(stored.version);
            versions.insert(key, expected + 1);
            expected
        };
        let written = match &step {
            TableStep::Mode { stored, mode } => {
                modes.push(stored.clone());
                store::set_mode(conn, &table, stored.version, *mode).await?
            }
            TableStep::CreateFilter { filter, .. } => {
                let predicate = predicate_json(&filter.predicate)?;
                store::insert_filter(conn, &table, filter.id.as_str(), &filter.name, &predicate)
                    .await?;
                let groups: Vec<String> = filter.groups.iter().map(ToString::to_string).collect();
                store::insert_activations(conn, &table, filter.id.as_str(), &groups).await?;
                changed.push((table.clone(), filter.id.to_string(), None));
                true
            }
            TableStep::UpdateFilter { filter, stored, .. } => {
                let predicate = predicate_json(&filter.predicate)?;
                let expected = next(stored);
                let id = &stored.id;
                store::update_filter(conn, &table, id, expected, &filter.name, &predicate).await?
            }
            TableStep::DeleteFilter { stored, .. } => {
                let expected = next(stored);
                let done = store::delete_filter(conn, &table, &stored.id, expected).await?;
                let id = format!("{table}/{}", stored.id);
                let what = Audited {
                    action: "delete",
                    entity: "filter",
                    id: &id,
                };
                audit(conn, ctx, caller, what, Some(stored), None).await?;
                done
            }
            TableStep::Groups { groups, stored, .. } => {
                let expected = next(stored);
                store::set_filter_groups(conn, &table, &stored.id, expected, groups).await?
            }
            TableStep::Deviation {
                user,
                deviation,
                stored,
                ..
            } => {
                let expected = next(stored);
                let value = deviation_str(*deviation);
                store::set_deviation(conn, &table, &stored.id, expected, user, value).await?
            }
        };
        if !written {
            return Err(gone());
        }
        if let TableStep::UpdateFilter { stored, .. }
        | TableStep::Groups { stored, .. }
        | TableStep::Deviation { stored, .. } = step
        {
            if !changed
                .iter()
                .any(|(t, f, _)| *t == table && *f == stored.id)
            {
                changed.push((table.clone(), stored.id.clone(), Some(stored)));
            }
        }
    }
    let refs = user_refs(conn, &ctx.env.code).await?;
    let mut filters = Vec::with_capacity(changed.len());
    let mut views: HashMap<String, Vec<FilterView>> = HashMap::new();
    for (table, id, before) in changed {
        if !views.contains_key(&table) {
            let now = filter_views(conn, after.policy(), &refs, &table).await?;
            views.insert(table.clone(), now);
        }
        let Some(now) = views[&table].iter().find(|f| f.id == id).cloned() else {
            continue;
        };
        let entity_id = format!("{table}/{id}");
        let what = Audited {
            action: if before.is_some() { "update" } else { "create" },
            entity: "filter",
            id: &entity_id,
        };
        audit(conn, ctx, caller, what, before.as_ref(), Some(&now)).await?;
        filters.push(ChangedFilter { table, filter: now });
    }
    let mut tables = Vec::with_capacity(modes.len());
    for before in modes {
        let now = table_summary(conn, after.policy(), &ctx.env.code, &before.id).await?;
        let what = Audited {
            action: "update",
            entity: "table",
            id: &before.id,
        };
        audit(conn, ctx, caller, what, Some(&before), Some(&now)).await?;
        tables.push(now);
    }
    Ok(Written { tables, filters })
}

/// The predicate as stored (the policy crate's JSON form).
fn predicate_json(predicate: &gatehouse_policy::Predicate) -> Result<String, ApiError> {
    serde_json::to_string(predicate).map_err(|e| ApiError::Internal(e.to_string()))
}

/// Decided on the snapshot read in this transaction, a write cannot miss; if one does, the
/// data changed under the lock, and nothing is written.
fn gone() -> ApiError {
    ApiError::Conflict {
        message: "a table changed while the change set was saved; reload and try again".to_owned(),
        field: None,
    }
}
