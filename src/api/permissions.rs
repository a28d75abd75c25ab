//! Resources, their permissions, grants, effective access and previews.

use gatehouse_policy::{Policy, ResourceKind};
use gatehouse_wire::{
    ChangeSetRequest, ChangeSetResult, ResourceList, ResourcePermissions, SubjectPermissions,
    UserAccess,
};

use super::{get_json, send_json, ApiFailure};

/// The apps or connectors the signed-in administrator can see.
pub async fn list_resources(env: &str, kind: ResourceKind) -> Result<ResourceList, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::list_resources(env, kind);
    }
    let kind = match kind {
        ResourceKind::App => "app",
        ResourceKind::Connector => "connector",
    };
    get_json(&format!("/environments/{env}/resources?kind={kind}")).await
}

/// One resource's grants, All Users first.
pub async fn get_permissions(env: &str, resource: &str) -> Result<ResourcePermissions, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::get_permissions(env, resource);
    }
    get_json(&format!(
        "/environments/{env}/resources/{resource}/permissions"
    ))
    .await
}

/// Whose permissions [`get_subject_permissions`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKey<'a> {
    /// A user, by code (`12345.FSmit`).
    User(&'a str),
    /// A group, by id.
    Group(&'a str),
    /// The built-in All Users group.
    AllUsers,
}

/// One subject's grants on every resource the administrator can see, in one request.
pub async fn get_subject_permissions(
    env: &str,
    key: SubjectKey<'_>,
) -> Result<SubjectPermissions, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::get_subject_permissions(env, key);
    }
    let path = match key {
        SubjectKey::User(code) => format!("/environments/{env}/users/{code}/permissions"),
        SubjectKey::Group(id) => format!("/environments/{env}/groups/{id}/permissions"),
        SubjectKey::AllUsers => format!("/environments/{env}/groups/all-users/permissions"),
    };
    get_json(&path).await
}

/// The whole policy snapshot (for previews and the access matrix, computed in the browser),
/// read in its compact form: a seventh of the plain snapshot's bytes and far quicker to decode
/// (10,000 users and 200,000 grants: 5 MB instead of 37.5 MB).
pub async fn get_policy(env: &str) -> Result<Policy, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::get_policy(env);
    }
    let compact: gatehouse_wire::CompactPolicy =
        get_json(&format!("/environments/{env}/policy/compact")).await?;
    compact
        .decode()
        .map_err(|e| ApiFailure::Malformed(format!("the policy snapshot: {e}")))
}

/// A user's explained effective access.
pub async fn get_user_access(env: &str, code: &str) -> Result<UserAccess, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::get_user_access(env, code);
    }
    get_json(&format!("/environments/{env}/users/{code}/access")).await
}

/// Applies a change set (all or nothing), or with `dry_run` only decides it.
pub async fn apply_changes(
    env: &str,
    request: &ChangeSetRequest,
) -> Result<ChangeSetResult, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::apply_changes(env, request);
    }
    send_json(
        "POST",
        &format!("/environments/{env}/changes"),
        Some(request),
    )
    .await
}
