//! Group membership on the demo store: the member changes of a new member list, with the
//! group's version check, as one change set (as on the server).

use gatehouse_wire::{member_changes, ChangeSetRequest, GroupDetail, GroupMembers};

use super::change_sets::apply_change_set;
use crate::api::ApiFailure;
use crate::demo::change;
use crate::demo::queries::refused;

/// `PUT /groups/{id}/members` with `If-Match`.
pub fn set_group_members(
    _env: &str,
    id: &str,
    version: i64,
    body: &GroupMembers,
) -> Result<GroupDetail, ApiFailure> {
    change(|state| {
        let current = state
            .data
            .groups
            .iter()
            .find(|g| g.id == id)
            .cloned()
            .ok_or_else(|| refused(404, "no such group here", Some("id")))?;
        for (index, member) in body.members.iter().enumerate() {
            if !state.data.users.iter().any(|u| &u.id == member) {
                return Err(refused(
                    422,
                    "no such user in this environment",
                    Some(&format!("members[{index}]")),
                ));
            }
        }
        let request = ChangeSetRequest {
            override_tests: false,
            dry_run: false,
            changes: member_changes(&current, version, &body.members),
        };
        apply_change_set(state, &request)?
            .groups
            .into_iter()
            .next()
            .ok_or_else(|| ApiFailure::Malformed("the group was not stored".to_owned()))
    })
}
