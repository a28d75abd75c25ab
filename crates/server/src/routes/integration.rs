//! Helpers shared by the app connector, token and filter authorisation routes: who may
//! change them (asked of the policy crate), 412 bodies, audit entries, and re-checking the
//! snapshot inside a write's transaction.

pub use super::context::{audit, is_account_owner, require_account_owner, Audited};
pub use super::versioning::stale;

use std::collections::HashMap;

use gatehouse_policy::Policy;
use gatehouse_wire::UserRef;
use sqlx::{AnyConnection, Row};

use super::context::PolicyContext;
use crate::error::ApiError;
use crate::store::snapshot::load_policy;

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
