//! Which grants reach one cell, found without scanning: per resource its All Users and
//! group grants (a handful) and its users' own grants sorted by user, plus each user's
//! groups as indexes. Expired grants are kept, since explanations list them.

use super::build::bucket;
use super::cells::span;
use crate::policy::{Policy, Resolver, SubjectIx};

/// Marks an All Users grant in [`Reach::shared_group`].
const ALL_USERS: u32 = u32::MAX;

/// The grant lookup behind `explain`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    /// Resource index → range in `shared_*` (R + 1 offsets).
    shared_offsets: Vec<u32>,
    /// Position in `policy.grants` of each All Users or group grant, ascending per resource.
    shared_grant: Vec<u32>,
    /// The group index of each shared grant, or `ALL_USERS`.
    shared_group: Vec<u32>,
    /// Resource index → range in `own_*` (R + 1 offsets).
    own_offsets: Vec<u32>,
    /// The user of each own grant, ascending per resource.
    own_user: Vec<u32>,
    /// Position in `policy.grants` of each own grant.
    own_grant: Vec<u32>,
    /// User index → range in `user_groups` (U + 1 offsets).
    user_group_offsets: Vec<u32>,
    /// The group indexes of each user.
    user_groups: Vec<u32>,
}

/// Collects grants as the build resolves them, in policy order.
#[derive(Debug, Default)]
pub(crate) struct ReachBuilder {
    shared: Vec<(u32, u32, u32)>,
    own: Vec<(u32, u32, u32)>,
}

impl ReachBuilder {
    /// Records the grant at `position` in `policy.grants`.
    pub fn push(&mut self, subject: SubjectIx, resource: u32, position: u32) {
        match subject {
            SubjectIx::AllUsers => self.shared.push((resource, position, ALL_USERS)),
            SubjectIx::Group(group) => self.shared.push((resource, position, group)),
            SubjectIx::User(user) => self.own.push((resource, user, position)),
        }
    }

    /// The finished lookup for `policy`.
    pub fn finish(self, policy: &Policy, resolver: &Resolver) -> Reach {
        let resources = policy.resources.len();
        // Both lists arrive in policy order and the bucket sorts are stable: shared grants end
        // up by resource then position, own grants (bucketed by user first) by resource then
        // user. Linear, where sorting 200,000 grants took a fifth of preparing.
        let (shared_offsets, shared) = bucket(&self.shared, resources, |s| s.0);
        let (_, by_user) = bucket(&self.own, policy.users.len(), |o| o.1);
        let (own_offsets, own) = bucket(&by_user, resources, |o| o.0);
        let mut user_group_offsets = Vec::with_capacity(policy.users.len() + 1);
        let mut user_groups = Vec::new();
        user_group_offsets.push(0);
        for user in &policy.users {
            user_groups.extend(
                user.groups
                    .iter()
                    .filter_map(|g| resolver.groups.get(g).copied()),
            );
            user_group_offsets.push(user_groups.len() as u32);
        }
        Reach {
            shared_offsets,
            shared_grant: shared.iter().map(|s| s.1).collect(),
            shared_group: shared.iter().map(|s| s.2).collect(),
            own_offsets,
            own_user: own.iter().map(|o| o.1).collect(),
            own_grant: own.iter().map(|o| o.2).collect(),
            user_group_offsets,
            user_groups,
        }
    }
}

impl Reach {
    /// Calls `each` with the position in `policy.grants` of every grant on `resource` that
    /// reaches `user` (All Users, the user's groups, the user's own), expired or not, in
    /// policy order.
    pub fn each(&self, user: usize, resource: usize, mut each: impl FnMut(usize)) {
        let (_, groups) = span(&self.user_group_offsets, &self.user_groups, user);
        let (start, owners) = span(&self.own_offsets, &self.own_user, resource);
        let own = owners
            .binary_search(&(user as u32))
            .ok()
            .and_then(|i| self.own_grant.get(start + i).copied());
        let mut own = own.map(|p| p as usize);
        let (start, shared) = span(&self.shared_offsets, &self.shared_grant, resource);
        let shared_groups = self.shared_group.get(start..).unwrap_or(&[]);
        for (position, group) in shared.iter().zip(shared_groups) {
            let position = *position as usize;
            if *group != ALL_USERS && !groups.contains(group) {
                continue;
            }
            if let Some(p) = own.filter(|p| *p < position) {
                each(p);
                own = None;
            }
            each(position);
        }
        if let Some(p) = own {
            each(p);
        }
    }
}
