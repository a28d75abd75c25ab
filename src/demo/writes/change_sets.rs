//! Change sets on the demo store, decided by the same function the server decides with
//! (`gatehouse_policy::decide`): the store only checks versions and keeps the result, so
//! the demo cannot judge a set differently from the server.

use std::collections::HashMap;

use gatehouse_app::{
    broken_views, gate_tests, read_changes, Stored, StoredGrant, StoredGroup, TestsRefusal, Unread,
};
use gatehouse_policy::{decide, Actor, RefusalKind, SetChange, SetRefusal, UserId};
use gatehouse_wire::{
    BrokenTestsBody, ChangeRequest, ChangeSetRequest, ChangeSetResult, DataEnvironment,
    DataEnvironmentView, ErrorBody, GrantView, GroupDetail, SubjectView, UserKind, UserRef,
    UserStatus, UserSummary,
};

use crate::api::ApiFailure;
use crate::demo::queries::{actor, data_environment_views, prepared};
use crate::demo::{audit, change, with_state, DemoState};

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
    apply_recorded(state, request, None, audit::now_micros())
}

/// [`apply_change_set`], recording a kept set in the audit log from `now_micros` on, as an
/// undo of `undo_of` if it is one.
pub(crate) fn apply_recorded(
    state: &mut DemoState,
    request: &ChangeSetRequest,
    undo_of: Option<&str>,
    now_micros: i64,
) -> Result<ChangeSetResult, ApiFailure> {
    // The demo store keeps no app connectors, tokens or tables: those need the server.
    if request.changes.iter().any(|c| {
        matches!(
            c,
            ChangeRequest::CreateAppConnector { .. }
                | ChangeRequest::UpdateAppConnector { .. }
                | ChangeRequest::DeleteAppConnector { .. }
                | ChangeRequest::IssueToken { .. }
                | ChangeRequest::RevokeToken { .. }
                | ChangeRequest::SetTableMode { .. }
                | ChangeRequest::CreateFilter { .. }
                | ChangeRequest::UpdateFilter { .. }
                | ChangeRequest::DeleteFilter { .. }
                | ChangeRequest::SetFilterGroups { .. }
                | ChangeRequest::SetDeviation { .. }
        )
    }) {
        return Err(crate::api::not_in_demo());
    }
    let signed_in = actor(state)?;
    let actor = Actor::User(
        UserId::parse(&signed_in.id).map_err(|e| ApiFailure::Malformed(e.to_string()))?,
    );
    let policy = state.policy();
    let before = prepared(&policy)?;
    let stored = stored(state, &request.changes);
    let mut ids = Vec::new();
    let changes = {
        let mut new_id = |prefix: &str| {
            let id = format!("{prefix}-demo-{}", state.next_id + 1 + ids.len() as u64);
            ids.push(id.clone());
            id
        };
        read_changes(&request.changes, &stored, &policy, &mut new_id)
            .map_err(|u| unread(state, u))?
    };
    state.next_id += ids.len() as u64;
    let decided = decide(&before, &actor, &changes).map_err(refusal)?;
    // The access tests, judged by the app layer's one rule exactly as the server judges them:
    // a dry run lists what it breaks; a save is refused for it unless the account owner
    // overrides.
    let tests = crate::demo::access_tests::tests_of(state);
    let broken_tests = if request.dry_run {
        broken_views(&before, &decided.after, &tests)
    } else {
        let owner = crate::demo::access_tests::is_account_owner(state, &before)?;
        gate_tests(
            &before,
            &decided.after,
            &tests,
            request.override_tests,
            owner,
        )
        .map_err(tests_refusal)?
    };
    let kept = if request.dry_run {
        Kept::default()
    } else {
        let before = audit::Before::of(state, &signed_in.code);
        let kept = store(state, &request.changes, &changes);
        let set = audit::KeptSet {
            requests: &request.changes,
            changes: &changes,
            written: &kept.grants,
            undo_of,
            overridden: &broken_tests,
        };
        audit::record_set(state, &before, &set, now_micros);
        kept
    };
    Ok(ChangeSetResult {
        dry_run: request.dry_run,
        applied: changes.len(),
        shadowed: decided.shadowed(),
        impact: decided.impact,
        grants: kept.grants,
        groups: kept.groups,
        users: kept.users,
        app_connectors: Vec::new(),
        data_environments: kept.data_environments,
        issued_tokens: Vec::new(),
        revoked_tokens: Vec::new(),
        tables: Vec::new(),
        filters: Vec::new(),
        broken_tests,
    })
}

/// A one-change set from a single-change route: its refusal names the request's own field,
/// not `changes[0].…`.
pub(super) fn apply_one(
    state: &mut DemoState,
    change: ChangeRequest,
) -> Result<ChangeSetResult, ApiFailure> {
    let request = ChangeSetRequest {
        override_tests: false,
        dry_run: false,
        changes: vec![change],
    };
    apply_change_set(state, &request).map_err(ApiFailure::of_single_change)
}

/// The stored grants, groups and users `requests` edit, for the shared reader.
fn stored(state: &DemoState, requests: &[ChangeRequest]) -> Stored {
    let wanted = Stored::wanted(requests);
    Stored {
        grants: state
            .data
            .grants
            .iter()
            .filter(|g| wanted.grants.contains(&g.id.as_str()))
            .map(|g| {
                let grant = StoredGrant {
                    resource: g.resource.clone(),
                    subject: g.subject.subject.clone(),
                    version: g.version,
                };
                (g.id.clone(), grant)
            })
            .collect(),
        groups: state
            .data
            .groups
            .iter()
            .filter(|g| wanted.groups.contains(&g.id.as_str()))
            .map(|g| (g.id.clone(), StoredGroup::from(g)))
            .collect(),
        users: state
            .data
            .users
            .iter()
            .filter(|u| wanted.users.contains(&u.id.as_str()))
            .map(|u| (u.id.clone(), u.version))
            .collect(),
        app_connectors: HashMap::new(),
        data_environments: state
            .data
            .data_environments
            .iter()
            .filter(|e| wanted.data_environments.contains(&e.id.as_str()))
            .map(|e| (e.id.clone(), state.data_environment_version(&e.id)))
            .collect(),
        tokens: HashMap::new(),
        tables: HashMap::new(),
        filters: HashMap::new(),
    }
}

/// The answer to a set that could not be read: its refusal, or the 412 the server gives
/// (with the current state of what went stale).
fn unread(state: &DemoState, unread: Unread) -> ApiFailure {
    match unread {
        Unread::Refused(r) => refusal(vec![r]),
        Unread::Stale {
            entity,
            id,
            sent,
            current,
            ..
        } => {
            let grant = state.data.grants.iter().find(|g| g.id == id);
            let user = state.data.users.iter().find(|u| u.id == id);
            let group = state.data.groups.iter().find(|g| g.id == id);
            let environment = data_environment_views(state)
                .into_iter()
                .find(|e| e.id == id);
            let state = match (grant, user, group, environment) {
                (Some(grant), ..) => serde_json::to_string(grant),
                (None, Some(user), ..) => serde_json::to_string(user),
                (None, None, None, Some(environment)) => serde_json::to_string(&environment),
                (None, None, group, _) => serde_json::to_string(&group),
            }
            .unwrap_or_default();
            ApiFailure::Stale {
                message: format!(
                    "{entity} was changed by someone else (you edited version {sent}, it is now at version {current})"
                ),
                current_version: current,
                current: state,
            }
        }
    }
}

/// A subject's display name, as grants show it.
fn subject_name(state: &DemoState, subject: &gatehouse_policy::Subject) -> String {
    state.policy().subject_name(subject)
}

/// What a kept set wrote, as stored now.
#[derive(Default)]
struct Kept {
    grants: Vec<GrantView>,
    groups: Vec<GroupDetail>,
    users: Vec<UserSummary>,
    data_environments: Vec<DataEnvironmentView>,
}

/// Keeps a decided set: users and groups created first (the set's other changes may name
/// them), then grants added, changed (version + 1) and removed, members changed (each
/// touched group's version + 1 once), groups renamed and deleted, users changed (version +
/// 1). Returns what it wrote as stored.
fn store(state: &mut DemoState, requests: &[ChangeRequest], changes: &[SetChange]) -> Kept {
    let mut touched: Vec<String> = Vec::new();
    let mut versioned: Vec<String> = Vec::new();
    let mut users: Vec<String> = Vec::new();
    let mut environments: Vec<String> = Vec::new();
    for change in changes {
        if let SetChange::CreateUser { user } = change {
            users.push(user.id.to_string());
            state.data.users.push(UserSummary {
                id: user.id.to_string(),
                code: user
                    .code
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                name: user.name.clone(),
                email: user.email.as_ref().map(ToString::to_string),
                status: UserStatus::Active,
                account_owner: false,
                flags: user.flags.into(),
                groups: Vec::new(),
                version: 1,
                kind: UserKind::default(),
                person: None,
                collaborator: false,
            });
        }
        if let SetChange::CreateGroup { group } = change {
            state.data.groups.push(GroupDetail {
                id: group.id.to_string(),
                name: group.name.clone(),
                description: group.description.clone(),
                members: Vec::new(),
                version: 1,
            });
            touched.push(group.id.to_string());
            versioned.push(group.id.to_string());
        }
    }
    let mut written = Vec::new();
    for (request, change) in requests.iter().zip(changes) {
        match (request, change) {
            (
                ChangeRequest::CreateGrant {
                    resource,
                    subject,
                    role,
                    environments,
                    expires_at,
                },
                _,
            ) => {
                let view = GrantView {
                    id: state.new_id("grant"),
                    resource: resource.clone(),
                    subject: SubjectView {
                        subject: subject.clone(),
                        name: subject_name(state, subject),
                    },
                    role: *role,
                    environments: sorted(environments),
                    expires_at: *expires_at,
                    version: 1,
                };
                state.data.grants.push(view.clone());
                written.push(view);
            }
            (
                ChangeRequest::UpdateGrant {
                    grant: id,
                    role,
                    environments,
                    expires_at,
                    ..
                },
                _,
            ) => {
                if let Some(slot) = state.data.grants.iter_mut().find(|g| &g.id == id) {
                    slot.role = *role;
                    slot.environments = sorted(environments);
                    slot.expires_at = *expires_at;
                    slot.version += 1;
                    written.push(slot.clone());
                }
            }
            (ChangeRequest::DeleteGrant { grant: id, .. }, _) => {
                state.data.grants.retain(|g| &g.id != id);
            }
            (_, SetChange::AddMember { user, group } | SetChange::RemoveMember { user, group }) => {
                let add = matches!(change, SetChange::AddMember { .. });
                let member = state
                    .data
                    .users
                    .iter()
                    .find(|u| u.id == user.as_str())
                    .map(|u| UserRef {
                        id: u.id.clone(),
                        code: u.code.clone(),
                        name: u.name.clone(),
                    });
                if let Some(slot) = state
                    .data
                    .groups
                    .iter_mut()
                    .find(|g| g.id == group.as_str())
                {
                    slot.members.retain(|m| m.id != user.as_str());
                    if add {
                        slot.members.extend(member);
                        slot.members.sort_by(|a, b| a.name.cmp(&b.name));
                    }
                }
                if !touched.contains(&group.to_string()) {
                    touched.push(group.to_string());
                }
            }
            (_, SetChange::RenameGroup { group }) => {
                if let Some(slot) = state
                    .data
                    .groups
                    .iter_mut()
                    .find(|g| g.id == group.id.as_str())
                {
                    slot.name.clone_from(&group.name);
                    slot.description.clone_from(&group.description);
                    slot.version += 1;
                }
                // Grants show their subject's name.
                let subject = gatehouse_policy::Subject::Group(group.id.clone());
                for grant in state
                    .data
                    .grants
                    .iter_mut()
                    .filter(|g| g.subject.subject == subject)
                {
                    grant.subject.name.clone_from(&group.name);
                }
                touched.push(group.id.to_string());
                versioned.push(group.id.to_string());
            }
            (_, SetChange::SetPrecedence { precedence }) => {
                // An organisation setting: every environment of the organisation.
                let participant = state
                    .data
                    .environments
                    .iter()
                    .find(|e| e.code == state.data.environment)
                    .map(|e| e.participant.clone());
                for env in &mut state.data.environments {
                    if Some(&env.participant) == participant.as_ref() {
                        env.precedence = (*precedence).into();
                    }
                }
            }
            (_, SetChange::DeleteGroup { group }) => {
                let subject = gatehouse_policy::Subject::Group(group.clone());
                state.data.grants.retain(|g| g.subject.subject != subject);
                state.data.groups.retain(|g| g.id != group.as_str());
            }
            (_, SetChange::EditUser { user }) => {
                edit_user(state, user);
                users.push(user.id.to_string());
            }
            (_, SetChange::SetUserStatus { user, status }) => {
                if let Some(slot) = state.data.users.iter_mut().find(|u| u.id == user.as_str()) {
                    slot.status = (*status).into();
                    slot.version += 1;
                }
                users.push(user.to_string());
            }
            (_, SetChange::CreateDataEnvironment { environment }) => {
                let id = environment.id.to_string();
                state.data.data_environments.push(DataEnvironment {
                    id: id.clone(),
                    name: environment.name.clone(),
                    builtin: false,
                });
                state.data_environment_versions.insert(id.clone(), 1);
                environments.push(id);
            }
            (_, SetChange::RenameDataEnvironment { environment }) => {
                let id = environment.id.to_string();
                if let Some(slot) = state.data.data_environments.iter_mut().find(|e| e.id == id) {
                    slot.name.clone_from(&environment.name);
                }
                let version = state.data_environment_version(&id) + 1;
                state.data_environment_versions.insert(id.clone(), version);
                environments.push(id);
            }
            _ => {}
        }
    }
    // Deleted data environments go last, as on the server: every grant loses them, and a
    // grant left without one goes.
    for change in changes {
        if let SetChange::DeleteDataEnvironment { environment } = change {
            delete_data_environment(state, environment.as_str());
        }
    }
    let mut groups = Vec::new();
    for id in touched {
        if let Some(slot) = state.data.groups.iter_mut().find(|g| g.id == id) {
            if !versioned.contains(&id) {
                slot.version += 1;
            }
            groups.push(slot.clone());
        }
    }
    let mut kept_users = Vec::new();
    for id in users {
        if let Some(user) = state.data.users.iter().find(|u| u.id == id) {
            let mut user = user.clone();
            user.groups = state
                .data
                .groups
                .iter()
                .filter(|g| g.members.iter().any(|m| m.id == id))
                .map(|g| gatehouse_wire::GroupRef {
                    id: g.id.clone(),
                    name: g.name.clone(),
                })
                .collect();
            kept_users.push(user);
        }
    }
    let views = data_environment_views(state);
    Kept {
        grants: written,
        groups,
        users: kept_users,
        data_environments: views
            .into_iter()
            .filter(|e| environments.contains(&e.id))
            .collect(),
    }
}

/// Takes data environment `id` out of the store and out of every grant (a grant left without
/// environments goes; the others move to their next version).
fn delete_data_environment(state: &mut DemoState, id: &str) {
    state.data.data_environments.retain(|e| e.id != id);
    state.data_environment_versions.remove(id);
    state.data.grants.retain_mut(|grant| {
        if !grant.environments.iter().any(|e| e == id) {
            return true;
        }
        grant.environments.retain(|e| e != id);
        grant.version += 1;
        !grant.environments.is_empty()
    });
}

/// Gives the stored user `user`'s name, email, flags and status (version + 1); grants and
/// group members show the new name.
fn edit_user(state: &mut DemoState, user: &gatehouse_policy::User) {
    let id = user.id.as_str();
    if let Some(slot) = state.data.users.iter_mut().find(|u| u.id == id) {
        slot.name.clone_from(&user.name);
        slot.email = user.email.as_ref().map(ToString::to_string);
        slot.flags = user.flags.into();
        slot.status = user.status.into();
        slot.version += 1;
    }
    let subject = gatehouse_policy::Subject::User(user.id.clone());
    for grant in state
        .data
        .grants
        .iter_mut()
        .filter(|g| g.subject.subject == subject)
    {
        grant.subject.name.clone_from(&user.name);
    }
    for member in state
        .data
        .groups
        .iter_mut()
        .flat_map(|g| g.members.iter_mut())
        .filter(|m| m.id == id)
    {
        member.name.clone_from(&user.name);
    }
}

fn sorted(environments: &[String]) -> Vec<String> {
    let mut environments: Vec<String> = environments.iter().map(|e| e.trim().to_owned()).collect();
    environments.sort();
    environments.dedup();
    environments
}

/// A save refused for the access tests it breaks, as the server answers it: 409 without an
/// override, 403 for an override by someone other than the account owner.
fn tests_refusal(refusal: TestsRefusal) -> ApiFailure {
    ApiFailure::TestsBroken {
        status: refusal.status(),
        body: BrokenTestsBody {
            error: refusal.message(),
            field: Some("override_tests".to_owned()),
            broken_tests: refusal.broken().to_vec(),
        },
    }
}

/// The refusals as the server answers them: the first one's sentence and field, the status
/// of the most fundamental one.
pub(crate) fn refusal(refusals: Vec<SetRefusal>) -> ApiFailure {
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
