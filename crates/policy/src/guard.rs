//! Who may change what: the lock-out guard (no change may leave a resource without an Owner
//! or the organisation without an account owner; deactivated users' grants are frozen) and
//! the rule that only a resource's Owner or the account owner may edit its permissions.

use std::collections::{BTreeSet, HashSet};

use crate::change::{Change, ChangeError};
use crate::compiled::PreparedPolicy;
use crate::grants::Subject;
use crate::ids::{GroupId, ResourceId, UserId};
use crate::policy::Policy;
use crate::time::Timestamp;

/// Why the lock-out guard refuses a change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuardError {
    /// The change edits a deactivated user's grants.
    #[error("permissions of deactivated user `{0}` cannot be edited")]
    DeactivatedUser(UserId),
    /// After the change nobody would be a permanent Owner of the resource.
    #[error("the change would leave `{0}` without an owner")]
    ResourceWithoutOwner(ResourceId),
    /// After the change nobody would be an active account owner.
    #[error("the change would leave the organisation without an account owner")]
    NoAccountOwner,
    /// The change itself cannot be applied.
    #[error(transparent)]
    Change(#[from] ChangeError),
}

/// Why an actor may not make a change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The actor is not a user.
    #[error("unknown user `{0}`")]
    UnknownActor(UserId),
    /// The resource does not exist.
    #[error("unknown resource `{0}`")]
    UnknownResource(ResourceId),
    /// The actor's account is deactivated.
    #[error("user `{0}` is deactivated")]
    ActorDeactivated(UserId),
    /// The actor is neither an Owner of the resource nor the account owner.
    #[error("only an owner of `{resource}` or the account owner may change its permissions, and `{actor}` is neither")]
    NotOwner {
        /// The actor.
        actor: UserId,
        /// The resource.
        resource: ResourceId,
    },
    /// Memberships, statuses and precedence are the account owner's to change.
    #[error("only the account owner may make this change, and `{0}` is not the account owner")]
    NotAccountOwner(UserId),
    /// A provisioning token changes users, groups and memberships only.
    #[error("a provisioning token may only create and change users, groups and memberships")]
    NotProvisioning,
}

impl Refusal {
    /// The refusal in words an administrator reads: resources and people by name, the actor
    /// as "you" (ids only where `policy` does not know them).
    pub fn describe(&self, policy: &Policy) -> String {
        let resource = |id: &ResourceId| {
            policy
                .resource(id)
                .map_or_else(|| id.to_string(), |r| r.name.clone())
        };
        match self {
            Refusal::UnknownActor(_) => "you have no user in this environment, and only the \
                organisation's account owner may administer it without one"
                .to_owned(),
            Refusal::ActorDeactivated(_) => "your account is deactivated here".to_owned(),
            Refusal::UnknownResource(id) => format!("unknown resource `{}`", resource(id)),
            Refusal::NotOwner { resource: id, .. } => format!(
                "only an owner of `{}` or the account owner may change its permissions, and you are neither",
                resource(id)
            ),
            Refusal::NotAccountOwner(_) => {
                "only the account owner may make this change, and you are not the account owner"
                    .to_owned()
            }
            Refusal::NotProvisioning => {
                "a provisioning token may only create and change users, groups and memberships"
                    .to_owned()
            }
        }
    }
}

/// Checks a change against the lock-out guard. Only damage done by the change counts: a
/// resource that already had no Owner does not block unrelated edits.
pub fn check_change(policy: &Policy, change: &Change) -> Result<(), GuardError> {
    if let Change::UpsertGrant { grant } = change {
        refuse_deactivated(policy, &grant.subject)?;
    }
    if let Change::RemoveGrant { key } = change {
        refuse_deactivated(policy, &key.subject)?;
    }
    let after = change.applied_to(policy)?;
    if policy.account_owners().next().is_some() && after.account_owners().next().is_none() {
        return Err(GuardError::NoAccountOwner);
    }
    let owned_after = owned_resources(&after);
    if let Some(lost) = owned_resources(policy)
        .into_iter()
        .find(|r| !owned_after.contains(r))
    {
        return Err(GuardError::ResourceWithoutOwner(lost));
    }
    Ok(())
}

fn refuse_deactivated(policy: &Policy, subject: &Subject) -> Result<(), GuardError> {
    match subject {
        Subject::User(user) if policy.user(user).is_some_and(|u| !u.is_active()) => {
            Err(GuardError::DeactivatedUser(user.clone()))
        }
        _ => Ok(()),
    }
}

/// The resources with a permanent (non-expiring) Owner grant that reaches an active user.
/// Time-bound Owner grants do not count: when they lapse the resource would be locked.
pub fn owned_resources(policy: &Policy) -> BTreeSet<ResourceId> {
    let active_groups: HashSet<&GroupId> = policy
        .users
        .iter()
        .filter(|u| u.is_active())
        .flat_map(|u| &u.groups)
        .collect();
    let any_active = policy.users.iter().any(|u| u.is_active());
    // A set, not a scan of the users per grant: a policy holds hundreds of thousands.
    let active_users: HashSet<&UserId> = policy
        .users
        .iter()
        .filter(|u| u.is_active())
        .map(|u| &u.id)
        .collect();
    policy
        .grants
        .iter()
        .filter(|g| g.role.is_owner() && g.expires_at.is_none())
        .filter(|g| match &g.subject {
            Subject::AllUsers => any_active,
            Subject::Group(group) => active_groups.contains(group),
            Subject::User(user) => active_users.contains(user),
        })
        .map(|g| g.resource.clone())
        .collect()
}

/// Whether `actor` may change `resource`'s permissions at `now`: an active account owner, or
/// an active user whose effective role on it is Owner in at least one environment
/// (permissions are per resource, as in the product's permission dialog). Prepares the
/// policy; with a prepared policy at hand use [`PreparedPolicy::may_edit_permissions`].
pub fn may_edit_permissions(
    policy: &Policy,
    actor: &UserId,
    resource: &ResourceId,
    now: Timestamp,
) -> Result<(), Refusal> {
    match policy.prepare(now) {
        Ok(prepared) => prepared.may_edit_permissions(actor, resource),
        // An invalid snapshot grants nothing, but the account owner stays in charge.
        Err(_) => match policy.user(actor) {
            Some(u) if u.is_active() && u.account_owner => Ok(()),
            _ => Err(Refusal::NotOwner {
                actor: actor.clone(),
                resource: resource.clone(),
            }),
        },
    }
}

impl PreparedPolicy {
    /// Whether `actor` may change `resource`'s permissions (see [`may_edit_permissions`]).
    pub fn may_edit_permissions(
        &self,
        actor: &UserId,
        resource: &ResourceId,
    ) -> Result<(), Refusal> {
        let u = self
            .user_ix(actor)
            .ok_or_else(|| Refusal::UnknownActor(actor.clone()))?;
        let r = self
            .resource_ix(resource)
            .ok_or_else(|| Refusal::UnknownResource(resource.clone()))?;
        if self
            .policy()
            .user(actor)
            .is_some_and(|user| !user.is_active())
        {
            return Err(Refusal::ActorDeactivated(actor.clone()));
        }
        let owner = self.resource_kind(r).map_or(0, |k| k.owner_level());
        if self
            .environments()
            .any(|e| self.effective_level(u, r, e) == owner)
        {
            Ok(())
        } else {
            Err(Refusal::NotOwner {
                actor: actor.clone(),
                resource: resource.clone(),
            })
        }
    }
}

/// Authorises `actor` to make `change`: grant edits need [`may_edit_permissions`] on the
/// resource; memberships, statuses, account owners and precedence need the account owner.
pub fn authorize(
    prepared: &PreparedPolicy,
    actor: &UserId,
    change: &Change,
) -> Result<(), Refusal> {
    match change {
        Change::UpsertGrant { grant } => prepared.may_edit_permissions(actor, &grant.resource),
        Change::RemoveGrant { key } => prepared.may_edit_permissions(actor, &key.resource),
        _ => authorize_account_owner(prepared, actor),
    }
}

/// Whether `actor` is an active account owner, who alone changes users, groups and
/// memberships.
pub fn authorize_account_owner(prepared: &PreparedPolicy, actor: &UserId) -> Result<(), Refusal> {
    let user = prepared
        .policy()
        .user(actor)
        .ok_or_else(|| Refusal::UnknownActor(actor.clone()))?;
    if !user.is_active() {
        Err(Refusal::ActorDeactivated(actor.clone()))
    } else if user.account_owner {
        Ok(())
    } else {
        Err(Refusal::NotAccountOwner(actor.clone()))
    }
}

/// The active users who may edit `resource`'s permissions.
pub fn permission_editors(prepared: &PreparedPolicy, resource: &ResourceId) -> Vec<UserId> {
    prepared
        .policy()
        .users
        .iter()
        .filter(|u| prepared.may_edit_permissions(&u.id, resource).is_ok())
        .map(|u| u.id.clone())
        .collect()
}

#[cfg(test)]
mod describe_tests {
    use super::*;

    #[test]
    fn refusals_name_resources_and_say_you() {
        let (policy, crm) = crate::test_fixtures::crm_only();
        let fleur = UserId::parse("usr-fleur").unwrap();
        let refusal = Refusal::NotOwner {
            actor: fleur.clone(),
            resource: crm,
        };
        assert_eq!(
            refusal.describe(&policy),
            "only an owner of `CRM Portal` or the account owner may change its permissions, and you are neither"
        );
        let unknown = Refusal::NotOwner {
            actor: fleur.clone(),
            resource: ResourceId::parse("res-gone").unwrap(),
        };
        assert!(unknown.describe(&policy).contains("`res-gone`"));
        assert!(Refusal::NotAccountOwner(fleur)
            .describe(&policy)
            .starts_with("only the account owner may make this change"));
    }
}
