//! Changing grants: create, update (If-Match), delete (If-Match). Each request is one
//! transaction; the policy crate authorises it, validates it and applies the lock-out guard.

pub(super) mod checks;
pub(super) mod writes;

use std::collections::BTreeSet;

use axum::routing::{post, put};
use axum::Router;
use gatehouse_policy::{EnvironmentId, Grant, ResourceId, Timestamp};
use gatehouse_wire::GrantView;
use sqlx::AnyConnection;

use super::context::{Audited, PolicyContext};
use super::resources::grant_view;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::grants::{self as store, GrantRow};
use crate::AppState;

/// The grant routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/resources/{id}/grants",
            post(writes::create_grant),
        )
        .route(
            "/environments/{env}/grants/{grant}",
            put(writes::update_grant).delete(writes::delete_grant),
        )
}

async fn lock(conn: &mut AnyConnection, resource: &str) -> Result<(), ApiError> {
    if store::lock_resource(conn, resource).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound {
            what: "resource",
            id: resource.to_owned(),
            field: "resource",
        })
    }
}

async fn existing(conn: &mut AnyConnection, grant: &str) -> Result<GrantRow, ApiError> {
    store::grant_by_id(conn, grant)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "grant",
            id: grant.to_owned(),
            field: "grant",
        })
}

/// The 412 (or 404 if it was deleted meanwhile), with the current state.
async fn stale(conn: &mut AnyConnection, ctx: &PolicyContext, grant: &str, sent: i64) -> ApiError {
    match store::grant_by_id(conn, grant).await {
        Ok(Some(current)) => {
            let version = current.version;
            let view = grant_view(&ctx.prepared, current);
            ApiError::Stale {
                entity: "this grant".to_owned(),
                sent,
                current: version,
                state: serde_json::to_value(view).unwrap_or_default(),
            }
        }
        Ok(None) => ApiError::NotFound {
            what: "grant",
            id: grant.to_owned(),
            field: "grant",
        },
        Err(err) => ApiError::Database(err),
    }
}

async fn audit(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    action: &str,
    id: &str,
    before: Option<&GrantView>,
    after: Option<&GrantView>,
) -> Result<(), ApiError> {
    let what = Audited {
        action,
        entity: "grant",
        id,
    };
    super::context::audit(conn, ctx, caller, what, before, after).await
}

fn sorted(environments: Vec<String>) -> Vec<String> {
    environments
        .into_iter()
        .map(|e| e.trim().to_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn to_policy_grant(row: &GrantRow) -> Result<Grant, ApiError> {
    if row.environments.is_empty() {
        return Err(ApiError::invalid(
            "environments",
            "choose at least one environment",
        ));
    }
    let resource = ResourceId::parse(&row.resource)
        .map_err(|e| ApiError::invalid("resource", e.to_string()))?;
    let environments = row
        .environments
        .iter()
        .map(|e| {
            EnvironmentId::parse(e)
                .map_err(|err| ApiError::invalid("environments", err.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut grant = Grant::new(row.subject.clone(), resource, row.role, environments);
    grant.expires_at = row.expires_at.map(Timestamp::from_unix_seconds);
    Ok(grant)
}
