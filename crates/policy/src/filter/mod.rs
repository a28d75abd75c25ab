//! Filter authorisation (DESIGN §4): tables that either show all rows or run access entirely
//! through filters; filters activated per group with per-user deviations; visible rows as
//! the union of a user's active filters.

mod activation;
mod bitset;
mod compile;
mod error;
mod predicate;
mod rows;
mod visibility;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::ids::{FilterId, GroupId, ResourceId, TableId, UserId};

pub use activation::{filter_states, Activation, FilterState};
pub use bitset::Bitset;
pub use compile::CompiledTable;
pub use error::FilterError;
pub use predicate::{Predicate, Value, MAX_DEPTH};
pub use rows::{Row, RowSet};
pub use visibility::{
    visibility_for, visible_rows, who_gains_rows, who_loses_access, FilteredRows, Visibility,
    VisibleRow, VisibleRowSummary,
};

/// Whether a table uses filters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterMode {
    /// No filters: every row passes for everyone.
    #[default]
    AllRows,
    /// Access runs entirely through filters, for every group and user.
    AccordingToFilter,
}

/// A user's own setting for one filter, which overrides the groups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deviation {
    /// Follow the groups: active if active in any of the user's groups.
    #[default]
    Inherit,
    /// Active for this user whatever the groups say (widens access).
    ForceOn,
    /// Inactive for this user whatever the groups say (narrows access).
    ForceOff,
}

/// A named predicate on a table's rows, with the groups it is active for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Stable id, unique within the table.
    pub id: FilterId,
    /// Display name ("ICT filter").
    pub name: String,
    /// Which rows it lets through.
    pub predicate: Predicate,
    /// The groups (authorisation roles) the filter is active for.
    #[serde(default)]
    pub groups: BTreeSet<GroupId>,
    /// Per-user deviations; a missing user inherits.
    #[serde(default)]
    pub deviations: BTreeMap<UserId, Deviation>,
}

impl Filter {
    /// A filter active for no one yet.
    pub fn new(id: FilterId, name: impl Into<String>, predicate: Predicate) -> Self {
        Self {
            id,
            name: name.into(),
            predicate,
            groups: BTreeSet::new(),
            deviations: BTreeMap::new(),
        }
    }

    /// The built-in All filter (id `all`), which lets every row through.
    pub fn all() -> Self {
        Self::new(FilterId::from_static("all"), "All", Predicate::All {})
    }

    /// The user's deviation for this filter.
    pub fn deviation(&self, user: &UserId) -> Deviation {
        self.deviations.get(user).copied().unwrap_or_default()
    }
}

/// A table under filter authorisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Stable id.
    pub id: TableId,
    /// Display name ("Dossier items").
    pub name: String,
    /// The fields predicates may compare.
    pub fields: Vec<String>,
    /// All rows, or according to filter.
    #[serde(default)]
    pub mode: FilterMode,
    /// The table's filters.
    #[serde(default)]
    pub filters: Vec<Filter>,
    /// The connectors that serve it: their Owners manage the table (with the account owner).
    #[serde(default)]
    pub connectors: BTreeSet<ResourceId>,
}

impl Table {
    /// A table in all-rows mode with only the built-in All filter.
    pub fn new(id: TableId, name: impl Into<String>, fields: Vec<String>) -> Self {
        Self {
            id,
            name: name.into(),
            fields,
            mode: FilterMode::AllRows,
            filters: vec![Filter::all()],
            connectors: BTreeSet::new(),
        }
    }

    /// The filter with `id`.
    pub fn filter(&self, id: &FilterId) -> Option<&Filter> {
        self.filters.iter().find(|f| &f.id == id)
    }

    /// The filter with `id`, mutably.
    pub fn filter_mut(&mut self, id: &FilterId) -> Option<&mut Filter> {
        self.filters.iter_mut().find(|f| &f.id == id)
    }

    /// Checks fields, filters, references (no cycles) and activations.
    pub fn validate(
        &self,
        groups: &HashSet<&GroupId>,
        users: &HashSet<&UserId>,
    ) -> Result<(), FilterError> {
        self.check_predicates()?;
        for filter in &self.filters {
            if let Some(group) = filter.groups.iter().find(|g| !groups.contains(g)) {
                return Err(FilterError::UnknownGroup {
                    table: self.id.clone(),
                    filter: filter.id.clone(),
                    group: group.clone(),
                });
            }
            if let Some(user) = filter.deviations.keys().find(|u| !users.contains(u)) {
                return Err(FilterError::UnknownDeviationUser {
                    table: self.id.clone(),
                    filter: filter.id.clone(),
                    user: user.clone(),
                });
            }
        }
        Ok(())
    }

    /// Checks fields, filter ids, predicates and references, without users or groups.
    pub(crate) fn check_predicates(&self) -> Result<(), FilterError> {
        let mut fields = HashSet::new();
        for field in &self.fields {
            if !fields.insert(field.as_str()) {
                return Err(FilterError::DuplicateField {
                    table: self.id.clone(),
                    field: field.clone(),
                });
            }
        }
        let mut filters = HashSet::new();
        for filter in &self.filters {
            if !filters.insert(&filter.id) {
                return Err(FilterError::DuplicateFilter {
                    table: self.id.clone(),
                    filter: filter.id.clone(),
                });
            }
        }
        for filter in &self.filters {
            let context = predicate::PredicateContext {
                table: &self.id,
                filter: &filter.id,
                fields: &fields,
                filters: &filters,
            };
            context.check(&filter.predicate)?;
        }
        self.check_cycles()
    }

    /// Fails with the first loop of filter references found.
    fn check_cycles(&self) -> Result<(), FilterError> {
        let index: HashMap<&FilterId, usize> = self
            .filters
            .iter()
            .enumerate()
            .map(|(i, f)| (&f.id, i))
            .collect();
        // 0 = unvisited, 1 = on the current path, 2 = done.
        let mut state = vec![0u8; self.filters.len()];
        let mut path = Vec::new();
        for start in 0..self.filters.len() {
            self.visit(start, &index, &mut state, &mut path)?;
        }
        Ok(())
    }

    fn visit(
        &self,
        at: usize,
        index: &HashMap<&FilterId, usize>,
        state: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Result<(), FilterError> {
        match state.get(at) {
            Some(2) | None => return Ok(()),
            Some(1) => {
                let from = path.iter().position(|p| *p == at).unwrap_or(0);
                let mut cycle: Vec<FilterId> = path[from..]
                    .iter()
                    .filter_map(|i| self.filters.get(*i).map(|f| f.id.clone()))
                    .collect();
                cycle.extend(self.filters.get(at).map(|f| f.id.clone()));
                return Err(FilterError::Cycle {
                    table: self.id.clone(),
                    path: cycle,
                });
            }
            _ => {}
        }
        state[at] = 1;
        path.push(at);
        if let Some(filter) = self.filters.get(at) {
            for reference in filter.predicate.references() {
                if let Some(&next) = index.get(reference) {
                    self.visit(next, index, state, path)?;
                }
            }
        }
        path.pop();
        state[at] = 2;
        Ok(())
    }
}

/// Checks every table (unique ids, then each table's own rules).
pub(crate) fn validate_tables(
    tables: &[Table],
    groups: &HashSet<&GroupId>,
    users: &HashSet<&UserId>,
) -> Result<(), FilterError> {
    let mut seen = HashSet::new();
    for table in tables {
        if !seen.insert(&table.id) {
            return Err(FilterError::DuplicateTable(table.id.clone()));
        }
        table.validate(groups, users)?;
    }
    Ok(())
}
