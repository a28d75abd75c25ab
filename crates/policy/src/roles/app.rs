//! The app role ladder `None < PreviewOnly < Editor < Publisher < Owner` and what each role
//! may do (DESIGN §2, seed app-and-connector-permissions).

use serde::{Deserialize, Serialize};

/// A role on an app, ordered from least to most.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum AppRole {
    /// Not visible in the dashboard.
    #[default]
    None,
    /// May preview the app only.
    PreviewOnly,
    /// May edit and preview, not publish.
    Editor,
    /// May edit details, update and publish (set live).
    Publisher,
    /// Everything, including environments, deletion and permissions.
    Owner,
}

/// Something a user may do with an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppCapability {
    /// See the app in the dashboard.
    View,
    /// Preview the app.
    Preview,
    /// Edit the app.
    Edit,
    /// Edit the app's details (name, description, …).
    EditDetails,
    /// Update the app to a new version.
    Update,
    /// Change the app's status to live.
    Publish,
    /// Edit the app's environments.
    EditEnvironments,
    /// Delete the app.
    Delete,
    /// Change who may do what with the app.
    EditPermissions,
}

impl AppRole {
    /// Every role, in ladder order.
    pub const ALL: [Self; 5] = [
        Self::None,
        Self::PreviewOnly,
        Self::Editor,
        Self::Publisher,
        Self::Owner,
    ];

    /// Position on the ladder: `None` is 0, `Owner` is 4.
    pub const fn level(self) -> u8 {
        self as u8
    }

    /// The role at a ladder position, if there is one.
    pub fn from_level(level: u8) -> Option<Self> {
        Self::ALL.get(usize::from(level)).copied()
    }

    /// The name shown to administrators ("Preview Only").
    pub const fn label(self) -> &'static str {
        match self {
            Self::None => "None",
            Self::PreviewOnly => "Preview Only",
            Self::Editor => "Editor",
            Self::Publisher => "Publisher",
            Self::Owner => "Owner",
        }
    }

    /// One sentence on what the role allows.
    pub const fn description(self) -> &'static str {
        match self {
            Self::None => "No access: the app is not visible in the dashboard.",
            Self::PreviewOnly => "Can preview the app; cannot edit or publish it.",
            Self::Editor => "Can edit and preview the app; cannot publish it.",
            Self::Publisher => "Can edit details, update the app and set it live.",
            Self::Owner => "Full control: publishing, environments, deletion and permissions.",
        }
    }

    /// Whether this role grants `capability`; higher roles include everything lower ones may.
    pub fn can(self, capability: AppCapability) -> bool {
        self >= capability.min_role()
    }

    /// Everything this role may do, in the order of [`AppCapability::ALL`].
    pub fn capabilities(self) -> impl Iterator<Item = AppCapability> {
        AppCapability::ALL.into_iter().filter(move |c| self.can(*c))
    }
}

impl AppCapability {
    /// Every capability, from the one the lowest role has to the ones only Owners have.
    pub const ALL: [Self; 9] = [
        Self::View,
        Self::Preview,
        Self::Edit,
        Self::EditDetails,
        Self::Update,
        Self::Publish,
        Self::EditEnvironments,
        Self::Delete,
        Self::EditPermissions,
    ];

    /// The lowest role that has this capability.
    pub const fn min_role(self) -> AppRole {
        match self {
            Self::View | Self::Preview => AppRole::PreviewOnly,
            Self::Edit => AppRole::Editor,
            Self::EditDetails | Self::Update | Self::Publish => AppRole::Publisher,
            Self::EditEnvironments | Self::Delete | Self::EditPermissions => AppRole::Owner,
        }
    }

    /// A short label ("publish").
    pub const fn label(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Preview => "preview",
            Self::Edit => "edit",
            Self::EditDetails => "edit details",
            Self::Update => "update",
            Self::Publish => "publish",
            Self::EditEnvironments => "edit environments",
            Self::Delete => "delete",
            Self::EditPermissions => "edit permissions",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_ladder_is_ordered_as_in_the_seed() {
        let mut sorted = AppRole::ALL;
        sorted.sort();
        assert_eq!(sorted, AppRole::ALL);
        assert_eq!(AppRole::Owner.level(), 4);
        assert_eq!(AppRole::from_level(2), Some(AppRole::Editor));
    }

    #[test]
    fn editor_cannot_publish_but_publisher_can() {
        assert!(AppRole::Editor.can(AppCapability::Edit));
        assert!(AppRole::Editor.can(AppCapability::Preview));
        assert!(!AppRole::Editor.can(AppCapability::Publish));
        assert!(AppRole::Publisher.can(AppCapability::Publish));
    }

    #[test]
    fn publisher_cannot_change_permissions_or_delete() {
        assert!(!AppRole::Publisher.can(AppCapability::EditPermissions));
        assert!(!AppRole::Publisher.can(AppCapability::Delete));
        assert!(AppRole::Owner.can(AppCapability::EditPermissions));
    }

    #[test]
    fn preview_only_only_previews() {
        let caps: Vec<_> = AppRole::PreviewOnly.capabilities().collect();
        assert_eq!(caps, [AppCapability::View, AppCapability::Preview]);
        assert_eq!(AppRole::None.capabilities().count(), 0);
    }

    #[test]
    fn app_roles_serialise_in_snake_case() {
        assert_eq!(
            serde_json::to_string(&AppRole::PreviewOnly).unwrap(),
            "\"preview_only\""
        );
        assert_eq!(AppRole::PreviewOnly.label(), "Preview Only");
    }
}
