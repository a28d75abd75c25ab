//! The SCIM attributes kept beside a user or group, and what a provisioning write keeps in
//! its change set's transaction.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

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
