//! Provisioning over SCIM: the identity provider's tokens (only a SHA-256 of each secret is
//! stored), the SCIM attributes kept beside a user or group, and the log of provisioning calls.

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

/// The SCIM attributes kept beside a user or group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimResourceRow {
    /// `user` or `group`.
    pub entity: String,
    /// The user's or group's id.
    pub entity_id: String,
    /// The identity provider's own id for it.
    pub external_id: Option<String>,
    /// A user's userName in lower case.
    pub user_name_key: Option<String>,
    /// The SCIM attributes as last written (JSON text).
    pub attributes: String,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds.
    pub updated_at: i64,
    /// Unix milliseconds the identity provider deleted it at (a user stays, deactivated).
    pub deleted_at: Option<i64>,
}

const RESOURCE_COLUMNS: &str =
    "entity, entity_id, external_id, user_name_key, attributes, created_at, updated_at, \
     deleted_at";

fn resource_from_row(row: &AnyRow) -> Result<ScimResourceRow, sqlx::Error> {
    Ok(ScimResourceRow {
        entity: row.try_get("entity")?,
        entity_id: row.try_get("entity_id")?,
        external_id: row.try_get("external_id")?,
        user_name_key: row.try_get("user_name_key")?,
        attributes: row.try_get("attributes")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        deleted_at: row.try_get("deleted_at")?,
    })
}

/// Every resource row of one kind in an environment.
pub async fn resources(
    conn: &mut AnyConnection,
    environment: &str,
    entity: &str,
) -> Result<Vec<ScimResourceRow>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {RESOURCE_COLUMNS} FROM scim_resources WHERE environment = $1 AND entity = $2"
    ))
    .bind(environment)
    .bind(entity)
    .fetch_all(conn)
    .await?
    .iter()
    .map(resource_from_row)
    .collect()
}

/// The resource row of one user or group, if it has one.
pub async fn resource(
    conn: &mut AnyConnection,
    entity: &str,
    entity_id: &str,
) -> Result<Option<ScimResourceRow>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {RESOURCE_COLUMNS} FROM scim_resources WHERE entity = $1 AND entity_id = $2"
    ))
    .bind(entity)
    .bind(entity_id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(resource_from_row)
    .transpose()
}

/// The user whose userName folds to `key`, if a provisioned one has it.
pub async fn user_by_name_key(
    conn: &mut AnyConnection,
    environment: &str,
    key: &str,
) -> Result<Option<ScimResourceRow>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {RESOURCE_COLUMNS} FROM scim_resources \
         WHERE environment = $1 AND user_name_key = $2"
    ))
    .bind(environment)
    .bind(key)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(resource_from_row)
    .transpose()
}

/// Writes the resource row of a user or group (inserted or replaced).
pub async fn put_resource(
    conn: &mut AnyConnection,
    environment: &str,
    row: &ScimResourceRow,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM scim_resources WHERE entity = $1 AND entity_id = $2")
        .bind(&row.entity)
        .bind(&row.entity_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO scim_resources (environment, {RESOURCE_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(environment)
    .bind(&row.entity)
    .bind(&row.entity_id)
    .bind(&row.external_id)
    .bind(&row.user_name_key)
    .bind(&row.attributes)
    .bind(row.created_at)
    .bind(row.updated_at)
    .bind(row.deleted_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets the resource row of a user or group.
pub async fn delete_resource(
    conn: &mut AnyConnection,
    entity: &str,
    entity_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM scim_resources WHERE entity = $1 AND entity_id = $2")
        .bind(entity)
        .bind(entity_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// What a provisioning write keeps beside the change set, in its transaction.
#[derive(Debug, Clone)]
pub enum SideRecord {
    /// Writes a resource row; `audited` (before, after) when it changes what the identity
    /// provider calls the user or group (userName, externalId) and no change of the set is
    /// audited for it.
    Put {
        /// The row.
        row: ScimResourceRow,
        /// The audit entry's before and after, if one is due.
        audited: Option<(serde_json::Value, serde_json::Value)>,
    },
    /// Forgets a resource row (a group deleted).
    Forget {
        /// `user` or `group`.
        entity: String,
        /// The id.
        entity_id: String,
    },
}

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
