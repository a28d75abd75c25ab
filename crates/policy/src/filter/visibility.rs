//! Which rows a user sees: all rows, none (no active filter — said explicitly), or the union
//! of the rows the user's active filters let through, each row with the filters that passed
//! it; who would lose all access if a table switched to filters, and who would see more rows
//! if it switched back to all rows.

use serde::{Deserialize, Serialize};

use super::activation::{is_active, lookup};
use super::{Bitset, CompiledTable, FilterError, FilterMode, RowSet, Table};
use crate::ids::{FilterId, TableId, UserId};
use crate::policy::{Policy, User};

/// What a user sees of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// The table does not use filters: every one of `rows` rows is visible.
    AllRows {
        /// The number of rows.
        rows: usize,
    },
    /// The table uses filters and none is active for the user, so no row is visible.
    NoActiveFilter,
    /// The user is deactivated and sees nothing.
    Deactivated,
    /// The rows the user's active filters let through (possibly none).
    Filtered(FilteredRows),
}

impl Visibility {
    /// How many rows are visible.
    pub fn count(&self) -> usize {
        match self {
            Self::AllRows { rows } => *rows,
            Self::NoActiveFilter | Self::Deactivated => 0,
            Self::Filtered(filtered) => filtered.count(),
        }
    }

    /// Whether row `index` is visible.
    pub fn is_visible(&self, index: usize) -> bool {
        match self {
            Self::AllRows { rows } => index < *rows,
            Self::NoActiveFilter | Self::Deactivated => false,
            Self::Filtered(filtered) => filtered.rows().contains(index),
        }
    }
}

/// The result of a user's active filters over a row set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilteredRows {
    filters: Vec<FilterId>,
    passes: Vec<Bitset>,
    union: Bitset,
}

impl FilteredRows {
    /// Combines the rows each active filter passed (same order as `filters`).
    pub fn new(filters: Vec<FilterId>, passes: Vec<Bitset>, rows: usize) -> Self {
        let mut union = Bitset::zeros(rows);
        passes.iter().for_each(|p| union.or_with(p));
        Self {
            filters,
            passes,
            union,
        }
    }

    /// The user's active filters.
    pub fn active_filters(&self) -> &[FilterId] {
        &self.filters
    }

    /// The visible rows: the union of the active filters.
    pub fn rows(&self) -> &Bitset {
        &self.union
    }

    /// How many rows are visible.
    pub fn count(&self) -> usize {
        self.union.count()
    }

    /// Each visible row, ascending, with access to the filters that let it through.
    pub fn iter(&self) -> impl Iterator<Item = VisibleRow<'_>> {
        self.union
            .iter()
            .map(|index| VisibleRow { index, set: self })
    }

    /// The filters that let row `index` through.
    pub fn filters_for(&self, index: usize) -> impl Iterator<Item = &FilterId> {
        self.filters
            .iter()
            .zip(&self.passes)
            .filter(move |(_, pass)| pass.contains(index))
            .map(|(id, _)| id)
    }
}

/// A visible row and the filters that let it through.
#[derive(Debug, Clone, Copy)]
pub struct VisibleRow<'a> {
    /// The row's position in the row set.
    pub index: usize,
    set: &'a FilteredRows,
}

impl<'a> VisibleRow<'a> {
    /// The active filters that passed this row (at least one).
    pub fn filters(&self) -> impl Iterator<Item = &'a FilterId> {
        self.set.filters_for(self.index)
    }

    /// An owned copy for the wire.
    pub fn summary(&self) -> VisibleRowSummary {
        VisibleRowSummary {
            index: self.index,
            filters: self.filters().cloned().collect(),
        }
    }
}

/// A visible row and its filters, owned and serialisable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisibleRowSummary {
    /// The row's position in the row set.
    pub index: usize,
    /// The active filters that passed it.
    pub filters: Vec<FilterId>,
}

/// What `user` sees of `table` in `rows` (a policy lookup, then [`visibility_for`]).
pub fn visible_rows(
    policy: &Policy,
    table: &TableId,
    user: &UserId,
    rows: &RowSet,
) -> Result<Visibility, FilterError> {
    let (table, user) = lookup(policy, table, user)?;
    let compiled = CompiledTable::new(table, rows)?;
    Ok(visibility_for(table, &compiled, user))
}

/// What `user` sees of `table`, with the filters compiled once for many users.
pub fn visibility_for(table: &Table, compiled: &CompiledTable<'_>, user: &User) -> Visibility {
    if !user.is_active() {
        return Visibility::Deactivated;
    }
    if table.mode == FilterMode::AllRows {
        return Visibility::AllRows {
            rows: compiled.rows(),
        };
    }
    let (ids, positions): (Vec<FilterId>, Vec<usize>) = table
        .filters
        .iter()
        .filter(|f| is_active(f, user))
        .filter_map(|f| compiled.position(&f.id).map(|p| (f.id.clone(), p)))
        .unzip();
    if ids.is_empty() {
        return Visibility::NoActiveFilter;
    }
    let passes = compiled.evaluate(&positions);
    Visibility::Filtered(FilteredRows::new(ids, passes, compiled.rows()))
}

/// The active users who would see no row at all of `table` in filter mode, because no filter
/// is active for them. Ask this before switching a table to [`FilterMode::AccordingToFilter`].
pub fn who_loses_access(policy: &Policy, table: &TableId) -> Result<Vec<UserId>, FilterError> {
    let table = policy
        .tables
        .iter()
        .find(|t| &t.id == table)
        .ok_or_else(|| FilterError::UnknownTable(table.clone()))?;
    Ok(policy
        .users
        .iter()
        .filter(|u| u.is_active() && !table.filters.iter().any(|f| is_active(f, u)))
        .map(|u| u.id.clone())
        .collect())
}

/// The active users who see fewer than all rows of `table` now, each with how many rows they
/// see: who would see more if the table switched to [`FilterMode::AllRows`]. Empty when the
/// table already shows all rows. Ask this before switching a table to all rows.
pub fn who_gains_rows(
    policy: &Policy,
    table: &TableId,
    rows: &RowSet,
) -> Result<Vec<(UserId, usize)>, FilterError> {
    let table = policy
        .tables
        .iter()
        .find(|t| &t.id == table)
        .ok_or_else(|| FilterError::UnknownTable(table.clone()))?;
    if table.mode == FilterMode::AllRows {
        return Ok(Vec::new());
    }
    let compiled = CompiledTable::new(table, rows)?;
    Ok(policy
        .users
        .iter()
        .filter(|u| u.is_active())
        .map(|u| (u, visibility_for(table, &compiled, u).count()))
        .filter(|(_, sees)| *sees < compiled.rows())
        .map(|(u, sees)| (u.id.clone(), sees))
        .collect())
}
