//! Groups of an environment: list, read, create, rename, replace members, delete. Only the
//! account owner changes groups (the policy crate decides); membership changes and deletions
//! go through the lock-out guard (no resource may lose its last Owner).

pub(super) mod members;
pub(super) mod reads;
pub(super) mod writes;

use axum::routing::{get, put};
use axum::Router;
use gatehouse_policy::{decide, SetChange};
use gatehouse_wire::GroupDetail;
use sqlx::AnyConnection;

use super::changes::as_single;
use super::context::{Audited, PolicyContext};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// The group routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/groups",
            get(reads::list_groups).post(writes::create_group),
        )
        .route(
            "/environments/{env}/groups/{id}",
            get(reads::get_group)
                .put(writes::rename_group)
                .delete(writes::delete_group),
        )
        .route(
            "/environments/{env}/groups/{id}/members",
            put(members::set_members),
        )
}

/// Decides the changes a group write implies as one change set (the policy crate's
/// `decide`: authorisation per change, the lock-out guard on the whole set), without storing
/// them: the group routes store their own rows.
fn guard(ctx: &PolicyContext, changes: &[SetChange]) -> Result<(), ApiError> {
    if changes.is_empty() {
        return Ok(());
    }
    decide(&ctx.prepared, &ctx.actor, changes)
        .map(|_| ())
        .map_err(|refusals| as_single(ApiError::Refused(refusals)))
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound {
        what: "group",
        id: id.to_owned(),
        field: "id",
    }
}

async fn audit(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    action: &str,
    id: &str,
    before: Option<&GroupDetail>,
    after: Option<&GroupDetail>,
) -> Result<(), ApiError> {
    let what = Audited {
        action,
        entity: "group",
        id,
    };
    super::context::audit(conn, ctx, caller, what, before, after).await
}
