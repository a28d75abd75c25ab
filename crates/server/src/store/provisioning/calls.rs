//! The log of provisioning calls the studio's Provisioning page lists.

use sqlx::{AnyConnection, Row};

/// One provisioning call as logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimCallRow {
    /// Unix milliseconds.
    pub at_ms: i64,
    /// The token's id, if the call carried a known one.
    pub token_id: Option<String>,
    /// The token's name (joined in when listing).
    pub token_name: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path under the base URL, with its query.
    pub path: String,
    /// HTTP status answered.
    pub status: i64,
    /// What was done or why not.
    pub outcome: String,
}

/// How many calls each environment keeps in its log.
pub const CALLS_KEPT: i64 = 1000;

/// Logs a call (and notes the token's use), dropping the oldest beyond [`CALLS_KEPT`] now and
/// then (`prune`).
pub async fn log_call(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
    call: &ScimCallRow,
    prune: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO scim_calls (id, environment, at_ms, token_id, method, path, status, outcome) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(environment)
    .bind(call.at_ms)
    .bind(&call.token_id)
    .bind(&call.method)
    .bind(&call.path)
    .bind(call.status)
    .bind(&call.outcome)
    .execute(&mut *conn)
    .await?;
    if let Some(token) = &call.token_id {
        sqlx::query("UPDATE scim_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(call.at_ms / 1000)
            .bind(token)
            .execute(&mut *conn)
            .await?;
    }
    if prune {
        sqlx::query(
            "DELETE FROM scim_calls WHERE environment = $1 AND at_ms < (SELECT at_ms FROM \
             scim_calls WHERE environment = $1 ORDER BY at_ms DESC LIMIT 1 OFFSET $2)",
        )
        .bind(environment)
        .bind(CALLS_KEPT)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// The last `limit` calls of an environment, newest first.
pub async fn recent_calls(
    conn: &mut AnyConnection,
    environment: &str,
    limit: i64,
) -> Result<Vec<ScimCallRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.at_ms, c.token_id, t.name AS token_name, c.method, c.path, c.status, c.outcome \
         FROM scim_calls c LEFT JOIN scim_tokens t ON t.id = c.token_id \
         WHERE c.environment = $1 ORDER BY c.at_ms DESC, c.id DESC LIMIT $2",
    )
    .bind(environment)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ScimCallRow {
                at_ms: row.try_get("at_ms")?,
                token_id: row.try_get("token_id")?,
                token_name: row.try_get("token_name")?,
                method: row.try_get("method")?,
                path: row.try_get("path")?,
                status: row.try_get("status")?,
                outcome: row.try_get("outcome")?,
            })
        })
        .collect()
}
