//! Roles: the two ladders (apps and connectors), a kind-tagged [`Role`] and the resource
//! kinds they belong to.

mod app;
mod connector;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use app::{AppCapability, AppRole};
pub use connector::{ConnectorCapability, ConnectorRole};

/// What a resource is; it decides which role ladder applies to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// An app (ladder `None < PreviewOnly < Editor < Publisher < Owner`).
    App,
    /// A connector (ladder `None < UseOnly < Editor < Owner`).
    Connector,
}

impl ResourceKind {
    /// The ladder position of Owner for this kind (the highest level).
    pub const fn owner_level(self) -> u8 {
        match self {
            Self::App => AppRole::Owner.level(),
            Self::Connector => ConnectorRole::Owner.level(),
        }
    }

    /// Every role of this kind, in ladder order.
    pub fn roles(self) -> Vec<Role> {
        match self {
            Self::App => AppRole::ALL.into_iter().map(Role::App).collect(),
            Self::Connector => ConnectorRole::ALL
                .into_iter()
                .map(Role::Connector)
                .collect(),
        }
    }

    /// "app" or "connector".
    pub const fn label(self) -> &'static str {
        match self {
            Self::App => "app",
            Self::Connector => "connector",
        }
    }
}

/// A role on either ladder. Serialised as `{"app": "editor"}` or `{"connector": "use_only"}`.
/// Roles of different kinds are not comparable; compare [`Role::level`]s of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A role on an app.
    App(AppRole),
    /// A role on a connector.
    Connector(ConnectorRole),
}

impl Role {
    /// The ladder this role is on.
    pub const fn kind(self) -> ResourceKind {
        match self {
            Self::App(_) => ResourceKind::App,
            Self::Connector(_) => ResourceKind::Connector,
        }
    }

    /// Position on its ladder (`None` is 0).
    pub const fn level(self) -> u8 {
        match self {
            Self::App(r) => r.level(),
            Self::Connector(r) => r.level(),
        }
    }

    /// The role of `kind` at ladder position `level`, if there is one.
    pub fn from_level(kind: ResourceKind, level: u8) -> Option<Self> {
        match kind {
            ResourceKind::App => AppRole::from_level(level).map(Self::App),
            ResourceKind::Connector => ConnectorRole::from_level(level).map(Self::Connector),
        }
    }

    /// `None` on the ladder of `kind`.
    pub const fn none(kind: ResourceKind) -> Self {
        match kind {
            ResourceKind::App => Self::App(AppRole::None),
            ResourceKind::Connector => Self::Connector(ConnectorRole::None),
        }
    }

    /// `Owner` on the ladder of `kind`.
    pub const fn owner(kind: ResourceKind) -> Self {
        match kind {
            ResourceKind::App => Self::App(AppRole::Owner),
            ResourceKind::Connector => Self::Connector(ConnectorRole::Owner),
        }
    }

    /// Whether this is the Owner role of its ladder.
    pub const fn is_owner(self) -> bool {
        self.level() == self.kind().owner_level()
    }

    /// The name shown to administrators.
    pub const fn label(self) -> &'static str {
        match self {
            Self::App(r) => r.label(),
            Self::Connector(r) => r.label(),
        }
    }

    /// One sentence on what the role allows.
    pub const fn description(self) -> &'static str {
        match self {
            Self::App(r) => r.description(),
            Self::Connector(r) => r.description(),
        }
    }

    /// Whether the role may change the resource's permissions (only Owner may).
    pub const fn can_edit_permissions(self) -> bool {
        self.is_owner()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_levels() {
        for kind in [ResourceKind::App, ResourceKind::Connector] {
            for role in kind.roles() {
                assert_eq!(Role::from_level(kind, role.level()), Some(role));
                assert_eq!(role.kind(), kind);
            }
            assert_eq!(Role::from_level(kind, kind.owner_level() + 1), None);
            assert!(Role::owner(kind).is_owner());
            assert!(!Role::none(kind).is_owner());
        }
    }

    #[test]
    fn roles_serialise_with_their_ladder() {
        let json = serde_json::to_string(&Role::Connector(ConnectorRole::UseOnly)).unwrap();
        assert_eq!(json, r#"{"connector":"use_only"}"#);
        let back: Role = serde_json::from_str(r#"{"app":"preview_only"}"#).unwrap();
        assert_eq!(back, Role::App(AppRole::PreviewOnly));
    }

    #[test]
    fn only_owners_edit_permissions() {
        assert!(Role::App(AppRole::Owner).can_edit_permissions());
        assert!(!Role::App(AppRole::Publisher).can_edit_permissions());
        assert!(Role::Connector(ConnectorRole::Owner).can_edit_permissions());
    }
}
