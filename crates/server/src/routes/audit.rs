//! The audit log (entries, and the change sets they were written in) and undoing a change
//! set from it. Only the account owner reads the log and undoes from it; an undo is built by
//! the application layer ([`gatehouse_app::undo_changes`]) and applied through the one write
//! path like any other change set.

use std::collections::BTreeSet;

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use gatehouse_app::provisioning::rfc3339_millis;
use gatehouse_app::{undo_changes, undo_needs, CurrentVersions, TestUndo};
use gatehouse_wire::{
    AuditChangeSetPage, AuditPage, EnvironmentInfo, ErrorBody, UndoRequest, UndoResult,
};

use super::context::{InSet, PolicyContext};
use super::environments::{caller_environment, in_own_organisation};
use super::openapi::{EnvParam, JsonBody, SignedIn};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::store::audit::AuditQuery;
use crate::store::grants::grants_by_ids;
use crate::store::groups::group_detail;
use crate::store::users::users_by_ids;
use crate::AppState;

/// The audit routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/environments/{env}/audit", get(audit_log))
        .route("/environments/{env}/audit/change-sets", get(change_sets))
        .route("/environments/{env}/audit/undo", post(undo))
}

/// The longest free-text search.
const MAX_SEARCH_CHARS: usize = 200;

/// Refuses filters and paging the log cannot answer, naming the parameter.
fn checked(query: &AuditQuery) -> Result<(), ApiError> {
    if query.page == Some(0) {
        return Err(ApiError::invalid("page", "page counts from 1"));
    }
    if query.per_page.is_some_and(|n| !(1..=200).contains(&n)) {
        return Err(ApiError::invalid(
            "per_page",
            "per_page must be between 1 and 200",
        ));
    }
    if query.page.is_some_and(|n| n > 1_000_000) {
        return Err(ApiError::invalid("page", "page must be at most 1,000,000"));
    }
    if let (Some(from), Some(to)) = (query.from, query.to) {
        if from > to {
            return Err(ApiError::invalid("to", "to must not be before from"));
        }
    }
    if query
        .q
        .as_ref()
        .is_some_and(|q| q.chars().count() > MAX_SEARCH_CHARS)
    {
        return Err(ApiError::invalid(
            "q",
            format!("q is at most {MAX_SEARCH_CHARS} characters"),
        ));
    }
    Ok(())
}

/// The environment `code` when the caller is its account owner: only they read the log.
async fn log_of(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<EnvironmentInfo, ApiError> {
    let env = caller_environment(state, caller, code).await?;
    if !(caller.user.account_owner && in_own_organisation(caller, &env)) {
        return Err(ApiError::Forbidden(
            "only the account owner can read the audit log".to_owned(),
        ));
    }
    Ok(env)
}

/// The audit log, newest first
///
/// Filter by `entity`, `entity_id`, `actor`, `action`, time (`from`, `to`: microseconds since
/// the epoch), free text (`q`: actor, entity id, before or after) or one `change_set`; page
/// with `page` and `per_page`. Only the account owner reads it.
#[utoipa::path(
    get,
    path = "/environments/{env}/audit",
    tag = "audit",
    params(EnvParam, AuditQuery),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "a page of entries", body = AuditPage),
        (status = 400, description = "a number parameter is not a number, or an unknown query parameter (`field` names it)", body = ErrorBody),
        (status = 422, description = "`page` below 1, `per_page` outside 1–200, `to` before `from` or `q` too long (`field` names it)", body = ErrorBody),
        SignedIn,
    ),
)]
async fn audit_log(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    checked(&query)?;
    let env = log_of(&state, &caller, &env).await?;
    Ok(Json(state.store.list_audit(&env.code, &query).await?))
}

/// The change sets of the audit log, newest first
///
/// Each change set (every entry one transaction wrote) with an entry matching the filters of
/// `GET …/audit`, its size, its first matching entries, and the set that undid it or that it
/// undid. `per_page` counts change sets. Only the account owner reads it.
#[utoipa::path(
    get,
    path = "/environments/{env}/audit/change-sets",
    tag = "audit",
    params(EnvParam, AuditQuery),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "a page of change sets", body = AuditChangeSetPage),
        (status = 400, description = "a number parameter is not a number, or an unknown query parameter (`field` names it)", body = ErrorBody),
        (status = 422, description = "`page` below 1, `per_page` outside 1–200, `to` before `from` or `q` too long (`field` names it)", body = ErrorBody),
        SignedIn,
    ),
)]
async fn change_sets(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditChangeSetPage>, ApiError> {
    checked(&query)?;
    let env = log_of(&state, &caller, &env).await?;
    Ok(Json(state.store.list_change_sets(&env.code, &query).await?))
}

/// Undo a change set, or one entry of one
///
/// Builds the inverse change set from the log (grants, groups and memberships, users, the
/// precedence rule; saved access tests are put back beside it) and decides it like any
/// change set: with `dry_run` the impact it would
/// have, otherwise applied and audited as an undo of the original (`undo_of`). Refused (409)
/// when something it would put back changed since, naming who changed it and when, or when
/// the set was undone already. Only the account owner undoes.
#[utoipa::path(
    post,
    path = "/environments/{env}/audit/undo",
    tag = "audit",
    params(EnvParam),
    request_body = UndoRequest,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "undone (or, with `dry_run`, decided): the inverse changes and their result", body = UndoResult),
        SignedIn,
        JsonBody,
        (status = 404, description = "no such change set or entry in this environment's log", body = ErrorBody),
        (status = 409, description = "something the undo would put back changed since, the set was undone already, a kind undo does not cover, or the lock-out guard", body = ErrorBody),
        (status = 412, description = "something changed while the undo was saved", body = ErrorBody),
    ),
)]
async fn undo(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<UndoRequest>,
) -> Result<Json<UndoResult>, ApiError> {
    let env = log_of(&state, &caller, &env).await?;
    let (set, entries) = match (&body.change_set, &body.entry) {
        (Some(set), None) => {
            let entries = state.store.change_set_entries(&env.code, set).await?;
            if entries.is_empty() {
                return Err(ApiError::NotFound {
                    what: "change set",
                    id: set.clone(),
                    field: "change_set",
                });
            }
            (set.clone(), entries)
        }
        (None, Some(id)) => {
            let entry = state
                .store
                .audit_entry(&env.code, id)
                .await?
                .ok_or_else(|| ApiError::NotFound {
                    what: "audit entry",
                    id: id.clone(),
                    field: "entry",
                })?;
            (entry.change_set.clone(), vec![entry])
        }
        _ => {
            return Err(ApiError::invalid(
                "change_set",
                "give either `change_set` or `entry`, not both or neither",
            ))
        }
    };
    let entities: BTreeSet<&str> = entries.iter().map(|e| e.entity.as_str()).collect();
    let entities: Vec<&str> = entities.into_iter().collect();
    let first = entries.iter().map(|e| e.at).min().unwrap_or_default();
    let since = state
        .store
        .audit_entries_since(&env.code, first, &set, &entities)
        .await?;
    let ctx = PolicyContext::load(&state, &caller, &env.code).await?;
    let current = current_versions(&state, &env.code, &entries).await?;
    let undo = undo_changes(&entries, &since, &current, &ctx.policy).map_err(|refusal| {
        ApiError::Conflict {
            message: refusal.describe(time_text),
            field: Some(
                if body.entry.is_some() {
                    "entry"
                } else {
                    "change_set"
                }
                .to_owned(),
            ),
        }
    })?;
    let author = InSet::begin(&caller, Some(set.clone()));
    let how = super::changes::How {
        dry_run: body.dry_run,
        override_tests: body.override_tests,
    };
    let result = super::changes::apply_undo(&state, &ctx, &author, &undo, how).await?;
    Ok(Json(UndoResult {
        undo_of: set,
        access_tests: undo.tests.iter().map(TestUndo::describe).collect(),
        changes: undo.changes,
        result,
    }))
}

/// The stored versions of what undoing `entries` edits.
async fn current_versions(
    state: &AppState,
    env: &str,
    entries: &[gatehouse_wire::AuditEntry],
) -> Result<CurrentVersions, ApiError> {
    let needs = undo_needs(entries);
    let (grants, groups, users) = (&needs.grants, &needs.groups, &needs.users);
    let mut conn = state.store.pool().acquire().await?;
    let mut current = CurrentVersions::default();
    if !needs.tests.is_empty() {
        for saved in crate::store::access_tests::list(&mut conn, env).await? {
            if needs.tests.iter().any(|id| id == saved.test.id.as_str()) {
                current
                    .tests
                    .insert(saved.test.id.to_string(), saved.version);
            }
        }
    }
    let ids: Vec<&str> = grants.iter().map(String::as_str).collect();
    for grant in grants_by_ids(&mut conn, &ids).await? {
        current.grants.insert(grant.id, grant.version);
    }
    for id in groups {
        if let Some(group) = group_detail(&mut conn, env, id).await? {
            current.groups.insert(group.id, group.version);
        }
    }
    let ids: Vec<&str> = users.iter().map(String::as_str).collect();
    for user in users_by_ids(&mut conn, env, &ids).await? {
        current.users.insert(user.id, user.version);
    }
    Ok(current)
}

/// An entry's time in words: `2026-12-07 08:01:02 UTC`.
fn time_text(at_micros: i64) -> String {
    let text = rfc3339_millis(at_micros.div_euclid(1000));
    // `2026-12-07T08:01:02.123Z` → `2026-12-07 08:01:02 UTC`
    format!("{} UTC", text.get(..19).unwrap_or(&text).replace('T', " "))
}
