//! A user's effective state for each filter of a table: the user's own deviation if set,
//! otherwise active when active in any of the user's groups (most extensive wins).

use serde::{Deserialize, Serialize};

use super::{Deviation, Filter, FilterError, Table};
use crate::ids::{FilterId, GroupId, TableId, UserId};
use crate::policy::{Policy, User};

/// Why a filter is or is not active for a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", content = "groups", rename_all = "snake_case")]
pub enum Activation {
    /// The user's deviation forces it on.
    ForcedOn,
    /// The user's deviation forces it off, whatever the groups say.
    ForcedOff,
    /// Active through these groups of the user.
    Groups(Vec<GroupId>),
    /// None of the user's groups activates it.
    NotActivated,
}

impl Activation {
    /// Whether the filter is active.
    pub fn is_active(&self) -> bool {
        matches!(self, Self::ForcedOn | Self::Groups(_))
    }
}

/// One filter's effective state for one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterState {
    /// The filter.
    pub filter: FilterId,
    /// The filter's name.
    pub name: String,
    /// Whether it is active for the user.
    pub active: bool,
    /// Why.
    pub activation: Activation,
}

/// How `filter` is activated for `user`.
pub(crate) fn activation(filter: &Filter, user: &User) -> Activation {
    match filter.deviation(&user.id) {
        Deviation::ForceOn => Activation::ForcedOn,
        Deviation::ForceOff => Activation::ForcedOff,
        Deviation::Inherit => {
            let groups: Vec<GroupId> = filter.groups.intersection(&user.groups).cloned().collect();
            if groups.is_empty() {
                Activation::NotActivated
            } else {
                Activation::Groups(groups)
            }
        }
    }
}

/// Whether `filter` is active for `user` (without building the explanation).
pub(crate) fn is_active(filter: &Filter, user: &User) -> bool {
    match filter.deviation(&user.id) {
        Deviation::ForceOn => true,
        Deviation::ForceOff => false,
        Deviation::Inherit => !filter.groups.is_disjoint(&user.groups),
    }
}

/// The table and user named, or the error naming the missing one.
pub(crate) fn lookup<'p>(
    policy: &'p Policy,
    table: &TableId,
    user: &UserId,
) -> Result<(&'p Table, &'p User), FilterError> {
    let table = policy
        .tables
        .iter()
        .find(|t| &t.id == table)
        .ok_or_else(|| FilterError::UnknownTable(table.clone()))?;
    let user = policy
        .user(user)
        .ok_or_else(|| FilterError::UnknownUser(user.clone()))?;
    Ok((table, user))
}

/// Every filter of the table with its effective state for the user, in table order.
pub fn filter_states(
    policy: &Policy,
    table: &TableId,
    user: &UserId,
) -> Result<Vec<FilterState>, FilterError> {
    let (table, user) = lookup(policy, table, user)?;
    Ok(table
        .filters
        .iter()
        .map(|f| {
            let activation = activation(f, user);
            FilterState {
                filter: f.id.clone(),
                name: f.name.clone(),
                active: activation.is_active(),
                activation,
            }
        })
        .collect())
}
