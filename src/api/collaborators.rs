//! Collaborator users, user properties, licences and the collaborator sync (DESIGN §5). Like
//! the integration calls, these need the server: the demo mode answers the designed 501
//! refusal ([`ApiFailure::is_demo_refusal`]).

use gatehouse_wire::{
    ChangeRequest, ChangeSetRequest, CollaborationView, CollaboratorSource, Conversion,
    LicenceOverview, NewCollaborator, SyncRunDetail, SyncRunList, UserProperties, UserSummary,
};

use super::integration::not_in_demo;
use super::{get_json, send_json, send_json_if_match, ApiFailure};

/// Refuses in the demo mode, which has no collaborators, licences or sync.
fn server_only() -> Result<(), ApiFailure> {
    if crate::demo::is_active() {
        Err(not_in_demo())
    } else {
        Ok(())
    }
}

/// Changes name, email, application flags and status of the user `id` loaded at `version`:
/// a change set of one `update_user` change (which the demo store applies too). A refusal
/// names the property's field (`email`, `flags.pocket`, `status`).
pub async fn update_user_properties(
    env: &str,
    id: &str,
    version: i64,
    body: &UserProperties,
) -> Result<UserSummary, ApiFailure> {
    let request = ChangeSetRequest {
        override_tests: false,
        dry_run: false,
        changes: vec![update_user(id, version, body)],
    };
    super::apply_changes(env, &request)
        .await
        .map_err(ApiFailure::of_single_change)?
        .users
        .into_iter()
        .next()
        .ok_or_else(|| ApiFailure::Malformed("the saved user was not sent back".to_owned()))
}

/// The change that gives user `id` (loaded at `version`) the properties `body`.
pub fn update_user(id: &str, version: i64, body: &UserProperties) -> ChangeRequest {
    ChangeRequest::UpdateUser {
        user: id.to_owned(),
        version,
        name: body.name.clone(),
        email: body.email.clone(),
        flags: body.flags,
        status: body.status,
    }
}

/// Activates an own user as collaborator (in the provider's production environment).
pub async fn activate_collaborator(
    env: &str,
    code: &str,
    version: i64,
) -> Result<UserSummary, ApiFailure> {
    server_only()?;
    let path = format!("/environments/{env}/users/{code}/collaborator");
    send_json_if_match::<(), _>("POST", &path, version, None).await
}

/// Deactivates a collaborator (refused while clients still have the user).
pub async fn deactivate_collaborator(
    env: &str,
    code: &str,
    version: i64,
) -> Result<UserSummary, ApiFailure> {
    server_only()?;
    let path = format!("/environments/{env}/users/{code}/collaborator");
    send_json_if_match::<(), _>("DELETE", &path, version, None).await
}

/// Where a user comes from and what that means in `env`.
pub async fn get_collaboration(env: &str, code: &str) -> Result<CollaborationView, ApiFailure> {
    server_only()?;
    get_json(&format!("/environments/{env}/users/{code}/collaboration")).await
}

/// Looks a provider's collaborator up by code before adding it to `env` (409 with the reason
/// when it cannot be added).
pub async fn get_collaborator_source(
    env: &str,
    code: &str,
) -> Result<CollaboratorSource, ApiFailure> {
    server_only()?;
    get_json(&format!("/environments/{env}/collaborators/sources/{code}")).await
}

/// Adds another organisation's collaborator to `env` as a system or normal user.
pub async fn add_collaborator(
    env: &str,
    body: &NewCollaborator,
) -> Result<UserSummary, ApiFailure> {
    server_only()?;
    send_json(
        "POST",
        &format!("/environments/{env}/collaborators"),
        Some(body),
    )
    .await
}

/// Converts a system user loaded at `version` into a normal user linked to a person.
pub async fn convert_user(
    env: &str,
    code: &str,
    version: i64,
    body: &Conversion,
) -> Result<UserSummary, ApiFailure> {
    server_only()?;
    let path = format!("/environments/{env}/users/{code}/conversion");
    send_json_if_match("POST", &path, version, Some(body)).await
}

/// The licence use of the signed-in administrator's organisation and related ones.
pub async fn get_licences() -> Result<LicenceOverview, ApiFailure> {
    server_only()?;
    get_json("/licences").await
}

/// The sync schedule and the history of runs, newest first.
pub async fn list_sync_runs() -> Result<SyncRunList, ApiFailure> {
    server_only()?;
    get_json("/sync/runs").await
}

/// One sync run with its results.
pub async fn get_sync_run(id: &str) -> Result<SyncRunDetail, ApiFailure> {
    server_only()?;
    get_json(&format!("/sync/runs/{id}")).await
}

/// Runs the sync now ("Run now"); answers when the run is done.
pub async fn run_sync() -> Result<SyncRunDetail, ApiFailure> {
    server_only()?;
    send_json::<(), _>("POST", "/sync/runs", None).await
}
