//! Group records on the demo store: create, rename and delete, reserved to the account owner.

use gatehouse_policy::{check_change, Change, GroupId, Subject, UserId};
use gatehouse_wire::{GroupDetail, GroupFields};

use crate::api::ApiFailure;
use crate::demo::queries::{actor, refused};
use crate::demo::{change, DemoState};

fn account_owner_only(state: &DemoState) -> Result<(), ApiFailure> {
    if actor(state)?.account_owner {
        Ok(())
    } else {
        Err(refused(
            403,
            "only the account owner may make this change",
            None,
        ))
    }
}

/// The 412 answer for a group edited at `sent` that is now at a later version.
pub(super) fn group_stale(current: &GroupDetail, sent: i64) -> ApiFailure {
    ApiFailure::Stale {
        message: format!("this group was changed by someone else (you edited version {sent}, it is now at version {})", current.version),
        current_version: current.version,
        current: serde_json::to_string(current).unwrap_or_default(),
    }
}

fn group_name(fields: &GroupFields) -> Result<String, ApiFailure> {
    let name = fields.name.trim();
    if name.is_empty() {
        return Err(refused(422, "name must not be empty", Some("name")));
    }
    if name.eq_ignore_ascii_case("All Users") {
        return Err(refused(
            422,
            "`All Users` is the built-in group; choose another name",
            Some("name"),
        ));
    }
    Ok(name.to_owned())
}

/// `POST /groups`.
pub fn create_group(_env: &str, fields: &GroupFields) -> Result<GroupDetail, ApiFailure> {
    change(|state| {
        account_owner_only(state)?;
        let name = group_name(fields)?;
        if state
            .data
            .groups
            .iter()
            .any(|g| g.name.eq_ignore_ascii_case(&name))
        {
            return Err(refused(
                409,
                "another record already uses this `name`",
                Some("name"),
            ));
        }
        let group = GroupDetail {
            id: state.new_id("grp"),
            name,
            description: fields.description.trim().to_owned(),
            members: Vec::new(),
            version: 1,
        };
        state.data.groups.push(group.clone());
        Ok(group)
    })
}

/// `PUT /groups/{id}` with `If-Match`.
pub fn rename_group(
    _env: &str,
    id: &str,
    version: i64,
    fields: &GroupFields,
) -> Result<GroupDetail, ApiFailure> {
    change(|state| {
        account_owner_only(state)?;
        let name = group_name(fields)?;
        let group = state
            .data
            .groups
            .iter_mut()
            .find(|g| g.id == id)
            .ok_or_else(|| refused(404, format!("no group `{id}`"), Some("id")))?;
        if group.version != version {
            return Err(group_stale(group, version));
        }
        group.name = name;
        group.description = fields.description.trim().to_owned();
        group.version += 1;
        Ok(group.clone())
    })
}

/// `DELETE /groups/{id}` with `If-Match`.
pub fn delete_group(_env: &str, id: &str, version: i64) -> Result<(), ApiFailure> {
    change(|state| {
        account_owner_only(state)?;
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
        let group_id = GroupId::parse(id).map_err(|e| refused(422, e.to_string(), Some("id")))?;
        let subject = Subject::Group(group_id.clone());
        let mut policy = state.policy();
        let steps: Vec<Change> = policy
            .grants
            .iter()
            .filter(|g| g.subject == subject)
            .map(|g| Change::RemoveGrant { key: g.key() })
            .chain(
                current
                    .members
                    .iter()
                    .filter_map(|m| UserId::parse(&m.id).ok())
                    .map(|user| Change::RemoveMembership {
                        user,
                        group: group_id.clone(),
                    }),
            )
            .collect();
        for step in &steps {
            check_change(&policy, step).map_err(|e| refused(409, e.to_string(), None))?;
            step.apply(&mut policy)
                .map_err(|e| refused(422, e.to_string(), None))?;
        }
        state.data.grants.retain(|g| g.subject.subject != subject);
        state.data.groups.retain(|g| g.id != id);
        Ok(())
    })
}
