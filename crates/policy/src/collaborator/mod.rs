//! Collaborator users (DESIGN §5, seed collaborator-user-nl): organisations with participant
//! numbers and Production/Test/Accept environments, users identified by
//! `<participant>.<code>`, and a provider's users working in its clients' environments.

mod error;
mod licence;
mod ops;
mod schedule;
mod sync;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::flags::UserFlags;
use crate::ids::{EmailAddress, EnvironmentCode, EnvironmentKind, Participant, PersonId, UserCode};

pub use error::CollaboratorError;
pub use licence::LicenceCount;
pub use ops::{insite_address, AddAs, SignInMethod};
pub use schedule::SyncSchedule;
pub use sync::{plan_sync, FieldChange, SyncConflict, SyncPlan, SyncUpdate};

/// An organisation (a participant) and its environments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// The five-digit participant number.
    pub participant: Participant,
    /// Display name.
    pub name: String,
    /// Whether it holds a collaborator licence (it is then a provider).
    #[serde(default)]
    pub collaborator_licence: bool,
    /// Its environments; every code carries this organisation's participant number.
    pub environments: BTreeSet<EnvironmentCode>,
}

/// A system user (code only) or a normal user linked to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum UserKind {
    /// Only a user code; cannot use InSite.
    System,
    /// Linked to a person; needed for InSite.
    Normal {
        /// The person.
        person: PersonId,
    },
}

/// A user as it exists in one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvUser {
    /// `<participant>.<code>`; the participant is the user's own organisation.
    pub code: UserCode,
    /// Display name.
    pub name: String,
    /// Login address, unique within the environment.
    #[serde(default)]
    pub email: Option<EmailAddress>,
    /// System or normal.
    pub kind: UserKind,
    /// Application flags.
    #[serde(default)]
    pub flags: UserFlags,
    /// Activated as a collaborator (only in its own organisation's production environment).
    #[serde(default)]
    pub collaborator: bool,
}

/// Every organisation and the users of every environment: the state the collaborator rules
/// and the nightly sync work on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Landscape {
    /// The organisations.
    pub organisations: Vec<Organisation>,
    /// The users of each environment.
    #[serde(default)]
    pub users: BTreeMap<EnvironmentCode, Vec<EnvUser>>,
}

impl Landscape {
    /// The organisation with this participant number.
    pub fn organisation(&self, participant: Participant) -> Option<&Organisation> {
        self.organisations
            .iter()
            .find(|o| o.participant == participant)
    }

    /// The users of `environment` (empty if it has none or does not exist).
    pub fn users_in(&self, environment: EnvironmentCode) -> &[EnvUser] {
        self.users.get(&environment).map_or(&[], Vec::as_slice)
    }

    /// The user `code` in `environment`.
    pub fn user(&self, environment: EnvironmentCode, code: &UserCode) -> Option<&EnvUser> {
        self.users_in(environment).iter().find(|u| &u.code == code)
    }

    /// Whether `environment` belongs to a known organisation.
    pub fn has_environment(&self, environment: EnvironmentCode) -> bool {
        self.organisation(environment.participant())
            .is_some_and(|o| o.environments.contains(&environment))
    }

    /// The provider's production environment where `code` is activated as a collaborator.
    pub fn collaborator_source(&self, code: &UserCode) -> Option<(EnvironmentCode, &EnvUser)> {
        let provider = self.organisation(code.participant())?;
        provider
            .environments
            .iter()
            .filter(|e| e.kind() == EnvironmentKind::Production)
            .find_map(|e| {
                self.user(*e, code)
                    .filter(|u| u.collaborator)
                    .map(|u| (*e, u))
            })
    }

    /// `message` (a [`CollaboratorError`]'s sentence) as people read it: every user code in
    /// backticks becomes the user's name with the code in brackets, every participant number
    /// the organisation's name with the number, and the backticks go.
    pub fn readable(&self, message: &str) -> String {
        let mut out = String::with_capacity(message.len());
        let mut parts = message.split('`');
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for (i, part) in parts.enumerate() {
            if i % 2 == 0 {
                out.push_str(&self.display(part));
            } else {
                out.push_str(part);
            }
        }
        out
    }

    /// One code as people read it: `Britt Williams (12345.BWilliams)`, `Zuidas Bakery (98765)`.
    fn display(&self, code: &str) -> String {
        if let Ok(user) = UserCode::parse(code) {
            let name = self
                .users
                .values()
                .flatten()
                .find(|u| u.code == user)
                .map(|u| u.name.as_str());
            if let Some(name) = name {
                return format!("{name} ({code})");
            }
        }
        if let Ok(participant) = Participant::parse(code) {
            if let Some(org) = self.organisation(participant) {
                return format!("{} ({code})", org.name);
            }
        }
        code.to_owned()
    }

    /// Checks organisations, environments, unique codes and emails per environment, flags,
    /// and that foreign users are collaborators of their provider.
    pub fn validate(&self) -> Result<(), CollaboratorError> {
        let mut participants = HashSet::new();
        for org in &self.organisations {
            if !participants.insert(org.participant) {
                return Err(CollaboratorError::DuplicateOrganisation(org.participant));
            }
            if let Some(foreign) = org
                .environments
                .iter()
                .find(|e| e.participant() != org.participant)
            {
                return Err(CollaboratorError::ForeignEnvironment {
                    environment: *foreign,
                    organisation: org.participant,
                });
            }
        }
        for (environment, users) in &self.users {
            if !self.has_environment(*environment) {
                return Err(CollaboratorError::UnknownEnvironment(*environment));
            }
            let mut codes = HashSet::new();
            let mut emails: HashMap<&EmailAddress, &UserCode> = HashMap::new();
            for user in users {
                if !codes.insert(&user.code) {
                    return Err(CollaboratorError::DuplicateUser {
                        environment: *environment,
                        user: user.code.clone(),
                    });
                }
                if let Some(email) = &user.email {
                    if let Some(holder) = emails.insert(email, &user.code) {
                        return Err(CollaboratorError::DuplicateEmail {
                            email: email.clone(),
                            environment: *environment,
                            holder: holder.clone(),
                        });
                    }
                }
                self.validate_user(*environment, user)?;
            }
        }
        Ok(())
    }

    fn validate_user(
        &self,
        environment: EnvironmentCode,
        user: &EnvUser,
    ) -> Result<(), CollaboratorError> {
        user.flags
            .validate()
            .map_err(|source| CollaboratorError::Flags {
                user: user.code.clone(),
                source,
            })?;
        let own = user.code.participant() == environment.participant();
        if user.collaborator && !own {
            return Err(CollaboratorError::NotOwnUser {
                environment,
                user: user.code.clone(),
            });
        }
        if user.collaborator && environment.kind() != EnvironmentKind::Production {
            return Err(CollaboratorError::NotProductionEnvironment(environment));
        }
        if !own && self.collaborator_source(&user.code).is_none() {
            return Err(CollaboratorError::NotACollaborator(user.code.clone()));
        }
        if user.flags.insite && user.kind == UserKind::System {
            return Err(CollaboratorError::InsiteNeedsNormalUser {
                environment,
                user: user.code.clone(),
            });
        }
        Ok(())
    }
}
