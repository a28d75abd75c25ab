//! Groups of an environment: list, read, create, rename, replace members, delete. Only the
//! account owner changes groups (the policy crate decides); membership changes and deletions
//! go through the lock-out guard (no resource may lose its last Owner).

pub(super) mod members;
pub(super) mod reads;
pub(super) mod writes;

use axum::routing::{get, put};
use axum::Router;
use gatehouse_policy::{authorize_actor, check_change, Change};
use gatehouse_wire::GroupDetail;
use sqlx::AnyConnection;

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

/// Authorises each change and applies the lock-out guard to the sequence.
fn guard(ctx: &PolicyContext, changes: &[Change]) -> Result<(), ApiError> {
    let mut policy = gatehouse_policy::Policy::clone(&ctx.policy);
    for change in changes {
        authorize_actor(&ctx.prepared, &ctx.actor, change)
            .map_err(|r| ApiError::Forbidden(r.describe(&ctx.policy)))?;
        check_change(&policy, change).map_err(|e| ApiError::Conflict {
            message: e.to_string(),
            field: None,
        })?;
        change
            .apply(&mut policy)
            .map_err(|e| ApiError::invalid("members", e.to_string()))?;
    }
    Ok(())
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
