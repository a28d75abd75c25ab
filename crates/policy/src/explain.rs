//! Decisions that explain themselves: for one user, resource and environment, the grants
//! that reach the cell, the one that wins under the precedence rule, the ones shadowed (and
//! why, in a sentence) and the expired ones.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::compiled::{PreparedPolicy, UserState};
use crate::error::LookupError;
use crate::grants::{Precedence, Subject};
use crate::ids::{EnvironmentId, ResourceId, UserId};
use crate::roles::Role;
use crate::time::Timestamp;
use crate::wording;

/// A grant that reaches the decided cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// Who the grant is for.
    pub subject: Subject,
    /// "All Users", or the group's or user's name.
    pub subject_name: String,
    /// The role it gives.
    pub role: Role,
    /// Every environment the grant covers.
    pub environments: BTreeSet<EnvironmentId>,
    /// When it expires (or expired).
    pub expires_at: Option<Timestamp>,
}

/// What decided the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The user is the account owner: Owner everywhere.
    AccountOwner,
    /// The user is deactivated: no access.
    Deactivated,
    /// A grant won.
    Grant,
    /// No grant in force covers the cell: None.
    NoGrant,
}

/// A grant that reaches the cell but does not decide it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shadowed {
    /// The grant.
    pub grant: Contribution,
    /// Why it has no effect, e.g. "user grant Preview Only has no effect: All Users grants
    /// Editor in Staging".
    pub message: String,
}

/// An explained decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The user.
    pub user: UserId,
    /// The resource.
    pub resource: ResourceId,
    /// The environment.
    pub environment: EnvironmentId,
    /// The effective role.
    pub role: Role,
    /// The precedence rule in force.
    pub precedence: Precedence,
    /// What decided it.
    pub basis: Basis,
    /// The grants in force that reach the user in this environment.
    pub contributing: Vec<Contribution>,
    /// The grant that decided the role, if a grant did.
    pub winner: Option<Contribution>,
    /// The contributing grants that had no effect, each with its reason.
    pub shadowed: Vec<Shadowed>,
    /// Contributing grants that give the same role as the winner and would decide the cell
    /// just as well (e.g. two groups both granting Editor); neither winner nor shadowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tied: Vec<Contribution>,
    /// Grants that would reach the cell but have expired.
    pub expired: Vec<Contribution>,
    /// One line for the grid, e.g. "Editor in Staging from All Users (highest wins)".
    pub summary: String,
}

impl PreparedPolicy {
    /// Explains the effective role of `user` on `resource` in `env`.
    pub fn explain(
        &self,
        user: &UserId,
        resource: &ResourceId,
        env: &EnvironmentId,
    ) -> Result<Decision, LookupError> {
        let (u, r, e) = self.ixs(user, resource, env)?;
        let policy = self.policy();
        let env_name = policy
            .environments
            .get(e.index())
            .map_or_else(|| env.to_string(), |e| e.name.clone());
        let mut contributing = Vec::new();
        let mut expired = Vec::new();
        // Only the grants that reach the user, found through the compiled index, in policy
        // order (the order the lists have always had).
        self.compiled.reach.each(u.index(), r.index(), |at| {
            let Some(grant) = policy.grants.get(at) else {
                return;
            };
            if !grant.environments.contains(env) {
                return;
            }
            let contribution = Contribution {
                subject_name: self.subject_name(&grant.subject),
                subject: grant.subject.clone(),
                role: grant.role,
                environments: grant.environments.clone(),
                expires_at: grant.expires_at,
            };
            if grant.is_expired(self.now()) {
                expired.push(contribution);
            } else {
                contributing.push(contribution);
            }
        });
        let precedence = self.precedence();
        let kind = self
            .resource_kind(r)
            .unwrap_or(crate::roles::ResourceKind::App);
        let rank = |c: &Contribution| match precedence {
            Precedence::HighestWins => (c.role.level(), c.subject.specificity()),
            Precedence::MostSpecificWins => (c.subject.specificity(), c.role.level()),
        };
        let winner_at = contributing
            .iter()
            .enumerate()
            .max_by_key(|(_, c)| rank(c))
            .map(|(i, _)| i);
        let (basis, role, reason) = match self.user_state(u) {
            UserState::AccountOwner => (
                Basis::AccountOwner,
                Role::owner(kind),
                Some(wording::ACCOUNT_OWNER),
            ),
            UserState::Deactivated => (
                Basis::Deactivated,
                Role::none(kind),
                Some(wording::DEACTIVATED),
            ),
            UserState::Normal => match winner_at.and_then(|i| contributing.get(i)) {
                Some(w) => (Basis::Grant, w.role, None),
                None => (Basis::NoGrant, Role::none(kind), None),
            },
        };
        let winner = winner_at.and_then(|i| contributing.get(i));
        let mut shadowed = Vec::new();
        let mut tied = Vec::new();
        for (i, c) in contributing.iter().enumerate() {
            if reason.is_none() && Some(i) == winner_at {
                continue;
            }
            let message = match (reason, winner) {
                (Some(reason), _) => Some(wording::no_effect(&phrase(c), reason)),
                (None, Some(w)) => shadow_message(c, w, precedence, &env_name),
                (None, None) => None,
            };
            match message {
                Some(message) => shadowed.push(Shadowed {
                    grant: c.clone(),
                    message,
                }),
                // Without a reason there is a winner here (it is one of `contributing`), so a
                // grant with no effect to report gives the winner's role.
                None => tied.push(c.clone()),
            }
        }
        let winner = match basis {
            Basis::Grant => winner.cloned(),
            _ => None,
        };
        let summary = summarise(basis, role, &env_name, winner.as_ref(), precedence);
        Ok(Decision {
            user: user.clone(),
            resource: resource.clone(),
            environment: env.clone(),
            role,
            precedence,
            basis,
            contributing,
            winner,
            shadowed,
            tied,
            expired,
            summary,
        })
    }
}

fn phrase(c: &Contribution) -> String {
    wording::grant_phrase(&c.subject, &c.subject_name, c.role)
}

/// Why `c` does not decide a cell that `winner` decides, if it has no effect.
fn shadow_message(
    c: &Contribution,
    winner: &Contribution,
    precedence: Precedence,
    env: &str,
) -> Option<String> {
    let because = wording::source_phrase(&winner.subject, &winner.subject_name, winner.role, env);
    let less_specific = c.subject.specificity() < winner.subject.specificity();
    if precedence == Precedence::MostSpecificWins && less_specific {
        Some(wording::overridden(&phrase(c), &because))
    } else if c.role.level() < winner.role.level() {
        Some(wording::no_effect(&phrase(c), &because))
    } else {
        None
    }
}

fn summarise(
    basis: Basis,
    role: Role,
    env: &str,
    winner: Option<&Contribution>,
    precedence: Precedence,
) -> String {
    match (basis, winner) {
        (Basis::AccountOwner, _) => format!("{role} in {env}: account owner"),
        (Basis::Deactivated, _) => format!("{role} in {env}: account deactivated"),
        (Basis::Grant, Some(w)) => {
            let from = match &w.subject {
                Subject::AllUsers => "All Users".to_owned(),
                Subject::Group(_) => format!("group {}", w.subject_name),
                Subject::User(_) => "the user's own grant".to_owned(),
            };
            format!("{role} in {env} from {from} ({})", precedence.label())
        }
        _ => format!("{role} in {env}: no grant"),
    }
}
