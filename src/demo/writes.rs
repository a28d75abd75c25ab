//! Changes to the demo store: sign-in, grants and groups — authorised, validated and guarded by
//! the policy crate exactly as the server does, and kept in `localStorage`.

use gatehouse_policy::{
    authorize, check_change, Change, EnvironmentId, Grant, GroupId, ResourceId, Subject, Timestamp,
    UserId,
};
use gatehouse_wire::{
    GrantUpdate, GrantView, GroupDetail, GroupFields, GroupMembers, NewGrant, SessionInfo, SignIn,
    SubjectView, UserRef, UserStatus,
};

use super::queries::{actor, get_session, prepared, refused, users};
use super::{change, DemoState};
use crate::api::ApiFailure;

/// The demo password of every account.
const DEMO_PASSWORD: &str = "gatehouse";

/// `POST /session`.
pub fn sign_in(body: SignIn) -> Result<SessionInfo, ApiFailure> {
    change(|state| {
        let user = users(state)
            .into_iter()
            .find(|u| u.code == body.code.trim());
        match user {
            Some(user) if body.password == DEMO_PASSWORD => {
                if user.status == UserStatus::Deactivated {
                    return Err(refused(
                        403,
                        format!("account `{}` is deactivated", user.code),
                        None,
                    ));
                }
                state.session = Some(user.code);
                Ok(())
            }
            _ => Err(refused(401, "unknown user code or wrong password", None)),
        }
    })?;
    get_session()
}

/// `DELETE /session`.
pub fn sign_out() -> Result<(), ApiFailure> {
    change(|state| {
        state.session = None;
        Ok(())
    })
}

/// Authorises, validates and guards `change` for the signed-in user.
fn check(state: &DemoState, change: &Change) -> Result<(), ApiFailure> {
    let actor =
        UserId::parse(&actor(state)?.id).map_err(|e| ApiFailure::Malformed(e.to_string()))?;
    let policy = state.policy();
    authorize(&prepared(&policy)?, &actor, change)
        .map_err(|r| refused(403, r.to_string(), None))?;
    change
        .applied_to(&policy)
        .map_err(|e| refused(422, e.to_string(), None))?;
    check_change(&policy, change).map_err(|e| refused(409, e.to_string(), None))
}

fn policy_grant(
    resource: &str,
    subject: &Subject,
    update: &GrantUpdate,
) -> Result<Grant, ApiFailure> {
    if update.environments.is_empty() {
        return Err(refused(
            422,
            "choose at least one environment",
            Some("environments"),
        ));
    }
    let resource =
        ResourceId::parse(resource).map_err(|e| refused(422, e.to_string(), Some("resource")))?;
    let envs = update
        .environments
        .iter()
        .filter_map(|e| EnvironmentId::parse(e).ok());
    let mut grant = Grant::new(subject.clone(), resource, update.role, envs);
    grant.expires_at = update.expires_at.map(Timestamp::from_unix_seconds);
    Ok(grant)
}

fn subject_name(state: &DemoState, subject: &Subject) -> String {
    state.policy().subject_name(subject)
}

fn stale(current: &GrantView, sent: i64) -> ApiFailure {
    ApiFailure::Stale {
        message: format!("this grant was changed by someone else (you edited version {sent}, it is now at version {})", current.version),
        current_version: current.version,
        current: serde_json::to_value(current).unwrap_or_default(),
    }
}

/// The stored grant `id`, if it is still at `version` (404 or 412 otherwise).
fn current_grant(state: &DemoState, id: &str, version: i64) -> Result<GrantView, ApiFailure> {
    let current = state
        .data
        .grants
        .iter()
        .find(|g| g.id == id)
        .cloned()
        .ok_or_else(|| refused(404, format!("no grant `{id}`"), Some("grant")))?;
    if current.version != version {
        return Err(stale(&current, version));
    }
    Ok(current)
}

/// `POST /resources/{id}/grants`.
pub fn create_grant(_env: &str, resource: &str, body: &NewGrant) -> Result<GrantView, ApiFailure> {
    change(|state| {
        let update = GrantUpdate {
            role: body.role,
            environments: body.environments.clone(),
            expires_at: body.expires_at,
        };
        let grant = policy_grant(resource, &body.subject, &update)?;
        check(state, &Change::UpsertGrant { grant })?;
        if state
            .data
            .grants
            .iter()
            .any(|g| g.resource == resource && g.subject.subject == body.subject)
        {
            return Err(refused(
                409,
                format!(
                    "{} already has a grant on `{resource}`; change that one instead",
                    body.subject
                ),
                Some("subject"),
            ));
        }
        let mut environments = body.environments.clone();
        environments.sort();
        let view = GrantView {
            id: state.new_id("grant"),
            resource: resource.to_owned(),
            subject: SubjectView {
                subject: body.subject.clone(),
                name: subject_name(state, &body.subject),
            },
            role: body.role,
            environments,
            expires_at: body.expires_at,
            version: 1,
        };
        state.data.grants.push(view.clone());
        Ok(view)
    })
}

/// `PUT /grants/{id}` with `If-Match`.
pub fn update_grant(
    _env: &str,
    id: &str,
    version: i64,
    update: &GrantUpdate,
) -> Result<GrantView, ApiFailure> {
    change(|state| {
        let current = current_grant(state, id, version)?;
        let grant = policy_grant(&current.resource, &current.subject.subject, update)?;
        check(state, &Change::UpsertGrant { grant })?;
        let mut environments = update.environments.clone();
        environments.sort();
        let next = GrantView {
            role: update.role,
            environments,
            expires_at: update.expires_at,
            version: version + 1,
            ..current
        };
        if let Some(slot) = state.data.grants.iter_mut().find(|g| g.id == id) {
            *slot = next.clone();
        }
        Ok(next)
    })
}

/// `DELETE /grants/{id}` with `If-Match`.
pub fn delete_grant(_env: &str, id: &str, version: i64) -> Result<(), ApiFailure> {
    change(|state| {
        let current = current_grant(state, id, version)?;
        let key = policy_grant(
            &current.resource,
            &current.subject.subject,
            &GrantUpdate {
                role: current.role,
                environments: current.environments.clone(),
                expires_at: None,
            },
        )?
        .key();
        check(state, &Change::RemoveGrant { key })?;
        state.data.grants.retain(|g| g.id != id);
        Ok(())
    })
}

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

fn group_stale(current: &GroupDetail, sent: i64) -> ApiFailure {
    ApiFailure::Stale {
        message: format!("this group was changed by someone else (you edited version {sent}, it is now at version {})", current.version),
        current_version: current.version,
        current: serde_json::to_value(current).unwrap_or_default(),
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
