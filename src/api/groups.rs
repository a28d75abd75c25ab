//! Groups and their members.

use gatehouse_wire::{GroupDetail, GroupFields, GroupMembers, GroupSummary};

use super::{get_json, send_json, send_json_if_match, ApiFailure};

/// The groups of an environment.
pub async fn list_groups(env: &str) -> Result<Vec<GroupSummary>, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::list_groups(env);
    }
    get_json(&format!("/environments/{env}/groups")).await
}

/// One group with its members.
pub async fn get_group(env: &str, id: &str) -> Result<GroupDetail, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::get_group(env, id);
    }
    get_json(&format!("/environments/{env}/groups/{id}")).await
}

/// Creates a group.
pub async fn create_group(env: &str, fields: &GroupFields) -> Result<GroupDetail, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::create_group(env, fields);
    }
    send_json("POST", &format!("/environments/{env}/groups"), Some(fields)).await
}

/// Renames a group loaded at `version`.
pub async fn rename_group(
    env: &str,
    id: &str,
    version: i64,
    fields: &GroupFields,
) -> Result<GroupDetail, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::rename_group(env, id, version, fields);
    }
    send_json_if_match(
        "PUT",
        &format!("/environments/{env}/groups/{id}"),
        version,
        Some(fields),
    )
    .await
}

/// Replaces the members of a group loaded at `version`.
pub async fn set_group_members(
    env: &str,
    id: &str,
    version: i64,
    members: &GroupMembers,
) -> Result<GroupDetail, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::set_group_members(env, id, version, members);
    }
    send_json_if_match(
        "PUT",
        &format!("/environments/{env}/groups/{id}/members"),
        version,
        Some(members),
    )
    .await
}

/// Deletes a group loaded at `version`.
pub async fn delete_group(env: &str, id: &str, version: i64) -> Result<(), ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::delete_group(env, id, version);
    }
    send_json_if_match::<(), ()>(
        "DELETE",
        &format!("/environments/{env}/groups/{id}"),
        version,
        None,
    )
    .await
}
