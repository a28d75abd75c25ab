//! Importing users into the demo store: planned by the function the server plans with
//! (`gatehouse_app::plan_user_import`) and written through the store's change-set path
//! ([`apply_change_set`]), so the demo answers an import as the server does.

use std::collections::HashMap;

use gatehouse_app::{plan_user_import, ImportError, ImportPlan};
use gatehouse_policy::{authorize_account_owner, RefusalKind, SetRefusal, UserId};
use gatehouse_wire::{ChangeSetRequest, ChangeSetResult, ErrorBody, ImportRequest, ImportResult};

use super::change_sets::apply_change_set;
use crate::api::ApiFailure;
use crate::demo::queries::{actor, prepared, refused};
use crate::demo::{change, with_state, DemoState};

/// `POST /environments/{env}/imports/users`.
pub fn import_users(_env: &str, request: &ImportRequest) -> Result<ImportResult, ApiFailure> {
    if request.dry_run {
        with_state(|state| import(state, request))
    } else {
        change(|state| import(state, request))
    }
}

/// Plans the file against the store and, unless a dry run, keeps it when no line is in error
/// (and its change set breaks no access test, or the account owner overrides them).
fn import(state: &mut DemoState, request: &ImportRequest) -> Result<ImportResult, ApiFailure> {
    let (csv, dry_run) = (request.csv.as_str(), request.dry_run);
    let policy = state.policy();
    let caller =
        UserId::parse(&actor(state)?.id).map_err(|e| ApiFailure::Malformed(e.to_string()))?;
    authorize_account_owner(&prepared(&policy)?, &caller).map_err(|_| {
        refused(
            403,
            "only the account owner imports users, and you are not the account owner",
            None,
        )
    })?;
    let versions: HashMap<String, i64> = state
        .data
        .users
        .iter()
        .map(|u| (u.id.clone(), u.version))
        .collect();
    let mut plan = plan_user_import(csv.as_bytes(), &policy, &versions, &state.data.environment)
        .map_err(in_file)?;
    if !dry_run {
        if let Some(err) = plan.first_error() {
            return Err(in_file(err));
        }
    }
    let result = decided(state, &mut plan, dry_run, request.override_tests)?;
    match plan.first_error() {
        Some(err) if !dry_run => Err(in_file(err)),
        _ => Ok(plan.result(dry_run, result)),
    }
}

/// The plan's requests decided (and kept unless `dry_run`) by the store's change-set path;
/// its refusal is put on its line (a refusal for broken access tests is the whole file's).
/// `None` when there is nothing to decide or a line was refused.
fn decided(
    state: &mut DemoState,
    plan: &mut ImportPlan,
    dry_run: bool,
    override_tests: bool,
) -> Result<Option<ChangeSetResult>, ApiFailure> {
    if plan.requests().is_empty() {
        return Ok(None);
    }
    let request = ChangeSetRequest {
        override_tests,
        dry_run,
        changes: plan.requests().to_vec(),
    };
    match apply_change_set(state, &request) {
        Ok(result) => Ok(Some(result)),
        Err(ApiFailure::Refused { status, body }) if status != 501 => {
            match plan.refuse(&[refusal(status, body)]) {
                Some(whole) => Err(refused(409, whole, Some("csv"))),
                None => Ok(None),
            }
        }
        Err(other) => Err(other),
    }
}

/// The change-set path's refusal back as the policy's: its change from the field path
/// `changes[3].email` (the path is the store's own answer, not a sentence).
fn refusal(status: u16, body: ErrorBody) -> SetRefusal {
    let at = body
        .field
        .as_deref()
        .and_then(|f| f.strip_prefix("changes["))
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(index, rest)| Some((index.parse().ok()?, rest)));
    let (index, field) = match at {
        Some((index, rest)) => (Some(index), rest.strip_prefix('.').map(str::to_owned)),
        None => (None, body.field),
    };
    let kind = match status {
        403 => RefusalKind::Forbidden,
        404 => RefusalKind::NotFound,
        409 => RefusalKind::Conflict,
        _ => RefusalKind::Invalid,
    };
    SetRefusal {
        index,
        kind,
        field,
        message: body.error,
    }
}

/// A file or line that cannot be imported, as the server's 422 naming it.
fn in_file(err: ImportError) -> ApiFailure {
    refused(422, err.to_string(), Some("csv"))
}
