//! Reads of the demo store, answering exactly what the server's endpoints answer.

use gatehouse_policy::{Actor, Policy, PreparedPolicy, ResourceKind, UserId};
use gatehouse_wire::{
    DataEnvironmentView, EnvironmentComparison, EnvironmentInfo, ErrorBody, GroupDetail, GroupRef,
    GroupSummary, ResourceList, ResourcePermissions, ResourceSummary, SessionInfo, UserAccess,
    UserList, UserSummary,
};

use super::{with_state, DemoState};
use crate::api::ApiFailure;
use crate::clock::now;

/// A refusal in the server's words.
pub(super) fn refused(status: u16, error: impl Into<String>, field: Option<&str>) -> ApiFailure {
    ApiFailure::Refused {
        status,
        body: ErrorBody {
            error: error.into(),
            field: field.map(str::to_owned),
        },
    }
}

/// The signed-in user's id.
pub(super) fn actor(state: &DemoState) -> Result<UserSummary, ApiFailure> {
    let code = state
        .session
        .clone()
        .ok_or_else(|| refused(401, "sign in first", None))?;
    users(state)
        .into_iter()
        .find(|u| u.code == code)
        .ok_or_else(|| refused(401, "sign in first", None))
}

/// Users with their groups as the groups say.
pub(super) fn users(state: &DemoState) -> Vec<UserSummary> {
    let mut users = state.data.users.clone();
    for user in &mut users {
        user.groups = state
            .data
            .groups
            .iter()
            .filter(|g| g.members.iter().any(|m| m.id == user.id))
            .map(|g| GroupRef {
                id: g.id.clone(),
                name: g.name.clone(),
            })
            .collect();
    }
    users.sort_by(|a, b| a.name.cmp(&b.name));
    users
}

pub(super) fn prepared(policy: &Policy) -> Result<PreparedPolicy, ApiFailure> {
    policy
        .prepare(now())
        .map_err(|e| ApiFailure::Malformed(e.to_string()))
}

fn environment(state: &DemoState, env: &str) -> Result<EnvironmentInfo, ApiFailure> {
    state
        .data
        .environments
        .iter()
        .find(|e| e.code == env)
        .cloned()
        .ok_or_else(|| refused(404, format!("no environment `{env}`"), Some("environment")))
}

/// `GET /session`.
pub fn get_session() -> Result<SessionInfo, ApiFailure> {
    with_state(|state| {
        let user = actor(state)?;
        Ok(SessionInfo {
            user,
            environment: environment(state, &state.data.environment.clone())?,
        })
    })
}

/// `GET /environments`.
pub fn list_environments() -> Result<Vec<EnvironmentInfo>, ApiFailure> {
    with_state(|state| {
        actor(state)?;
        Ok(state.data.environments.clone())
    })
}

/// `GET /environments/{env}/administrators`.
pub fn get_administrators(_env: &str) -> Result<gatehouse_wire::Administrators, ApiFailure> {
    with_state(|state| {
        actor(state)?;
        Ok(gatehouse_app::administrators(&state.policy()))
    })
}

/// `GET /environments/{env}/users`.
pub fn list_users(env: &str) -> Result<UserList, ApiFailure> {
    with_state(|state| {
        actor(state)?;
        let items = if env == state.data.environment {
            users(state)
        } else {
            Vec::new()
        };
        Ok(UserList {
            environment: env.to_owned(),
            total: items.len(),
            items,
        })
    })
}

/// `GET /environments/{env}/users/{code}`.
pub fn get_user(env: &str, code: &str) -> Result<UserSummary, ApiFailure> {
    list_users(env)?
        .items
        .into_iter()
        .find(|u| u.code == code)
        .ok_or_else(|| ApiFailure::Refused {
            status: 404,
            body: gatehouse_wire::ErrorBody {
                error: format!("no user `{code}`"),
                field: Some("code".into()),
            },
        })
}

/// `GET /environments/{env}/groups`.
pub fn list_groups(_env: &str) -> Result<Vec<GroupSummary>, ApiFailure> {
    with_state(|state| {
        actor(state)?;
        let mut groups: Vec<GroupSummary> = state
            .data
            .groups
            .iter()
            .map(|g| GroupSummary {
                id: g.id.clone(),
                name: g.name.clone(),
                description: g.description.clone(),
                member_count: g.members.len(),
                version: g.version,
            })
            .collect();
        groups.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(groups)
    })
}

/// `GET /environments/{env}/groups/{id}`.
pub fn get_group(_env: &str, id: &str) -> Result<GroupDetail, ApiFailure> {
    with_state(|state| {
        actor(state)?;
        state
            .data
            .groups
            .iter()
            .find(|g| g.id == id)
            .cloned()
            .ok_or_else(|| refused(404, format!("no group `{id}`"), Some("id")))
    })
}

/// A resource as the signed-in user sees it (the server's answer, from the same function);
/// `None` when they do not see it.
fn summary(
    state: &DemoState,
    prepared: &PreparedPolicy,
    actor: &Actor,
    id: &str,
) -> Option<ResourceSummary> {
    let row = state.data.resources.iter().find(|r| r.id == id)?;
    gatehouse_app::resource_summary(
        prepared,
        actor,
        gatehouse_app::ResourceRow {
            id: &row.id,
            kind: row.kind,
            name: &row.name,
            version: row.version,
        },
    )
}

fn actor_id(state: &DemoState) -> Result<Actor, ApiFailure> {
    UserId::parse(&actor(state)?.id)
        .map(Actor::User)
        .map_err(|e| ApiFailure::Malformed(e.to_string()))
}

/// `GET /environments/{env}/resources?kind=…`.
pub fn list_resources(_env: &str, kind: ResourceKind) -> Result<ResourceList, ApiFailure> {
    with_state(|state| {
        let actor = actor_id(state)?;
        let policy = state.policy();
        let prepared = prepared(&policy)?;
        let mut items: Vec<ResourceSummary> = state
            .data
            .resources
            .iter()
            .filter(|r| r.kind == kind)
            .filter_map(|r| summary(state, &prepared, &actor, &r.id))
            .collect();
        items.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ResourceList {
            environments: state.data.data_environments.clone(),
            precedence: policy.precedence,
            items,
        })
    })
}

/// `GET /environments/{env}/resources/{id}/permissions`.
pub fn get_permissions(_env: &str, id: &str) -> Result<ResourcePermissions, ApiFailure> {
    with_state(|state| {
        let actor = actor_id(state)?;
        let policy = state.policy();
        let prepared = prepared(&policy)?;
        let resource = summary(state, &prepared, &actor, id)
            .ok_or_else(|| refused(404, format!("no resource `{id}`"), Some("resource")))?;
        let mut grants: Vec<_> = state
            .data
            .grants
            .iter()
            .filter(|g| g.resource == id)
            .cloned()
            .collect();
        grants.sort_by(|a, b| {
            (a.subject.subject.specificity(), &a.subject.name)
                .cmp(&(b.subject.subject.specificity(), &b.subject.name))
        });
        let shadowed = prepared
            .lint()
            .into_iter()
            .filter(|s| s.resource.as_str() == id)
            .collect();
        Ok(ResourcePermissions {
            resource,
            environments: state.data.data_environments.clone(),
            grants,
            shadowed,
        })
    })
}

/// `GET /environments/{env}/policy` (administrators only, as on the server).
pub fn get_policy(_env: &str) -> Result<Policy, ApiFailure> {
    with_state(|state| {
        let actor = actor_id(state)?;
        let policy = state.policy();
        let prepared = prepared(&policy)?;
        gatehouse_app::may_read_policy(&prepared, &actor).map_err(|why| refused(403, why, None))?;
        Ok(policy)
    })
}

/// `GET /environments/{env}/data-environments`.
pub fn list_data_environments(_env: &str) -> Result<Vec<DataEnvironmentView>, ApiFailure> {
    with_state(|state| Ok(data_environment_views(state)))
}

/// `GET /environments/{env}/data-environments/compare` (administrators only, as on the server).
pub fn compare_data_environments(
    _env: &str,
    from: &str,
    to: &str,
) -> Result<EnvironmentComparison, ApiFailure> {
    with_state(|state| {
        let actor = actor_id(state)?;
        let policy = state.policy();
        let prepared = prepared(&policy)?;
        gatehouse_app::may_read_policy(&prepared, &actor).map_err(|why| refused(403, why, None))?;
        gatehouse_app::compare_environments(&policy, &state.data.grants, from, to).map_err(|r| {
            let status = if r.unknown.is_some() { 404 } else { 422 };
            refused(status, r.message, Some(r.field))
        })
    })
}

/// The data environments of the store as administered, in display order.
pub fn data_environment_views(state: &DemoState) -> Vec<DataEnvironmentView> {
    let policy = state.policy();
    policy
        .environments
        .iter()
        .filter_map(|e| {
            let id = e.id.as_str();
            gatehouse_app::data_environment_view(&policy, id, state.data_environment_version(id))
        })
        .collect()
}

/// `GET /environments/{env}/users/{code}/access`.
pub fn get_user_access(_env: &str, code: &str) -> Result<UserAccess, ApiFailure> {
    with_state(|state| {
        let actor = actor_id(state)?;
        let user = users(state)
            .into_iter()
            .find(|u| u.code == code)
            .ok_or_else(|| refused(404, format!("no user `{code}`"), Some("code")))?;
        let user_id = UserId::parse(&user.id).map_err(|e| ApiFailure::Malformed(e.to_string()))?;
        let policy = state.policy();
        let prepared = prepared(&policy)?;
        gatehouse_app::user_access(&prepared, &actor, &user_id, &user.code)
            .map_err(|e| ApiFailure::Malformed(e.to_string()))
    })
}
