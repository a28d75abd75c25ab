//! The prepared (compiled) policy: ids interned to dense indexes, grants in force laid out
//! as per-environment role arrays, so one decision is a few array reads and a full matrix
//! is block-wise maxima — no string maps on the hot path.

mod build;
mod cells;
mod columns;
mod lanes;
mod reach;
mod rows;

use std::hash::Hash;

pub use rows::AccessMatrix;

use crate::error::{LookupError, PolicyError};
use crate::fxhash::FxMap;
use crate::grants::Precedence;
use crate::ids::{EnvironmentId, GroupId, ResourceId, UserId};
use crate::policy::{Policy, Resolver};
use crate::roles::{ResourceKind, Role};
use crate::time::Timestamp;

pub(crate) use cells::{Cells, UserState, NO_BLOCK};
pub(crate) use reach::Reach;

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The position, for indexing rows and columns.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// A user's dense index in a prepared policy (its position in `Policy::users`).
    UserIx
);
index_type!(
    /// A resource's dense index in a prepared policy (its position in `Policy::resources`).
    ResourceIx
);
index_type!(
    /// An environment's dense index (its position in `Policy::environments`).
    EnvIx
);

/// The evaluation data of a policy at one moment, without the policy itself.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub indexes: Resolver,
    pub cells: Cells,
    pub valid_until: Option<Timestamp>,
    pub by_resource: Vec<Vec<u32>>,
    pub reach: Reach,
}

impl Compiled {
    /// Validates `policy` and compiles the grants in force at `now`.
    pub fn new(policy: &Policy, now: Timestamp) -> Result<Self, PolicyError> {
        let indexes = Resolver::new(policy)?;
        let built = build::build(policy, &indexes, now)?;
        Ok(Self {
            indexes,
            cells: built.cells,
            valid_until: built.valid_until,
            by_resource: built.by_resource,
            reach: built.reach,
        })
    }
}

/// A policy prepared for fast evaluation at one moment `now` (expired grants dropped).
/// Prepare again when the policy changes or time passes [`PreparedPolicy::valid_until`].
#[derive(Debug, Clone)]
pub struct PreparedPolicy {
    policy: Policy,
    now: Timestamp,
    pub(crate) compiled: Compiled,
}

impl Policy {
    /// Validates and prepares a copy of the policy for evaluation at `now`.
    pub fn prepare(&self, now: Timestamp) -> Result<PreparedPolicy, PolicyError> {
        PreparedPolicy::new(self.clone(), now)
    }
}

fn lookup<T: Eq + Hash>(map: &FxMap<T, u32>, id: &T) -> Option<u32> {
    map.get(id).copied()
}

impl PreparedPolicy {
    /// Validates `policy` and prepares it for evaluation at `now`, taking ownership (no
    /// copy of the snapshot is made).
    pub fn new(policy: Policy, now: Timestamp) -> Result<Self, PolicyError> {
        let compiled = Compiled::new(&policy, now)?;
        Ok(Self {
            policy,
            now,
            compiled,
        })
    }

    /// The snapshot this was prepared from.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The moment decisions are made for.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// The first expiry after `now`: from then on, prepare again.
    pub fn valid_until(&self) -> Option<Timestamp> {
        self.compiled.valid_until
    }

    /// Whether decisions made at `at` would still be the same as at `now`.
    pub fn is_current(&self, at: Timestamp) -> bool {
        at >= self.now && self.compiled.valid_until.is_none_or(|until| at < until)
    }

    /// The precedence rule in force.
    pub fn precedence(&self) -> Precedence {
        self.compiled.cells.precedence
    }

    /// The index of a user.
    pub fn user_ix(&self, id: &UserId) -> Option<UserIx> {
        lookup(&self.compiled.indexes.users, id).map(UserIx)
    }

    /// The index of a resource.
    pub fn resource_ix(&self, id: &ResourceId) -> Option<ResourceIx> {
        lookup(&self.compiled.indexes.resources, id).map(ResourceIx)
    }

    /// The index of an environment.
    pub fn env_ix(&self, id: &EnvironmentId) -> Option<EnvIx> {
        lookup(&self.compiled.indexes.environments, id).map(EnvIx)
    }

    /// Every user index, in policy order.
    pub fn users(&self) -> impl Iterator<Item = UserIx> {
        (0..self.policy.users.len() as u32).map(UserIx)
    }

    /// Every resource index, in policy order.
    pub fn resources(&self) -> impl Iterator<Item = ResourceIx> {
        (0..self.policy.resources.len() as u32).map(ResourceIx)
    }

    /// Every environment index, in policy order.
    pub fn environments(&self) -> impl Iterator<Item = EnvIx> {
        (0..self.policy.environments.len() as u32).map(EnvIx)
    }

    /// The id of a user index.
    pub fn user_id(&self, user: UserIx) -> Option<&UserId> {
        self.policy.users.get(user.index()).map(|u| &u.id)
    }

    /// The id of a resource index.
    pub fn resource_id(&self, resource: ResourceIx) -> Option<&ResourceId> {
        self.policy.resources.get(resource.index()).map(|r| &r.id)
    }

    /// The id of an environment index.
    pub fn env_id(&self, env: EnvIx) -> Option<&EnvironmentId> {
        self.policy.environments.get(env.index()).map(|e| &e.id)
    }

    /// App or connector.
    pub fn resource_kind(&self, resource: ResourceIx) -> Option<ResourceKind> {
        self.policy.resources.get(resource.index()).map(|r| r.kind)
    }

    /// The fast path: the effective role level (ladder position, `None` = 0) of a user on a
    /// resource in an environment. Indexes from another prepared policy give 0, never a
    /// panic.
    #[inline]
    pub fn effective_level(&self, user: UserIx, resource: ResourceIx, env: EnvIx) -> u8 {
        self.compiled
            .cells
            .level(user.index(), resource.index(), env.index())
    }

    /// The effective role by ids.
    pub fn effective_role(
        &self,
        user: &UserId,
        resource: &ResourceId,
        env: &EnvironmentId,
    ) -> Result<Role, LookupError> {
        let (u, r, e) = self.ixs(user, resource, env)?;
        let kind = self.resource_kind(r).unwrap_or(ResourceKind::App);
        let level = self.effective_level(u, r, e);
        Ok(Role::from_level(kind, level).unwrap_or(Role::none(kind)))
    }

    /// One user's levels on every resource in every environment; index
    /// `resource × environments + env`.
    pub fn user_row(&self, user: UserIx) -> Vec<u8> {
        let mut row = vec![0u8; self.compiled.cells.row_len()];
        self.compiled.cells.row_into(user.index(), &mut row);
        row
    }

    /// [`PreparedPolicy::user_row`] into an existing buffer, reusing its memory (resized to
    /// resources × environments).
    pub fn user_row_into(&self, user: UserIx, row: &mut Vec<u8>) {
        row.resize(self.compiled.cells.row_len(), 0);
        self.compiled.cells.row_into(user.index(), row);
    }

    /// Every user's levels on one resource; index `user × environments + env`.
    pub fn resource_column(&self, resource: ResourceIx) -> Vec<u8> {
        let mut column = Vec::new();
        self.resource_column_into(resource, &mut column);
        column
    }

    /// [`PreparedPolicy::resource_column`] into an existing buffer, reusing its memory
    /// (resized to users × environments).
    pub fn resource_column_into(&self, resource: ResourceIx, column: &mut Vec<u8>) {
        self.compiled.cells.column_into(resource.index(), column);
    }

    /// Every user × resource × environment level (roles only).
    pub fn matrix(&self) -> AccessMatrix {
        self.compiled.cells.matrix()
    }

    /// Recomputes the matrix into an existing one, reusing its memory (the studio does this
    /// after every edit).
    pub fn matrix_into(&self, matrix: &mut AccessMatrix) {
        self.compiled.cells.matrix_into(matrix);
    }

    /// Resolves three ids to indexes, naming the first unknown one.
    pub fn ixs(
        &self,
        user: &UserId,
        resource: &ResourceId,
        env: &EnvironmentId,
    ) -> Result<(UserIx, ResourceIx, EnvIx), LookupError> {
        let u = self
            .user_ix(user)
            .ok_or_else(|| LookupError::UnknownUser(user.clone()))?;
        let r = self
            .resource_ix(resource)
            .ok_or_else(|| LookupError::UnknownResource(resource.clone()))?;
        let e = self
            .env_ix(env)
            .ok_or_else(|| LookupError::UnknownEnvironment(env.clone()))?;
        Ok((u, r, e))
    }

    /// Every grant on a resource, expired ones included, in policy order.
    pub fn grants_on(&self, resource: ResourceIx) -> impl Iterator<Item = &crate::grants::Grant> {
        self.compiled
            .by_resource
            .get(resource.index())
            .into_iter()
            .flatten()
            .filter_map(|i| self.policy.grants.get(*i as usize))
    }

    /// The active members of a group, in policy order; `None` for a group the policy
    /// lacks.
    pub(crate) fn active_members(&self, group: &GroupId) -> Option<&[UserIx]> {
        let group = lookup(&self.compiled.indexes.groups, group)?;
        Some(self.compiled.cells.members(group as usize))
    }

    /// The lowest and highest level any active user has on `resource` in one of `envs`, or
    /// `None` when no user is active: bounds read from the grants on the resource, so a
    /// comparison that admits both admits every active user's level there (the extremes
    /// themselves may lie inside them).
    pub(crate) fn level_bounds(&self, resource: ResourceIx, envs: &[EnvIx]) -> Option<(u8, u8)> {
        self.compiled
            .cells
            .level_bounds(resource.index(), envs.iter().map(|e| e.index()))
    }

    /// Whether the user is deactivated, an account owner, or neither.
    pub(crate) fn user_state(&self, user: UserIx) -> UserState {
        self.compiled
            .cells
            .user_state
            .get(user.index())
            .copied()
            .unwrap_or(UserState::Deactivated)
    }
}
