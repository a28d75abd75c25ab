//! Display names for refusals: people, groups and resources by name, never by id.

use crate::error::PolicyError;
use crate::grants::Subject;
use crate::ids::{GroupId, ResourceId, UserId};
use crate::policy::Policy;

use super::Target;

/// Display names for messages: people, groups and resources by name, never by id.
pub(super) struct Names<'p>(pub(super) &'p Policy);

impl Names<'_> {
    pub(super) fn user(&self, id: &UserId) -> String {
        self.0
            .user(id)
            .map_or_else(|| "an unknown user".to_owned(), |u| u.name.clone())
    }

    pub(super) fn group(&self, id: &GroupId) -> String {
        self.0.group(id).map_or_else(
            || "an unknown group".to_owned(),
            |g| format!("group {}", g.name),
        )
    }

    pub(super) fn subject(&self, subject: &Subject) -> String {
        match subject {
            Subject::AllUsers => "All Users".to_owned(),
            Subject::Group(id) => self.group(id),
            Subject::User(id) => self.user(id),
        }
    }

    pub(super) fn resource(&self, id: &ResourceId) -> String {
        self.0
            .resource(id)
            .map_or_else(|| "an unknown resource".to_owned(), |r| r.name.clone())
    }

    pub(super) fn target(&self, target: &Target) -> String {
        match target {
            Target::Grant(key) => format!(
                "the grant of {} on {}",
                self.subject(&key.subject),
                self.resource(&key.resource)
            ),
            Target::Membership(user, group) => {
                format!("{}'s membership of {}", self.user(user), self.group(group))
            }
            Target::Group(group) => self.group(group),
            Target::User(user) => self.user(user),
            Target::Precedence => "the precedence rule".to_owned(),
            Target::AppConnector(id) => self
                .0
                .app_connectors
                .iter()
                .find(|a| &a.id == id)
                .map_or_else(
                    || "a new app connector".to_owned(),
                    |a| format!("app connector {}", a.name),
                ),
        }
    }

    /// A validation error in names.
    pub(super) fn policy_error(&self, err: &PolicyError) -> String {
        match err {
            PolicyError::UnknownSubject { .. } => "no such user or group here".to_owned(),
            PolicyError::UnknownResource { .. } => "no such resource here".to_owned(),
            PolicyError::UnknownEnvironment { environment, .. } => {
                format!("there is no data environment {environment} here")
            }
            PolicyError::NoEnvironments { .. } => "choose at least one environment".to_owned(),
            PolicyError::WrongLadder { resource, role, .. } => format!(
                "{role} is not a role of {} ({} roles are on another ladder)",
                self.resource(resource),
                role.kind().label()
            ),
            other => other.to_string(),
        }
    }
}
