//! The connector role ladder `None < UseOnly < Editor < Owner` and what each role may do
//! (DESIGN §2, seed app-and-connector-permissions).

use serde::{Deserialize, Serialize};

/// A role on a connector, ordered from least to most.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorRole {
    /// Not visible; cannot be bound into apps.
    #[default]
    None,
    /// May use (bind) the connector; edits are refused.
    UseOnly,
    /// May edit the configuration and manage environments.
    Editor,
    /// Everything, including permissions and deletion.
    Owner,
}

/// Something a user may do with a connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorCapability {
    /// See the connector in lists.
    View,
    /// Bind the connector into apps and run it.
    Use,
    /// Save changes to the connector's configuration.
    EditConfiguration,
    /// Add or change the connector's environments.
    ManageEnvironments,
    /// Delete the connector.
    Delete,
    /// Change who may do what with the connector.
    EditPermissions,
}

impl ConnectorRole {
    /// Every role, in ladder order.
    pub const ALL: [Self; 4] = [Self::None, Self::UseOnly, Self::Editor, Self::Owner];

    /// Position on the ladder: `None` is 0, `Owner` is 3.
    pub const fn level(self) -> u8 {
        self as u8
    }

    /// The role at a ladder position, if there is one.
    pub fn from_level(level: u8) -> Option<Self> {
        Self::ALL.get(usize::from(level)).copied()
    }

    /// The name shown to administrators ("Use Only").
    pub const fn label(self) -> &'static str {
        match self {
            Self::None => "None",
            Self::UseOnly => "Use Only",
            Self::Editor => "Editor",
            Self::Owner => "Owner",
        }
    }

    /// One sentence on what the role allows.
    pub const fn description(self) -> &'static str {
        match self {
            Self::None => "No access: the connector is hidden and cannot be bound into apps.",
            Self::UseOnly => "Can use the connector in apps; changes to it are not saved.",
            Self::Editor => "Can edit the connector's configuration and manage its environments.",
            Self::Owner => "Full control: configuration, environments, deletion and permissions.",
        }
    }

    /// Whether this role grants `capability`; higher roles include everything lower ones may.
    pub fn can(self, capability: ConnectorCapability) -> bool {
        self >= capability.min_role()
    }

    /// Everything this role may do, in the order of [`ConnectorCapability::ALL`].
    pub fn capabilities(self) -> impl Iterator<Item = ConnectorCapability> {
        ConnectorCapability::ALL
            .into_iter()
            .filter(move |c| self.can(*c))
    }
}

impl ConnectorCapability {
    /// Every capability, from the one the lowest role has to the one only Owners have.
    pub const ALL: [Self; 6] = [
        Self::View,
        Self::Use,
        Self::EditConfiguration,
        Self::ManageEnvironments,
        Self::Delete,
        Self::EditPermissions,
    ];

    /// The lowest role that has this capability.
    pub const fn min_role(self) -> ConnectorRole {
        match self {
            Self::View | Self::Use => ConnectorRole::UseOnly,
            Self::EditConfiguration | Self::ManageEnvironments => ConnectorRole::Editor,
            Self::Delete | Self::EditPermissions => ConnectorRole::Owner,
        }
    }

    /// A short label ("edit configuration").
    pub const fn label(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Use => "use",
            Self::EditConfiguration => "edit configuration",
            Self::ManageEnvironments => "manage environments",
            Self::Delete => "delete",
            Self::EditPermissions => "edit permissions",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connector_ladder_is_ordered_as_in_the_seed() {
        assert!(ConnectorRole::None < ConnectorRole::UseOnly);
        assert!(ConnectorRole::UseOnly < ConnectorRole::Editor);
        assert!(ConnectorRole::Editor < ConnectorRole::Owner);
        for (i, role) in ConnectorRole::ALL.iter().enumerate() {
            assert_eq!(usize::from(role.level()), i);
            assert_eq!(ConnectorRole::from_level(role.level()), Some(*role));
        }
        assert_eq!(ConnectorRole::from_level(4), None);
    }

    #[test]
    fn use_only_can_use_but_not_save_edits() {
        assert!(ConnectorRole::UseOnly.can(ConnectorCapability::Use));
        assert!(!ConnectorRole::UseOnly.can(ConnectorCapability::EditConfiguration));
    }

    #[test]
    fn only_owner_edits_permissions_and_deletes() {
        for role in ConnectorRole::ALL {
            let owner = role == ConnectorRole::Owner;
            assert_eq!(role.can(ConnectorCapability::EditPermissions), owner);
            assert_eq!(role.can(ConnectorCapability::Delete), owner);
        }
        assert!(ConnectorRole::Editor.can(ConnectorCapability::ManageEnvironments));
    }

    #[test]
    fn none_sees_nothing() {
        assert_eq!(ConnectorRole::None.capabilities().count(), 0);
    }

    #[test]
    fn roles_serialise_in_snake_case() {
        let json = serde_json::to_string(&ConnectorRole::UseOnly).unwrap();
        assert_eq!(json, "\"use_only\"");
        assert_eq!(ConnectorRole::UseOnly.label(), "Use Only");
    }
}
