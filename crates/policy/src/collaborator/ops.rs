//! The collaborator steps: a provider activates its user, a client adds it (as a system or
//! normal user) and may convert it, and only the provider edits its email and name. Every
//! step checks everything first and changes nothing when it refuses.

use serde::{Deserialize, Serialize};

use super::{CollaboratorError, EnvUser, Landscape, UserKind};
use crate::flags::UserFlags;
use crate::ids::{EmailAddress, EnvironmentCode, EnvironmentKind, Participant, PersonId, UserCode};

/// How a client adds a collaborator to its environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "as", rename_all = "snake_case")]
pub enum AddAs {
    /// Only the user code; the name is filled in from the provider.
    System,
    /// Linked to a person (needed for InSite).
    Normal {
        /// The person.
        person: PersonId,
    },
}

/// How a user signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// User code or email and password.
    Password,
    /// The organisation's single sign-on.
    SingleSignOn,
}

impl Landscape {
    /// The provider activates its own user as a collaborator, in its production environment.
    pub fn activate_collaborator(
        &mut self,
        environment: EnvironmentCode,
        user: &UserCode,
    ) -> Result<(), CollaboratorError> {
        let org = self
            .organisation(environment.participant())
            .filter(|o| o.environments.contains(&environment))
            .ok_or(CollaboratorError::UnknownEnvironment(environment))?;
        if environment.kind() != EnvironmentKind::Production {
            return Err(CollaboratorError::NotProductionEnvironment(environment));
        }
        if !org.collaborator_licence {
            return Err(CollaboratorError::NoCollaboratorLicence(org.participant));
        }
        if user.participant() != environment.participant() {
            return Err(CollaboratorError::NotOwnUser {
                environment,
                user: user.clone(),
            });
        }
        let target = self.user_mut(environment, user)?;
        if !target.flags.windows {
            return Err(CollaboratorError::WindowsNotEnabled(user.clone()));
        }
        target.collaborator = true;
        Ok(())
    }

    /// A client adds an activated collaborator to one of its environments, keeping the code.
    pub fn add_collaborator(
        &mut self,
        environment: EnvironmentCode,
        user: &UserCode,
        add_as: AddAs,
    ) -> Result<&EnvUser, CollaboratorError> {
        if !self.has_environment(environment) {
            return Err(CollaboratorError::UnknownEnvironment(environment));
        }
        if user.participant() == environment.participant() {
            return Err(CollaboratorError::SameOrganisation {
                environment,
                user: user.clone(),
            });
        }
        let provider = self
            .organisation(user.participant())
            .ok_or(CollaboratorError::UnknownOrganisation(user.participant()))?;
        if !provider.collaborator_licence {
            return Err(CollaboratorError::NoCollaboratorLicence(
                provider.participant,
            ));
        }
        let (_, source) = self
            .collaborator_source(user)
            .ok_or_else(|| CollaboratorError::NotACollaborator(user.clone()))?;
        if self.user(environment, user).is_some() {
            return Err(CollaboratorError::AlreadyPresent {
                environment,
                user: user.clone(),
            });
        }
        if let Some(email) = &source.email {
            self.check_email_free(environment, email, user)?;
        }
        let added = EnvUser {
            code: user.clone(),
            name: source.name.clone(),
            email: source.email.clone(),
            kind: match add_as {
                AddAs::System => UserKind::System,
                AddAs::Normal { person } => UserKind::Normal { person },
            },
            flags: UserFlags {
                windows: true,
                ..UserFlags::default()
            },
            collaborator: false,
        };
        let users = self.users.entry(environment).or_default();
        users.push(added);
        users
            .last()
            .ok_or(CollaboratorError::UnknownEnvironment(environment))
    }

    /// A client converts a system collaborator user into a normal user linked to `person`.
    pub fn convert_to_normal(
        &mut self,
        environment: EnvironmentCode,
        user: &UserCode,
        person: PersonId,
    ) -> Result<(), CollaboratorError> {
        let target = self.user_mut(environment, user)?;
        if target.kind != UserKind::System {
            return Err(CollaboratorError::AlreadyNormal {
                environment,
                user: user.clone(),
            });
        }
        target.kind = UserKind::Normal { person };
        Ok(())
    }

    /// Changes a user's email; for a collaborator only in its provider's environments, and
    /// never to an address another user of the environment has.
    pub fn set_email(
        &mut self,
        environment: EnvironmentCode,
        user: &UserCode,
        email: Option<EmailAddress>,
    ) -> Result<(), CollaboratorError> {
        self.check_editable(environment, user)?;
        if let Some(email) = &email {
            self.check_email_free(environment, email, user)?;
        }
        self.user_mut(environment, user)?.email = email;
        Ok(())
    }

    /// Changes a user's name; for a collaborator only in its provider's environments.
    pub fn set_name(
        &mut self,
        environment: EnvironmentCode,
        user: &UserCode,
        name: &str,
    ) -> Result<(), CollaboratorError> {
        self.check_editable(environment, user)?;
        name.clone_into(&mut self.user_mut(environment, user)?.name);
        Ok(())
    }

    /// Sets a user's application flags (Pocket rule; InSite needs a normal user).
    pub fn set_flags(
        &mut self,
        environment: EnvironmentCode,
        user: &UserCode,
        flags: UserFlags,
    ) -> Result<(), CollaboratorError> {
        flags
            .validate()
            .map_err(|source| CollaboratorError::Flags {
                user: user.clone(),
                source,
            })?;
        let target = self.user_mut(environment, user)?;
        if flags.insite && target.kind == UserKind::System {
            return Err(CollaboratorError::InsiteNeedsNormalUser {
                environment,
                user: user.clone(),
            });
        }
        target.flags = flags;
        Ok(())
    }

    /// Whether `user` may sign in to `environment` with `method`: collaborators (users of
    /// another organisation) never through single sign-on.
    pub fn check_sign_in(
        &self,
        environment: EnvironmentCode,
        user: &UserCode,
        method: SignInMethod,
    ) -> Result<(), CollaboratorError> {
        if self.user(environment, user).is_none() {
            return Err(CollaboratorError::UnknownUser {
                environment,
                user: user.clone(),
            });
        }
        let collaborator = user.participant() != environment.participant();
        if collaborator && method == SignInMethod::SingleSignOn {
            return Err(CollaboratorError::SingleSignOnNotAllowed(user.clone()));
        }
        Ok(())
    }

    fn check_editable(
        &self,
        environment: EnvironmentCode,
        user: &UserCode,
    ) -> Result<(), CollaboratorError> {
        if self.user(environment, user).is_none() {
            return Err(CollaboratorError::UnknownUser {
                environment,
                user: user.clone(),
            });
        }
        if user.participant() != environment.participant() {
            return Err(CollaboratorError::EditOutsideProvider { user: user.clone() });
        }
        Ok(())
    }

    fn check_email_free(
        &self,
        environment: EnvironmentCode,
        email: &EmailAddress,
        user: &UserCode,
    ) -> Result<(), CollaboratorError> {
        match self
            .users_in(environment)
            .iter()
            .find(|u| u.email.as_ref().is_some_and(|e| e.same_mailbox(email)) && &u.code != user)
        {
            Some(holder) => Err(CollaboratorError::DuplicateEmail {
                email: email.clone(),
                environment,
                holder: holder.code.clone(),
            }),
            None => Ok(()),
        }
    }

    fn user_mut(
        &mut self,
        environment: EnvironmentCode,
        user: &UserCode,
    ) -> Result<&mut EnvUser, CollaboratorError> {
        self.users
            .get_mut(&environment)
            .and_then(|users| users.iter_mut().find(|u| &u.code == user))
            .ok_or_else(|| CollaboratorError::UnknownUser {
                environment,
                user: user.clone(),
            })
    }
}

/// A client's InSite address: `https://<client participant>.<domain>`, e.g.
/// `https://67890.afasinsite.nl`.
pub fn insite_address(client: Participant, domain: &str) -> Result<String, CollaboratorError> {
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels_ok = domain.split('.').all(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    if !domain.contains('.') || !labels_ok {
        return Err(CollaboratorError::InsiteDomain(domain));
    }
    Ok(format!("https://{client}.{domain}"))
}
