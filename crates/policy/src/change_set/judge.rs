//! One change of a set judged on its own: the thing it names exists and the actor sees it,
//! the actor may make it, and it is well formed. The set as a whole (the lock-out guard,
//! names used twice) is judged in the parent module.

use crate::actor::{authorize_actor, authorize_administrator, Actor};
use crate::compiled::PreparedPolicy;
use crate::error::PolicyError;
use crate::fxhash::FxMap;
use crate::grants::{GrantKey, Subject};
use crate::guard::Refusal;
use crate::ids::{ResourceId, UserId};
use crate::policy::{GrantCheck, Policy, User};

use super::names::Names;
use super::{
    app_connectors, data_environments, groups, refusal, tables, tokens, users, RefusalKind,
    SetChange, SetRefusal,
};

/// What one change is judged against.
pub(super) struct Judge<'a> {
    /// The snapshot before the set: who may do what, what is visible.
    pub(super) before: &'a PreparedPolicy,
    /// The same with the groups the set creates: what exists.
    pub(super) staged: &'a Policy,
    pub(super) check: &'a GrantCheck,
    pub(super) names: &'a Names<'a>,
    pub(super) exists: &'a dyn Fn(&GrantKey) -> bool,
    /// Each user's position in `staged` (empty when the set names no user by id).
    pub(super) user_at: &'a FxMap<UserId, usize>,
    pub(super) actor: &'a Actor,
}

impl Judge<'_> {
    /// The user with `id` in the staged snapshot, by position when the set names users.
    fn user(&self, id: &UserId) -> Option<&User> {
        match self.user_at.get(id) {
            Some(&at) => self.staged.users.get(at),
            None if self.user_at.is_empty() => self.staged.user(id),
            None => None,
        }
    }

    /// One change on its own: the thing it names exists and is visible, the actor may make
    /// it, and it is well formed.
    pub(super) fn change(&self, index: usize, change: &SetChange) -> Result<(), SetRefusal> {
        let (before, policy, names) = (self.before, self.staged, self.names);
        let at = Some(index);
        // A provisioning token keeps people and groups in step, and does nothing else.
        if matches!(self.actor, Actor::Provisioner(_)) {
            provisioning(change).map_err(|r| {
                refusal(
                    at,
                    RefusalKind::Forbidden,
                    None,
                    r.describe(before.policy()),
                )
            })?;
        }
        // Visibility, then the right to edit, before anything about the stored state is said.
        match change {
            SetChange::CreateGrant { grant } | SetChange::UpdateGrant { grant } => {
                visible(before, names, self.actor, index, &grant.resource)?;
            }
            SetChange::DeleteGrant { key } => {
                visible(before, names, self.actor, index, &key.resource)?;
            }
            _ => {}
        }
        let authorized = match (change, change.edit()) {
            // Checked above: what it may change, it may change.
            _ if matches!(self.actor, Actor::Provisioner(_)) => Ok(()),
            // Whose tokens the actor may issue and revoke is the tokens' own rule.
            (SetChange::IssueToken { .. } | SetChange::RevokeToken { .. }, _) => Ok(()),
            // So are who manage a table: its connectors' Owners too.
            (change, _) if tables::table_of(change).is_some() => Ok(()),
            (_, Some(edit)) => authorize_actor(before, self.actor, &edit),
            (_, None) => authorize_administrator(before, self.actor),
        };
        authorized.map_err(|r| {
            refusal(
                at,
                RefusalKind::Forbidden,
                None,
                r.describe_with_contacts(before),
            )
        })?;
        match change {
            SetChange::CreateGrant { grant } | SetChange::UpdateGrant { grant } => {
                frozen(policy, names, index, &grant.subject)?;
                let exists = (self.exists)(&grant.key());
                if exists && matches!(change, SetChange::CreateGrant { .. }) {
                    return Err(refusal(
                        at,
                        RefusalKind::Conflict,
                        Some("subject"),
                        format!(
                            "{} already has a grant on {}; change that one instead",
                            names.subject(&grant.subject),
                            names.resource(&grant.resource)
                        ),
                    ));
                }
                if !exists && matches!(change, SetChange::UpdateGrant { .. }) {
                    return Err(no_grant(names, index, &grant.key()));
                }
                // A grant may not start out expired; an expired one keeps its expiry when
                // only its role or environments change.
                if let Some(expiry) = grant.expires_at {
                    let kept = policy
                        .grant(&grant.key())
                        .is_some_and(|g| g.expires_at == Some(expiry));
                    if expiry <= before.now() && !kept {
                        return Err(refusal(
                            at,
                            RefusalKind::Invalid,
                            Some("expires_at"),
                            "the expiry is in the past: choose a later moment, or none".to_owned(),
                        ));
                    }
                }
                self.check.check(grant).map_err(|err| {
                    refusal(
                        at,
                        kind_of(&err),
                        Some(field_of(&err)),
                        names.policy_error(&err),
                    )
                })?;
            }
            SetChange::DeleteGrant { key } => {
                frozen(policy, names, index, &key.subject)?;
                if !(self.exists)(key) {
                    return Err(no_grant(names, index, key));
                }
            }
            SetChange::SetUserStatus { user, status } => {
                let Some(stored) = self.user(user) else {
                    return Err(refusal(
                        at,
                        RefusalKind::NotFound,
                        Some("user"),
                        "no such user in this environment".to_owned(),
                    ));
                };
                users::not_self(self.actor, index, stored, *status)?;
            }
            SetChange::AddMember { user, group } | SetChange::RemoveMember { user, group } => {
                let Some(member) = self.user(user) else {
                    return Err(refusal(
                        at,
                        RefusalKind::NotFound,
                        Some("user"),
                        "no such user in this environment".to_owned(),
                    ));
                };
                if policy.group(group).is_none() {
                    return Err(refusal(
                        at,
                        RefusalKind::NotFound,
                        Some("group"),
                        "no such group in this environment".to_owned(),
                    ));
                }
                let member_now = member.groups.contains(group);
                if member_now == matches!(change, SetChange::AddMember { .. }) {
                    return Err(refusal(
                        at,
                        RefusalKind::Conflict,
                        Some("user"),
                        format!(
                            "{} is {} a member of {}",
                            names.user(user),
                            if member_now { "already" } else { "not" },
                            names.group(group)
                        ),
                    ));
                }
            }
            SetChange::CreateGroup { .. }
            | SetChange::RenameGroup { .. }
            | SetChange::DeleteGroup { .. } => {
                groups::judge(before.policy(), names, index, change)?;
            }
            SetChange::CreateUser { user } => users::judge(before.policy(), index, user)?,
            SetChange::EditUser { user } => {
                users::judge_edit(before.policy(), self.actor, index, user)?;
            }
            SetChange::SetPrecedence { .. } => {}
            SetChange::CreateAppConnector { .. }
            | SetChange::UpdateAppConnector { .. }
            | SetChange::DeleteAppConnector { .. } => {
                app_connectors::judge(policy, names, index, change)?;
            }
            SetChange::CreateDataEnvironment { .. }
            | SetChange::RenameDataEnvironment { .. }
            | SetChange::DeleteDataEnvironment { .. } => {
                data_environments::judge(before.policy(), index, change)?;
            }
            SetChange::IssueToken { .. } | SetChange::RevokeToken { .. } => {
                tokens::judge(before, self.actor, index, change)?;
            }
            SetChange::SetTableMode { .. }
            | SetChange::CreateFilter { .. }
            | SetChange::UpdateFilter { .. }
            | SetChange::DeleteFilter { .. }
            | SetChange::SetFilterGroups { .. }
            | SetChange::SetDeviation { .. } => {
                tables::judge(before, policy, names, self.actor, index, change)?;
            }
        }
        Ok(())
    }
}

/// A resource the actor has no role on is refused as if it did not exist.
fn visible(
    before: &PreparedPolicy,
    names: &Names<'_>,
    actor: &Actor,
    index: usize,
    resource: &ResourceId,
) -> Result<(), SetRefusal> {
    if before.actor_sees(actor, resource) {
        Ok(())
    } else {
        Err(refusal(
            Some(index),
            RefusalKind::NotFound,
            Some("resource"),
            format!("no resource {} here", names.resource(resource)),
        ))
    }
}

/// Deactivated users' grants are kept as they are, for their reactivation.
fn frozen(
    policy: &Policy,
    names: &Names<'_>,
    index: usize,
    subject: &Subject,
) -> Result<(), SetRefusal> {
    match subject {
        Subject::User(user) if policy.grants_frozen(subject) => Err(refusal(
            Some(index),
            RefusalKind::Conflict,
            Some("subject"),
            format!(
                "{} is deactivated: their permissions are kept but cannot be edited",
                names.user(user)
            ),
        )),
        _ => Ok(()),
    }
}

fn no_grant(names: &Names<'_>, index: usize, key: &GrantKey) -> SetRefusal {
    refusal(
        Some(index),
        RefusalKind::NotFound,
        Some("subject"),
        format!(
            "{} has no grant on {}",
            names.subject(&key.subject),
            names.resource(&key.resource)
        ),
    )
}

/// A malformed grant is invalid input — a subject that does not exist too; a resource that
/// does not exist is not found (it is the thing the change is about).
fn kind_of(err: &PolicyError) -> RefusalKind {
    match err {
        PolicyError::UnknownResource { .. } => RefusalKind::NotFound,
        _ => RefusalKind::Invalid,
    }
}

fn field_of(err: &PolicyError) -> &'static str {
    match err {
        PolicyError::UnknownEnvironment { .. } | PolicyError::NoEnvironments { .. } => {
            "environments"
        }
        PolicyError::WrongLadder { .. } => "role",
        PolicyError::UnknownResource { .. } => "resource",
        _ => "subject",
    }
}

/// What a provisioning token may change: users, groups and memberships.
fn provisioning(change: &SetChange) -> Result<(), Refusal> {
    match change {
        SetChange::CreateUser { .. }
        | SetChange::EditUser { .. }
        | SetChange::SetUserStatus { .. }
        | SetChange::CreateGroup { .. }
        | SetChange::RenameGroup { .. }
        | SetChange::DeleteGroup { .. }
        | SetChange::AddMember { .. }
        | SetChange::RemoveMember { .. } => Ok(()),
        _ => Err(Refusal::NotProvisioning),
    }
}
