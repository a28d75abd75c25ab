//! Grant changes on the demo store: create, update and delete, with `If-Match` versions.

use gatehouse_policy::{Change, EnvironmentId, Grant, ResourceId, Subject, Timestamp};
use gatehouse_wire::{GrantUpdate, GrantView, NewGrant, SubjectView};

use super::check;
use crate::api::ApiFailure;
use crate::demo::queries::refused;
use crate::demo::{change, DemoState};

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

pub(super) fn subject_name(state: &DemoState, subject: &Subject) -> String {
    state.policy().subject_name(subject)
}

fn stale(current: &GrantView, sent: i64) -> ApiFailure {
    ApiFailure::Stale {
        message: format!("this grant was changed by someone else (you edited version {sent}, it is now at version {})", current.version),
        current_version: current.version,
        current: serde_json::to_string(current).unwrap_or_default(),
    }
}

/// The stored grant `id`, if it is still at `version` (404 or 412 otherwise).
pub(super) fn current_grant(
    state: &DemoState,
    id: &str,
    version: i64,
) -> Result<GrantView, ApiFailure> {
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
