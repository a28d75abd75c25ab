//! Grants: who (a user, a group or All Users) gets which role on which resource in which
//! environments, optionally until an expiry time; and the precedence rule that combines them.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{EnvironmentId, GroupId, ResourceId, UserId};
use crate::roles::Role;
use crate::time::Timestamp;

/// Who a grant is for. Ordered from least to most specific.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(
    tag = "type",
    content = "id",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Subject {
    /// The built-in All Users group: every user of the organisation.
    AllUsers,
    /// Every member of a group.
    Group(GroupId),
    /// One user.
    User(UserId),
}

impl Subject {
    /// 0 for All Users, 1 for a group, 2 for a user: "most specific wins" picks the highest.
    pub const fn specificity(&self) -> u8 {
        match self {
            Self::AllUsers => 0,
            Self::Group(_) => 1,
            Self::User(_) => 2,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AllUsers => f.write_str("All Users"),
            Self::Group(g) => write!(f, "group `{g}`"),
            Self::User(u) => write!(f, "user `{u}`"),
        }
    }
}

/// Identifies a grant: a subject has at most one grant per resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantKey {
    /// Who the grant is for.
    pub subject: Subject,
    /// The app or connector.
    pub resource: ResourceId,
}

/// A role on a resource for a subject in a set of environments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// Who the grant is for.
    pub subject: Subject,
    /// The app or connector.
    pub resource: ResourceId,
    /// The role; it must be on the resource's ladder.
    pub role: Role,
    /// Where the role applies; never empty.
    pub environments: BTreeSet<EnvironmentId>,
    /// When the grant stops applying (time-bound access); `None` is permanent.
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
}

impl Grant {
    /// A permanent grant.
    pub fn new(
        subject: Subject,
        resource: ResourceId,
        role: Role,
        environments: impl IntoIterator<Item = EnvironmentId>,
    ) -> Self {
        Self {
            subject,
            resource,
            role,
            environments: environments.into_iter().collect(),
            expires_at: None,
        }
    }

    /// The same grant, expiring at `at`.
    pub fn expiring_at(mut self, at: Timestamp) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// The grant's identity (subject and resource).
    pub fn key(&self) -> GrantKey {
        GrantKey {
            subject: self.subject.clone(),
            resource: self.resource.clone(),
        }
    }

    /// Whether the grant has expired at `now`.
    pub fn is_expired(&self, now: Timestamp) -> bool {
        now.has_passed(self.expires_at)
    }

    /// Whether the grant applies in `environment` at `now`.
    pub fn applies_in(&self, environment: &EnvironmentId, now: Timestamp) -> bool {
        !self.is_expired(now) && self.environments.contains(environment)
    }
}

/// How the grants that reach a user combine; an organisation setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precedence {
    /// The highest role among All Users, the user's groups and the user's own grant wins, so
    /// All Users takes precedence over a lower individual role (the product page's rule).
    #[default]
    HighestWins,
    /// The user's own grant wins; else the highest group grant; else All Users.
    MostSpecificWins,
}

impl Precedence {
    /// Both rules.
    pub const ALL: [Self; 2] = [Self::HighestWins, Self::MostSpecificWins];

    /// "highest wins" or "most specific wins".
    pub const fn label(self) -> &'static str {
        match self {
            Self::HighestWins => "highest wins",
            Self::MostSpecificWins => "most specific wins",
        }
    }

    /// One sentence on the rule, for the studio.
    pub const fn description(self) -> &'static str {
        match self {
            Self::HighestWins => {
                "The highest role from All Users, the user's groups and the user's own grant \
                 applies; a lower individual grant cannot restrict below All Users."
            }
            Self::MostSpecificWins => {
                "The user's own grant applies; without one the highest group grant; without \
                 that All Users."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::AppRole;

    fn env(id: &str) -> EnvironmentId {
        EnvironmentId::parse(id).unwrap()
    }

    #[test]
    fn subjects_serialise_with_a_type_tag() {
        let user = Subject::User(UserId::parse("bob").unwrap());
        assert_eq!(
            serde_json::to_string(&user).unwrap(),
            r#"{"type":"user","id":"bob"}"#
        );
        assert_eq!(
            serde_json::to_string(&Subject::AllUsers).unwrap(),
            r#"{"type":"all_users"}"#
        );
        let back: Subject = serde_json::from_str(r#"{"type":"all_users"}"#).unwrap();
        assert_eq!(back, Subject::AllUsers);
    }

    #[test]
    fn an_expired_grant_no_longer_applies() {
        let grant = Grant::new(
            Subject::AllUsers,
            ResourceId::parse("crm").unwrap(),
            Role::App(AppRole::Editor),
            [env("staging")],
        )
        .expiring_at(Timestamp(50));
        assert!(grant.applies_in(&env("staging"), Timestamp(49)));
        assert!(!grant.applies_in(&env("staging"), Timestamp(50)));
        assert!(!grant.applies_in(&env("production"), Timestamp(0)));
    }

    #[test]
    fn highest_wins_is_the_default() {
        assert_eq!(Precedence::default(), Precedence::HighestWins);
    }
}
