//! The impact of the draft, computed in the browser by the policy crate's `decide` (what the
//! server saves with): whose effective access changes (old → new), which grants would have no
//! effect, and every reason the set would be refused.

use std::collections::BTreeSet;

use gatehouse_app::{actor_in, SignedIn};
use gatehouse_policy::{
    decide, Actor, Policy, PreparedPolicy, ResourceId, RoleChange, SetChange, ShadowedGrant,
    Subject, UserId,
};
use gatehouse_wire::SessionInfo;

use crate::access_view::Prepared;
use crate::clock::now;

/// What saving the draft would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Impact {
    /// Cells whose effective role changes, with the person's and the data environment's
    /// display names.
    pub changes: Vec<(String, String, RoleChange)>,
    /// Number of distinct people affected.
    pub people: usize,
    /// Grants on this resource that would have no effect.
    pub warnings: Vec<ShadowedGrant>,
    /// Why the guard (or validation) would refuse the draft.
    pub refusal: Option<String>,
    /// The snapshot as stored, prepared (previews from a snapshot prepared elsewhere leave
    /// it out).
    pub stored: Option<Prepared>,
    /// The snapshot as it would be after saving the draft: the stored one while nothing is
    /// drafted, none while the draft would be refused.
    pub after: Option<Prepared>,
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

/// Previews `changes` against `policy`, warning about every grant without effect afterwards
/// (for changes that reach every resource, such as the precedence rule).
pub fn preview_all(policy: &Policy, actor: &Actor, changes: &[SetChange]) -> Impact {
    preview_where(policy, actor, changes, |_| true)
}

/// Previews `changes` against the prepared snapshot `before` (prepared once for many
/// previews of a large policy), warning about the grants of the users in `users` and the
/// grants on `resource` (a bulk action on selected users).
pub fn preview_users(
    before: &PreparedPolicy,
    actor: &Actor,
    users: &BTreeSet<UserId>,
    resource: Option<&ResourceId>,
    changes: &[SetChange],
) -> Impact {
    preview_prepared(before, actor, changes, |s| {
        matches!(&s.subject, Subject::User(u) if users.contains(u))
            || resource.is_some_and(|r| &s.resource == r)
    })
}

/// Who previews in environment `env`: who the server would authorise the save as
/// (`gatehouse_app::actor_in`), the user with the signed-in user's code looked up in `policy`.
pub fn actor(policy: &Policy, session: Option<&SessionInfo>, env: &str) -> Option<Actor> {
    let session = session?;
    let home = UserId::parse(&session.user.id).ok()?;
    let signed_in = SignedIn {
        user: &home,
        environment: &session.environment.code,
        account_owner: session.user.account_owner,
    };
    let decided = actor_in(signed_in, env);
    let here = policy
        .users
        .iter()
        .find(|u| {
            u.code
                .as_ref()
                .is_some_and(|c| c.to_string() == session.user.code)
        })
        .map(|u| u.id.clone());
    Some(decided.with_user_here(signed_in, here))
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
    let before = Prepared(std::sync::Arc::new(before));
    let impact = preview_prepared(&before.0, actor, changes, warn);
    let after = match (&impact.after, &impact.refusal) {
        (None, None) => Some(before.clone()),
        (after, _) => after.clone(),
    };
    Impact {
        stored: Some(before),
        after,
        ..impact
    }
}

/// [`preview_where`] on a snapshot already prepared.
fn preview_prepared(
    before: &PreparedPolicy,
    actor: &Actor,
    changes: &[SetChange],
    warn: impl Fn(&ShadowedGrant) -> bool,
) -> Impact {
    let policy = before.policy();
    if changes.is_empty() {
        // Nothing to decide: the warnings of the stored grants.
        return Impact {
            warnings: before.lint().into_iter().filter(|s| warn(s)).collect(),
            ..Impact::default()
        };
    }
    match decide(before, actor, changes) {
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
                    .map(|c| (name(c), policy.environment_name(&c.env), c.clone()))
                    .collect(),
                refusal: None,
                stored: None,
                after: Some(Prepared(std::sync::Arc::new(decided.after))),
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
