//! What an access test says: who (a user, a group's members, everyone, everyone outside a
//! group) should have which role on which resource in which data environments.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::{AccessTestId, EnvironmentId, GroupId, ResourceId, UserId};
use crate::policy::Policy;
use crate::roles::Role;

/// An expectation about access that administrators save and auditors rely on, e.g. "members
/// of Support have at most Editor on CRM Portal in Production". Checked against every change
/// set before it is saved (see [`crate::expectations::broken_by`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTest {
    /// Stable id (`tst-…`), chosen by the server.
    pub id: AccessTestId,
    /// What administrators call the test ("FSmit owns CRM"), 1 to 80 characters.
    pub name: String,
    /// Whose access the test is about.
    pub subject: TestSubject,
    /// What their effective role must be.
    pub comparison: Comparison,
    /// The app or connector.
    pub resource: ResourceId,
    /// The data environments the expectation holds in.
    pub environments: TestEnvironments,
    /// The display names of what the test names, as they were when it was saved: what a
    /// broken test's message calls something that has since been deleted (a name that still
    /// exists is always shown as it is now).
    #[serde(default)]
    pub saved_names: SavedNames,
}

/// Whose access a test is about. Only active users count: a deactivated account has no
/// access, so it never violates a test (nor satisfies one on its own).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "type",
    content = "id",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum TestSubject {
    /// One user.
    User(UserId),
    /// Each active member of a group.
    Group(GroupId),
    /// Every active user of the organisation.
    Everyone,
    /// Every active user who is not a member of the group ("nobody outside ICT can use HR
    /// Database").
    EveryoneOutside(GroupId),
}

/// What a subject's effective role must be, on the resource's ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "role", rename_all = "snake_case")]
pub enum Comparison {
    /// The role or a higher one.
    AtLeast(Role),
    /// The role or a lower one (None included).
    AtMost(Role),
    /// Exactly the role.
    Exactly(Role),
    /// No access at all (the ladder's None).
    NoAccess,
}

impl Comparison {
    /// The role the comparison names; `None` for [`Comparison::NoAccess`].
    pub const fn role(self) -> Option<Role> {
        match self {
            Self::AtLeast(role) | Self::AtMost(role) | Self::Exactly(role) => Some(role),
            Self::NoAccess => None,
        }
    }

    /// The lowest and highest ladder positions the comparison admits.
    pub const fn bounds(self) -> (u8, u8) {
        match self {
            Self::AtLeast(role) => (role.level(), u8::MAX),
            Self::AtMost(role) => (0, role.level()),
            Self::Exactly(role) => (role.level(), role.level()),
            Self::NoAccess => (0, 0),
        }
    }

    /// Whether an effective role at ladder position `level` satisfies the comparison. Only
    /// meaningful for a role on the resource's own ladder (checked when the test is made).
    pub const fn admits(self, level: u8) -> bool {
        let (low, high) = self.bounds();
        low <= level && level <= high
    }
}

/// The data environments a test holds in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "ids", rename_all = "snake_case")]
pub enum TestEnvironments {
    /// Every data environment, including ones created after the test.
    All,
    /// These data environments; never empty when made by
    /// [`crate::expectations::access_test_from_input`].
    Only(Vec<EnvironmentId>),
}

/// Display names remembered when a test is saved, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedNames {
    /// The resource's name.
    #[serde(default)]
    pub resource: String,
    /// The user's name ("Fleur Smit (12345.FSmit)") or the group's; empty for everyone.
    #[serde(default)]
    pub subject: String,
    /// The names of the environments of [`TestEnvironments::Only`].
    #[serde(default)]
    pub environments: BTreeMap<EnvironmentId, String>,
}

impl AccessTest {
    /// Remembers the current display names of what the test names (see
    /// [`AccessTest::saved_names`]); names of things `policy` does not have are kept.
    pub fn remember_names(&mut self, policy: &Policy) {
        if let Some(resource) = policy.resource(&self.resource) {
            self.saved_names.resource.clone_from(&resource.name);
        }
        let subject = match &self.subject {
            TestSubject::User(id) => policy.user(id).map(user_label),
            TestSubject::Group(id) | TestSubject::EveryoneOutside(id) => {
                policy.group(id).map(|g| g.name.clone())
            }
            TestSubject::Everyone => Some(String::new()),
        };
        if let Some(subject) = subject {
            self.saved_names.subject = subject;
        }
        if let TestEnvironments::Only(ids) = &self.environments {
            for id in ids {
                if let Some(env) = policy.environment(id) {
                    self.saved_names
                        .environments
                        .insert(id.clone(), env.name.clone());
                }
            }
        }
    }
}

/// "Fleur Smit (12345.FSmit)", or the name alone for a user without a code.
pub fn user_label(user: &crate::policy::User) -> String {
    match &user.code {
        Some(code) => format!("{} ({code})", user.name),
        None => user.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::{AppRole, ConnectorRole};

    #[test]
    fn comparisons_compare_on_the_ladder() {
        let editor = Role::App(AppRole::Editor);
        assert!(Comparison::AtLeast(editor).admits(3));
        assert!(!Comparison::AtLeast(editor).admits(1));
        assert!(Comparison::AtMost(editor).admits(0));
        assert!(!Comparison::AtMost(editor).admits(3));
        assert!(Comparison::Exactly(editor).admits(2));
        assert!(!Comparison::Exactly(editor).admits(4));
        assert!(Comparison::NoAccess.admits(0));
        assert!(!Comparison::NoAccess.admits(1));
    }

    #[test]
    fn tests_serialise_with_snake_case_tags() {
        let comparison = Comparison::AtMost(Role::Connector(ConnectorRole::UseOnly));
        assert_eq!(
            serde_json::to_string(&comparison).unwrap(),
            r#"{"type":"at_most","role":{"connector":"use_only"}}"#
        );
        let subject = TestSubject::EveryoneOutside(GroupId::parse("grp-ict").unwrap());
        assert_eq!(
            serde_json::to_string(&subject).unwrap(),
            r#"{"type":"everyone_outside","id":"grp-ict"}"#
        );
        let back: TestEnvironments = serde_json::from_str(r#"{"type":"all"}"#).unwrap();
        assert_eq!(back, TestEnvironments::All);
        let no_access: Comparison = serde_json::from_str(r#"{"type":"no_access"}"#).unwrap();
        assert_eq!(no_access, Comparison::NoAccess);
    }
}
