//! The impact of the draft, computed in the browser by the policy crate: whose effective access
//! changes (old → new), which grants would have no effect, and whether the lock-out guard
//! would refuse it.

use gatehouse_policy::{
    check_change, Change, Policy, ResourceId, RoleChange, ShadowedGrant, Subject,
};

use crate::clock::now;

/// What saving the draft would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Impact {
    /// Cells whose effective role changes, with the user's name.
    pub changes: Vec<(String, RoleChange)>,
    /// Number of distinct people affected.
    pub people: usize,
    /// Grants on this resource that would have no effect.
    pub warnings: Vec<ShadowedGrant>,
    /// Why the guard (or validation) would refuse the draft.
    pub refusal: Option<String>,
}

/// Previews `changes` against `policy` for `resource`.
pub fn preview(policy: &Policy, resource: &str, changes: &[Change]) -> Impact {
    let Ok(resource) = ResourceId::parse(resource) else {
        return Impact::default();
    };
    preview_where(policy, changes, |s| s.resource == resource)
}

/// Previews `changes` against `policy`, warning about the grants of `subject` on any resource.
pub fn preview_subject(policy: &Policy, subject: &Subject, changes: &[Change]) -> Impact {
    preview_where(policy, changes, |s| &s.subject == subject)
}

/// Previews `changes`; `warn` picks the grants without effect worth a warning.
fn preview_where(
    policy: &Policy,
    changes: &[Change],
    warn: impl Fn(&ShadowedGrant) -> bool,
) -> Impact {
    let now = now();
    let mut after = policy.clone();
    let mut refusal = None;
    for change in changes {
        if let Err(err) = check_change(&after, change) {
            refusal.get_or_insert_with(|| err.to_string());
        }
        if let Err(err) = change.apply(&mut after) {
            refusal.get_or_insert_with(|| err.to_string());
        }
    }
    let role_changes = policy
        .prepare(now)
        .ok()
        .and_then(|prepared| prepared.what_if(changes).ok())
        .unwrap_or_default();
    let name = |change: &RoleChange| {
        policy
            .user(&change.user)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let mut people: Vec<_> = role_changes.iter().map(|c| c.user.clone()).collect();
    people.dedup();
    let warnings = after
        .prepare(now)
        .map(|p| p.lint().into_iter().filter(|s| warn(s)).collect())
        .unwrap_or_default();
    Impact {
        changes: role_changes.into_iter().map(|c| (name(&c), c)).collect(),
        people: people.len(),
        warnings,
        refusal,
    }
}
