//! Group membership on the demo store: each added or removed member is one policy change,
//! authorised and guarded on its own.

use gatehouse_policy::{check_change, Change, GroupId, UserId};
use gatehouse_wire::{GroupDetail, GroupMembers, UserRef};

use super::check;
use super::groups::group_stale;
use crate::api::ApiFailure;
use crate::demo::change;
use crate::demo::queries::{refused, users};

/// `PUT /groups/{id}/members` with `If-Match`.
pub fn set_group_members(
    _env: &str,
    id: &str,
    version: i64,
    body: &GroupMembers,
) -> Result<GroupDetail, ApiFailure> {
    change(|state| {
        let group_id = GroupId::parse(id).map_err(|e| refused(422, e.to_string(), Some("id")))?;
        let current = state
            .data
            .groups
            .iter()
            .find(|g| g.id == id)
            .cloned()
            .ok_or_else(|| refused(404, format!("no group `{id}`"), Some("id")))?;
        if current.version != version {
            return Err(group_stale(&current, version));
        }
        let mut policy = state.policy();
        let was: Vec<String> = current.members.iter().map(|m| m.id.clone()).collect();
        let changes = was
            .iter()
            .filter(|m| !body.members.contains(m))
            .map(|m| (m, false))
            .chain(
                body.members
                    .iter()
                    .filter(|m| !was.contains(m))
                    .map(|m| (m, true)),
            );
        for (member, add) in changes {
            let user =
                UserId::parse(member).map_err(|e| refused(422, e.to_string(), Some("members")))?;
            let step = if add {
                Change::AddMembership {
                    user,
                    group: group_id.clone(),
                }
            } else {
                Change::RemoveMembership {
                    user,
                    group: group_id.clone(),
                }
            };
            check(state, &step)?;
            check_change(&policy, &step).map_err(|e| refused(409, e.to_string(), None))?;
            step.apply(&mut policy)
                .map_err(|e| refused(422, e.to_string(), Some("members")))?;
        }
        let all = users(state);
        let members = body
            .members
            .iter()
            .filter_map(|m| all.iter().find(|u| &u.id == m))
            .map(|u| UserRef {
                id: u.id.clone(),
                code: u.code.clone(),
                name: u.name.clone(),
            })
            .collect();
        let group = state
            .data
            .groups
            .iter_mut()
            .find(|g| g.id == id)
            .ok_or_else(|| refused(404, format!("no group `{id}`"), Some("id")))?;
        group.members = members;
        group.members.sort_by(|a, b| a.name.cmp(&b.name));
        group.version += 1;
        Ok(group.clone())
    })
}
