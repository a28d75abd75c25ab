//! The nightly collaborator sync as a pure function: from the state, plan which client
//! environments get which name and email updates, and which are skipped because the new
//! email already belongs to someone else there. Only the provider's production environment
//! is a source; test and accept environments never are.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{CollaboratorError, Landscape};
use crate::ids::{EmailAddress, EnvironmentCode, UserCode};

/// A field's value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange<T> {
    /// The value in the client environment now.
    pub old: T,
    /// The provider's value.
    pub new: T,
}

/// The update of one collaborator in one client environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncUpdate {
    /// The collaborator.
    pub user: UserCode,
    /// The provider's production environment the values come from.
    pub source: EnvironmentCode,
    /// The new name, if it changed.
    pub name: Option<FieldChange<String>>,
    /// The new email, if it changed.
    pub email: Option<FieldChange<Option<EmailAddress>>>,
}

/// A client environment skipped because the collaborator's new email is taken there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConflict {
    /// The skipped client environment.
    pub environment: EnvironmentCode,
    /// The collaborator whose update was skipped.
    pub user: UserCode,
    /// The new email.
    pub email: EmailAddress,
    /// The other user who already has it; the client's admin must clear it.
    pub holder: UserCode,
}

impl fmt::Display for SyncConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} already belongs to {} in {}",
            self.email, self.holder, self.environment
        )
    }
}

/// What a sync run would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncPlan {
    /// Updates per client environment.
    pub updates: BTreeMap<EnvironmentCode, Vec<SyncUpdate>>,
    /// Skipped environments and why.
    pub conflicts: Vec<SyncConflict>,
}

impl SyncPlan {
    /// Whether the run would change nothing and report nothing.
    pub fn is_empty(&self) -> bool {
        self.updates.is_empty() && self.conflicts.is_empty()
    }
}

/// Plans a sync run: every collaborator activated in a provider's production environment,
/// compared with its copy in every other organisation's environment.
pub fn plan_sync(state: &Landscape) -> SyncPlan {
    let mut plan = SyncPlan::default();
    for (client_env, users) in &state.users {
        // Emails this run gives away in the environment, so two updates cannot collide.
        let mut claimed: HashMap<&EmailAddress, &UserCode> = HashMap::new();
        for copy in users {
            if copy.code.participant() == client_env.participant() {
                continue;
            }
            let Some((source_env, source)) = state.collaborator_source(&copy.code) else {
                continue;
            };
            let name = (copy.name != source.name).then(|| FieldChange {
                old: copy.name.clone(),
                new: source.name.clone(),
            });
            let email = (copy.email != source.email).then(|| FieldChange {
                old: copy.email.clone(),
                new: source.email.clone(),
            });
            if name.is_none() && email.is_none() {
                continue;
            }
            if let Some(new_email) = source.email.as_ref().filter(|_| email.is_some()) {
                let holder = users
                    .iter()
                    .find(|u| u.code != copy.code && u.email.as_ref() == Some(new_email))
                    .map(|u| u.code.clone());
                let holder = holder.or_else(|| claimed.get(new_email).map(|c| (*c).clone()));
                if let Some(holder) = holder {
                    plan.conflicts.push(SyncConflict {
                        environment: *client_env,
                        user: copy.code.clone(),
                        email: new_email.clone(),
                        holder,
                    });
                    continue;
                }
                claimed.insert(new_email, &copy.code);
            }
            plan.updates
                .entry(*client_env)
                .or_default()
                .push(SyncUpdate {
                    user: copy.code.clone(),
                    source: source_env,
                    name,
                    email,
                });
        }
    }
    plan
}

impl Landscape {
    /// Applies a plan made by [`plan_sync`]; all or nothing, and the result must be valid
    /// (a plan made from an older state can fail here).
    pub fn apply_sync(&mut self, plan: &SyncPlan) -> Result<(), CollaboratorError> {
        let mut next = self.clone();
        for (environment, updates) in &plan.updates {
            for update in updates {
                let user = next
                    .users
                    .get_mut(environment)
                    .and_then(|list| list.iter_mut().find(|u| u.code == update.user))
                    .ok_or_else(|| CollaboratorError::UnknownUser {
                        environment: *environment,
                        user: update.user.clone(),
                    })?;
                if let Some(name) = &update.name {
                    user.name.clone_from(&name.new);
                }
                if let Some(email) = &update.email {
                    user.email.clone_from(&email.new);
                }
            }
        }
        next.validate()?;
        *self = next;
        Ok(())
    }
}
