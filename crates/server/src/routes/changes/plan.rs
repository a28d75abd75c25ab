//! Reading a change set request into the policy crate's [`SetChange`]s: ids parsed, the
//! stored rows of updated and deleted grants found, and every version compared with the
//! stored one (a stale one is a 412 naming the grant, with its current state).

use std::collections::BTreeSet;

use gatehouse_policy::{
    grant_from_input, group_from_input, user_from_input, Grant, Group, GroupId, PreparedPolicy,
    RefusalKind, ResourceId, SetChange, SetRefusal, User, UserFlags, UserId, UserInput,
};
use gatehouse_wire::{ChangeRequest, GroupDetail};
use sqlx::AnyConnection;

use crate::error::ApiError;
use crate::routes::resources::grant_view;
use crate::store::grants::{self as store, GrantRow};
use crate::store::groups::group_detail;

/// What storing one change takes.
pub(super) enum Step {
    /// Insert this grant.
    Create(GrantRow),
    /// Update the stored grant `before` to `after` (at version `before.version`).
    Update { before: GrantRow, after: GrantRow },
    /// Delete the stored grant.
    Delete(GrantRow),
    /// Put the user in the group (`true`) or take them out.
    Member {
        group: String,
        user: String,
        add: bool,
    },
    /// Insert this group.
    CreateGroup(Group),
    /// Rename the stored group (at `stored.version`).
    RenameGroup { group: Group, stored: GroupDetail },
    /// Delete the stored group, its grants and memberships (at `stored.version`).
    DeleteGroup(GroupDetail),
    /// Insert this user.
    CreateUser(User),
}

/// A request read against the snapshot: what to decide and what to store.
pub(super) struct Plan {
    /// The changes for the policy crate, in request order.
    pub changes: Vec<SetChange>,
    /// How to store each, in the same order.
    pub steps: Vec<Step>,
}

/// Reads `requests` against `before` (the snapshot the set is decided on) and the stored
/// grant and group rows of environment `env` on `conn`.
pub(super) async fn plan(
    conn: &mut AnyConnection,
    env: &str,
    before: &PreparedPolicy,
    requests: &[ChangeRequest],
) -> Result<Plan, ApiError> {
    let mut plan = Plan {
        changes: Vec::with_capacity(requests.len()),
        steps: Vec::with_capacity(requests.len()),
    };
    for (index, request) in requests.iter().enumerate() {
        let (change, step) = match request {
            ChangeRequest::CreateGrant {
                resource,
                subject,
                role,
                environments,
                expires_at,
            } => {
                let row = GrantRow {
                    id: uuid::Uuid::new_v4().to_string(),
                    resource: resource.clone(),
                    subject: subject.clone(),
                    role: *role,
                    environments: sorted(environments),
                    expires_at: *expires_at,
                    version: 1,
                };
                let grant = policy_grant(index, &row)?;
                (SetChange::CreateGrant { grant }, Step::Create(row))
            }
            ChangeRequest::UpdateGrant {
                grant,
                version,
                role,
                environments,
                expires_at,
            } => {
                let stored = stored(conn, before, index, grant, *version).await?;
                let after = GrantRow {
                    role: *role,
                    environments: sorted(environments),
                    expires_at: *expires_at,
                    version: version + 1,
                    ..stored.clone()
                };
                let grant = policy_grant(index, &after)?;
                (
                    SetChange::UpdateGrant { grant },
                    Step::Update {
                        before: stored,
                        after,
                    },
                )
            }
            ChangeRequest::DeleteGrant { grant, version } => {
                let stored = stored(conn, before, index, grant, *version).await?;
                let key = policy_grant(index, &stored)?.key();
                (SetChange::DeleteGrant { key }, Step::Delete(stored))
            }
            ChangeRequest::AddMember { group, user }
            | ChangeRequest::RemoveMember { group, user } => {
                let add = matches!(request, ChangeRequest::AddMember { .. });
                let user_id = UserId::parse(user).map_err(|_| {
                    refused(index, RefusalKind::NotFound, "user", "no such user here")
                })?;
                let group_id = GroupId::parse(group).map_err(|_| {
                    refused(index, RefusalKind::NotFound, "group", "no such group here")
                })?;
                let change = if add {
                    SetChange::AddMember {
                        user: user_id,
                        group: group_id,
                    }
                } else {
                    SetChange::RemoveMember {
                        user: user_id,
                        group: group_id,
                    }
                };
                let step = Step::Member {
                    group: group.clone(),
                    user: user.clone(),
                    add,
                };
                (change, step)
            }
            ChangeRequest::CreateGroup {
                group,
                name,
                description,
            } => {
                let id = group
                    .clone()
                    .unwrap_or_else(|| format!("grp-{}", uuid::Uuid::new_v4().simple()));
                let group = group_from_input(index, &id, name, description)
                    .map_err(|r| ApiError::Refused(vec![r]))?;
                (
                    SetChange::CreateGroup {
                        group: group.clone(),
                    },
                    Step::CreateGroup(group),
                )
            }
            ChangeRequest::RenameGroup {
                group,
                version,
                name,
                description,
            } => {
                let stored = stored_group(conn, env, index, group, *version).await?;
                let description = description.as_deref().unwrap_or(&stored.description);
                let group = group_from_input(index, group, name, description)
                    .map_err(|r| ApiError::Refused(vec![r]))?;
                (
                    SetChange::RenameGroup {
                        group: group.clone(),
                    },
                    Step::RenameGroup { group, stored },
                )
            }
            ChangeRequest::CreateUser {
                user,
                code,
                name,
                email,
                flags,
            } => {
                let id = user
                    .clone()
                    .unwrap_or_else(|| format!("usr-{}", uuid::Uuid::new_v4().simple()));
                let input = UserInput {
                    id: &id,
                    code,
                    name,
                    email: email.as_deref(),
                    flags: UserFlags {
                        windows: flags.windows,
                        insite: flags.insite,
                        pocket: flags.pocket,
                    },
                };
                let user = user_from_input(index, input).map_err(|r| ApiError::Refused(vec![r]))?;
                (
                    SetChange::CreateUser { user: user.clone() },
                    Step::CreateUser(user),
                )
            }
            ChangeRequest::DeleteGroup { group, version } => {
                let stored = stored_group(conn, env, index, group, *version).await?;
                let id = GroupId::parse(group).map_err(|_| {
                    refused(index, RefusalKind::NotFound, "group", "no such group here")
                })?;
                (
                    SetChange::DeleteGroup { group: id },
                    Step::DeleteGroup(stored),
                )
            }
        };
        plan.changes.push(change);
        plan.steps.push(step);
    }
    Ok(plan)
}

/// The stored grant `id` of this environment at `version`: 404 if there is none here, 412
/// with its current state if it has moved on.
async fn stored(
    conn: &mut AnyConnection,
    before: &PreparedPolicy,
    index: usize,
    id: &str,
    version: i64,
) -> Result<GrantRow, ApiError> {
    let row = store::grant_by_id(conn, id)
        .await?
        .filter(|row| {
            ResourceId::parse(&row.resource).is_ok_and(|r| before.policy().resource(&r).is_some())
        })
        .ok_or_else(|| refused(index, RefusalKind::NotFound, "grant", "no such grant here"))?;
    if row.version != version {
        let current = row.version;
        return Err(ApiError::Stale {
            entity: format!(
                "the grant of {}",
                grant_view(before, row.clone()).subject.name
            ),
            sent: version,
            current,
            state: serde_json::to_value(grant_view(before, row)).unwrap_or_default(),
        });
    }
    Ok(row)
}

/// The stored group `id` of environment `env` at `version`: 404 if there is none here, 412
/// with its current state if it has moved on.
async fn stored_group(
    conn: &mut AnyConnection,
    env: &str,
    index: usize,
    id: &str,
    version: i64,
) -> Result<GroupDetail, ApiError> {
    let stored = group_detail(conn, env, id)
        .await?
        .ok_or_else(|| refused(index, RefusalKind::NotFound, "group", "no such group here"))?;
    if stored.version != version {
        return Err(ApiError::Stale {
            entity: format!("group {}", stored.name),
            sent: version,
            current: stored.version,
            state: serde_json::to_value(&stored).unwrap_or_default(),
        });
    }
    Ok(stored)
}

/// The policy grant of a row; malformed ids and environments are refusals of change `index`.
fn policy_grant(index: usize, row: &GrantRow) -> Result<Grant, ApiError> {
    grant_from_input(
        index,
        &row.resource,
        &row.subject,
        row.role,
        &row.environments,
        row.expires_at,
    )
    .map_err(|refusal| ApiError::Refused(vec![refusal]))
}

/// Environment ids trimmed, sorted and each once.
fn sorted(environments: &[String]) -> Vec<String> {
    environments
        .iter()
        .map(|e| e.trim().to_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn refused(index: usize, kind: RefusalKind, field: &str, message: &str) -> ApiError {
    ApiError::Refused(vec![SetRefusal {
        index: Some(index),
        kind,
        field: Some(field.to_owned()),
        message: message.to_owned(),
    }])
}
