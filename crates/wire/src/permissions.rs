//! Data environments, resources, grants, effective access, impact previews and the audit log.

use serde::{Deserialize, Serialize};

use crate::{Decision, ResourceKind, Role, RoleChange, ShadowedGrant, Subject};

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

/// A data environment as administered (`GET /environments/{env}/data-environments`): with its
/// version and how many grants cover it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataEnvironmentView {
    /// Stable id, e.g. `staging`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Built in: cannot be renamed or deleted.
    pub builtin: bool,
    /// The version edits are made against (`If-Match`).
    pub version: i64,
    /// How many grants cover it.
    pub grants: usize,
}

/// The body that creates or renames a data environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DataEnvironmentFields {
    /// Display name: 1–40 characters, unique here regardless of case.
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub name: String,
}

/// The caller's effective role on a resource in one data environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleIn {
    /// The data environment id.
    pub environment: String,
    /// The effective role there.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::RoleSchema))]
    pub role: Role,
}

/// An app or connector as listed for the signed-in administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourceSummary {
    /// Stable id.
    pub id: String,
    /// App or connector.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ResourceKindSchema))]
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
    #[cfg_attr(feature = "openapi", schema(value_type = crate::PrecedenceSchema))]
    pub precedence: gatehouse_policy::Precedence,
    /// The resources, by name.
    pub items: Vec<ResourceSummary>,
}

/// Who a grant is for, with a display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectView {
    /// The subject.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::SubjectSchema))]
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
    #[cfg_attr(feature = "openapi", schema(value_type = crate::RoleSchema))]
    pub role: Role,
    /// Data environment ids it applies in.
    pub environments: Vec<String>,
    /// Unix seconds after which it no longer applies.
    #[serde(default)]
    pub expires_at: Option<i64>,
    /// Version for optimistic concurrency (the ETag).
    pub version: i64,
}

/// Which of two compared data environments a grant covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComparedSide {
    /// It covers the first (`from`) and not the second.
    OnlyFrom,
    /// It covers the second (`to`) and not the first.
    OnlyTo,
}

/// A grant that covers one of two compared data environments and not the other: there the
/// subject has the grant's role, in the other no role of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnvironmentDifference {
    /// The resource's display name.
    pub resource_name: String,
    /// App or connector.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ResourceKindSchema))]
    pub resource_kind: ResourceKind,
    /// Which side the grant covers.
    pub side: ComparedSide,
    /// The grant is a deactivated user's: kept, but it cannot be edited (so not copied).
    pub frozen: bool,
    /// The grant as stored (its id and version are what a copy edits).
    pub grant: GrantView,
}

/// Two data environments compared, grant by grant
/// (`GET /environments/{env}/data-environments/compare?from=…&to=…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnvironmentComparison {
    /// The first data environment.
    pub from: DataEnvironment,
    /// The second data environment.
    pub to: DataEnvironment,
    /// How many grants cover both (they give the same role in both).
    pub same: usize,
    /// The grants that cover exactly one of the two, by resource name, then subject (All
    /// Users, groups, users) and name.
    pub differences: Vec<EnvironmentDifference>,
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

/// One subject's permissions on every resource the caller can see, in one answer (the Edit
/// Permissions page of a user, a group or All Users).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectPermissions {
    /// Who, with the display name.
    pub subject: SubjectView,
    /// Whether the subject is a deactivated user (whose grants cannot be edited).
    pub deactivated: bool,
    /// Every resource the caller can see, apps then connectors, each by name; each holds only
    /// this subject's grants and which of them have no effect.
    pub items: Vec<ResourcePermissions>,
}

/// The body of a request that creates a grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewGrant {
    /// Who it is for.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::SubjectSchema))]
    pub subject: Subject,
    /// The role, on the resource's ladder (`{"app": "editor"}`).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::RoleSchema))]
    pub role: Role,
    /// Data environment ids; at least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
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
    #[cfg_attr(feature = "openapi", schema(value_type = crate::RoleSchema))]
    pub role: Role,
    /// The new data environments; at least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
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
