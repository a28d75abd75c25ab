//! `POST /environments/{env}/changes`: a change set applied in one transaction, all or
//! nothing, decided by the policy crate ([`gatehouse_policy::decide`]) on the snapshot read
//! inside the write turn; with `dry_run` the same decision and impact without writing.

mod people;
mod persist;
mod plan;
mod tables;
mod tests_undo;
mod tokens;

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::routing::post;
use axum::{Json, Router};
use std::sync::Arc;

use gatehouse_app::{broken_views, gate_tests, TestUndo, Undo};
use gatehouse_policy::{decide, shadowed_after, AccessTest, Decided, PreparedPolicy, SetRefusal};
use gatehouse_wire::{ChangeRequest, ChangeSetRequest, ChangeSetResult, ErrorBody};

use super::context::PolicyContext;
use super::context::{audit, is_account_owner, Audited, Author, InSet};
use super::openapi::{EnvParam, JsonBody, SignedIn};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::policy_cache::Snapshot;
use crate::store::generation::{lock_environment, policy_generation};
use crate::store::provisioning::SideRecord;
use crate::store::snapshot::load_policy;
use crate::AppState;

/// Most changes one set may hold: a 10,000-line import with a membership or two per user.
pub const MAX_CHANGES: usize = 50_000;

/// The largest change set body: [`MAX_CHANGES`] changes of about 100 bytes with room to spare
/// (a bulk action on 10,000 selected users is about 1 MiB).
pub const CHANGES_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// The change set route; it alone takes bodies up to [`CHANGES_BODY_LIMIT`].
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/environments/{env}/changes", post(apply_changes))
        .layer(DefaultBodyLimit::max(CHANGES_BODY_LIMIT))
}

/// Apply a change set: every change or none
///
/// The set is judged as a whole (authorisation per change, the lock-out guard on the result),
/// so the order of its changes does not matter. Updates and deletions carry the version they
/// were made against; a stale one answers 412 naming the grant, with its current state, and
/// nothing is written. Refusals list every refused change (`refusals`, with its `index`).
#[utoipa::path(
    post,
    path = "/environments/{env}/changes",
    tag = "grants",
    params(EnvParam),
    request_body = ChangeSetRequest,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "applied (or, with `dry_run`, decided): the impact and the stored grants", body = ChangeSetResult),
        SignedIn,
        JsonBody,
        (status = 404, description = "a change names something that does not exist here", body = ErrorBody),
        (status = 409, description = "a change conflicts with the stored state or the lock-out guard", body = ErrorBody),
        (status = 412, description = "a change was made against an older version of its grant", body = ErrorBody),
    ),
)]
async fn apply_changes(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<ChangeSetRequest>,
) -> Result<Json<ChangeSetResult>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let how = How {
        dry_run: body.dry_run,
        override_tests: body.override_tests,
    };
    apply_with(&state, &ctx, &caller, &body.changes, how, &[])
        .await
        .map(Json)
}

/// How a change set is applied.
#[derive(Debug, Clone, Copy, Default)]
pub(in crate::routes) struct How {
    /// Decide and report without writing.
    pub dry_run: bool,
    /// Save even though the set breaks access tests (the account owner only; audited).
    pub override_tests: bool,
}

/// The one write path of permissions: decides `changes` with the policy crate and, unless
/// `dry_run`, stores them in one transaction. The single-grant routes are thin forms of it.
pub(in crate::routes) async fn apply(
    state: &AppState,
    ctx: &PolicyContext,
    caller: &dyn Author,
    changes: &[ChangeRequest],
    dry_run: bool,
) -> Result<ChangeSetResult, ApiError> {
    let how = How {
        dry_run,
        override_tests: false,
    };
    apply_with(state, ctx, caller, changes, how, &[]).await
}

/// [`apply`], also writing `side` (what provisioning keeps beside users and groups) in the
/// same transaction: all of it or none.
pub(in crate::routes) async fn apply_with(
    state: &AppState,
    ctx: &PolicyContext,
    caller: &dyn Author,
    changes: &[ChangeRequest],
    how: How,
    side: &[SideRecord],
) -> Result<ChangeSetResult, ApiError> {
    apply_beside(state, ctx, caller, changes, how, (side, &[])).await
}

/// An undo from the audit log: its inverse changes applied like any set's, and the saved
/// access tests it puts back written in the same transaction (an undo of a test's change
/// alone has no changes, and writes only them).
pub(in crate::routes) async fn apply_undo(
    state: &AppState,
    ctx: &PolicyContext,
    caller: &dyn Author,
    undo: &Undo,
    how: How,
) -> Result<ChangeSetResult, ApiError> {
    if !undo.changes.is_empty() {
        return apply_beside(state, ctx, caller, &undo.changes, how, (&[], &undo.tests)).await;
    }
    if how.dry_run {
        let mut conn = state.store.pool().acquire().await?;
        tests_undo::checked(&mut conn, ctx, &undo.tests).await?;
        return Ok(ChangeSetResult::nothing_applied(true));
    }
    let mut tx = state.store.begin_write().await?;
    lock_environment(&mut tx, state.store.backend(), &ctx.env.code).await?;
    tests_undo::write(&mut tx, ctx, caller, &undo.tests).await?;
    tx.commit().await?;
    Ok(ChangeSetResult::nothing_applied(false))
}

/// [`apply_with`], also writing `tests` (saved access tests an undo puts back) in the same
/// transaction.
async fn apply_beside(
    state: &AppState,
    ctx: &PolicyContext,
    caller: &dyn Author,
    changes: &[ChangeRequest],
    how: How,
    (side, test_undos): (&[SideRecord], &[TestUndo]),
) -> Result<ChangeSetResult, ApiError> {
    if changes.len() > MAX_CHANGES {
        return Err(ApiError::Invalid {
            message: format!("a change set holds at most {MAX_CHANGES} changes; split it"),
            field: Some("changes".to_owned()),
        });
    }
    if how.dry_run {
        let mut conn = state.store.pool().acquire().await?;
        let plan = plan::plan(&mut conn, &ctx.env.code, &ctx.prepared, changes).await?;
        let decided =
            decide(&ctx.prepared, &ctx.actor, &plan.changes).map_err(ApiError::Refused)?;
        tests_undo::checked(&mut conn, ctx, test_undos).await?;
        let tests = tests_checked(&mut conn, ctx).await?;
        let broken_tests = broken_views(&ctx.prepared, &decided.after, &tests);
        return Ok(ChangeSetResult {
            applied: plan.changes.len(),
            shadowed: decided.shadowed(),
            impact: decided.impact,
            broken_tests,
            ..ChangeSetResult::nothing_applied(true)
        });
    }
    // Every entry the set writes shares one change set id (an undo brings its own).
    let in_set;
    let caller: &dyn Author = if caller.change_set().is_some() {
        caller
    } else {
        in_set = InSet::begin(caller, None);
        &in_set
    };
    let mut tx = state.store.begin_write().await?;
    lock_environment(&mut tx, state.store.backend(), &ctx.env.code).await?;
    // Decided on what is stored now, inside the write turn: nothing can change under it. The
    // request's snapshot is that when its generation is still the stored one (one writer);
    // otherwise another write came between, and the snapshot that writer published before
    // giving up the turn is (concurrent writers); only failing both is it read again.
    let stored = policy_generation(&mut tx, &ctx.env.code).await?;
    let published;
    let fresh;
    let before: &PreparedPolicy = if stored == ctx.generation {
        &ctx.prepared
    } else if let Some(snapshot) = state.policies.at_generation(&ctx.env.code, stored, ctx.now) {
        published = snapshot;
        &published.prepared
    } else {
        fresh = PreparedPolicy::new(load_policy(&mut tx, &ctx.env.code).await?, ctx.now)
            .map_err(|err| ApiError::Internal(err.to_string()))?;
        &fresh
    };
    let plan = plan::plan(&mut tx, &ctx.env.code, before, changes).await?;
    let decided = decide(before, &ctx.actor, &plan.changes).map_err(ApiError::Refused)?;
    let tests = tests_checked(&mut tx, ctx).await?;
    let overridden = gate_tests(
        before,
        &decided.after,
        &tests,
        how.override_tests,
        is_account_owner(ctx),
    )
    .map_err(ApiError::TestsBroken)?;
    let stored =
        persist::persist(&mut tx, ctx, caller, (before, &decided.after), plan.steps).await?;
    for broken in &overridden {
        let what = Audited {
            action: "override",
            entity: "access_test",
            id: &broken.test,
        };
        audit(&mut tx, ctx, caller, what, None, Some(broken)).await?;
    }
    for record in side {
        write_side(&mut tx, ctx, caller, record).await?;
    }
    if !test_undos.is_empty() {
        tests_undo::write(&mut tx, ctx, caller, test_undos).await?;
    }
    let generation = policy_generation(&mut tx, &ctx.env.code).await?;
    let turn = tx.commit_holding_turn().await?;
    // The snapshot after the set is what was just stored: published as it is, not read back,
    // before the next writer's turn; linted after it.
    let Decided {
        after,
        impact,
        resources,
    } = decided;
    let after = Arc::new(after);
    state.policies.publish(
        &ctx.env.code,
        Snapshot {
            generation,
            policy: Arc::new(after.policy().clone()),
            prepared: Arc::clone(&after),
        },
    );
    drop(turn);
    let shadowed = shadowed_after(&after, resources.as_ref());
    Ok(ChangeSetResult {
        dry_run: false,
        applied: changes.len(),
        shadowed,
        impact,
        grants: stored.grants,
        groups: stored.groups,
        users: stored.users,
        app_connectors: stored.app_connectors,
        data_environments: stored.data_environments,
        issued_tokens: stored.issued_tokens,
        revoked_tokens: stored.revoked_tokens,
        tables: stored.tables,
        filters: stored.filters,
        broken_tests: overridden,
    })
}

/// The access tests a set of `ctx`'s environment is checked against: none for an identity
/// provider's provisioning (it is the source of truth for users and groups, and nobody is
/// there to override), every saved test otherwise.
async fn tests_checked(
    conn: &mut sqlx::AnyConnection,
    ctx: &PolicyContext,
) -> Result<Vec<AccessTest>, ApiError> {
    if matches!(ctx.actor, gatehouse_policy::Actor::Provisioner(_)) {
        return Ok(Vec::new());
    }
    let saved = crate::store::access_tests::list(conn, &ctx.env.code).await?;
    Ok(saved.into_iter().map(|s| s.test).collect())
}

/// A single-change route's set: `change` applied, its refusal in the request's own fields.
pub(in crate::routes) async fn apply_one(
    state: &AppState,
    ctx: &PolicyContext,
    caller: &dyn Author,
    change: ChangeRequest,
) -> Result<ChangeSetResult, ApiError> {
    apply(state, ctx, caller, std::slice::from_ref(&change), false)
        .await
        .map_err(as_single)
}

/// A single-change route's refusal: its fields are the request's own, not `changes[0].…`.
pub(in crate::routes) fn as_single(err: ApiError) -> ApiError {
    match err {
        ApiError::Refused(refusals) => ApiError::Refused(
            refusals
                .into_iter()
                .map(|r| SetRefusal { index: None, ..r })
                .collect(),
        ),
        other => other,
    }
}

/// Writes one side record, and audits what it changes that no change of the set did.
pub(in crate::routes) async fn write_side(
    conn: &mut sqlx::AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    record: &SideRecord,
) -> Result<(), ApiError> {
    use crate::store::provisioning::{delete_resource, put_resource};
    match record {
        SideRecord::Put { row, audited } => {
            put_resource(conn, &ctx.env.code, row).await?;
            if let Some((before, after)) = audited {
                let what = Audited {
                    action: "update",
                    entity: if row.entity == "group" {
                        "group"
                    } else {
                        "user"
                    },
                    id: &row.entity_id,
                };
                audit(conn, ctx, caller, what, Some(before), Some(after)).await?;
            }
        }
        SideRecord::Forget { entity, entity_id } => {
            delete_resource(conn, entity, entity_id).await?;
        }
    }
    Ok(())
}
