//! Provisioning tokens: only a SHA-256 of each secret is stored, beside its first characters.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A provisioning token as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimTokenRow {
    /// Stable id (`tok-…`).
    pub id: String,
    /// The organisation environment it provisions.
    pub environment: String,
    /// What it is for.
    pub name: String,
    /// The secret's first characters.
    pub prefix: String,
    /// Lowercase hex SHA-256 of the secret.
    pub token_hash: String,
    /// Unix seconds.
    pub created_at: i64,
    /// The code of the administrator who created it.
    pub created_by: String,
    /// Their name.
    pub created_by_name: String,
    /// Unix seconds of the last call made with it.
    pub last_used_at: Option<i64>,
    /// Unix seconds it was revoked at.
    pub revoked_at: Option<i64>,
}

const TOKEN_COLUMNS: &str = "id, environment, name, prefix, token_hash, created_at, created_by, \
                             created_by_name, last_used_at, revoked_at";

fn token_from_row(row: &AnyRow) -> Result<ScimTokenRow, sqlx::Error> {
    Ok(ScimTokenRow {
        id: row.try_get("id")?,
        environment: row.try_get("environment")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        token_hash: row.try_get("token_hash")?,
        created_at: row.try_get("created_at")?,
        created_by: row.try_get("created_by")?,
        created_by_name: row.try_get("created_by_name")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

/// Stores a new token.
pub async fn insert_token(conn: &mut AnyConnection, t: &ScimTokenRow) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO scim_tokens ({TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&t.id)
    .bind(&t.environment)
    .bind(&t.name)
    .bind(&t.prefix)
    .bind(&t.token_hash)
    .bind(t.created_at)
    .bind(&t.created_by)
    .bind(&t.created_by_name)
    .bind(t.last_used_at)
    .bind(t.revoked_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The tokens of an environment, newest first.
pub async fn list_tokens(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<Vec<ScimTokenRow>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {TOKEN_COLUMNS} FROM scim_tokens WHERE environment = $1 \
         ORDER BY created_at DESC, id"
    ))
    .bind(environment)
    .fetch_all(conn)
    .await?
    .iter()
    .map(token_from_row)
    .collect()
}

/// One token of an environment.
pub async fn find_token(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
) -> Result<Option<ScimTokenRow>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {TOKEN_COLUMNS} FROM scim_tokens WHERE environment = $1 AND id = $2"
    ))
    .bind(environment)
    .bind(id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(token_from_row)
    .transpose()
}

/// The token whose secret has the SHA-256 `hash` (any environment). A secret carries 256
/// random bits, so finding its hash by index tells an attacker nothing.
pub async fn token_by_hash(
    conn: &mut AnyConnection,
    hash: &str,
) -> Result<Option<ScimTokenRow>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {TOKEN_COLUMNS} FROM scim_tokens WHERE token_hash = $1"
    ))
    .bind(hash)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(token_from_row)
    .transpose()
}

/// Marks a token revoked at `at` unless it already is; true if this call revoked it.
pub async fn revoke_token(
    conn: &mut AnyConnection,
    id: &str,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE scim_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
