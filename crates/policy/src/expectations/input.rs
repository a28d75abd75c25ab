//! An access test from the fields an administrator filled in: ids checked against the
//! snapshot, the role against the resource's ladder, the name trimmed and checked. Each
//! refusal names the field and the things involved by their display names.

use serde::{Deserialize, Serialize};

use crate::change_set::RefusalKind;
use crate::ids::{AccessTestId, EnvironmentId, ResourceId};
use crate::naming::{display_name, NameError};
use crate::policy::Policy;
use crate::roles::{ResourceKind, Role};

use super::model::{AccessTest, Comparison, TestEnvironments, TestSubject};

/// Longest access test name, in characters.
pub const ACCESS_TEST_NAME_CHARS: usize = 80;

/// The fields of the access test form (or of the API request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessTestInput {
    /// What to call the test.
    pub name: String,
    /// Whose access it is about.
    pub subject: TestSubject,
    /// What their effective role must be.
    pub comparison: Comparison,
    /// The resource's id.
    pub resource: String,
    /// The data environment ids; `None` for every environment.
    #[serde(default)]
    pub environments: Option<Vec<String>>,
}

/// Why the fields do not make an access test.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessTestError {
    /// The id the server chose is malformed.
    #[error("{0}")]
    Id(crate::ids::IdError),
    /// The name is empty, too long or holds a hidden character.
    #[error("{0}")]
    Name(NameError),
    /// No resource with that id.
    #[error("no such resource here")]
    UnknownResource,
    /// No user with that id.
    #[error("no such user here")]
    UnknownUser,
    /// No group with that id.
    #[error("no such group here")]
    UnknownGroup,
    /// No data environment with that id.
    #[error("there is no data environment {0} here")]
    UnknownEnvironment(String),
    /// An empty list of environments.
    #[error("choose at least one environment")]
    NoEnvironments,
    /// A role of the other ladder.
    #[error(
        "{} is {} {} role, but {resource} is {} {}: choose one of its roles",
        role.label(),
        article(role.kind()),
        role.kind().label(),
        article(*kind),
        kind.label()
    )]
    WrongLadder {
        /// The role given.
        role: Role,
        /// The resource's display name.
        resource: String,
        /// What the resource is.
        kind: ResourceKind,
    },
}

fn article(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::App => "an",
        ResourceKind::Connector => "a",
    }
}

impl AccessTestError {
    /// The offending field: `id`, `name`, `subject`, `comparison`, `resource` or
    /// `environments`.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Id(_) => "id",
            Self::Name(_) => "name",
            Self::UnknownResource => "resource",
            Self::UnknownUser | Self::UnknownGroup => "subject",
            Self::UnknownEnvironment(_) | Self::NoEnvironments => "environments",
            Self::WrongLadder { .. } => "comparison",
        }
    }

    /// How the server answers: not found for an unknown id, invalid for the rest.
    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::UnknownResource | Self::UnknownUser | Self::UnknownGroup => RefusalKind::NotFound,
            Self::Id(_)
            | Self::Name(_)
            | Self::UnknownEnvironment(_)
            | Self::NoEnvironments
            | Self::WrongLadder { .. } => RefusalKind::Invalid,
        }
    }
}

/// An access test with id `id` from `input`, checked against `policy`, with the display
/// names of what it names remembered. Environments are kept once each, in `policy`'s order.
pub fn access_test_from_input(
    policy: &Policy,
    id: &str,
    input: &AccessTestInput,
) -> Result<AccessTest, AccessTestError> {
    let id = AccessTestId::parse(id).map_err(AccessTestError::Id)?;
    let name =
        display_name("name", &input.name, ACCESS_TEST_NAME_CHARS).map_err(AccessTestError::Name)?;
    let resource = ResourceId::parse(&input.resource)
        .ok()
        .and_then(|r| policy.resource(&r))
        .ok_or(AccessTestError::UnknownResource)?;
    match &input.subject {
        TestSubject::User(user) if policy.user(user).is_none() => {
            return Err(AccessTestError::UnknownUser)
        }
        TestSubject::Group(group) | TestSubject::EveryoneOutside(group)
            if policy.group(group).is_none() =>
        {
            return Err(AccessTestError::UnknownGroup)
        }
        _ => {}
    }
    if let Some(role) = input.comparison.role() {
        if role.kind() != resource.kind {
            return Err(AccessTestError::WrongLadder {
                role,
                resource: resource.name.clone(),
                kind: resource.kind,
            });
        }
    }
    let environments = match &input.environments {
        None => TestEnvironments::All,
        Some(ids) => TestEnvironments::Only(environments(policy, ids)?),
    };
    let mut test = AccessTest {
        id,
        name,
        subject: input.subject.clone(),
        comparison: input.comparison,
        resource: resource.id.clone(),
        environments,
        saved_names: Default::default(),
    };
    test.remember_names(policy);
    Ok(test)
}

fn environments(policy: &Policy, ids: &[String]) -> Result<Vec<EnvironmentId>, AccessTestError> {
    if ids.iter().all(|id| id.trim().is_empty()) {
        return Err(AccessTestError::NoEnvironments);
    }
    let mut wanted = Vec::with_capacity(ids.len());
    for raw in ids.iter().filter(|id| !id.trim().is_empty()) {
        let id = EnvironmentId::parse(raw)
            .ok()
            .filter(|id| policy.environment(id).is_some())
            .ok_or_else(|| AccessTestError::UnknownEnvironment(raw.trim().to_owned()))?;
        wanted.push(id);
    }
    Ok(policy
        .environments
        .iter()
        .filter(|e| wanted.contains(&e.id))
        .map(|e| e.id.clone())
        .collect())
}
