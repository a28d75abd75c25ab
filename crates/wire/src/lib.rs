//! The JSON shapes of the Gatehouse API, shared by the server (which writes them) and the
//! studio (which reads them), so the two can never drift apart.

use serde::{Deserialize, Serialize};

/// The body of every error response: what is wrong, and which input field, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A readable sentence: lowercase, no final period, user input in backticks.
    pub error: String,
    /// The offending input field (a JSON path such as `email` or `flags.pocket`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Whether a user may sign in and use anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
pub struct GroupRef {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// One user as listed in Manage Users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// A page of users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// The body of a sign-in request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct RoleIn {
    /// The data environment id.
    pub environment: String,
    /// The effective role there.
    pub role: Role,
}

/// An app or connector as listed for the signed-in administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceSummary {
    /// Stable id.
    pub id: String,
    /// App or connector.
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
pub struct ResourceList {
    /// The data environments, in display order.
    pub environments: Vec<DataEnvironment>,
    /// The precedence rule in force.
    pub precedence: gatehouse_policy::Precedence,
    /// The resources, by name.
    pub items: Vec<ResourceSummary>,
}

/// Who a grant is for, with a display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectView {
    /// The subject.
    pub subject: Subject,
    /// "All Users", the group's name or the user's name.
    pub name: String,
}

/// One stored grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    /// Stable id.
    pub id: String,
    /// The resource it is on.
    pub resource: String,
    /// Who it is for.
    pub subject: SubjectView,
    /// The role it gives.
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
pub struct ResourcePermissions {
    /// The resource.
    pub resource: ResourceSummary,
    /// The data environments to choose from.
    pub environments: Vec<DataEnvironment>,
    /// The grants, All Users first, then groups, then users.
    pub grants: Vec<GrantView>,
    /// Grants that currently have no effect, with the reason.
    pub shadowed: Vec<ShadowedGrant>,
}

/// The body of a request that creates a grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewGrant {
    /// Who it is for.
    pub subject: Subject,
    /// The role, on the resource's ladder (`{"app": "editor"}`).
    pub role: Role,
    /// Data environment ids; at least one.
    pub environments: Vec<String>,
    /// Optional expiry, unix seconds.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// The body of a request that changes a grant (send its version in `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantUpdate {
    /// The new role.
    pub role: Role,
    /// The new data environments; at least one.
    pub environments: Vec<String>,
    /// The new expiry, unix seconds.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// Effective access of one user: every resource × data environment, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccess {
    /// The user's code.
    pub code: String,
    /// The data environments, in display order.
    pub environments: Vec<DataEnvironment>,
    /// One explained decision per resource and data environment.
    pub decisions: Vec<Decision>,
}

/// The result of previewing a change before saving it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactPreview {
    /// Every (user, resource, environment) whose effective role would change.
    pub changes: Vec<RoleChange>,
    /// Grants that would have no effect after the change.
    pub shadowed: Vec<ShadowedGrant>,
    /// Why the change would be refused (lock-out guard), if it would.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
}

/// One audit log entry: who changed what, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct AuditPage {
    /// Entries matching the filters.
    pub total: usize,
    /// This page's entries.
    pub items: Vec<AuditEntry>,
}

/// A user as referenced from a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub struct GroupMembers {
    /// User ids of every member.
    pub members: Vec<String>,
}
