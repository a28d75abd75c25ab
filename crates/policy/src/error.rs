//! Errors of the policy snapshot: what makes a snapshot invalid ([`PolicyError`]) and what a
//! lookup by id can fail on ([`LookupError`]).

use crate::app_connector::AppConnectorError;
use crate::filter::FilterError;
use crate::flags::UserFlagsError;
use crate::grants::Subject;
use crate::ids::{EmailAddress, EnvironmentId, GroupId, ResourceId, UserId};
use crate::roles::{ResourceKind, Role};

/// Why a policy snapshot is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Two users share an id.
    #[error("user `{0}` appears more than once")]
    DuplicateUser(UserId),
    /// Two groups share an id.
    #[error("group `{0}` appears more than once")]
    DuplicateGroup(GroupId),
    /// Two resources share an id.
    #[error("resource `{0}` appears more than once")]
    DuplicateResource(ResourceId),
    /// Two environments share an id.
    #[error("environment `{0}` appears more than once")]
    DuplicateEnvironment(EnvironmentId),
    /// A built-in environment is missing from the list.
    #[error("built-in environment `{0}` is missing")]
    MissingBuiltInEnvironment(EnvironmentId),
    /// Two users share an email address.
    #[error("email address `{email}` belongs to both `{first}` and `{second}`")]
    DuplicateEmail {
        /// The shared address.
        email: EmailAddress,
        /// The first user with it.
        first: UserId,
        /// The second user with it.
        second: UserId,
    },
    /// A user is a member of a group that does not exist.
    #[error("user `{user}` is a member of unknown group `{group}`")]
    UnknownMembership {
        /// The user.
        user: UserId,
        /// The missing group.
        group: GroupId,
    },
    /// A user's application flags break the Pocket rule.
    #[error("user `{user}`: {source}")]
    Flags {
        /// The user.
        user: UserId,
        /// The broken rule.
        #[source]
        source: UserFlagsError,
    },
    /// A resource names a creator who is not a user.
    #[error("resource `{resource}` was created by unknown user `{creator}`")]
    UnknownCreator {
        /// The resource.
        resource: ResourceId,
        /// The missing creator.
        creator: UserId,
    },
    /// A grant is for a user or group that does not exist.
    #[error("grant on `{resource}` is for unknown {subject}")]
    UnknownSubject {
        /// The missing user or group.
        subject: Subject,
        /// The resource of the grant.
        resource: ResourceId,
    },
    /// A grant is on a resource that does not exist.
    #[error("grant for {subject} is on unknown resource `{resource}`")]
    UnknownResource {
        /// Who the grant is for.
        subject: Subject,
        /// The missing resource.
        resource: ResourceId,
    },
    /// A grant names an environment that does not exist.
    #[error("grant for {subject} on `{resource}` names unknown environment `{environment}`")]
    UnknownEnvironment {
        /// Who the grant is for.
        subject: Subject,
        /// The resource.
        resource: ResourceId,
        /// The missing environment.
        environment: EnvironmentId,
    },
    /// A grant covers no environment at all.
    #[error("grant for {subject} on `{resource}` covers no environment")]
    NoEnvironments {
        /// Who the grant is for.
        subject: Subject,
        /// The resource.
        resource: ResourceId,
    },
    /// A grant gives an app role on a connector or the other way round.
    #[error(
        "grant for {subject} on `{resource}` gives {} role {role}, but `{resource}` is {} {}",
        role.kind().label(),
        article(*kind),
        kind.label()
    )]
    WrongLadder {
        /// Who the grant is for.
        subject: Subject,
        /// The resource.
        resource: ResourceId,
        /// The role of the other ladder.
        role: Role,
        /// What the resource really is.
        kind: ResourceKind,
    },
    /// A subject has two grants on the same resource.
    #[error("{subject} has more than one grant on `{resource}`")]
    DuplicateGrant {
        /// Who the grants are for.
        subject: Subject,
        /// The resource.
        resource: ResourceId,
    },
    /// An app connector is invalid.
    #[error(transparent)]
    AppConnector(#[from] AppConnectorError),
    /// A filtered table or filter is invalid.
    #[error(transparent)]
    Filter(#[from] FilterError),
}

fn article(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::App => "an",
        ResourceKind::Connector => "a",
    }
}

/// An id that a prepared policy does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// No such user.
    #[error("unknown user `{0}`")]
    UnknownUser(UserId),
    /// No such group.
    #[error("unknown group `{0}`")]
    UnknownGroup(GroupId),
    /// No such resource.
    #[error("unknown resource `{0}`")]
    UnknownResource(ResourceId),
    /// No such environment.
    #[error("unknown environment `{0}`")]
    UnknownEnvironment(EnvironmentId),
}
