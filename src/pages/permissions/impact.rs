//! The impact of the draft, computed in the browser by the policy crate's `decide` (what the
//! server saves with): whose effective access changes (old → new), which grants would have no
//! effect, and every reason the set would be refused.

use std::collections::BTreeSet;

use gatehouse_policy::{
    decide, Actor, Policy, ResourceId, RoleChange, SetChange, ShadowedGrant, Subject, UserId,
};
use gatehouse_wire::SessionInfo;

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

/// Previews `changes` against `policy` for `resource`, as `actor` (see [`actor`]).
pub fn preview(policy: &Policy, actor: &Actor, resource: &str, changes: &[SetChange]) -> Impact {
    let Ok(resource) = ResourceId::parse(resource) else {
        return Impact::default();
    };
    preview_where(policy, actor, changes, |s| s.resource == resource)
}

/// Previews `changes` against `policy`, warning about the grants of `subject` on any resource.
pub fn preview_subject(
    policy: &Policy,
    actor: &Actor,
    subject: &Subject,
    changes: &[SetChange],
) -> Impact {
    preview_where(policy, actor, changes, |s| &s.subject == subject)
}

/// Who previews: the signed-in user as a user of this environment, or — when the policy has
/// no such user, as in another environment of the account owner's organisation — as the
/// organisation's owner (the server says what they may save: `can_edit_permissions`).
pub fn actor(policy: &Policy, session: Option<&SessionInfo>) -> Option<Actor> {
    let session = session?;
    let id = UserId::parse(&session.user.id).ok()?;
    Some(
        if policy.user(&id).is_some() || !session.user.account_owner {
            Actor::User(id)
        } else {
            Actor::OrganisationOwner(id)
        },
    )
}

/// Previews `changes` with the policy crate's [`decide`] — the function the server decides
/// the saved set with — so the preview refuses exactly what saving would; `warn` picks the
/// grants without effect worth a warning.
fn preview_where(
    policy: &Policy,
    actor: &Actor,
    changes: &[SetChange],
    warn: impl Fn(&ShadowedGrant) -> bool,
) -> Impact {
    let Ok(before) = policy.prepare(now()) else {
        return Impact::default();
    };
    if changes.is_empty() {
        // Nothing to decide: the warnings of the stored grants.
        return Impact {
            warnings: before.lint().into_iter().filter(|s| warn(s)).collect(),
            ..Impact::default()
        };
    }
    match decide(&before, actor, changes) {
        Ok(decided) => {
            let name = |change: &RoleChange| {
                policy
                    .user(&change.user)
                    .map(|u| u.name.clone())
                    .unwrap_or_default()
            };
            let people: BTreeSet<_> = decided.impact.iter().map(|c| c.user.clone()).collect();
            Impact {
                warnings: decided.shadowed().into_iter().filter(|s| warn(s)).collect(),
                people: people.len(),
                changes: decided
                    .impact
                    .iter()
                    .map(|c| (name(c), c.clone()))
                    .collect(),
                refusal: None,
            }
        }
        Err(refusals) => Impact {
            refusal: Some(
                refusals
                    .iter()
                    .map(|r| r.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            ..Impact::default()
        },
    }
}
