//! The JSON shapes of the Gatehouse API, shared by the server (which writes them) and the
//! studio (which reads them), so the two can never drift apart.

use serde::{Deserialize, Serialize};

pub mod collaborators;
pub mod demo;

pub use collaborators::*;

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

/// Whether a user may sign in and use anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// The account works.
    Active,
    /// The account is switched off: no access, permissions read-only.
    Deactivated,
}

impl UserStatus {
    /// The word shown in the studio.
    pub fn label(self) -> &'static str {
        match self {
            UserStatus::Active => "Active",
            UserStatus::Deactivated => "Deactivated",
        }
    }
}

/// Application flags of a user (Pocket needs Windows or InSite).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserFlags {
    /// May use the Windows client.
    pub windows: bool,
    /// May use the InSite web portal.
    pub insite: bool,
    /// May use the Pocket mobile app.
    pub pocket: bool,
}

/// A group as referenced from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupRef {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// One user as listed in Manage Users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    /// Stable id.
    pub id: String,
    /// User code, `<participant>.<code>`.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Email address, if any (required for app connector use).
    pub email: Option<String>,
    /// Active or deactivated.
    pub status: UserStatus,
    /// The organisation's account owner (Owner of everything).
    pub account_owner: bool,
    /// Application flags.
    pub flags: UserFlags,
    /// The groups the user is in, by name (All Users is implicit).
    pub groups: Vec<GroupRef>,
    /// Version for optimistic concurrency (the ETag).
    pub version: i64,
    /// System user (code only) or normal user linked to a person.
    #[serde(default)]
    pub kind: UserKind,
    /// The person a normal user is linked to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Activated as a collaborator (in its own organisation's production environment).
    #[serde(default)]
    pub collaborator: bool,
}

/// A page of users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    /// The environment the users live in, e.g. `O12345AA`.
    pub environment: String,
    /// How many users match in all.
    pub total: usize,
    /// The users, ordered by name.
    pub items: Vec<UserSummary>,
}

/// The body of a request that creates a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// User code, `<participant>.<code>`; the participant must be the environment's.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Email address, unique within the environment.
    #[serde(default)]
    pub email: Option<String>,
    /// Application flags.
    #[serde(default)]
    pub flags: UserFlags,
}

/// A group as listed in Manage Groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the group is for.
    pub description: String,
    /// Number of members.
    pub member_count: usize,
    /// Version for optimistic concurrency.
    pub version: i64,
}

/// The type of an organisation environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentKind {
    /// `O12345AA`: the live environment.
    Production,
    /// `T12345AA`: for trying things.
    Test,
    /// `A12345AA`: acceptance.
    Accept,
}

impl EnvironmentKind {
    /// The word shown on the environment badge.
    pub fn label(self) -> &'static str {
        match self {
            EnvironmentKind::Production => "Production",
            EnvironmentKind::Test => "Test",
            EnvironmentKind::Accept => "Accept",
        }
    }
}

/// An organisation environment the studio can work in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnvironmentInfo {
    /// Environment code, e.g. `O12345AA`.
    pub code: String,
    /// Production, test or accept.
    pub kind: EnvironmentKind,
    /// Display name.
    pub name: String,
    /// The organisation's 5-digit participant number.
    pub participant: String,
    /// The organisation's name.
    pub organisation: String,
    /// The organisation's precedence rule for effective roles.
    pub precedence: Precedence,
}

/// How grants from All Users, groups and the user combine (an organisation setting).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Precedence {
    /// The highest role among all applicable grants wins (All Users can outrank a user grant).
    #[default]
    HighestWins,
    /// The user's own grant, else the highest group grant, else All Users.
    MostSpecificWins,
}

impl Precedence {
    /// The words shown in the top bar.
    pub fn label(self) -> &'static str {
        match self {
            Precedence::HighestWins => "Highest wins",
            Precedence::MostSpecificWins => "Most specific wins",
        }
    }
}

/// The server's health answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// The body of a sign-in request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// User code, `<participant>.<code>`.
    pub code: String,
    /// The password.
    pub password: String,
    /// The environment to sign in to; the organisation's production environment when absent.
    #[serde(default)]
    pub environment: Option<String>,
}

/// Who is signed in, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// The signed-in user.
    pub user: UserSummary,
    /// The environment the session works in.
    pub environment: EnvironmentInfo,
}

pub use gatehouse_policy::{
    Decision, EnvironmentId, ResourceKind, Role, RoleChange, ShadowedGrant, Subject,
};

/// A data environment grants are scoped to (Production, Staging, Development, custom).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataEnvironment {
    /// Stable id, e.g. `staging`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Built in (cannot be removed).
    pub builtin: bool,
}

/// The caller's effective role on a resource in one data environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleIn {
    /// The data environment id.
    pub environment: String,
    /// The effective role there.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub role: Role,
}

/// An app or connector as listed for the signed-in administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourceSummary {
    /// Stable id.
    pub id: String,
    /// App or connector.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "app"))]
    pub kind: ResourceKind,
    /// Display name.
    pub name: String,
    /// The caller's effective role per data environment.
    pub my_roles: Vec<RoleIn>,
    /// Whether the caller may change this resource's permissions.
    pub can_edit_permissions: bool,
    /// Why not, when not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_refusal: Option<String>,
    /// Version of the resource's permissions (bumped by every grant change).
    pub version: i64,
}

/// The apps or connectors the caller can see, with the data environments of the roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourceList {
    /// The data environments, in display order.
    pub environments: Vec<DataEnvironment>,
    /// The precedence rule in force.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "highest_wins"))]
    pub precedence: gatehouse_policy::Precedence,
    /// The resources, by name.
    pub items: Vec<ResourceSummary>,
}

/// Who a grant is for, with a display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectView {
    /// The subject.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub subject: Subject,
    /// "All Users", the group's name or the user's name.
    pub name: String,
}

/// One stored grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantView {
    /// Stable id.
    pub id: String,
    /// The resource it is on.
    pub resource: String,
    /// Who it is for.
    pub subject: SubjectView,
    /// The role it gives.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub role: Role,
    /// Data environment ids it applies in.
    pub environments: Vec<String>,
    /// Unix seconds after which it no longer applies.
    #[serde(default)]
    pub expires_at: Option<i64>,
    /// Version for optimistic concurrency (the ETag).
    pub version: i64,
}

/// A resource's permissions: All Users first, then groups, then users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourcePermissions {
    /// The resource.
    pub resource: ResourceSummary,
    /// The data environments to choose from.
    pub environments: Vec<DataEnvironment>,
    /// The grants, All Users first, then groups, then users.
    pub grants: Vec<GrantView>,
    /// Grants that currently have no effect, with the reason.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub shadowed: Vec<ShadowedGrant>,
}

/// The body of a request that creates a grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewGrant {
    /// Who it is for.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub subject: Subject,
    /// The role, on the resource's ladder (`{"app": "editor"}`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub role: Role,
    /// Data environment ids; at least one.
    pub environments: Vec<String>,
    /// Optional expiry, unix seconds.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// The body of a request that changes a grant (send its version in `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GrantUpdate {
    /// The new role.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub role: Role,
    /// The new data environments; at least one.
    pub environments: Vec<String>,
    /// The new expiry, unix seconds.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// Effective access of one user: every resource × data environment, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserAccess {
    /// The user's code.
    pub code: String,
    /// The data environments, in display order.
    pub environments: Vec<DataEnvironment>,
    /// One explained decision per resource and data environment.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub decisions: Vec<Decision>,
}

/// The result of previewing a change before saving it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImpactPreview {
    /// Every (user, resource, environment) whose effective role would change.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub changes: Vec<RoleChange>,
    /// Grants that would have no effect after the change.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub shadowed: Vec<ShadowedGrant>,
    /// Why the change would be refused (lock-out guard), if it would.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
}

/// One audit log entry: who changed what, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Stable id.
    pub id: String,
    /// Microseconds since the epoch.
    pub at: i64,
    /// The actor's user code.
    pub actor: String,
    /// `create`, `update` or `delete`.
    pub action: String,
    /// `grant`, `user`, …
    pub entity: String,
    /// The entity's id.
    pub entity_id: String,
    /// State before (absent for creations).
    pub before: Option<serde_json::Value>,
    /// State after (absent for deletions).
    pub after: Option<serde_json::Value>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// Entries matching the filters.
    pub total: usize,
    /// This page's entries.
    pub items: Vec<AuditEntry>,
}

/// A user as referenced from a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    /// Stable id.
    pub id: String,
    /// User code.
    pub code: String,
    /// Full name.
    pub name: String,
}

/// A group with its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupDetail {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the group is for.
    pub description: String,
    /// Members, by name.
    pub members: Vec<UserRef>,
    /// Version for optimistic concurrency (bumped by renames and membership changes).
    pub version: i64,
}

/// The body of a request that creates a group, or renames one (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupFields {
    /// Display name, unique in the environment.
    pub name: String,
    /// What the group is for.
    #[serde(default)]
    pub description: String,
}

/// The body of a request that replaces a group's members (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupMembers {
    /// User ids of every member.
    pub members: Vec<String>,
}

// ---- App connectors and tokens (DESIGN §3) ----

pub use gatehouse_policy::filter::{Activation, FilterState};
pub use gatehouse_policy::{
    CallCondition, ConnectorKind, Deviation, FilterMode, Predicate, Row, Value,
};

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
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "get"))]
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
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "get"))]
    pub kind: ConnectorKind,
}

/// The body of a request that creates an app connector, or changes one (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppConnectorFields {
    /// Display name, unique in the environment.
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

// ---- Filter authorisation (DESIGN §4) ----

/// A table as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableSummary {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// All rows, or according to filter.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "according_to_filter"))]
    pub mode: FilterMode,
    /// The fields filters may compare.
    pub fields: Vec<String>,
    /// Number of rows.
    pub row_count: usize,
    /// Number of filters (the built-in All included).
    pub filter_count: usize,
    /// The get connectors that serve the table.
    pub connectors: Vec<ResourceRef>,
    /// Version for optimistic concurrency (bumped by mode changes).
    pub version: i64,
}

/// A user's own setting for a filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviationView {
    /// The user.
    pub user: UserRef,
    /// Force on or force off.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "force_on"))]
    pub deviation: Deviation,
}

/// A filter with its activations and deviations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilterView {
    /// Stable id, unique within the table.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Which rows it lets through.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub predicate: Predicate,
    /// The built-in All filter (its predicate cannot change, it cannot be deleted).
    pub builtin: bool,
    /// The groups it is active for.
    pub groups: Vec<GroupRef>,
    /// Users whose own setting overrides their groups.
    pub deviations: Vec<DeviationView>,
    /// Version for optimistic concurrency (the ETag).
    pub version: i64,
}

/// A table with its rows and filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableDetail {
    /// The table.
    pub table: TableSummary,
    /// Its rows, in order.
    pub rows: Vec<DataRow>,
    /// Its filters, in order.
    pub filters: Vec<FilterView>,
}

/// The body of a request that switches a table's filter mode (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TableModeUpdate {
    /// The new mode.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "according_to_filter"))]
    pub mode: FilterMode,
}

/// Who would see no row at all of a table in filter mode (no active filter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLoss {
    /// The table.
    pub table: String,
    /// The table's mode now.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "according_to_filter"))]
    pub mode: FilterMode,
    /// The active users without any active filter, by name.
    pub users: Vec<UserRef>,
}

/// The result of switching a table's filter mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableModeResult {
    /// The table after the change.
    pub table: TableSummary,
    /// The users who see no row now (empty in all-rows mode).
    pub loses_access: Vec<UserRef>,
}

/// The body of a request that creates a filter, or changes one (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FilterFields {
    /// Display name, unique in the table.
    pub name: String,
    /// Which rows it lets through, e.g. `{"op": "eq", "field": "kind", "value": "ICT"}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub predicate: Predicate,
}

/// The body of a request that sets the groups a filter is active for (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FilterGroups {
    /// Group ids.
    pub groups: Vec<String>,
}

/// The body of a request that sets a user's deviation for a filter (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviationUpdate {
    /// Inherit (follow the groups), force on or force off.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "force_on"))]
    pub deviation: Deviation,
}

/// A visible row and the filters that let it through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisibleRow {
    /// The row.
    pub row: DataRow,
    /// The active filters that passed it (empty when the table shows all rows).
    pub filters: Vec<String>,
}

/// A preview of what one user sees of a table, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableVisibility {
    /// The table.
    pub table: String,
    /// The user.
    pub user: UserRef,
    /// All rows, no active filter, deactivated, or filtered.
    pub state: VisibilityState,
    /// Every filter of the table with its effective state for the user.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub filters: Vec<FilterState>,
    /// The visible rows.
    pub rows: Vec<VisibleRow>,
    /// The number of rows in the table.
    pub total_rows: usize,
}
