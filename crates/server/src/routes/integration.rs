//! Helpers shared by the app connector, token and filter authorisation routes: who may
//! change them (asked of the policy crate), 412 bodies, audit entries, and re-checking the
//! snapshot inside a write's transaction.

use std::collections::HashMap;

use gatehouse_policy::{authorize, Change, Policy};
use gatehouse_wire::UserRef;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::context::PolicyContext;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::audit::{record, AuditRecord};
use crate::store::snapshot::load_policy;

/// Changes to organisation-wide configuration (app connectors, other users' tokens, tables no
/// connector serves) are the account owner's: asked of the policy crate with a probe change
/// that only the account owner may make.
pub fn require_account_owner(ctx: &PolicyContext) -> Result<(), ApiError> {
    let probe = Change::SetPrecedence {
        precedence: ctx.policy.precedence,
    };
    authorize(&ctx.prepared, &ctx.actor, &probe).map_err(|r| ApiError::Forbidden(r.to_string()))
}

/// Whether the caller is the account owner (see [`require_account_owner`]).
pub fn is_account_owner(ctx: &PolicyContext) -> bool {
    require_account_owner(ctx).is_ok()
}

/// The 412 for `entity` with its current state.
pub fn stale<T: Serialize>(entity: &str, sent: i64, current: i64, state: &T) -> ApiError {
    ApiError::Stale {
        entity: entity.to_owned(),
        sent,
        current,
        state: serde_json::to_value(state).unwrap_or_default(),
    }
}

/// What an audit entry is about.
pub struct Audited<'a> {
    /// `create`, `update` or `delete`.
    pub action: &'a str,
    /// `app_connector`, `token`, `table`, `filter`.
    pub entity: &'a str,
    /// The entity's id.
    pub id: &'a str,
}

/// Records a change in the audit log, inside the change's transaction.
pub async fn audit<T: Serialize>(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    what: Audited<'_>,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<(), ApiError> {
    let json = |v: Option<&T>| v.and_then(|v| serde_json::to_value(v).ok());
    record(
        conn,
        AuditRecord {
            environment: &ctx.env.code,
            actor_id: &caller.user.user_id,
            actor_code: &caller.user.code,
            action: what.action,
            entity: what.entity,
            entity_id: what.id,
            before: json(before),
            after: json(after),
        },
    )
    .await?;
    Ok(())
}

/// The snapshot as written so far in this transaction, which must still be valid: a
/// concurrent change (say, a filter reference that closes a cycle) is refused with 409
/// instead of being stored.
pub async fn recheck(conn: &mut AnyConnection, ctx: &PolicyContext) -> Result<Policy, ApiError> {
    let policy = load_policy(conn, &ctx.env.code).await?;
    policy.validate().map_err(|err| ApiError::Conflict {
        message: format!("this change conflicts with another one saved meanwhile: {err}"),
        field: None,
    })?;
    Ok(policy)
}

/// Every user of the environment as a reference, by id.
pub async fn user_refs(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<HashMap<String, UserRef>, ApiError> {
    let rows = sqlx::query("SELECT id, code, name FROM users WHERE environment = $1")
        .bind(environment)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let user = UserRef {
                id: row.try_get("id")?,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
            };
            Ok((user.id.clone(), user))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ApiError::from)
}

/// A user reference for `id`, falling back to the id itself.
pub fn user_ref(refs: &HashMap<String, UserRef>, id: &str) -> UserRef {
    refs.get(id).cloned().unwrap_or_else(|| UserRef {
        id: id.to_owned(),
        code: id.to_owned(),
        name: id.to_owned(),
    })
}

/// A display name: trimmed, not empty, at most 80 characters.
pub fn display_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid("name", "name must not be empty"));
    }
    if name.chars().count() > 80 {
        return Err(ApiError::invalid(
            "name",
            "name must be at most 80 characters",
        ));
    }
    Ok(name.to_owned())
}
