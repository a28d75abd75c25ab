//! Filter authorisation (DESIGN §4): tables, filters, deviations, filter modes and what a user
//! sees of a table.

use serde::{Deserialize, Serialize};

use crate::{
    DataRow, Deviation, FilterMode, FilterState, GroupRef, Predicate, ResourceRef, UserRef,
    VisibilityState,
};

/// A table as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableSummary {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// All rows, or according to filter.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::FilterModeSchema))]
    pub mode: FilterMode,
    /// The fields filters may compare.
    pub fields: Vec<String>,
    /// Number of rows.
    pub row_count: usize,
    /// Number of filters (the built-in All included).
    pub filter_count: usize,
    /// The get connectors that serve the table.
    pub connectors: Vec<ResourceRef>,
    /// Version for optimistic concurrency (bumped by mode changes).
    pub version: i64,
}

/// A user's own setting for a filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviationView {
    /// The user.
    pub user: UserRef,
    /// Force on or force off.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::DeviationSchema))]
    pub deviation: Deviation,
}

/// A filter with its activations and deviations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilterView {
    /// Stable id, unique within the table.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Which rows it lets through.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::PredicateSchema))]
    pub predicate: Predicate,
    /// The built-in All filter (its predicate cannot change, it cannot be deleted).
    pub builtin: bool,
    /// The groups it is active for.
    pub groups: Vec<GroupRef>,
    /// Users whose own setting overrides their groups.
    pub deviations: Vec<DeviationView>,
    /// Version for optimistic concurrency (the ETag).
    pub version: i64,
}

/// A table with its rows and filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableDetail {
    /// The table.
    pub table: TableSummary,
    /// Its rows, in order.
    pub rows: Vec<DataRow>,
    /// Its filters, in order.
    pub filters: Vec<FilterView>,
}

/// The body of a request that switches a table's filter mode (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TableModeUpdate {
    /// The new mode.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::FilterModeSchema))]
    pub mode: FilterMode,
}

/// Who would see no row at all of a table in filter mode (no active filter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLoss {
    /// The table.
    pub table: String,
    /// The table's mode now.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::FilterModeSchema))]
    pub mode: FilterMode,
    /// The active users without any active filter, by name.
    pub users: Vec<UserRef>,
}

/// Who would see more rows if a table switched to all rows (asked before switching).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowGain {
    /// The table.
    pub table: String,
    /// The table's mode now.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::FilterModeSchema))]
    pub mode: FilterMode,
    /// How many rows the table has: what everyone would see.
    pub rows: usize,
    /// The active users who see fewer rows now, by name, with how many they see.
    pub users: Vec<UserRowGain>,
}

/// One person who would see more rows, and how many they see now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRowGain {
    /// The person.
    pub user: UserRef,
    /// The rows they see now.
    pub sees_now: usize,
}

/// The result of switching a table's filter mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableModeResult {
    /// The table after the change.
    pub table: TableSummary,
    /// The users who see no row now (empty in all-rows mode).
    pub loses_access: Vec<UserRef>,
}

/// The body of a request that creates a filter, or changes one (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FilterFields {
    /// Display name, unique in the table.
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub name: String,
    /// Which rows it lets through, e.g. `{"op": "eq", "field": "kind", "value": "ICT"}`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::PredicateSchema))]
    pub predicate: Predicate,
}

/// The body of a request that sets the groups a filter is active for (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FilterGroups {
    /// Group ids.
    pub groups: Vec<String>,
}

/// The body of a request that sets a user's deviation for a filter (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviationUpdate {
    /// Inherit (follow the groups), force on or force off.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::DeviationSchema))]
    pub deviation: Deviation,
}

/// A visible row and the filters that let it through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisibleRow {
    /// The row.
    pub row: DataRow,
    /// The active filters that passed it (empty when the table shows all rows).
    pub filters: Vec<String>,
}

/// A preview of what one user sees of a table, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableVisibility {
    /// The table.
    pub table: String,
    /// The user.
    pub user: UserRef,
    /// All rows, no active filter, deactivated, or filtered.
    pub state: VisibilityState,
    /// Every filter of the table with its effective state for the user.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub filters: Vec<FilterState>,
    /// The visible rows.
    pub rows: Vec<VisibleRow>,
    /// The number of rows in the table.
    pub total_rows: usize,
}
