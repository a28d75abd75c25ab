//! Turns a validated policy into interned indexes and the dense [`Cells`] arrays, keeping
//! only the grants in force at `now`.

use std::collections::HashMap;
use std::hash::Hash;

use super::cells::{Cells, UserState, NO_BLOCK};
use crate::grants::{Grant, Subject};
use crate::policy::Policy;
use crate::time::Timestamp;

/// Position of each id in the policy's lists.
pub(crate) fn index_of<'a, T: Eq + Hash + Clone + 'a>(
    ids: impl Iterator<Item = &'a T>,
) -> HashMap<T, u32> {
    ids.enumerate().map(|(i, id)| (id.clone(), i as u32)).collect()
}

/// The interned ids the cells are indexed by.
#[derive(Debug, Clone)]
pub(crate) struct Indexes {
    pub users: HashMap<crate::ids::UserId, u32>,
    pub groups: HashMap<crate::ids::GroupId, u32>,
    pub resources: HashMap<crate::ids::ResourceId, u32>,
    pub environments: HashMap<crate::ids::EnvironmentId, u32>,
}

impl Indexes {
    pub fn new(policy: &Policy) -> Self {
        Self {
            users: index_of(policy.users.iter().map(|u| &u.id)),
            groups: index_of(policy.groups.iter().map(|g| &g.id)),
            resources: index_of(policy.resources.iter().map(|r| &r.id)),
            environments: index_of(policy.environments.iter().map(|e| &e.id)),
        }
    }

    /// The grant's encoded cells (`level + 1` in its environments, else 0).
    fn encode(&self, grant: &Grant, envs: usize) -> Vec<u8> {
        let mut cells = vec![0u8; envs];
        for env in &grant.environments {
            if let Some(slot) = self
                .environments
                .get(env)
                .and_then(|e| cells.get_mut(*e as usize))
            {
                *slot = grant.role.level() + 1;
            }
        }
        cells
    }
}

/// Builds the cells of the grants in force at `now`, and the earliest later expiry.
pub(crate) fn build(
    policy: &Policy,
    indexes: &Indexes,
    now: Timestamp,
) -> (Cells, Option<Timestamp>) {
    let envs = policy.environments.len();
    let resources = policy.resources.len();
    let users = policy.users.len();
    let row_len = resources * envs;
    let mut all_users = vec![0u8; row_len];
    let mut group_block = vec![NO_BLOCK; policy.groups.len()];
    let mut group_cells: Vec<u8> = Vec::new();
    let mut own: Vec<Vec<(u32, Vec<u8>)>> = vec![Vec::new(); users];
    let mut valid_until: Option<Timestamp> = None;
    for grant in &policy.grants {
        if grant.is_expired(now) {
            continue;
        }
        if let Some(at) = grant.expires_at {
            valid_until = Some(valid_until.map_or(at, |v| v.min(at)));
        }
        let Some(&resource) = indexes.resources.get(&grant.resource) else {
            continue;
        };
        let cells = indexes.encode(grant, envs);
        let first = resource as usize * envs;
        match &grant.subject {
            Subject::AllUsers => write_max(&mut all_users, first, &cells),
            Subject::Group(group) => {
                let Some(slot) = indexes
                    .groups
                    .get(group)
                    .and_then(|g| group_block.get_mut(*g as usize))
                else {
                    continue;
                };
                if *slot == NO_BLOCK {
                    *slot = (group_cells.len() / row_len.max(1)) as u32;
                    group_cells.resize(group_cells.len() + row_len, 0);
                }
                write_max(&mut group_cells, *slot as usize * row_len + first, &cells);
            }
            Subject::User(user) => {
                if let Some(list) = indexes.users.get(user).and_then(|u| own.get_mut(*u as usize)) {
                    list.push((resource, cells));
                }
            }
        }
    }
    let mut member_offsets = Vec::with_capacity(users + 1);
    let mut member_blocks = Vec::new();
    let mut user_state = Vec::with_capacity(users);
    member_offsets.push(0);
    for user in &policy.users {
        let blocks = user
            .groups
            .iter()
            .filter_map(|g| indexes.groups.get(g))
            .filter_map(|g| group_block.get(*g as usize).copied())
            .filter(|b| *b != NO_BLOCK);
        member_blocks.extend(blocks);
        member_offsets.push(member_blocks.len() as u32);
        user_state.push(if !user.is_active() {
            UserState::Deactivated
        } else if user.account_owner {
            UserState::AccountOwner
        } else {
            UserState::Normal
        });
    }
    let mut grant_offsets = Vec::with_capacity(users + 1);
    let mut grant_resources = Vec::new();
    let mut grant_cells = Vec::new();
    let mut by_resource: Vec<Vec<(u32, &[u8])>> = vec![Vec::new(); resources];
    grant_offsets.push(0);
    for list in &mut own {
        list.sort_by_key(|(resource, _)| *resource);
    }
    for (user, list) in own.iter().enumerate() {
        for (resource, cells) in list {
            grant_resources.push(*resource);
            grant_cells.extend_from_slice(cells);
            if let Some(column) = by_resource.get_mut(*resource as usize) {
                column.push((user as u32, cells));
            }
        }
        grant_offsets.push(grant_resources.len() as u32);
    }
    let mut column_offsets = Vec::with_capacity(resources + 1);
    let mut column_users = Vec::new();
    let mut column_cells = Vec::new();
    column_offsets.push(0);
    for column in &by_resource {
        for (user, cells) in column {
            column_users.push(*user);
            column_cells.extend_from_slice(cells);
        }
        column_offsets.push(column_users.len() as u32);
    }
    let owner_level = policy.resources.iter().map(|r| r.kind.owner_level()).collect();
    let cells = Cells {
        precedence: policy.precedence,
        envs,
        resources,
        all_users,
        group_cells,
        group_block,
        member_offsets,
        member_blocks,
        grant_offsets,
        grant_resources,
        grant_cells,
        column_offsets,
        column_users,
        column_cells,
        user_state,
        owner_level,
    };
    (cells, valid_until)
}

/// Writes `cells` at `first`, keeping the higher value where something is already there.
fn write_max(target: &mut [u8], first: usize, cells: &[u8]) {
    if let Some(slots) = target.get_mut(first..first + cells.len()) {
        for (slot, cell) in slots.iter_mut().zip(cells) {
            *slot = (*slot).max(*cell);
        }
    }
}
