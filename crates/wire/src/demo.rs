//! The demo organisation as one JSON document, for the studio's server-less demo mode: the
//! server exports it from its own seed (`export-demo`), the studio loads it into an in-browser
//! store.

use serde::{Deserialize, Serialize};

use crate::{EnvironmentInfo, GrantView, GroupDetail, ResourceKind, UserSummary};

/// A resource as the demo store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoResource {
    /// Stable id.
    pub id: String,
    /// App or connector.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ResourceKindSchema))]
    pub kind: ResourceKind,
    /// Display name.
    pub name: String,
    /// Who created it (user id).
    pub creator: Option<String>,
    /// Permissions version.
    pub version: i64,
}

/// Everything the studio needs to run without a server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoSnapshot {
    /// The organisation environments.
    pub environments: Vec<EnvironmentInfo>,
    /// The environment all demo data lives in.
    pub environment: String,
    /// Data environments (id, name) in display order.
    pub data_environments: Vec<crate::DataEnvironment>,
    /// Users of that environment.
    pub users: Vec<UserSummary>,
    /// Groups with members.
    pub groups: Vec<GroupDetail>,
    /// Apps and connectors.
    pub resources: Vec<DemoResource>,
    /// Grants.
    pub grants: Vec<GrantView>,
}
