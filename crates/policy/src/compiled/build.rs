//! Turns a policy into the dense [`Cells`] arrays in the same pass that validates its
//! grants, keeping only the grants in force at `now`.

use super::cells::{Cells, UserState, NO_BLOCK};
use super::reach::{Reach, ReachBuilder};
use super::UserIx;
use crate::error::PolicyError;
use crate::policy::{Policy, Resolver, SubjectIx};
use crate::time::Timestamp;

/// What a build produces besides the cells.
pub(crate) struct Built {
    pub cells: Cells,
    /// The earliest expiry after `now`.
    pub valid_until: Option<Timestamp>,
    /// Per resource, the positions of its grants in `policy.grants` (expired ones too).
    pub by_resource: Vec<Vec<u32>>,
    /// The grants that reach each cell, for explanations.
    pub reach: Reach,
}

/// A user's own grant: user, resource, offset of its E cells in the flat cell list.
type Own = (u32, u32, u32);

/// Validates the grants and builds the cells of those in force at `now`.
pub(crate) fn build(
    policy: &Policy,
    resolver: &Resolver,
    now: Timestamp,
) -> Result<Built, PolicyError> {
    let envs = policy.environments.len();
    let resources = policy.resources.len();
    let row_len = resources * envs;
    let mut all_users = vec![0u8; row_len];
    let mut group_block = vec![NO_BLOCK; policy.groups.len()];
    let mut group_cells: Vec<u8> = Vec::new();
    let mut own: Vec<Own> = Vec::new();
    let mut own_cells: Vec<u8> = Vec::new();
    let mut group_grants: Vec<(u32, u32)> = Vec::new();
    let mut valid_until: Option<Timestamp> = None;
    let mut by_resource: Vec<Vec<u32>> = vec![Vec::new(); resources];
    let mut position = 0u32;
    let mut cells = vec![0u8; envs];
    let mut reach = ReachBuilder::default();
    resolver.resolve_all(&policy.grants, |grant, subject, resource, env_ixs| {
        if let Some(list) = by_resource.get_mut(resource as usize) {
            list.push(position);
        }
        reach.push(subject, resource, position);
        position += 1;
        if grant.is_expired(now) {
            return;
        }
        if let Some(at) = grant.expires_at {
            valid_until = Some(valid_until.map_or(at, |v| v.min(at)));
        }
        cells.fill(0);
        for e in env_ixs {
            if let Some(slot) = cells.get_mut(*e as usize) {
                *slot = grant.role.level() + 1;
            }
        }
        let first = resource as usize * envs;
        match subject {
            SubjectIx::AllUsers => write_max(&mut all_users, first, &cells),
            SubjectIx::Group(group) => {
                let Some(slot) = group_block.get_mut(group as usize) else {
                    return;
                };
                if *slot == NO_BLOCK {
                    *slot = (group_cells.len() / row_len.max(1)) as u32;
                    group_cells.resize(group_cells.len() + row_len, 0);
                }
                write_max(&mut group_cells, *slot as usize * row_len + first, &cells);
                group_grants.push((resource, group));
            }
            SubjectIx::User(user) => {
                own.push((user, resource, own_cells.len() as u32));
                own_cells.extend_from_slice(&cells);
            }
        }
    })?;
    let members = memberships(policy, resolver, &group_block);
    group_grants.sort_unstable();
    group_grants.dedup();
    let (resource_group_offsets, resource_groups) = csr(&group_grants, resources);
    // Two stable bucket sorts: by resource (the column view), then by user (the row view,
    // resources ascending within a user for binary search).
    let (column_offsets, by_column) = bucket(&own, resources, |(_, resource, _)| *resource);
    let (grant_offsets, by_row) = bucket(&by_column, policy.users.len(), |(user, _, _)| *user);
    let (column_users, column_cells) = split(&by_column, &own_cells, envs, |(user, _, _)| *user);
    let (grant_resources, grant_cells) =
        split(&by_row, &own_cells, envs, |(_, resource, _)| *resource);
    let cells = Cells {
        precedence: policy.precedence,
        envs,
        resources,
        all_users,
        group_cells,
        group_block,
        member_offsets: members.offsets,
        member_blocks: members.blocks,
        grant_offsets,
        grant_resources,
        grant_cells,
        column_offsets,
        column_users,
        column_cells,
        any_normal: members.any_normal,
        any_owner: members.any_owner,
        special_users: (0..policy.users.len() as u32)
            .filter(|u| members.states.get(*u as usize) != Some(&UserState::Normal))
            .collect(),
        user_state: members.states,
        group_user_offsets: members.group_user_offsets,
        group_users: members.group_users,
        resource_group_offsets,
        resource_groups,
        owner_level: policy
            .resources
            .iter()
            .map(|r| r.kind.owner_level())
            .collect(),
    };
    Ok(Built {
        cells,
        valid_until,
        by_resource,
        reach: reach.finish(policy, resolver),
    })
}

/// Who is in which group, both ways, and each user's account state.
struct Memberships {
    /// User index → range in `blocks` (U + 1 offsets).
    offsets: Vec<u32>,
    /// The blocks of each user's groups that have grants in force.
    blocks: Vec<u32>,
    /// Per user.
    states: Vec<UserState>,
    /// Whether some user is active and not an account owner.
    any_normal: bool,
    /// Whether some active user is an account owner.
    any_owner: bool,
    /// Group index → range in `group_users` (G + 1 offsets).
    group_user_offsets: Vec<u32>,
    /// The active members of each group, ascending.
    group_users: Vec<UserIx>,
}

/// Each user's group blocks (only groups with grants in force) and account state, and each
/// group's active members.
fn memberships(policy: &Policy, resolver: &Resolver, group_block: &[u32]) -> Memberships {
    let mut offsets = Vec::with_capacity(policy.users.len() + 1);
    let mut blocks = Vec::new();
    let mut states = Vec::with_capacity(policy.users.len());
    let (mut any_normal, mut any_owner) = (false, false);
    let mut in_group: Vec<(u32, UserIx)> = Vec::new();
    let mut groups: Vec<u32> = Vec::new();
    offsets.push(0);
    for (ix, user) in (0u32..).zip(&policy.users) {
        groups.clear();
        groups.extend(user.groups.iter().filter_map(|g| resolver.groups.get(g)));
        blocks.extend(
            groups
                .iter()
                .filter_map(|g| group_block.get(*g as usize).copied())
                .filter(|b| *b != NO_BLOCK),
        );
        offsets.push(blocks.len() as u32);
        let state = if !user.is_active() {
            UserState::Deactivated
        } else if user.account_owner {
            UserState::AccountOwner
        } else {
            UserState::Normal
        };
        states.push(state);
        any_normal |= state == UserState::Normal;
        any_owner |= state == UserState::AccountOwner;
        if state != UserState::Deactivated {
            in_group.extend(groups.iter().map(|g| (*g, UserIx(ix))));
        }
    }
    let (group_user_offsets, group_users) = csr(&in_group, policy.groups.len());
    Memberships {
        offsets,
        blocks,
        states,
        any_normal,
        any_owner,
        group_user_offsets,
        group_users,
    }
}

/// The values of `(key, value)` pairs grouped by key (keys below `rows`), in their order
/// within a key, and the range of each key's values (`rows + 1` offsets): a stable counting
/// sort.
fn csr<T: Copy>(pairs: &[(u32, T)], rows: usize) -> (Vec<u32>, Vec<T>) {
    let mut offsets = vec![0u32; rows + 1];
    for (key, _) in pairs {
        if let Some(count) = offsets.get_mut(*key as usize + 1) {
            *count += 1;
        }
    }
    for i in 1..offsets.len() {
        offsets[i] += offsets[i - 1];
    }
    let mut next = offsets.clone();
    let mut values: Vec<T> = pairs.iter().map(|(_, value)| *value).collect();
    for (key, value) in pairs {
        if let Some(at) = next.get_mut(*key as usize) {
            if let Some(slot) = values.get_mut(*at as usize) {
                *slot = *value;
            }
            *at += 1;
        }
    }
    (offsets, values)
}

/// A stable counting sort of `entries` into `rows` buckets by `key`: the bucket offsets
/// (`rows + 1`) and the sorted entries.
pub(super) fn bucket(
    entries: &[Own],
    rows: usize,
    key: impl Fn(&Own) -> u32,
) -> (Vec<u32>, Vec<Own>) {
    let mut offsets = vec![0u32; rows + 1];
    for entry in entries {
        if let Some(count) = offsets.get_mut(key(entry) as usize + 1) {
            *count += 1;
        }
    }
    for i in 1..offsets.len() {
        offsets[i] += offsets[i - 1];
    }
    let mut next = offsets.clone();
    let mut sorted = vec![(0, 0, 0); entries.len()];
    for entry in entries {
        if let Some(at) = next.get_mut(key(entry) as usize) {
            if let Some(slot) = sorted.get_mut(*at as usize) {
                *slot = *entry;
            }
            *at += 1;
        }
    }
    (offsets, sorted)
}

/// The `item` of each sorted entry and its E cells, in order.
fn split(
    sorted: &[Own],
    own_cells: &[u8],
    envs: usize,
    item: impl Fn(&Own) -> u32,
) -> (Vec<u32>, Vec<u8>) {
    let mut items = Vec::with_capacity(sorted.len());
    let mut cells = Vec::with_capacity(sorted.len() * envs);
    for entry in sorted {
        items.push(item(entry));
        let start = entry.2 as usize;
        cells.extend_from_slice(own_cells.get(start..start + envs).unwrap_or(&[]));
    }
    (items, cells)
}

/// Writes `cells` at `first`, keeping the higher value where something is already there.
fn write_max(target: &mut [u8], first: usize, cells: &[u8]) {
    if let Some(slots) = target.get_mut(first..first + cells.len()) {
        for (slot, cell) in slots.iter_mut().zip(cells) {
            *slot = (*slot).max(*cell);
        }
    }
}
