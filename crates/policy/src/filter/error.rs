//! Errors of filter authorisation: invalid tables and filters, and unknown ids in a lookup.

use crate::ids::{FilterId, GroupId, TableId, UserId};

/// Why a table, filter or filter lookup is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// Two tables share an id.
    #[error("table `{0}` appears more than once")]
    DuplicateTable(TableId),
    /// A table lists a field twice.
    #[error("table `{table}` lists field `{field}` more than once")]
    DuplicateField {
        /// The table.
        table: TableId,
        /// The repeated field.
        field: String,
    },
    /// Two filters of a table share an id.
    #[error("table `{table}` has more than one filter `{filter}`")]
    DuplicateFilter {
        /// The table.
        table: TableId,
        /// The repeated filter.
        filter: FilterId,
    },
    /// No such table.
    #[error("unknown table `{0}`")]
    UnknownTable(TableId),
    /// No such filter on the table (looked up, or referred to by another filter).
    #[error("table `{table}` has no filter `{filter}`")]
    UnknownFilter {
        /// The table.
        table: TableId,
        /// The missing filter.
        filter: FilterId,
    },
    /// No such user.
    #[error("unknown user `{0}`")]
    UnknownUser(UserId),
    /// A predicate compares a field the table does not have.
    #[error("filter `{filter}` on table `{table}` uses unknown field `{field}`")]
    UnknownField {
        /// The table.
        table: TableId,
        /// The filter.
        filter: FilterId,
        /// The missing field.
        field: String,
    },
    /// An in-set comparison lists no values (it could never pass).
    #[error("filter `{filter}` on table `{table}` checks field `{field}` against an empty set")]
    EmptyInSet {
        /// The table.
        table: TableId,
        /// The filter.
        filter: FilterId,
        /// The field compared.
        field: String,
    },
    /// An `and` or `or` has no conditions.
    #[error("filter `{filter}` on table `{table}` has an `{op}` without conditions")]
    EmptyCombination {
        /// The table.
        table: TableId,
        /// The filter.
        filter: FilterId,
        /// `and` or `or`.
        op: &'static str,
    },
    /// A predicate nests deeper than allowed.
    #[error("filter `{filter}` on table `{table}` nests deeper than {max} levels")]
    TooDeep {
        /// The table.
        table: TableId,
        /// The filter.
        filter: FilterId,
        /// The maximum depth.
        max: usize,
    },
    /// Filters refer to each other in a loop.
    #[error("filters on table `{table}` refer to each other in a cycle: {}", cycle_text(.path))]
    Cycle {
        /// The table.
        table: TableId,
        /// The filters on the loop, the first repeated at the end.
        path: Vec<FilterId>,
    },
    /// A filter is activated for a group that does not exist.
    #[error("filter `{filter}` on table `{table}` is activated for unknown group `{group}`")]
    UnknownGroup {
        /// The table.
        table: TableId,
        /// The filter.
        filter: FilterId,
        /// The missing group.
        group: GroupId,
    },
    /// A filter has a deviation for a user that does not exist.
    #[error("filter `{filter}` on table `{table}` has a deviation for unknown user `{user}`")]
    UnknownDeviationUser {
        /// The table.
        table: TableId,
        /// The filter.
        filter: FilterId,
        /// The missing user.
        user: UserId,
    },
    /// Columns of a row set have different lengths.
    #[error("column `{field}` has {found} values, expected {expected}")]
    ColumnLength {
        /// The field of the short or long column.
        field: String,
        /// The length of the first column.
        expected: usize,
        /// This column's length.
        found: usize,
    },
}

fn cycle_text(path: &[FilterId]) -> String {
    path.iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(" → ")
}
