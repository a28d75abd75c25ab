//! Proposed changes to a policy (the edits the studio saves) and how they apply. Applying is
//! all-or-nothing: the result is validated before it replaces the policy.

use serde::{Deserialize, Serialize};

use crate::error::PolicyError;
use crate::grants::{Grant, GrantKey, Precedence, Subject};
use crate::ids::{GroupId, ResourceId, UserId};
use crate::policy::{Policy, UserStatus};

/// One edit to a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// Adds a grant, or replaces the subject's grant on that resource.
    UpsertGrant {
        /// The new grant.
        grant: Grant,
    },
    /// Removes the subject's grant on a resource.
    RemoveGrant {
        /// Which grant.
        key: GrantKey,
    },
    /// Puts a user in a group.
    AddMembership {
        /// The user.
        user: UserId,
        /// The group.
        group: GroupId,
    },
    /// Takes a user out of a group.
    RemoveMembership {
        /// The user.
        user: UserId,
        /// The group.
        group: GroupId,
    },
    /// Activates or deactivates a user.
    SetUserStatus {
        /// The user.
        user: UserId,
        /// The new status.
        status: UserStatus,
    },
    /// Makes a user account owner or not.
    SetAccountOwner {
        /// The user.
        user: UserId,
        /// Whether the user is an account owner.
        account_owner: bool,
    },
    /// Switches the organisation's precedence rule.
    SetPrecedence {
        /// The new rule.
        precedence: Precedence,
    },
}

/// Which part of the access matrix a change can affect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One resource's column.
    Resource(ResourceId),
    /// One user's row.
    User(UserId),
    /// Everything.
    Everything,
}

/// Why a change cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// The change names a user that does not exist.
    #[error("unknown user `{0}`")]
    UnknownUser(UserId),
    /// The change names a group that does not exist.
    #[error("unknown group `{0}`")]
    UnknownGroup(GroupId),
    /// The grant to remove does not exist.
    #[error("{subject} has no grant on `{resource}`")]
    NoSuchGrant {
        /// Who the grant would be for.
        subject: Subject,
        /// The resource.
        resource: ResourceId,
    },
    /// The user to take out of a group is not in it.
    #[error("user `{user}` is not a member of group `{group}`")]
    NotAMember {
        /// The user.
        user: UserId,
        /// The group.
        group: GroupId,
    },
    /// The changed policy would be invalid.
    #[error(transparent)]
    Invalid(#[from] PolicyError),
}

impl Change {
    /// The part of the matrix this change can affect.
    pub fn scope(&self) -> Scope {
        match self {
            Self::UpsertGrant { grant } => Scope::Resource(grant.resource.clone()),
            Self::RemoveGrant { key } => Scope::Resource(key.resource.clone()),
            Self::AddMembership { user, .. }
            | Self::RemoveMembership { user, .. }
            | Self::SetUserStatus { user, .. }
            | Self::SetAccountOwner { user, .. } => Scope::User(user.clone()),
            Self::SetPrecedence { .. } => Scope::Everything,
        }
    }

    /// The changed copy of `policy`, validated.
    pub fn applied_to(&self, policy: &Policy) -> Result<Policy, ChangeError> {
        let mut next = policy.clone();
        self.apply_unvalidated(&mut next)?;
        next.validate()?;
        Ok(next)
    }

    /// Applies the change in place; on error `policy` is left as it was.
    pub fn apply(&self, policy: &mut Policy) -> Result<(), ChangeError> {
        *policy = self.applied_to(policy)?;
        Ok(())
    }

    /// Applies the change without validating the result; the caller validates (preparing
    /// does). On error the policy may be partly changed.
    pub(crate) fn apply_unvalidated(&self, policy: &mut Policy) -> Result<(), ChangeError> {
        match self {
            Self::UpsertGrant { grant } => {
                let key = grant.key();
                match policy.grants.iter_mut().find(|g| g.key() == key) {
                    Some(existing) => *existing = grant.clone(),
                    None => policy.grants.push(grant.clone()),
                }
            }
            Self::RemoveGrant { key } => {
                let before = policy.grants.len();
                policy
                    .grants
                    .retain(|g| g.subject != key.subject || g.resource != key.resource);
                if policy.grants.len() == before {
                    return Err(ChangeError::NoSuchGrant {
                        subject: key.subject.clone(),
                        resource: key.resource.clone(),
                    });
                }
            }
            Self::AddMembership { user, group } => {
                if policy.group(group).is_none() {
                    return Err(ChangeError::UnknownGroup(group.clone()));
                }
                user_mut(policy, user)?.groups.insert(group.clone());
            }
            Self::RemoveMembership { user, group } => {
                if !user_mut(policy, user)?.groups.remove(group) {
                    return Err(ChangeError::NotAMember {
                        user: user.clone(),
                        group: group.clone(),
                    });
                }
            }
            Self::SetUserStatus { user, status } => user_mut(policy, user)?.status = *status,
            Self::SetAccountOwner {
                user,
                account_owner,
            } => user_mut(policy, user)?.account_owner = *account_owner,
            Self::SetPrecedence { precedence } => policy.precedence = *precedence,
        }
        Ok(())
    }
}

fn user_mut<'p>(
    policy: &'p mut Policy,
    user: &UserId,
) -> Result<&'p mut crate::policy::User, ChangeError> {
    policy
        .user_mut(user)
        .ok_or_else(|| ChangeError::UnknownUser(user.clone()))
}
