//! Helpers shared by the app connector, token and filter authorisation routes: whether the
//! caller is the account owner, and users as references.

pub use super::context::is_account_owner;

use std::collections::HashMap;

use gatehouse_wire::UserRef;
use sqlx::{AnyConnection, Row};

use crate::error::ApiError;

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
