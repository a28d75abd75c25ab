//! Errors of the collaborator domain: each refused step names the rule it breaks.

use crate::flags::UserFlagsError;
use crate::ids::{EmailAddress, EnvironmentCode, Participant, UserCode};

/// Why a collaborator operation or a landscape is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CollaboratorError {
    /// Two organisations share a participant number.
    #[error("organisation `{0}` appears more than once")]
    DuplicateOrganisation(Participant),
    /// No organisation has this participant number.
    #[error("unknown organisation `{0}`")]
    UnknownOrganisation(Participant),
    /// No such environment.
    #[error("unknown environment `{0}`")]
    UnknownEnvironment(EnvironmentCode),
    /// An organisation lists an environment of another participant.
    #[error("environment `{environment}` cannot belong to organisation `{organisation}`")]
    ForeignEnvironment {
        /// The environment.
        environment: EnvironmentCode,
        /// The organisation listing it.
        organisation: Participant,
    },
    /// The user is not in the environment.
    #[error("user `{user}` does not exist in `{environment}`")]
    UnknownUser {
        /// The environment.
        environment: EnvironmentCode,
        /// The user.
        user: UserCode,
    },
    /// The same user code appears twice in one environment.
    #[error("user `{user}` appears more than once in `{environment}`")]
    DuplicateUser {
        /// The environment.
        environment: EnvironmentCode,
        /// The user.
        user: UserCode,
    },
    /// The email address already belongs to another user in the environment.
    #[error("email address `{email}` already belongs to `{holder}` in `{environment}`")]
    DuplicateEmail {
        /// The address.
        email: EmailAddress,
        /// The environment.
        environment: EnvironmentCode,
        /// The user who has it.
        holder: UserCode,
    },
    /// Collaborators are activated only in a production environment.
    #[error("`{0}` is not a production environment; activate collaborators in production")]
    NotProductionEnvironment(EnvironmentCode),
    /// The user code's participant is not the environment's organisation.
    #[error("user `{user}` does not belong to the organisation of `{environment}`")]
    NotOwnUser {
        /// The environment.
        environment: EnvironmentCode,
        /// The user.
        user: UserCode,
    },
    /// The organisation has no collaborator licence.
    #[error("organisation `{0}` has no collaborator licence")]
    NoCollaboratorLicence(Participant),
    /// The user does not have Windows enabled in the provider's environment.
    #[error("user `{0}` must have windows enabled in the provider's production environment")]
    WindowsNotEnabled(UserCode),
    /// The user is not activated as a collaborator by its provider.
    #[error(
        "user `{0}` is not activated as a collaborator in its provider's production environment"
    )]
    NotACollaborator(UserCode),
    /// A collaborator cannot be added to its own organisation's environment.
    #[error("user `{user}` already belongs to the organisation of `{environment}`")]
    SameOrganisation {
        /// The environment.
        environment: EnvironmentCode,
        /// The user.
        user: UserCode,
    },
    /// The user is already in the environment.
    #[error("user `{user}` already exists in `{environment}`")]
    AlreadyPresent {
        /// The environment.
        environment: EnvironmentCode,
        /// The user.
        user: UserCode,
    },
    /// Only system users can be converted.
    #[error("user `{user}` in `{environment}` is already a normal user")]
    AlreadyNormal {
        /// The environment.
        environment: EnvironmentCode,
        /// The user.
        user: UserCode,
    },
    /// A collaborator's email and name are edited only in the provider's environments.
    #[error("email and name of `{user}` can only be changed in environments of `{}`", .user.participant())]
    EditOutsideProvider {
        /// The user.
        user: UserCode,
    },
    /// InSite needs a normal user linked to a person.
    #[error(
        "user `{user}` in `{environment}` is a system user; convert it to a normal user for insite"
    )]
    InsiteNeedsNormalUser {
        /// The environment.
        environment: EnvironmentCode,
        /// The user.
        user: UserCode,
    },
    /// Collaborators sign in with their own credentials, never through single sign-on.
    #[error("collaborator `{0}` cannot sign in through single sign-on")]
    SingleSignOnNotAllowed(UserCode),
    /// The InSite domain is not a dotted host name.
    #[error("insite domain `{0}` must be a host name such as `afasinsite.nl`")]
    InsiteDomain(String),
    /// The user's flags break the Pocket rule.
    #[error("user `{user}`: {source}")]
    Flags {
        /// The user.
        user: UserCode,
        /// The broken rule.
        #[source]
        source: UserFlagsError,
    },
}
