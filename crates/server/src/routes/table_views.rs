//! How tables, filters and visible rows look on the wire: summaries, filter views with their
//! activations and deviations, and one user's visible rows computed by the policy crate.

use std::collections::HashMap;

use gatehouse_policy::{
    visible_rows, who_gains_rows, who_loses_access, Policy, Row, RowSet, TableId, UserId,
    Visibility,
};
use gatehouse_wire::{
    DataRow, DeviationView, FilterView, GroupRef, ResourceRef, TableSummary, UserRef, UserRowGain,
    VisibilityState, VisibleRow,
};
use sqlx::AnyConnection;

use super::integration::user_ref;
use crate::error::ApiError;
use crate::store::tables::{self as store, TableRow};

/// The data rows of a table, in order.
pub(super) async fn load_rows(
    conn: &mut AnyConnection,
    table: &str,
) -> Result<Vec<(String, Row)>, ApiError> {
    Ok(store::rows(conn, table).await?)
}

/// What `user` sees of `table` (the policy crate's `visible_rows`), each row with the filters
/// that let it through.
pub(super) fn visible(
    policy: &Policy,
    table: &str,
    user: &UserId,
    rows: &[(String, Row)],
) -> Result<(VisibilityState, Vec<VisibleRow>), ApiError> {
    let internal = |e: &dyn std::fmt::Display| ApiError::Internal(e.to_string());
    let table = TableId::parse(table).map_err(|e| internal(&e))?;
    let fields = policy
        .tables
        .iter()
        .find(|t| t.id == table)
        .map(|t| t.fields.clone())
        .unwrap_or_default();
    let set = RowSet::from_rows(&fields, rows.iter().map(|(_, values)| values));
    let row = |index: usize, filters: Vec<String>| {
        rows.get(index).map(|(id, values)| VisibleRow {
            row: DataRow {
                id: id.clone(),
                values: values.clone(),
            },
            filters,
        })
    };
    Ok(
        match visible_rows(policy, &table, user, &set).map_err(|e| internal(&e))? {
            Visibility::AllRows { rows: count } => (
                VisibilityState::AllRows,
                (0..count).filter_map(|i| row(i, Vec::new())).collect(),
            ),
            Visibility::NoActiveFilter => (VisibilityState::NoActiveFilter, Vec::new()),
            Visibility::Deactivated => (VisibilityState::Deactivated, Vec::new()),
            Visibility::Filtered(filtered) => (
                VisibilityState::Filtered,
                filtered
                    .iter()
                    .filter_map(|v| row(v.index, v.filters().map(ToString::to_string).collect()))
                    .collect(),
            ),
        },
    )
}

/// The users who would see nothing of the table in filter mode (the policy crate decides).
pub(super) fn losers(
    policy: &Policy,
    refs: &HashMap<String, UserRef>,
    table: &str,
) -> Result<Vec<UserRef>, ApiError> {
    let table = TableId::parse(table).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut users: Vec<UserRef> = who_loses_access(policy, &table)
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .iter()
        .map(|u| user_ref(refs, u.as_str()))
        .collect();
    users.sort_by(|a, b| (&a.name, &a.code).cmp(&(&b.name, &b.code)));
    Ok(users)
}

/// The users who would see more rows of the table with all rows shown, and how many they see
/// now (the policy crate decides).
pub(super) fn gainers(
    policy: &Policy,
    refs: &HashMap<String, UserRef>,
    table: &str,
    rows: &[(String, Row)],
) -> Result<Vec<UserRowGain>, ApiError> {
    let internal = |e: &dyn std::fmt::Display| ApiError::Internal(e.to_string());
    let id = TableId::parse(table).map_err(|e| internal(&e))?;
    let fields = policy
        .tables
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.fields.clone())
        .unwrap_or_default();
    let set = RowSet::from_rows(&fields, rows.iter().map(|(_, values)| values));
    let mut users: Vec<UserRowGain> = who_gains_rows(policy, &id, &set)
        .map_err(|e| internal(&e))?
        .into_iter()
        .map(|(u, sees_now)| UserRowGain {
            user: user_ref(refs, u.as_str()),
            sees_now,
        })
        .collect();
    users.sort_by(|a, b| (&a.user.name, &a.user.code).cmp(&(&b.user.name, &b.user.code)));
    Ok(users)
}

/// A table's summary as stored on `conn`, or 404.
pub(super) async fn table_summary(
    conn: &mut AnyConnection,
    policy: &Policy,
    environment: &str,
    id: &str,
) -> Result<TableSummary, ApiError> {
    let row = store::find(conn, environment, id)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "table",
            id: id.to_owned(),
            field: "id",
        })?;
    let connectors = store::connectors_by_table(conn, environment).await?;
    Ok(summary(policy, &connectors, row))
}

/// A table's summary: the stored row, its filter count and serving connectors.
pub(super) fn summary(
    policy: &Policy,
    connectors: &HashMap<String, Vec<(String, String)>>,
    row: TableRow,
) -> TableSummary {
    let filter_count = policy
        .tables
        .iter()
        .find(|t| t.id.as_str() == row.id)
        .map_or(0, |t| t.filters.len());
    TableSummary {
        connectors: connectors
            .get(&row.id)
            .into_iter()
            .flatten()
            .map(|(id, name)| ResourceRef {
                id: id.clone(),
                name: name.clone(),
            })
            .collect(),
        id: row.id,
        name: row.name,
        mode: row.mode,
        fields: row.fields,
        row_count: row.row_count,
        filter_count,
        version: row.version,
    }
}

/// The filters of a table as views (activations and deviations from `policy`, versions from
/// `conn`).
pub(super) async fn filter_views(
    conn: &mut AnyConnection,
    policy: &Policy,
    refs: &HashMap<String, UserRef>,
    table: &str,
) -> Result<Vec<FilterView>, ApiError> {
    let versions = store::filter_versions(conn, table).await?;
    let Some(table) = policy.tables.iter().find(|t| t.id.as_str() == table) else {
        return Ok(Vec::new());
    };
    Ok(table
        .filters
        .iter()
        .map(|f| filter_view(policy, refs, &versions, f))
        .collect())
}

fn filter_view(
    policy: &Policy,
    refs: &HashMap<String, UserRef>,
    versions: &HashMap<String, i64>,
    filter: &gatehouse_policy::Filter,
) -> FilterView {
    FilterView {
        id: filter.id.to_string(),
        name: filter.name.clone(),
        predicate: filter.predicate.clone(),
        builtin: filter.id.as_str() == "all",
        groups: filter
            .groups
            .iter()
            .map(|g| GroupRef {
                id: g.to_string(),
                name: policy
                    .group(g)
                    .map_or_else(|| g.to_string(), |g| g.name.clone()),
            })
            .collect(),
        deviations: filter
            .deviations
            .iter()
            .map(|(user, deviation)| DeviationView {
                user: user_ref(refs, user.as_str()),
                deviation: *deviation,
            })
            .collect(),
        version: versions.get(filter.id.as_str()).copied().unwrap_or(1),
    }
}
