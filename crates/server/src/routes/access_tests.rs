//! Access tests (`/environments/{env}/access-tests`): expectations about access that every
//! change set is checked against before it is saved (see `changes::apply_with`). Who may read
//! the whole policy (the account owner and resource owners) lists them with how each fares
//! now; only the account owner adds, changes and deletes them. Each write is audited.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use gatehouse_app::{test_views, SavedTest, MAX_TESTS};
use gatehouse_policy::{access_test_from_input, AccessTest, AccessTestError, AccessTestInput};
use gatehouse_wire::{AccessTestView, ErrorBody};

use super::context::{audit, require_account_owner, Audited, InSet, PolicyContext};
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use super::versioning::{etag, if_match, stale};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::access_tests::{self as store, TestsError};
use crate::store::generation::lock_environment;
use crate::store::write_tx::WriteTx;
use crate::AppState;

/// The access test routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/access-tests",
            get(list_tests).post(create_test),
        )
        .route(
            "/environments/{env}/access-tests/{id}",
            put(replace_test).delete(delete_test),
        )
}

impl From<TestsError> for ApiError {
    fn from(err: TestsError) -> Self {
        match err {
            TestsError::Database(err) => ApiError::Database(err),
            corrupt @ TestsError::Corrupt { .. } => ApiError::Internal(corrupt.to_string()),
        }
    }
}

/// The refusal for fields that do not make a test, naming the field.
fn refused(err: &AccessTestError) -> ApiError {
    ApiError::Refused(vec![gatehouse_policy::SetRefusal {
        index: None,
        kind: err.kind(),
        field: Some(err.field().to_owned()),
        message: err.to_string(),
    }])
}

/// The access tests of an environment
///
/// Each with how it fares now: passed, failed (with the people who break it, the first 100
/// listed) or broken (it names something that no longer exists). The account owner and
/// resource owners read them.
#[utoipa::path(
    get,
    path = "/environments/{env}/access-tests",
    tag = "access tests",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the tests in the order they were added", body = Vec<AccessTestView>),
        SignedIn,
    ),
)]
pub(in crate::routes) async fn list_tests(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Vec<AccessTestView>>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    gatehouse_app::may_read_policy(&ctx.prepared, &ctx.actor)
        .map_err(|why| ApiError::Forbidden(why.to_owned()))?;
    let mut conn = state.store.pool().acquire().await?;
    let saved = store::list(&mut conn, &ctx.env.code).await?;
    Ok(Json(test_views(&ctx.prepared, &saved)))
}

/// Add an access test (account owner only)
///
/// From then on, a change set that breaks it is refused unless the account owner overrides.
#[utoipa::path(
    post,
    path = "/environments/{env}/access-tests",
    tag = "access tests",
    params(EnvParam),
    request_body = gatehouse_wire::AccessTestInputSchema,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "added, with how it fares now", body = AccessTestView, headers(("ETag" = String, description = "the test's version"))),
        SignedIn,
        JsonBody,
        (status = 404, description = "the resource, user or group does not exist here (`field` names it)", body = ErrorBody),
        (status = 409, description = "another test has this name, or the environment holds 500 tests", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn create_test(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<AccessTestInput>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let id = format!("tst-{}", uuid::Uuid::new_v4().simple());
    let test = access_test_from_input(&ctx.policy, &id, &body).map_err(|e| refused(&e))?;
    let (mut tx, saved) = write_turn(&state, &ctx).await?;
    if saved.len() >= MAX_TESTS {
        return Err(ApiError::Conflict {
            message: format!(
                "an environment holds at most {MAX_TESTS} access tests; delete one first"
            ),
            field: None,
        });
    }
    name_is_free(&saved, &test)?;
    store::insert(&mut tx, &ctx.env.code, &test).await?;
    let what = Audited {
        action: "create",
        entity: "access_test",
        id: test.id.as_str(),
    };
    audit(
        &mut tx,
        &ctx,
        &InSet::begin(&caller, None),
        what,
        None,
        Some(&test),
    )
    .await?;
    tx.commit().await?;
    let view = one_view(&ctx, test, 1)?;
    Ok((StatusCode::CREATED, etag(1), Json(view)))
}

/// Change an access test (account owner only)
#[utoipa::path(
    put,
    path = "/environments/{env}/access-tests/{id}",
    tag = "access tests",
    params(EnvParam, ("id" = String, Path, description = "the test's id"), IfMatch),
    request_body = gatehouse_wire::AccessTestInputSchema,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed, with how it fares now", body = AccessTestView, headers(("ETag" = String, description = "the test's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 404, description = "no such test, or the resource, user or group does not exist here", body = ErrorBody),
        (status = 409, description = "another test has this name", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn replace_test(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<AccessTestInput>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let version = if_match(&headers)?;
    let (mut tx, saved) = write_turn(&state, &ctx).await?;
    let stored = find(&saved, &id)?;
    if stored.version != version {
        let current = one_view(&ctx, stored.test.clone(), stored.version)?;
        return Err(stale("the access test", version, stored.version, &current));
    }
    let test = access_test_from_input(&ctx.policy, &id, &body).map_err(|e| refused(&e))?;
    name_is_free(&saved, &test)?;
    if !store::update(&mut tx, &ctx.env.code, &test, version).await? {
        return Err(ApiError::Internal(
            "the access test was not updated".to_owned(),
        ));
    }
    let what = Audited {
        action: "update",
        entity: "access_test",
        id: &id,
    };
    let author = InSet::begin(&caller, None);
    audit(
        &mut tx,
        &ctx,
        &author,
        what,
        Some(&stored.test),
        Some(&test),
    )
    .await?;
    tx.commit().await?;
    let view = one_view(&ctx, test, version + 1)?;
    Ok((etag(version + 1), Json(view)))
}

/// Delete an access test (account owner only)
#[utoipa::path(
    delete,
    path = "/environments/{env}/access-tests/{id}",
    tag = "access tests",
    params(EnvParam, ("id" = String, Path, description = "the test's id"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 204, description = "deleted"),
        SignedIn,
        IfMatch,
        (status = 404, description = "no such test", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn delete_test(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let version = if_match(&headers)?;
    let (mut tx, saved) = write_turn(&state, &ctx).await?;
    let stored = find(&saved, &id)?;
    if stored.version != version || !store::delete(&mut tx, &ctx.env.code, &id, version).await? {
        let current = one_view(&ctx, stored.test.clone(), stored.version)?;
        return Err(stale("the access test", version, stored.version, &current));
    }
    let what = Audited {
        action: "delete",
        entity: "access_test",
        id: &id,
    };
    let author = InSet::begin(&caller, None);
    audit(&mut tx, &ctx, &author, what, Some(&stored.test), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The environment's write turn (its lock held, so no change set is judged meanwhile) and its
/// tests as stored in it.
async fn write_turn(
    state: &AppState,
    ctx: &PolicyContext,
) -> Result<(WriteTx, Vec<SavedTest>), ApiError> {
    let mut tx = state.store.begin_write().await?;
    lock_environment(&mut tx, state.store.backend(), &ctx.env.code).await?;
    let saved = store::list(&mut tx, &ctx.env.code).await?;
    Ok((tx, saved))
}

fn find<'s>(saved: &'s [SavedTest], id: &str) -> Result<&'s SavedTest, ApiError> {
    saved
        .iter()
        .find(|s| s.test.id.as_str() == id)
        .ok_or_else(|| ApiError::NotFound {
            what: "access test",
            id: id.to_owned(),
            field: "id",
        })
}

/// 409 when another test of the environment has `test`'s name (regardless of case).
fn name_is_free(saved: &[SavedTest], test: &AccessTest) -> Result<(), ApiError> {
    let taken = saved
        .iter()
        .any(|s| s.test.id != test.id && s.test.name.to_lowercase() == test.name.to_lowercase());
    if taken {
        return Err(ApiError::Conflict {
            message: format!("another access test is already called '{}'", test.name),
            field: Some("name".to_owned()),
        });
    }
    Ok(())
}

fn one_view(
    ctx: &PolicyContext,
    test: AccessTest,
    version: i64,
) -> Result<AccessTestView, ApiError> {
    let saved = [SavedTest { test, version }];
    test_views(&ctx.prepared, &saved)
        .pop()
        .ok_or_else(|| ApiError::Internal("the access test has no view".to_owned()))
}
