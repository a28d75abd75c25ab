//! The dense arrays behind a prepared policy and the per-cell rule that combines them. A
//! cell holds `level + 1` where a grant applies and `0` where none does, so "no grant" and
//! "grant of None" stay apart, which "most specific wins" needs.

use super::UserIx;
use crate::grants::Precedence;

/// How a user's account affects every cell of their row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserState {
    /// Grants decide.
    Normal,
    /// No access anywhere.
    Deactivated,
    /// Owner everywhere.
    AccountOwner,
}

/// Dense, interned form of the grants in force at one moment.
#[derive(Debug, Clone)]
pub(crate) struct Cells {
    pub precedence: Precedence,
    /// Environments per resource (E).
    pub envs: usize,
    /// Number of resources (R).
    pub resources: usize,
    /// All Users grants: R × E encoded cells.
    pub all_users: Vec<u8>,
    /// One R × E block per group that has any grant in force.
    pub group_cells: Vec<u8>,
    /// Group index → block number in `group_cells`, or `NO_BLOCK`.
    pub group_block: Vec<u32>,
    /// User index → range in `member_blocks` (U + 1 offsets).
    pub member_offsets: Vec<u32>,
    /// The blocks of each user's groups that have grants.
    pub member_blocks: Vec<u32>,
    /// User index → range of the user's own grants (U + 1 offsets).
    pub grant_offsets: Vec<u32>,
    /// Resource of each own grant, ascending within a user.
    pub grant_resources: Vec<u32>,
    /// E encoded cells per own grant.
    pub grant_cells: Vec<u8>,
    /// Resource index → range of own grants on it (R + 1 offsets).
    pub column_offsets: Vec<u32>,
    /// User of each own grant, by resource.
    pub column_users: Vec<u32>,
    /// E encoded cells per own grant, by resource.
    pub column_cells: Vec<u8>,
    /// Per user.
    pub user_state: Vec<UserState>,
    /// The users whose state is not `Normal`, ascending.
    pub special_users: Vec<u32>,
    /// Whether some active user is neither deactivated nor an account owner.
    pub any_normal: bool,
    /// Whether some active user is an account owner.
    pub any_owner: bool,
    /// Group index → range of its active members in `group_users` (G + 1 offsets).
    pub group_user_offsets: Vec<u32>,
    /// The active members of each group, ascending.
    pub group_users: Vec<UserIx>,
    /// Resource index → range of the groups with a grant in force on it (R + 1 offsets).
    pub resource_group_offsets: Vec<u32>,
    /// The groups (by index) with a grant in force on each resource, ascending.
    pub resource_groups: Vec<u32>,
    /// Owner's level per resource.
    pub owner_level: Vec<u8>,
}

/// Marks a group without grants in force.
pub(crate) const NO_BLOCK: u32 = u32::MAX;

/// The effective level of one cell from its three encoded sources.
#[inline(always)]
pub(crate) fn combine(precedence: Precedence, all_users: u8, groups: u8, own: u8) -> u8 {
    match precedence {
        Precedence::HighestWins => all_users.max(groups).max(own).saturating_sub(1),
        Precedence::MostSpecificWins => {
            if own != 0 {
                own - 1
            } else if groups != 0 {
                groups - 1
            } else {
                all_users.saturating_sub(1)
            }
        }
    }
}

/// `range` of `offsets` as a slice of `items`, empty if out of bounds.
#[inline(always)]
pub(crate) fn span<'a, T>(offsets: &[u32], items: &'a [T], at: usize) -> (usize, &'a [T]) {
    let start = offsets.get(at).map_or(0, |s| *s as usize);
    let end = offsets.get(at + 1).map_or(0, |e| *e as usize);
    (start, items.get(start..end).unwrap_or(&[]))
}

impl Cells {
    /// Cells per resource row block (R × E).
    #[inline(always)]
    pub fn row_len(&self) -> usize {
        self.resources * self.envs
    }

    /// The encoded All Users cell.
    #[inline(always)]
    pub fn all_users_cell(&self, cell: usize) -> u8 {
        self.all_users.get(cell).copied().unwrap_or(0)
    }

    /// The highest encoded group cell among `user`'s groups.
    #[inline(always)]
    pub fn groups_cell(&self, user: usize, cell: usize) -> u8 {
        let (_, blocks) = span(&self.member_offsets, &self.member_blocks, user);
        let row_len = self.row_len();
        blocks.iter().fold(0, |best, block| {
            let at = *block as usize * row_len + cell;
            best.max(self.group_cells.get(at).copied().unwrap_or(0))
        })
    }

    /// The encoded cell of `user`'s own grant on `resource` in `env`.
    #[inline(always)]
    pub fn own_cell(&self, user: usize, resource: usize, env: usize) -> u8 {
        let (start, resources) = span(&self.grant_offsets, &self.grant_resources, user);
        match resources.binary_search(&(resource as u32)) {
            Ok(i) => self
                .grant_cells
                .get((start + i) * self.envs + env)
                .copied()
                .unwrap_or(0),
            Err(_) => 0,
        }
    }

    /// The effective level of one cell; 0 for indexes out of range.
    #[inline]
    pub fn level(&self, user: usize, resource: usize, env: usize) -> u8 {
        if resource >= self.resources || env >= self.envs {
            return 0;
        }
        match self.user_state.get(user) {
            Some(UserState::Normal) => {}
            Some(UserState::AccountOwner) => {
                return self.owner_level.get(resource).copied().unwrap_or(0)
            }
            Some(UserState::Deactivated) | None => return 0,
        }
        let cell = resource * self.envs + env;
        combine(
            self.precedence,
            self.all_users_cell(cell),
            self.groups_cell(user, cell),
            self.own_cell(user, resource, env),
        )
    }
}
