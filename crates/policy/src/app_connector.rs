//! App connectors: a named gateway with one linked user group, a set of included get and
//! update connectors and a blocked flag, and the check a call through it must pass
//! (DESIGN §3, seed app-connector-user-group).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ids::{AppConnectorId, GroupId, TokenId, UserId};
use crate::policy::Policy;
use crate::time::Timestamp;

/// Whether a connector reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorKind {
    /// A get connector: returns rows, subject to filter authorisation.
    Get,
    /// An update connector: writes data.
    Update,
}

/// A get or update connector by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ConnectorRef {
    /// Get or update.
    pub kind: ConnectorKind,
    /// The connector's name, e.g. `Profit_Employees`.
    pub name: String,
}

/// An app connector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppConnector {
    /// Stable id.
    pub id: AppConnectorId,
    /// Display name ("Leave requests").
    pub name: String,
    /// The user group whose members may call through it.
    pub group: GroupId,
    /// The connectors a call may use.
    #[serde(default)]
    pub connectors: BTreeSet<ConnectorRef>,
    /// A blocked app connector refuses every call.
    #[serde(default)]
    pub blocked: bool,
}

/// What the server keeps of a token: never the secret, only whose it is and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// Stable id (shown in the token view).
    pub id: TokenId,
    /// The user the token acts for.
    pub user: UserId,
    /// The app connector the token is for.
    pub app_connector: AppConnectorId,
    /// When the token stops working; `None` never.
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
    /// A revoked token never works again.
    #[serde(default)]
    pub revoked: bool,
}

/// Why an app connector in the snapshot is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppConnectorError {
    /// Two app connectors share an id.
    #[error("app connector `{0}` appears more than once")]
    Duplicate(AppConnectorId),
    /// The linked group does not exist.
    #[error("app connector `{app_connector}` is linked to unknown group `{group}`")]
    UnknownGroup {
        /// The app connector.
        app_connector: AppConnectorId,
        /// The missing group.
        group: GroupId,
    },
}

/// Members of each app connector's linked group who have no email address (and so cannot
/// call through it): the studio warns about them.
pub fn users_missing_email(policy: &Policy) -> Vec<(AppConnectorId, UserId)> {
    policy
        .app_connectors
        .iter()
        .flat_map(|a| {
            policy
                .users
                .iter()
                .filter(|u| u.email.is_none() && u.groups.contains(&a.group))
                .map(|u| (a.id.clone(), u.id.clone()))
        })
        .collect()
}
