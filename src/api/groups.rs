//! Groups and their members.

use gatehouse_wire::{GroupDetail, GroupFields, GroupMembers, GroupSummary};

use super::{get_json, send_json, send_json_if_match, ApiFailure};

/// The groups of an environment.
pub async fn list_groups(env: &str) -> Result<Vec<GroupSummary>, ApiFailure> {
    get_json(&format!("/environments/{env}/groups")).await
}

/// One group with its members.
pub async fn get_group(env: &str, id: &str) -> Result<GroupDetail, ApiFailure> {
    get_json(&format!("/environments/{env}/groups/{id}")).await
}

/// Creates a group.
pub async fn create_group(env: &str, fields: &GroupFields) -> Result<GroupDetail, ApiFailure> {
    send_json("POST", &format!("/environments/{env}/groups"), Some(fields)).await
}

/// Renames a group loaded at `version`.
pub async fn rename_group(
    env: &str,
    id: &str,
    version: i64,
    fields: &GroupFields,
) -> Result<GroupDetail, ApiFailure> {
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
    send_json_if_match::<(), ()>(
        "DELETE",
        &format!("/environments/{env}/groups/{id}"),
        version,
        None,
    )
    .await
}
