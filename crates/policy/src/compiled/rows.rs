//! Whole rows and the full matrix, computed a block at a time: a user's row is the All Users
//! block, maxed with each group block, then patched with the user's own grants.

use super::cells::{span, Cells, UserState};
use super::lanes::{decode, groups_else_all_users, max_into};
use crate::grants::Precedence;

/// Every role level of every user on every resource in every environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessMatrix {
    users: usize,
    resources: usize,
    envs: usize,
    levels: Vec<u8>,
}

impl AccessMatrix {
    /// Number of users (rows).
    pub fn users(&self) -> usize {
        self.users
    }

    /// Number of resources.
    pub fn resources(&self) -> usize {
        self.resources
    }

    /// Number of environments.
    pub fn environments(&self) -> usize {
        self.envs
    }

    /// The level of one cell, 0 out of range.
    pub fn level(&self, user: usize, resource: usize, env: usize) -> u8 {
        if resource >= self.resources || env >= self.envs {
            return 0;
        }
        let at = (user * self.resources + resource) * self.envs + env;
        self.levels.get(at).copied().unwrap_or(0)
    }

    /// One user's row, laid out as in [`crate::PreparedPolicy::user_row`].
    pub fn row(&self, user: usize) -> &[u8] {
        let len = self.resources * self.envs;
        self.levels.get(user * len..(user + 1) * len).unwrap_or(&[])
    }

    /// All levels: index `(user × resources + resource) × environments + env`.
    pub fn as_slice(&self) -> &[u8] {
        &self.levels
    }
}

impl Cells {
    /// Writes `user`'s levels into `out` (length R × E, index `resource × E + env`).
    pub fn row_into(&self, user: usize, out: &mut [u8]) {
        let envs = self.envs;
        if envs == 0 {
            return;
        }
        match self.user_state.get(user) {
            Some(UserState::Normal) => {}
            Some(UserState::AccountOwner) => {
                for (chunk, owner) in out.chunks_exact_mut(envs).zip(&self.owner_level) {
                    chunk.fill(*owner);
                }
                return;
            }
            Some(UserState::Deactivated) | None => {
                out.fill(0);
                return;
            }
        }
        let row_len = self.row_len();
        let (_, blocks) = span(&self.member_offsets, &self.member_blocks, user);
        let group_blocks = blocks.iter().filter_map(|b| {
            let start = *b as usize * row_len;
            self.group_cells.get(start..start + row_len)
        });
        let (start, resources) = span(&self.grant_offsets, &self.grant_resources, user);
        let own_cells = self.grant_cells.get(start * envs..).unwrap_or(&[]);
        match self.precedence {
            Precedence::HighestWins => {
                copy_into(out, &self.all_users);
                group_blocks.for_each(|block| max_into(out, block));
                for (resource, cells) in resources.iter().zip(own_cells.chunks_exact(envs)) {
                    let at = *resource as usize * envs;
                    if let Some(slot) = out.get_mut(at..at + envs) {
                        max_into(slot, cells);
                    }
                }
                decode(out);
            }
            Precedence::MostSpecificWins => {
                out.fill(0);
                group_blocks.for_each(|block| max_into(out, block));
                groups_else_all_users(out, &self.all_users);
                for (resource, cells) in resources.iter().zip(own_cells.chunks_exact(envs)) {
                    let at = *resource as usize * envs;
                    let slots = out.get_mut(at..at + envs).unwrap_or(&mut []);
                    for (slot, own) in slots.iter_mut().zip(cells) {
                        if *own != 0 {
                            *slot = own - 1;
                        }
                    }
                }
            }
        }
    }

    /// The full matrix, one row per user.
    pub fn matrix(&self) -> AccessMatrix {
        let mut matrix = AccessMatrix {
            users: 0,
            resources: 0,
            envs: 0,
            levels: Vec::new(),
        };
        self.matrix_into(&mut matrix);
        matrix
    }

    /// Recomputes the full matrix into `matrix`, reusing its memory.
    pub fn matrix_into(&self, matrix: &mut AccessMatrix) {
        let row_len = self.row_len();
        let users = self.user_state.len();
        matrix.users = users;
        matrix.resources = self.resources;
        matrix.envs = self.envs;
        matrix.levels.resize(users * row_len, 0);
        if row_len > 0 {
            for (user, row) in matrix.levels.chunks_exact_mut(row_len).enumerate() {
                self.row_into(user, row);
            }
        }
    }
}

/// `out[i] = src[i]` over the shorter of the two.
#[inline(always)]
pub(crate) fn copy_into(out: &mut [u8], src: &[u8]) {
    for (a, b) in out.iter_mut().zip(src) {
        *a = *b;
    }
}
