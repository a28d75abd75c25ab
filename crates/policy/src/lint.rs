//! The policy lint: every grant that has no effect in some environment because a grant that
//! reaches all of the same users gives more (under "highest wins"), or because it is for the
//! account owner. The studio warns with these instead of silently accepting such grants.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::compiled::{EnvIx, PreparedPolicy, ResourceIx, UserState};
use crate::error::PolicyError;
use crate::grants::{Grant, Precedence, Subject};
use crate::ids::{EnvironmentId, GroupId, ResourceId};
use crate::policy::Policy;
use crate::roles::{ResourceKind, Role};
use crate::time::Timestamp;
use crate::wording;

/// What makes a grant ineffective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum ShadowCause {
    /// A grant that reaches every user the shadowed grant reaches gives a higher role.
    Grant {
        /// Who that grant is for (All Users or one of the user's groups).
        subject: Subject,
        /// The higher role it gives.
        role: Role,
    },
    /// The grant is for the account owner, who has Owner everywhere.
    AccountOwner,
}

/// A grant without effect in one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShadowedGrant {
    /// Who the shadowed grant is for.
    pub subject: Subject,
    /// The resource.
    pub resource: ResourceId,
    /// The shadowed grant's role.
    pub role: Role,
    /// The environment where it has no effect.
    pub environment: EnvironmentId,
    /// Why.
    pub cause: ShadowCause,
    /// E.g. "user grant Preview Only of Bob on CRM has no effect: All Users grants Editor in
    /// Staging".
    pub message: String,
}

/// Lists every shadowed grant of `policy` at `now` (expired grants are not listed; grants of
/// deactivated users are kept silently for their reactivation).
pub fn lint(policy: &Policy, now: Timestamp) -> Result<Vec<ShadowedGrant>, PolicyError> {
    Ok(policy.prepare(now)?.lint())
}

impl PreparedPolicy {
    /// Lists every shadowed grant, in grant order then environment order.
    pub fn lint(&self) -> Vec<ShadowedGrant> {
        self.lint_where(|_| true)
    }

    /// [`PreparedPolicy::lint`] for the grants on `resources` only (what a change to them
    /// can shadow or unshadow).
    pub fn lint_resources(&self, resources: &BTreeSet<ResourceId>) -> Vec<ShadowedGrant> {
        self.lint_where(|grant| resources.contains(&grant.resource))
    }

    fn lint_where(&self, wanted: impl Fn(&Grant) -> bool) -> Vec<ShadowedGrant> {
        let policy = self.policy();
        let mut found = Vec::new();
        for grant in policy.grants.iter().filter(|g| wanted(g)) {
            if grant.is_expired(self.now()) {
                continue;
            }
            let Some(r) = self.resource_ix(&grant.resource) else {
                continue;
            };
            let mut envs: Vec<(EnvIx, &EnvironmentId)> = grant
                .environments
                .iter()
                .filter_map(|e| self.env_ix(e).map(|ix| (ix, e)))
                .collect();
            envs.sort_by_key(|(ix, _)| *ix);
            for (e, env) in envs {
                if let Some(cause) = self.shadow_cause(grant, r, e) {
                    found.push(self.finding(grant, env, cause));
                }
            }
        }
        found
    }

    fn shadow_cause(&self, grant: &Grant, r: ResourceIx, e: EnvIx) -> Option<ShadowCause> {
        let kind = self.resource_kind(r)?;
        let cell = r.index() * self.compiled.cells.envs + e.index();
        let own = grant.role.level() + 1;
        let all_users = self.compiled.cells.all_users_cell(cell);
        let by_all_users = |level: u8| ShadowCause::Grant {
            subject: Subject::AllUsers,
            role: role_at(kind, level),
        };
        match &grant.subject {
            Subject::AllUsers => None,
            Subject::Group(_) => (self.precedence() == Precedence::HighestWins && all_users > own)
                .then(|| by_all_users(all_users)),
            Subject::User(user) => {
                let u = self.user_ix(user)?;
                match self.user_state(u) {
                    UserState::Deactivated => None,
                    UserState::AccountOwner => Some(ShadowCause::AccountOwner),
                    UserState::Normal if self.precedence() == Precedence::HighestWins => {
                        let best = self.best_group(user, cell);
                        let group_cell = best.map_or(0, |(_, v)| v);
                        if all_users > own && all_users >= group_cell {
                            Some(by_all_users(all_users))
                        } else {
                            best.filter(|(_, v)| *v > own)
                                .map(|(group, v)| ShadowCause::Grant {
                                    subject: Subject::Group(group.clone()),
                                    role: role_at(kind, v),
                                })
                        }
                    }
                    UserState::Normal => None,
                }
            }
        }
    }

    /// The user's group with the highest encoded cell (first in id order on ties).
    fn best_group(&self, user: &crate::ids::UserId, cell: usize) -> Option<(&GroupId, u8)> {
        // By index, not by scanning the users: lint visits every grant.
        let data = self.policy().users.get(self.user_ix(user)?.index())?;
        let row_len = self.compiled.cells.row_len();
        let mut best: Option<(&GroupId, u8)> = None;
        for group in &data.groups {
            let block = self
                .compiled
                .indexes
                .groups
                .get(group)
                .and_then(|g| self.compiled.cells.group_block.get(*g as usize))
                .copied()
                .filter(|b| *b != crate::compiled::NO_BLOCK);
            let value = block
                .and_then(|b| {
                    self.compiled
                        .cells
                        .group_cells
                        .get(b as usize * row_len + cell)
                })
                .copied()
                .unwrap_or(0);
            if best.is_none_or(|(_, v)| value > v) {
                best = Some((group, value));
            }
        }
        best.filter(|(_, v)| *v > 0)
    }

    fn finding(&self, grant: &Grant, env: &EnvironmentId, cause: ShadowCause) -> ShadowedGrant {
        let policy = self.policy();
        let resource_name = self
            .resource_ix(&grant.resource)
            .and_then(|r| policy.resources.get(r.index()))
            .map_or_else(|| grant.resource.to_string(), |r| r.name.clone());
        let phrase = wording::lint_phrase(
            &grant.subject,
            &self.subject_name(&grant.subject),
            grant.role,
            &resource_name,
        );
        let because = match &cause {
            ShadowCause::AccountOwner => wording::ACCOUNT_OWNER.to_owned(),
            ShadowCause::Grant { subject, role } => wording::source_phrase(
                subject,
                &self.subject_name(subject),
                *role,
                &policy.environment_name(env),
            ),
        };
        ShadowedGrant {
            subject: grant.subject.clone(),
            resource: grant.resource.clone(),
            role: grant.role,
            environment: env.clone(),
            cause,
            message: wording::no_effect(&phrase, &because),
        }
    }
}

impl PreparedPolicy {
    /// A subject's display name (as [`crate::Policy::subject_name`]), users and groups
    /// found by index rather than by scanning.
    pub(crate) fn subject_name(&self, subject: &Subject) -> String {
        match subject {
            Subject::User(user) => self
                .user_ix(user)
                .and_then(|u| self.policy().users.get(u.index()))
                .map_or_else(|| user.to_string(), |u| u.name.clone()),
            Subject::Group(group) => self
                .compiled
                .indexes
                .groups
                .get(group)
                .and_then(|g| self.policy().groups.get(*g as usize))
                .map_or_else(|| group.to_string(), |g| g.name.clone()),
            Subject::AllUsers => self.policy().subject_name(subject),
        }
    }
}

fn role_at(kind: ResourceKind, encoded: u8) -> Role {
    Role::from_level(kind, encoded.saturating_sub(1)).unwrap_or(Role::none(kind))
}
