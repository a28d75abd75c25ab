//! Users in and out as CSV: `POST /environments/{env}/imports/users` plans a file with
//! [`gatehouse_app::plan_user_import`] and writes it as one change set through the one write
//! path ([`super::changes::apply_with`]: all or nothing, audited, 412 when a user changed since);
//! `GET /environments/{env}/users.csv` is the file that imports back unchanged.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gatehouse_app::{plan_user_import, users_csv, ImportError, ImportPlan};
use gatehouse_wire::{ChangeSetResult, ErrorBody, ImportRequest, ImportResult};

use super::changes::{apply_with, How, MAX_CHANGES};
use super::context::{require_account_owner, PolicyContext};
use super::environments::caller_environment;
use super::openapi::{EnvParam, JsonBody, SignedIn};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::AppState;

/// The largest import body: a 10 MiB file, as JSON text, with room for its escapes.
pub const IMPORT_BODY_LIMIT: usize = 12 * 1024 * 1024;

/// The import and export routes; the import alone takes bodies up to [`IMPORT_BODY_LIMIT`].
pub fn router() -> Router<AppState> {
    let import = Router::new()
        .route("/environments/{env}/imports/users", post(import_users))
        .layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT));
    Router::new()
        .route("/environments/{env}/users.csv", get(export_users))
        .merge(import)
}

/// Import users from a CSV file (account owner only)
///
/// The header names the columns: `code` (required), `name`, `email`, `status`, `groups`
/// (display names separated by `|`, the complete list), `windows`, `insite`, `pocket`
/// (yes/no); `,` or `;` between fields; at most 10,000 lines and 10 MiB. A column left out
/// keeps what is stored. With `dry_run` every line's outcome (and the change set's preview)
/// without writing; else, when no line is in error, one change set that creates and changes
/// the users and their memberships, all or nothing. A line in error answers 422 naming it
/// (`line 17, email: …`, field `csv`) and writes nothing. The change set is checked against
/// the access tests like any other: the dry run lists the tests it would break, and the
/// import is refused for them (409) unless the account owner asks for `override_tests`.
#[utoipa::path(
    post,
    path = "/environments/{env}/imports/users",
    tag = "users",
    params(EnvParam),
    request_body = ImportRequest,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "planned (`dry_run`) or applied: every line's outcome, the counts and the change set's result", body = ImportResult),
        SignedIn,
        JsonBody,
        (status = 409, description = "the import would leave a resource without an Owner or the organisation without an account owner, or it breaks access tests (`field` is `override_tests`, with `broken_tests`)", body = ErrorBody),
        (status = 412, description = "a user the file changes was changed by someone else since the file was planned", body = ErrorBody),
    ),
)]
async fn import_users(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    body: Result<ApiJson<ImportRequest>, ApiError>,
) -> Result<Json<ImportResult>, ApiError> {
    let ApiJson(body) = body.map_err(|err| match err {
        ApiError::TooLarge { .. } => ApiError::TooLarge {
            limit: IMPORT_BODY_LIMIT,
        },
        other => other,
    })?;
    // The versions are read before the snapshot, so the snapshot is as new as they are or
    // newer: a user changed in between answers 412 on apply rather than being overwritten.
    let environment = caller_environment(&state, &caller, &env).await?;
    let versions: HashMap<String, i64> = state
        .store
        .list_users(&environment.code)
        .await?
        .into_iter()
        .map(|u| (u.id, u.version))
        .collect();
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx).map_err(|_| {
        ApiError::Forbidden(
            "only the account owner imports users, and you are not the account owner".to_owned(),
        )
    })?;
    let policy = Arc::clone(&ctx.policy);
    let code = ctx.env.code.clone();
    let mut plan = tokio::task::spawn_blocking(move || {
        plan_user_import(body.csv.as_bytes(), &policy, &versions, &code)
    })
    .await
    .map_err(|err| ApiError::Internal(err.to_string()))?
    .map_err(in_file)?;
    if plan.requests().len() > MAX_CHANGES {
        return Err(ApiError::invalid(
            "csv",
            format!(
                "the file makes {} changes (users and memberships); one import makes at most {MAX_CHANGES}: split it",
                plan.requests().len()
            ),
        ));
    }
    let how = How {
        dry_run: body.dry_run,
        override_tests: body.override_tests,
    };
    if how.dry_run {
        let result = decided(&state, &ctx, &caller, &mut plan, how).await?;
        return Ok(Json(plan.result(true, result)));
    }
    if let Some(err) = plan.first_error() {
        return Err(in_file(err));
    }
    let result = decided(&state, &ctx, &caller, &mut plan, how).await?;
    match plan.first_error() {
        Some(err) => Err(in_file(err)),
        None => Ok(Json(plan.result(false, result))),
    }
}

/// The plan's requests decided (and stored unless `how.dry_run`) by the one write path; its
/// refusals are put on their lines (a refusal for broken access tests is the whole file's:
/// it answers as any change set's does). `None` when there is nothing to decide or a line
/// was refused.
async fn decided(
    state: &AppState,
    ctx: &PolicyContext,
    caller: &Caller,
    plan: &mut ImportPlan,
    how: How,
) -> Result<Option<ChangeSetResult>, ApiError> {
    if plan.requests().is_empty() {
        return Ok(None);
    }
    match apply_with(state, ctx, caller, plan.requests(), how, &[]).await {
        Ok(result) => Ok(Some(result)),
        Err(ApiError::Refused(refusals)) => match plan.refuse(&refusals) {
            Some(whole) => Err(ApiError::Conflict {
                message: whole,
                field: Some("csv".to_owned()),
            }),
            None => Ok(None),
        },
        Err(other) => Err(other),
    }
}

/// A file or line that cannot be imported, as the 422 naming it.
fn in_file(err: ImportError) -> ApiError {
    ApiError::invalid("csv", err.to_string())
}

/// The users as CSV
///
/// `code,name,email,status,groups,windows,insite,pocket`, by code: the file the import
/// reads back unchanged. Whoever may list the users may download it.
#[utoipa::path(
    get,
    path = "/environments/{env}/users.csv",
    tag = "users",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the users, one line each, as a download", content_type = "text/csv", body = String,
            headers(("Content-Disposition" = String, description = "`attachment; filename=\"users-<env>.csv\"`"))),
        SignedIn,
    ),
)]
async fn export_users(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let disposition = format!("attachment; filename=\"users-{}.csv\"", ctx.env.code);
    let headers = [
        (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, users_csv(&ctx.policy)).into_response())
}
