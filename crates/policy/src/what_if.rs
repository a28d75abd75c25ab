//! What-if: the cells of the access matrix whose effective role a proposed change would
//! change, old → new. This is the preview the studio shows before saving.

use serde::{Deserialize, Serialize};

use crate::change::{Change, ChangeError, Scope};
use crate::compiled::{Cells, Compiled, PreparedPolicy};
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
    let before = Compiled::new(policy, now)?;
    let mut after = policy.clone();
    for change in changes {
        change.apply_unvalidated(&mut after)?;
    }
    let compiled = Compiled::new(&after, now)?;
    let scope = match changes {
        [one] => one.scope(),
        _ => Scope::Everything,
    };
    Ok(diff_cells(&after, &before.cells, &compiled.cells, &scope))
}

impl PreparedPolicy {
    /// [`what_if_all`] from this prepared policy: the "before" side is already compiled, so
    /// only the changed copy is prepared.
    pub fn what_if(&self, changes: &[Change]) -> Result<Vec<RoleChange>, ChangeError> {
        let mut after = self.policy().clone();
        for change in changes {
            change.apply_unvalidated(&mut after)?;
        }
        let compiled = Compiled::new(&after, self.now())?;
        let scope = match changes {
            [one] => one.scope(),
            _ => Scope::Everything,
        };
        Ok(diff_cells(
            &after,
            &self.compiled.cells,
            &compiled.cells,
            &scope,
        ))
    }
}

/// The cells in `scope` whose level differs between two preparations of the same users,
/// resources and environments (what every [`Change`] keeps).
pub fn diff(before: &PreparedPolicy, after: &PreparedPolicy, scope: &Scope) -> Vec<RoleChange> {
    diff_cells(
        after.policy(),
        &before.compiled.cells,
        &after.compiled.cells,
        scope,
    )
}

fn diff_cells(after: &Policy, old: &Cells, new: &Cells, scope: &Scope) -> Vec<RoleChange> {
    let envs = new.envs.max(1);
    let mut out = Vec::new();
    match scope {
        Scope::Resource(resource) => {
            if let Some(r) = after.resources.iter().position(|x| &x.id == resource) {
                let (old, new) = (old.column(r), new.column(r));
                for (i, (o, n)) in old.iter().zip(&new).enumerate() {
                    if o != n {
                        push(&mut out, after, i / envs, r, i % envs, *o, *n);
                    }
                }
            }
        }
        Scope::User(user) => {
            if let Some(u) = after.users.iter().position(|x| &x.id == user) {
                compare_rows(&mut out, after, old, new, u);
            }
        }
        Scope::Everything => {
            for u in 0..after.users.len() {
                compare_rows(&mut out, after, old, new, u);
            }
        }
    }
    out
}

fn compare_rows(out: &mut Vec<RoleChange>, after: &Policy, old: &Cells, new: &Cells, user: usize) {
    let envs = new.envs.max(1);
    let mut old_row = vec![0u8; old.row_len()];
    let mut new_row = vec![0u8; new.row_len()];
    old.row_into(user, &mut old_row);
    new.row_into(user, &mut new_row);
    for (i, (o, n)) in old_row.iter().zip(&new_row).enumerate() {
        if o != n {
            push(out, after, user, i / envs, i % envs, *o, *n);
        }
    }
}

fn push(
    out: &mut Vec<RoleChange>,
    policy: &Policy,
    user: usize,
    resource: usize,
    env: usize,
    old: u8,
    new: u8,
) {
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
