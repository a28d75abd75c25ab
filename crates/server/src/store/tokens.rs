//! App connector tokens: only the SHA-256 of a secret is stored, next to its first characters
//! (the prefix shown in lists and used to find candidates for the constant-time comparison).

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A token as stored, with the names the token view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    /// Stable id.
    pub id: String,
    /// The organisation environment.
    pub environment: String,
    /// The user the token acts for.
    pub user_id: String,
    /// That user's code.
    pub user_code: String,
    /// That user's name.
    pub user_name: String,
    /// The app connector.
    pub app_connector_id: String,
    /// The app connector's name.
    pub app_connector_name: String,
    /// The secret's first characters.
    pub prefix: String,
    /// Lowercase hex SHA-256 of the secret.
    pub token_hash: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds; `None` never.
    pub expires_at: Option<i64>,
    /// Unix seconds.
    pub revoked_at: Option<i64>,
    /// Unix seconds.
    pub last_used_at: Option<i64>,
}

/// What a new token row needs.
#[derive(Debug, Clone)]
pub struct TokenInsert<'a> {
    /// Stable id.
    pub id: &'a str,
    /// The organisation environment.
    pub environment: &'a str,
    /// The user.
    pub user_id: &'a str,
    /// The app connector.
    pub app_connector_id: &'a str,
    /// The secret's first characters.
    pub prefix: &'a str,
    /// SHA-256 of the secret.
    pub token_hash: &'a str,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: Option<i64>,
}

const SELECT: &str =
    "SELECT t.id, t.environment, t.user_id, u.code AS user_code, u.name AS user_name, \
     t.app_connector_id, a.name AS app_connector_name, t.prefix, t.token_hash, t.created_at, \
     t.expires_at, t.revoked_at, t.last_used_at FROM tokens t \
     JOIN users u ON u.id = t.user_id JOIN app_connectors a ON a.id = t.app_connector_id";

fn from_row(row: &AnyRow) -> Result<TokenRow, sqlx::Error> {
    Ok(TokenRow {
        id: row.try_get("id")?,
        environment: row.try_get("environment")?,
        user_id: row.try_get("user_id")?,
        user_code: row.try_get("user_code")?,
        user_name: row.try_get("user_name")?,
        app_connector_id: row.try_get("app_connector_id")?,
        app_connector_name: row.try_get("app_connector_name")?,
        prefix: row.try_get("prefix")?,
        token_hash: row.try_get("token_hash")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        revoked_at: row.try_get("revoked_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}

/// Stores a new token.
pub async fn insert(conn: &mut AnyConnection, token: &TokenInsert<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tokens (id, environment, user_id, app_connector_id, prefix, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token.id)
    .bind(token.environment)
    .bind(token.user_id)
    .bind(token.app_connector_id)
    .bind(token.prefix)
    .bind(token.token_hash)
    .bind(token.created_at)
    .bind(token.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The tokens of an environment (only `user`'s when given), newest first.
pub async fn list(
    conn: &mut AnyConnection,
    environment: &str,
    user: Option<&str>,
) -> Result<Vec<TokenRow>, sqlx::Error> {
    sqlx::query(&format!(
        "{SELECT} WHERE t.environment = $1 AND ($2 = '' OR t.user_id = $2) ORDER BY t.created_at DESC, t.id"
    ))
    .bind(environment)
    .bind(user.unwrap_or_default())
    .fetch_all(conn)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// One token of an environment.
pub async fn find(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
) -> Result<Option<TokenRow>, sqlx::Error> {
    sqlx::query(&format!("{SELECT} WHERE t.environment = $1 AND t.id = $2"))
        .bind(environment)
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Every token whose secret starts with `prefix` (any environment): the candidates whose
/// hashes the caller compares in constant time.
pub async fn with_prefix(
    conn: &mut AnyConnection,
    prefix: &str,
) -> Result<Vec<TokenRow>, sqlx::Error> {
    sqlx::query(&format!("{SELECT} WHERE t.prefix = $1"))
        .bind(prefix)
        .fetch_all(conn)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Marks a token revoked at `at` unless it already is; true if this call revoked it.
pub async fn revoke(conn: &mut AnyConnection, id: &str, at: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Notes an allowed call.
pub async fn touch(conn: &mut AnyConnection, id: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE tokens SET last_used_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
