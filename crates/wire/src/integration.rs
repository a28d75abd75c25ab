//! App connectors and tokens (DESIGN §3): connectors, members, tokens, refused calls and the
//! rows an allowed call returns.

use serde::{Deserialize, Serialize};

use crate::{CallCondition, ConnectorKind, GroupRef, Row, UserRef};

/// An app or connector as referenced from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourceRef {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A connector included in an app connector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncludedConnector {
    /// The connector resource's id (also the `{connector}` of the connect endpoint).
    pub connector: String,
    /// The connector's display name.
    pub name: String,
    /// Included as get or as update connector.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ConnectorKindSchema))]
    pub kind: ConnectorKind,
    /// The table a get connector serves, if any.
    #[serde(default)]
    pub table: Option<String>,
}

/// A member of an app connector's linked group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppConnectorMember {
    /// Stable id.
    pub id: String,
    /// User code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Email address, if any.
    pub email: Option<String>,
    /// True when the member has no email address and so cannot call through the app connector.
    pub missing_email: bool,
}

/// An app connector with its linked group, members and included connectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppConnectorView {
    /// Stable id (the `{app_connector}` of the connect endpoint).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The user group whose members may call through it.
    pub group: GroupRef,
    /// The members of the linked group, by name.
    pub members: Vec<AppConnectorMember>,
    /// How many members lack an email address.
    pub members_missing_email: usize,
    /// The connectors a call may use.
    pub connectors: Vec<IncludedConnector>,
    /// A blocked app connector refuses every call.
    pub blocked: bool,
    /// Version for optimistic concurrency (the ETag).
    pub version: i64,
}

/// One connector to include, in a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConnectorInclusion {
    /// The connector resource's id.
    pub connector: String,
    /// As get or as update connector.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ConnectorKindSchema))]
    pub kind: ConnectorKind,
}

/// The body of a request that creates an app connector, or changes one (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppConnectorFields {
    /// Display name, unique in the environment.
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub name: String,
    /// The linked group's id.
    pub group: String,
    /// The included connectors.
    #[serde(default)]
    pub connectors: Vec<ConnectorInclusion>,
}

/// The body of a request that blocks or unblocks an app connector (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppConnectorBlock {
    /// Whether calls through the app connector are refused.
    pub blocked: bool,
}

/// Whether a token still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    /// Neither revoked nor expired.
    Active,
    /// Past its expiry time.
    Expired,
    /// Revoked: it never works again.
    Revoked,
}

/// A token as listed: never the secret or its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenView {
    /// Stable id.
    pub id: String,
    /// The first characters of the secret, to recognise it (e.g. `gh_at_3kTMd8Xq`).
    pub prefix: String,
    /// The user the token acts for.
    pub user: UserRef,
    /// The app connector it is for.
    pub app_connector: ResourceRef,
    /// Unix seconds it was created at.
    pub created_at: i64,
    /// Unix seconds from which it no longer works; `None` never.
    pub expires_at: Option<i64>,
    /// Unix seconds of the last allowed call, if any.
    pub last_used_at: Option<i64>,
    /// Unix seconds it was revoked at, if it was.
    pub revoked_at: Option<i64>,
    /// Active, expired or revoked.
    pub status: TokenStatus,
}

/// The body of a request that issues a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// The user's code (`12345.BWilliams`).
    pub user: String,
    /// The app connector's id.
    pub app_connector: String,
    /// Optional expiry, unix seconds in the future.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// A newly issued token: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedToken {
    /// The token as it will be listed.
    pub token: TokenView,
    /// The secret to send as `Authorization: Bearer <secret>`; not retrievable later.
    pub secret: String,
    /// Conditions that will refuse calls with this token as things stand (e.g. no email).
    pub warnings: Vec<String>,
}

/// A refused connector call: the reason, and the condition that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallRefusalBody {
    /// A readable sentence.
    pub error: String,
    /// The input the refusal is about (`authorization`, `email`, `group`, `blocked`, `connector`).
    #[serde(default)]
    pub field: Option<String>,
    /// The condition that failed.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "member_of_linked_group"))]
    pub condition: CallCondition,
}

/// Which rows a user sees of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VisibilityState {
    /// The table does not use filters: every row.
    AllRows,
    /// The table uses filters and none is active for the user: no row.
    NoActiveFilter,
    /// The user is deactivated: no row.
    Deactivated,
    /// The union of the rows the user's active filters let through.
    Filtered,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataRow {
    /// Stable row id.
    pub id: String,
    /// Field name → value.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub values: Row,
}

/// The answer of an allowed connector call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectResult {
    /// The app connector called.
    pub app_connector: String,
    /// The connector called.
    pub connector: String,
    /// The code of the user the token acts for.
    pub user: String,
    /// The table the connector serves, if any.
    pub table: Option<String>,
    /// How the rows were selected.
    pub state: VisibilityState,
    /// The rows the user may see.
    pub rows: Vec<DataRow>,
}
