//! What-if: the cells of the access matrix whose effective role a proposed change would
//! change, old → new. This is the preview the studio shows before saving.

use serde::{Deserialize, Serialize};

use crate::change::{Change, ChangeError, Scope};
use crate::compiled::PreparedPolicy;
use crate::ids::{EnvironmentId, ResourceId, UserId};
use crate::policy::Policy;
use crate::roles::{ResourceKind, Role};
use crate::time::Timestamp;

/// One cell whose effective role changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChange {
    /// The user.
    pub user: UserId,
    /// The resource.
    pub resource: ResourceId,
    /// The environment.
    pub env: EnvironmentId,
    /// The role before the change.
    pub old: Role,
    /// The role after it.
    pub new: Role,
}

/// The cells `change` would change at `now`, in user, resource, environment order.
pub fn what_if(
    policy: &Policy,
    change: &Change,
    now: Timestamp,
) -> Result<Vec<RoleChange>, ChangeError> {
    what_if_all(policy, std::slice::from_ref(change), now)
}

/// The cells a batch of changes, applied in order, would change at `now`.
pub fn what_if_all(
    policy: &Policy,
    changes: &[Change],
    now: Timestamp,
) -> Result<Vec<RoleChange>, ChangeError> {
    let mut after = policy.clone();
    for change in changes {
        change.apply(&mut after)?;
    }
    let before = policy.prepare(now)?;
    let after = PreparedPolicy::new(after, now)?;
    let scope = match changes {
        [one] => one.scope(),
        _ => Scope::Everything,
    };
    Ok(diff(&before, &after, &scope))
}

/// The cells in `scope` whose level differs between two preparations of the same users,
/// resources and environments (what every [`Change`] keeps).
pub fn diff(before: &PreparedPolicy, after: &PreparedPolicy, scope: &Scope) -> Vec<RoleChange> {
    let envs = after.environments().count();
    let mut out = Vec::new();
    match scope {
        Scope::Resource(resource) => {
            if let (Some(rb), Some(ra)) = (before.resource_ix(resource), after.resource_ix(resource)) {
                let old = before.resource_column(rb);
                let new = after.resource_column(ra);
                for (i, (o, n)) in old.iter().zip(&new).enumerate() {
                    if o != n {
                        push(&mut out, after, i / envs, ra.index(), i % envs, *o, *n);
                    }
                }
            }
        }
        Scope::User(user) => {
            if let (Some(ub), Some(ua)) = (before.user_ix(user), after.user_ix(user)) {
                compare_rows(&mut out, after, &before.user_row(ub), &after.user_row(ua), ua.index());
            }
        }
        Scope::Everything => {
            for (ub, ua) in before.users().zip(after.users()) {
                compare_rows(&mut out, after, &before.user_row(ub), &after.user_row(ua), ua.index());
            }
        }
    }
    out
}

fn compare_rows(out: &mut Vec<RoleChange>, after: &PreparedPolicy, old: &[u8], new: &[u8], user: usize) {
    let envs = after.environments().count().max(1);
    for (i, (o, n)) in old.iter().zip(new).enumerate() {
        if o != n {
            push(out, after, user, i / envs, i % envs, *o, *n);
        }
    }
}

fn push(
    out: &mut Vec<RoleChange>,
    after: &PreparedPolicy,
    user: usize,
    resource: usize,
    env: usize,
    old: u8,
    new: u8,
) {
    let policy = after.policy();
    let (Some(u), Some(r), Some(e)) = (
        policy.users.get(user),
        policy.resources.get(resource),
        policy.environments.get(env),
    ) else {
        return;
    };
    let role = |level: u8| role_at(r.kind, level);
    out.push(RoleChange {
        user: u.id.clone(),
        resource: r.id.clone(),
        env: e.id.clone(),
        old: role(old),
        new: role(new),
    });
}

fn role_at(kind: ResourceKind, level: u8) -> Role {
    Role::from_level(kind, level).unwrap_or(Role::none(kind))
}
