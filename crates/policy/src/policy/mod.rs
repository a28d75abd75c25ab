//! The policy snapshot: an organisation's users, groups, resources, environments, grants, app
//! connectors and filtered tables, as the server stores them and the studio edits them.

mod validate;

pub use validate::GrantCheck;

pub(crate) use validate::{Resolver, SubjectIx};

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::app_connector::AppConnector;
use crate::environments::Environment;
use crate::error::PolicyError;
use crate::filter::Table;
use crate::flags::UserFlags;
use crate::grants::{Grant, GrantKey, Precedence, Subject};
use crate::ids::{EmailAddress, EnvironmentId, GroupId, Participant, ResourceId, UserCode, UserId};
use crate::roles::{ResourceKind, Role};

/// Whether a user account may be used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// The account works.
    #[default]
    Active,
    /// The account is switched off: no effective access, and its permissions cannot be
    /// edited (they are kept for when it is reactivated).
    Deactivated,
}

/// A user of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Stable id.
    pub id: UserId,
    /// The user code (`12345.FSmit`), unique in the environment; `None` where the snapshot
    /// was built without codes (tests, benchmarks).
    #[serde(default)]
    pub code: Option<UserCode>,
    /// Display name.
    pub name: String,
    /// Login address; required to use app connectors, unique within the organisation.
    #[serde(default)]
    pub email: Option<EmailAddress>,
    /// Active or deactivated.
    #[serde(default)]
    pub status: UserStatus,
    /// The account owner has Owner on every resource in every environment.
    #[serde(default)]
    pub account_owner: bool,
    /// The groups the user is a member of (All Users is implicit and not listed).
    #[serde(default)]
    pub groups: BTreeSet<GroupId>,
    /// Application flags (Windows, InSite, Pocket).
    #[serde(default)]
    pub flags: UserFlags,
    /// A system user: a code only, not linked to a person, so it cannot use InSite (a normal
    /// user is linked to a person).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub system: bool,
}

impl User {
    /// An active user with no email, groups or flags.
    pub fn new(id: UserId, name: impl Into<String>) -> Self {
        Self {
            id,
            code: None,
            name: name.into(),
            email: None,
            status: UserStatus::Active,
            account_owner: false,
            groups: BTreeSet::new(),
            flags: UserFlags::default(),
            system: false,
        }
    }

    /// Whether the account is active.
    pub fn is_active(&self) -> bool {
        self.status == UserStatus::Active
    }
}

/// A user group (the built-in All Users group is [`Subject::AllUsers`], not a `Group`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Stable id.
    pub id: GroupId,
    /// Display name ("Developers"), unique in the environment regardless of letter case.
    pub name: String,
    /// What the group is for.
    #[serde(default)]
    pub description: String,
}

impl Group {
    /// A group without a description.
    pub fn new(id: GroupId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            description: String::new(),
        }
    }
}

/// An app or a connector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    /// Stable id.
    pub id: ResourceId,
    /// Display name.
    pub name: String,
    /// App or connector: decides the role ladder.
    pub kind: ResourceKind,
    /// Who created it; the creator becomes its Owner (see [`Policy::add_resource`]).
    #[serde(default)]
    pub creator: Option<UserId>,
}

/// A whole organisation's permission data at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// The participant (organisation number) whose environment this is: new user codes
    /// start with it. `None` where the snapshot was built without one (tests, benchmarks).
    #[serde(default)]
    pub participant: Option<Participant>,
    /// How grants combine.
    #[serde(default)]
    pub precedence: Precedence,
    /// Users.
    #[serde(default)]
    pub users: Vec<User>,
    /// Groups.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Apps and connectors.
    #[serde(default)]
    pub resources: Vec<Resource>,
    /// Data environments; always holds the three built-ins.
    #[serde(default = "Environment::built_ins")]
    pub environments: Vec<Environment>,
    /// Grants; at most one per subject and resource.
    #[serde(default)]
    pub grants: Vec<Grant>,
    /// App connectors (DESIGN §3).
    #[serde(default)]
    pub app_connectors: Vec<AppConnector>,
    /// Tables under filter authorisation (DESIGN §4).
    #[serde(default)]
    pub tables: Vec<Table>,
}

impl Default for Policy {
    fn default() -> Self {
        Self::new()
    }
}

impl Policy {
    /// An empty organisation with the built-in environments and "highest wins".
    pub fn new() -> Self {
        Self {
            participant: None,
            precedence: Precedence::default(),
            users: Vec::new(),
            groups: Vec::new(),
            resources: Vec::new(),
            environments: Environment::built_ins(),
            grants: Vec::new(),
            app_connectors: Vec::new(),
            tables: Vec::new(),
        }
    }

    /// Checks every reference and rule; the first problem found is returned.
    pub fn validate(&self) -> Result<(), PolicyError> {
        validate::validate(self)
    }

    /// The user with `id`.
    pub fn user(&self, id: &UserId) -> Option<&User> {
        self.users.iter().find(|u| &u.id == id)
    }

    /// Whether `subject`'s grants are frozen: a deactivated user's permissions are kept but
    /// cannot be edited.
    pub fn grants_frozen(&self, subject: &Subject) -> bool {
        matches!(subject, Subject::User(user) if self.user(user).is_some_and(|u| !u.is_active()))
    }

    /// The user with `id`, mutably.
    pub fn user_mut(&mut self, id: &UserId) -> Option<&mut User> {
        self.users.iter_mut().find(|u| &u.id == id)
    }

    /// The group with `id`.
    pub fn group(&self, id: &GroupId) -> Option<&Group> {
        self.groups.iter().find(|g| &g.id == id)
    }

    /// The resource with `id`.
    pub fn resource(&self, id: &ResourceId) -> Option<&Resource> {
        self.resources.iter().find(|r| &r.id == id)
    }

    /// The environment with `id`.
    pub fn environment(&self, id: &EnvironmentId) -> Option<&Environment> {
        self.environments.iter().find(|e| &e.id == id)
    }

    /// The grant of `key`.
    pub fn grant(&self, key: &GrantKey) -> Option<&Grant> {
        self.grants
            .iter()
            .find(|g| g.subject == key.subject && g.resource == key.resource)
    }

    /// Every grant on `resource`.
    pub fn grants_on<'a>(&'a self, resource: &'a ResourceId) -> impl Iterator<Item = &'a Grant> {
        self.grants.iter().filter(move |g| &g.resource == resource)
    }

    /// The users who are active account owners.
    pub fn account_owners(&self) -> impl Iterator<Item = &User> {
        self.users
            .iter()
            .filter(|u| u.account_owner && u.is_active())
    }

    /// The display name of a subject: "All Users", the group's or the user's name.
    pub fn subject_name(&self, subject: &Subject) -> String {
        match subject {
            Subject::AllUsers => "All Users".to_owned(),
            Subject::Group(g) => self
                .group(g)
                .map_or_else(|| g.to_string(), |g| g.name.clone()),
            Subject::User(u) => self
                .user(u)
                .map_or_else(|| u.to_string(), |u| u.name.clone()),
        }
    }

    /// The display name of an environment, or its id if it is unknown.
    pub fn environment_name(&self, id: &EnvironmentId) -> String {
        self.environment(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    }

    /// The grant that makes a resource's creator its Owner in every environment, if it has a
    /// creator.
    pub fn creator_grant(&self, resource: &Resource) -> Option<Grant> {
        let creator = resource.creator.clone()?;
        Some(Grant::new(
            Subject::User(creator),
            resource.id.clone(),
            Role::owner(resource.kind),
            self.environments.iter().map(|e| e.id.clone()),
        ))
    }

    /// Adds a resource and, if it names a creator, the creator's Owner grant in every
    /// environment ("the creator becomes its Owner"). Nothing changes on error.
    pub fn add_resource(&mut self, resource: Resource) -> Result<(), PolicyError> {
        let mut next = self.clone();
        if let Some(grant) = next.creator_grant(&resource) {
            next.grants.retain(|g| g.key() != grant.key());
            next.grants.push(grant);
        }
        next.resources.push(resource);
        next.validate()?;
        *self = next;
        Ok(())
    }
}
