//! Change sets on the demo store, decided by the same function the server decides with
//! (`gatehouse_policy::decide`): the store only checks versions and keeps the result, so
//! the demo cannot judge a set differently from the server.

use gatehouse_policy::{
    decide, grant_from_input, Actor, Grant, GrantKey, RefusalKind, ResourceId, SetChange,
    SetRefusal, UserId,
};
use gatehouse_wire::{
    ChangeRequest, ChangeSetRequest, ChangeSetResult, ErrorBody, GrantView, SubjectView,
};

use super::grants::{current_grant, subject_name};
use crate::api::ApiFailure;
use crate::demo::queries::{actor, prepared, refused};
use crate::demo::{change, with_state, DemoState};

/// `POST /environments/{env}/changes`.
pub fn apply_changes(
    _env: &str,
    request: &ChangeSetRequest,
) -> Result<ChangeSetResult, ApiFailure> {
    if request.dry_run {
        with_state(|state| apply_change_set(state, request))
    } else {
        change(|state| apply_change_set(state, request))
    }
}

/// Decides `request` for the signed-in user of `state` and, unless it is a dry run, keeps
/// it in `state` (nothing is kept when it is refused). The store's whole write path, without
/// the browser's storage: the parity test runs it natively beside the real server.
pub fn apply_change_set(
    state: &mut DemoState,
    request: &ChangeSetRequest,
) -> Result<ChangeSetResult, ApiFailure> {
    let actor = Actor::User(
        UserId::parse(&actor(state)?.id).map_err(|e| ApiFailure::Malformed(e.to_string()))?,
    );
    let policy = state.policy();
    let before = prepared(&policy)?;
    let changes = request
        .changes
        .iter()
        .enumerate()
        .map(|(index, c)| set_change(state, index, c))
        .collect::<Result<Vec<_>, _>>()?;
    let decided = decide(&before, &actor, &changes).map_err(refusal)?;
    let grants = if request.dry_run {
        Vec::new()
    } else {
        store(state, &request.changes)?
    };
    Ok(ChangeSetResult {
        dry_run: request.dry_run,
        applied: changes.len(),
        shadowed: decided.shadowed(),
        impact: decided.impact,
        grants,
    })
}

/// The policy change a request asks for, its grant found at the version it was edited at.
fn set_change(
    state: &DemoState,
    index: usize,
    request: &ChangeRequest,
) -> Result<SetChange, ApiFailure> {
    Ok(match request {
        ChangeRequest::CreateGrant {
            resource,
            subject,
            role,
            environments,
            expires_at,
        } => SetChange::CreateGrant {
            grant: grant(index, resource, subject, *role, environments, *expires_at)?,
        },
        ChangeRequest::UpdateGrant {
            grant: id,
            version,
            role,
            environments,
            expires_at,
        } => {
            let current = current_grant(state, id, *version)?;
            SetChange::UpdateGrant {
                grant: grant(
                    index,
                    &current.resource,
                    &current.subject.subject,
                    *role,
                    environments,
                    *expires_at,
                )?,
            }
        }
        ChangeRequest::DeleteGrant { grant: id, version } => {
            let current = current_grant(state, id, *version)?;
            SetChange::DeleteGrant {
                key: GrantKey {
                    subject: current.subject.subject.clone(),
                    resource: resource_id(index, &current.resource)?,
                },
            }
        }
        ChangeRequest::AddMember { .. } | ChangeRequest::RemoveMember { .. } => {
            return Err(refused(
                422,
                "in the demo, members are changed on the group's page",
                Some(&format!("changes[{index}]")),
            ))
        }
    })
}

fn grant(
    index: usize,
    resource: &str,
    subject: &gatehouse_policy::Subject,
    role: gatehouse_policy::Role,
    environments: &[String],
    expires_at: Option<i64>,
) -> Result<Grant, ApiFailure> {
    grant_from_input(index, resource, subject, role, environments, expires_at)
        .map_err(|r| refusal(vec![r]))
}

fn resource_id(index: usize, resource: &str) -> Result<ResourceId, ApiFailure> {
    ResourceId::parse(resource).map_err(|_| {
        refused(
            404,
            "no such resource here",
            Some(&format!("changes[{index}].resource")),
        )
    })
}

/// Keeps a decided set: grants added, changed (version + 1) and removed.
fn store(state: &mut DemoState, changes: &[ChangeRequest]) -> Result<Vec<GrantView>, ApiFailure> {
    let mut written = Vec::new();
    for request in changes {
        match request {
            ChangeRequest::CreateGrant {
                resource,
                subject,
                role,
                environments,
                expires_at,
            } => {
                let mut environments = environments.clone();
                environments.sort();
                let view = GrantView {
                    id: state.new_id("grant"),
                    resource: resource.clone(),
                    subject: SubjectView {
                        subject: subject.clone(),
                        name: subject_name(state, subject),
                    },
                    role: *role,
                    environments,
                    expires_at: *expires_at,
                    version: 1,
                };
                state.data.grants.push(view.clone());
                written.push(view);
            }
            ChangeRequest::UpdateGrant {
                grant: id,
                role,
                environments,
                expires_at,
                ..
            } => {
                if let Some(slot) = state.data.grants.iter_mut().find(|g| &g.id == id) {
                    let mut environments = environments.clone();
                    environments.sort();
                    slot.role = *role;
                    slot.environments = environments;
                    slot.expires_at = *expires_at;
                    slot.version += 1;
                    written.push(slot.clone());
                }
            }
            ChangeRequest::DeleteGrant { grant: id, .. } => {
                state.data.grants.retain(|g| &g.id != id);
            }
            ChangeRequest::AddMember { .. } | ChangeRequest::RemoveMember { .. } => {}
        }
    }
    Ok(written)
}

/// The refusals as the server answers them: the first one's sentence and field, the status
/// of the most fundamental one.
fn refusal(refusals: Vec<SetRefusal>) -> ApiFailure {
    let status = refusals
        .iter()
        .map(|r| match r.kind {
            RefusalKind::Forbidden => 403,
            RefusalKind::NotFound => 404,
            RefusalKind::Conflict => 409,
            RefusalKind::Invalid => 422,
        })
        .min()
        .unwrap_or(409);
    let first = refusals.first();
    ApiFailure::Refused {
        status,
        body: ErrorBody {
            error: first.map_or_else(
                || "the change set is refused".to_owned(),
                |r| r.message.clone(),
            ),
            field: first.map(|r| match (r.index, &r.field) {
                (Some(i), Some(f)) => format!("changes[{i}].{f}"),
                (Some(i), None) => format!("changes[{i}]"),
                (None, f) => f.clone().unwrap_or_else(|| "changes".to_owned()),
            }),
        },
    }
}
