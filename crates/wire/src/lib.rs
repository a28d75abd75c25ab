//! The JSON shapes of the Gatehouse API, shared by the server (which writes them) and the
//! studio (which reads them), so the two can never drift apart.

use serde::{Deserialize, Serialize};

mod access_tests;
mod audit;
mod changes;
pub mod collaborators;
mod compact_policy;
mod data;
pub mod demo;
mod imports;
mod integration;
mod people;
mod permissions;
mod provisioning;
#[cfg(feature = "openapi")]
mod schemas;

pub use access_tests::*;
pub use audit::*;
pub use changes::*;
pub use collaborators::*;
pub use compact_policy::*;
pub use data::*;
pub use imports::*;
pub use integration::*;
pub use people::*;
pub use permissions::*;
pub use provisioning::*;
#[cfg(feature = "openapi")]
pub use schemas::*;

pub use gatehouse_policy::filter::{Activation, FilterState};
pub use gatehouse_policy::{
    CallCondition, ConnectorKind, Deviation, FilterMode, Predicate, Row, Value,
};
pub use gatehouse_policy::{
    Decision, EnvironmentId, ResourceKind, Role, RoleChange, ShadowedGrant, Subject,
};

/// The body of every error response: what is wrong, and which input field, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A readable sentence: lowercase, no final period, user input in backticks.
    pub error: String,
    /// The offending input field (a JSON path such as `email` or `flags.pocket`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
