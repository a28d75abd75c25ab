//! The policy checks around a grant change: authorise and validate it before writing, and
//! re-check the owners inside the transaction after writing.

use gatehouse_policy::{check_change, owned_resources, Change, ResourceId, Timestamp};
use sqlx::AnyConnection;

use crate::error::ApiError;
use crate::policy_cache::Snapshot;
use crate::routes::context::PolicyContext;
use crate::store::generation::policy_generation;
use crate::store::snapshot::load_policy;

/// The caller must own the resource (or be the account owner); the change must be valid
/// and pass the lock-out guard. A resource the caller cannot see is a 404, as if unknown.
pub(super) fn authorize(
    ctx: &PolicyContext,
    resource: &ResourceId,
    change: &Change,
) -> Result<(), ApiError> {
    if ctx.policy.resource(resource).is_none() || !crate::routes::access::caller_sees(ctx, resource)
    {
        return Err(ApiError::NotFound {
            what: "resource",
            id: resource.to_string(),
            field: "resource",
        });
    }
    ctx.prepared
        .actor_may_edit_permissions(&ctx.actor, resource)
        .map_err(|r| ApiError::Forbidden(r.describe(&ctx.policy)))?;
    change
        .applied_to(&ctx.policy)
        .map_err(|e| ApiError::invalid(change_field(&e.to_string()), e.to_string()))?;
    check_change(&ctx.policy, change).map_err(|e| ApiError::Conflict {
        message: e.to_string(),
        field: None,
    })
}

/// Which request field a validation message is about.
fn change_field(message: &str) -> &'static str {
    if message.contains("environment") {
        "environments"
    } else if message.contains("role") || message.contains("ladder") {
        "role"
    } else {
        "subject"
    }
}

/// After writing, inside the transaction: the resource must still have an Owner and the
/// organisation an account owner (guards against concurrent removals). Loads the snapshot
/// fresh, as this transaction will commit it; the transaction holds the write lock (SQLite)
/// or the environment's row lock taken by the generation trigger (PostgreSQL), so once
/// committed it is the snapshot of the generation read here, for the cache.
pub(super) async fn recheck_owners(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    resource: &ResourceId,
) -> Result<Snapshot, ApiError> {
    let policy = load_policy(conn, &ctx.env.code).await?;
    let generation = policy_generation(conn, &ctx.env.code).await?;
    let now = Timestamp::from_unix_seconds(crate::store::now());
    let was_owned = owned_resources(&ctx.policy).contains(resource);
    let owned = owned_resources(&policy).contains(resource);
    // Only damage counts: an accept or test environment may have no account owner of its
    // own (the organisation's administers it from production).
    let active_owner =
        |p: &gatehouse_policy::Policy| p.users.iter().any(|u| u.account_owner && u.is_active());
    let has_account_owner = !active_owner(&ctx.policy) || active_owner(&policy);
    let refused = || ApiError::Conflict {
        message: format!("this change would leave `{resource}` without an owner"),
        field: None,
    };
    if (was_owned && !owned) || !has_account_owner {
        return Err(refused());
    }
    Snapshot::prepare(generation, policy, now).map_err(|_| refused())
}
