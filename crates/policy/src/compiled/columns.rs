//! One resource across every user, read from the grants on that resource rather than from
//! every user's groups: a column is the All Users cells for everyone, then the members of
//! the few groups with grants on the resource, then the users' own grants; and the range of
//! levels active users can have there comes from the same grants, so a test about everyone
//! is often settled without a column.

use super::cells::{span, Cells, UserState};
use super::lanes::{decode, groups_else_all_users, max_into};
use super::rows::copy_into;
use super::UserIx;
use crate::grants::Precedence;

impl Cells {
    /// `resource`'s levels for every user (length U × E, index `user × E + env`).
    pub fn column(&self, resource: usize) -> Vec<u8> {
        let mut out = Vec::new();
        self.column_into(resource, &mut out);
        out
    }

    /// Writes `resource`'s levels for every user into `out`, resized to U × E (index
    /// `user × E + env`). Only the members of groups with grants on the resource and the
    /// users with their own grant on it are visited one by one; everyone else gets the All
    /// Users cells as they are laid down.
    pub fn column_into(&self, resource: usize, out: &mut Vec<u8>) {
        let envs = self.envs;
        out.clear();
        out.resize(self.user_state.len() * envs, 0);
        if envs == 0 || resource >= self.resources {
            return;
        }
        let first = resource * envs;
        let base = self.all_users.get(first..first + envs).unwrap_or(&[]);
        let (start, own_users) = span(&self.column_offsets, &self.column_users, resource);
        let own = own_users.iter().zip(
            self.column_cells
                .get(start * envs..)
                .unwrap_or(&[])
                .chunks_exact(envs),
        );
        let mut cells = vec![0u8; envs];
        match self.precedence {
            // Levels straight away: the highest of decoded cells is the decoded highest.
            Precedence::HighestWins => {
                copy_into(&mut cells, base);
                decode(&mut cells);
                for slot in out.chunks_exact_mut(envs) {
                    copy_into(slot, &cells);
                }
                for (group, group_cells) in self.groups_on(resource) {
                    copy_into(&mut cells, group_cells);
                    decode(&mut cells);
                    for user in self.members(group) {
                        max_into(slot(out, *user, envs), &cells);
                    }
                }
                for (user, own) in own {
                    copy_into(&mut cells, own);
                    decode(&mut cells);
                    max_into(slot_of(out, *user as usize, envs), &cells);
                }
            }
            // Encoded group cells first, so a user without a group grant falls back to All
            // Users; then own grants replace whatever is there.
            Precedence::MostSpecificWins => {
                for (group, group_cells) in self.groups_on(resource) {
                    for user in self.members(group) {
                        max_into(slot(out, *user, envs), group_cells);
                    }
                }
                for slot in out.chunks_exact_mut(envs) {
                    groups_else_all_users(slot, base);
                }
                for (user, own) in own {
                    let slot = slot_of(out, *user as usize, envs);
                    for (level, own) in slot.iter_mut().zip(own) {
                        if *own != 0 {
                            *level = own - 1;
                        }
                    }
                }
            }
        }
        let owner = self.owner_level.get(resource).copied().unwrap_or(0);
        for user in &self.special_users {
            let level = match self.user_state.get(*user as usize) {
                Some(UserState::AccountOwner) => owner,
                _ => 0,
            };
            slot_of(out, *user as usize, envs).fill(level);
        }
    }

    /// The lowest and highest level any active user has on `resource` in one of `envs`
    /// (account owners included), or `None` when there is no active user. These are bounds
    /// read from the grants on the resource, not always the extremes themselves (a group
    /// grant counts if the group has an active member, who may hold a higher grant of their
    /// own), so a range of levels that contains them contains every active user's level.
    pub fn level_bounds(
        &self,
        resource: usize,
        envs: impl Iterator<Item = usize>,
    ) -> Option<(u8, u8)> {
        if !self.any_normal && !self.any_owner {
            return None;
        }
        let owner = self.owner_level.get(resource).copied().unwrap_or(0);
        let (start, own_users) = span(&self.column_offsets, &self.column_users, resource);
        let own_cells = self.column_cells.get(start * self.envs..).unwrap_or(&[]);
        let mut bounds: Option<(u8, u8)> = None;
        let mut widen = |level: u8| {
            bounds = Some(bounds.map_or((level, level), |(lo, hi)| (lo.min(level), hi.max(level))));
        };
        for env in envs.filter(|e| *e < self.envs) {
            if self.any_owner {
                widen(owner);
            }
            if !self.any_normal {
                continue;
            }
            let all_users = self.all_users_cell(resource * self.envs + env);
            widen(all_users.saturating_sub(1));
            // A grant counts where it applies (an encoded cell is 0 where it does not).
            // Under "highest wins" it can only raise a level above All Users, so it widens
            // the upper bound alone; under "most specific wins" it may also lower it.
            let mut grant = |cell: u8| {
                if cell != 0 {
                    let level = cell - 1;
                    match self.precedence {
                        Precedence::HighestWins => widen(level.max(all_users.saturating_sub(1))),
                        Precedence::MostSpecificWins => widen(level),
                    }
                }
            };
            for (group, cells) in self.groups_on(resource) {
                if !self.members(group).is_empty() {
                    grant(cells.get(env).copied().unwrap_or(0));
                }
            }
            for (i, user) in own_users.iter().enumerate() {
                if self.user_state.get(*user as usize) == Some(&UserState::Normal) {
                    grant(own_cells.get(i * self.envs + env).copied().unwrap_or(0));
                }
            }
        }
        bounds
    }

    /// The groups with a grant in force on `resource`, each with its encoded cells there.
    fn groups_on(&self, resource: usize) -> impl Iterator<Item = (usize, &[u8])> {
        let (_, groups) = span(
            &self.resource_group_offsets,
            &self.resource_groups,
            resource,
        );
        let row_len = self.row_len();
        let first = resource * self.envs;
        groups.iter().filter_map(move |group| {
            let block = *self.group_block.get(*group as usize)? as usize;
            let at = block * row_len + first;
            Some((*group as usize, self.group_cells.get(at..at + self.envs)?))
        })
    }

    /// The active members of a group, ascending.
    pub fn members(&self, group: usize) -> &[UserIx] {
        span(&self.group_user_offsets, &self.group_users, group).1
    }
}

/// One user's cells in a column.
#[inline(always)]
fn slot(column: &mut [u8], user: UserIx, envs: usize) -> &mut [u8] {
    slot_of(column, user.index(), envs)
}

/// One user's cells in a column, by position; empty out of range.
#[inline(always)]
fn slot_of(column: &mut [u8], user: usize, envs: usize) -> &mut [u8] {
    let at = user * envs;
    column.get_mut(at..at + envs).unwrap_or(&mut [])
}
