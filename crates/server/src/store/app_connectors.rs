//! App connectors and their included connectors. Writes are conditional on the version.

use std::collections::HashMap;

use gatehouse_policy::ConnectorKind;
use sqlx::{AnyConnection, Row};

use super::integration_snapshot::{connector_kind_str, parse_connector_kind};
use super::users::flag;

/// An app connector row with its included connectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConnectorRow {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The linked group's id.
    pub group_id: String,
    /// Whether calls are refused.
    pub blocked: bool,
    /// Included connectors: resource id and kind, sorted.
    pub connectors: Vec<(String, ConnectorKind)>,
    /// Version.
    pub version: i64,
}

/// A member of some group, with what the app connector view shows of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    /// User id.
    pub id: String,
    /// User code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
}

fn decode_error(message: String) -> sqlx::Error {
    sqlx::Error::Decode(message.into())
}

/// The app connectors of an environment (or just `only`), by name.
pub async fn list(
    conn: &mut AnyConnection,
    environment: &str,
    only: Option<&str>,
) -> Result<Vec<AppConnectorRow>, sqlx::Error> {
    let only = only.unwrap_or_default();
    let mut included: HashMap<String, Vec<(String, ConnectorKind)>> = HashMap::new();
    for row in sqlx::query(
        "SELECT c.app_connector_id, c.connector_id, c.kind FROM app_connector_connectors c \
         JOIN app_connectors a ON a.id = c.app_connector_id \
         WHERE a.environment = $1 AND ($2 = '' OR a.id = $2) ORDER BY c.connector_id, c.kind",
    )
    .bind(environment)
    .bind(only)
    .fetch_all(&mut *conn)
    .await?
    {
        let kind: String = row.try_get("kind")?;
        let kind = parse_connector_kind(&kind)
            .ok_or_else(|| decode_error(format!("unknown connector kind `{kind}`")))?;
        included
            .entry(row.try_get("app_connector_id")?)
            .or_default()
            .push((row.try_get("connector_id")?, kind));
    }
    sqlx::query(
        "SELECT id, name, group_id, blocked, version FROM app_connectors \
         WHERE environment = $1 AND ($2 = '' OR id = $2) ORDER BY name",
    )
    .bind(environment)
    .bind(only)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        let id: String = row.try_get("id")?;
        Ok(AppConnectorRow {
            connectors: included.remove(&id).unwrap_or_default(),
            id,
            name: row.try_get("name")?,
            group_id: row.try_get("group_id")?,
            blocked: flag(row, "blocked")?,
            version: row.try_get("version")?,
        })
    })
    .collect()
}

/// One app connector of an environment.
pub async fn find(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
) -> Result<Option<AppConnectorRow>, sqlx::Error> {
    if id.is_empty() {
        return Ok(None);
    }
    Ok(list(conn, environment, Some(id)).await?.into_iter().next())
}

/// Every group member of an environment, by group id, each list by name.
pub async fn members_by_group(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<HashMap<String, Vec<MemberRow>>, sqlx::Error> {
    let mut map: HashMap<String, Vec<MemberRow>> = HashMap::new();
    for row in sqlx::query(
        "SELECT m.group_id, u.id, u.code, u.name, u.email FROM group_members m \
         JOIN users u ON u.id = m.user_id JOIN user_groups g ON g.id = m.group_id \
         WHERE g.environment = $1 ORDER BY u.name, u.code",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        map.entry(row.try_get("group_id")?)
            .or_default()
            .push(MemberRow {
                id: row.try_get("id")?,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
                email: row.try_get("email")?,
            });
    }
    Ok(map)
}

/// Inserts an app connector (version 1) with its connectors.
pub async fn insert(
    conn: &mut AnyConnection,
    environment: &str,
    row: &AppConnectorRow,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO app_connectors (id, environment, name, group_id, blocked, version) \
         VALUES ($1, $2, $3, $4, $5, 1)",
    )
    .bind(&row.id)
    .bind(environment)
    .bind(&row.name)
    .bind(&row.group_id)
    .bind(row.blocked)
    .execute(&mut *conn)
    .await?;
    insert_connectors(conn, &row.id, &row.connectors).await
}

async fn insert_connectors(
    conn: &mut AnyConnection,
    id: &str,
    connectors: &[(String, ConnectorKind)],
) -> Result<(), sqlx::Error> {
    for (connector, kind) in connectors {
        sqlx::query(
            "INSERT INTO app_connector_connectors (app_connector_id, connector_id, kind) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(connector)
        .bind(connector_kind_str(*kind))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Changes name, group, blocked state and connectors of an app connector still at
/// `expected`; false otherwise.
pub async fn update(
    conn: &mut AnyConnection,
    row: &AppConnectorRow,
    expected: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE app_connectors SET name = $1, group_id = $2, blocked = $3, version = version + 1 \
         WHERE id = $4 AND version = $5",
    )
    .bind(&row.name)
    .bind(&row.group_id)
    .bind(row.blocked)
    .bind(&row.id)
    .bind(expected)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM app_connector_connectors WHERE app_connector_id = $1")
        .bind(&row.id)
        .execute(&mut *conn)
        .await?;
    insert_connectors(conn, &row.id, &row.connectors).await?;
    Ok(true)
}

/// Deletes an app connector still at `expected`, with its connectors and tokens; false
/// otherwise.
pub async fn delete(
    conn: &mut AnyConnection,
    id: &str,
    expected: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE app_connectors SET version = version + 1 WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(expected)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    for statement in [
        "DELETE FROM tokens WHERE app_connector_id = $1",
        "DELETE FROM app_connector_connectors WHERE app_connector_id = $1",
        "DELETE FROM app_connectors WHERE id = $1",
    ] {
        sqlx::query(statement).bind(id).execute(&mut *conn).await?;
    }
    Ok(true)
}
