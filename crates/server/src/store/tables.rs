//! Tables under filter authorisation: their rows, the connectors that serve them, and writes
//! to their mode and filters. Writes are conditional on the version of the table or filter.

use std::collections::HashMap;

use gatehouse_policy::{FilterMode, Row as DataValues};
use sqlx::{AnyConnection, Row};

use super::integration_snapshot::{filter_mode_str, parse_filter_mode};

/// A table row of `tables` with its row count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// All rows or according to filter.
    pub mode: FilterMode,
    /// Field names.
    pub fields: Vec<String>,
    /// Number of data rows.
    pub row_count: usize,
    /// Version.
    pub version: i64,
}

fn decode_error(message: String) -> sqlx::Error {
    sqlx::Error::Decode(message.into())
}

/// The tables of an environment (or just `only`), by name.
pub async fn list(
    conn: &mut AnyConnection,
    environment: &str,
    only: Option<&str>,
) -> Result<Vec<TableRow>, sqlx::Error> {
    sqlx::query(
        "SELECT t.id, t.name, t.filter_mode, t.fields_json, t.version, \
         (SELECT COUNT(*) FROM table_rows r WHERE r.table_id = t.id) AS row_count \
         FROM tables t WHERE t.environment = $1 AND ($2 = '' OR t.id = $2) ORDER BY t.name",
    )
    .bind(environment)
    .bind(only.unwrap_or_default())
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| {
        let mode: String = row.try_get("filter_mode")?;
        let fields: String = row.try_get("fields_json")?;
        Ok(TableRow {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            mode: parse_filter_mode(&mode)
                .ok_or_else(|| decode_error(format!("unknown filter mode `{mode}`")))?,
            fields: serde_json::from_str(&fields)
                .map_err(|e| decode_error(format!("table fields `{fields}`: {e}")))?,
            row_count: usize::try_from(row.try_get::<i64, _>("row_count")?).unwrap_or_default(),
            version: row.try_get("version")?,
        })
    })
    .collect()
}

/// One table of an environment.
pub async fn find(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
) -> Result<Option<TableRow>, sqlx::Error> {
    if id.is_empty() {
        return Ok(None);
    }
    Ok(list(conn, environment, Some(id)).await?.into_iter().next())
}

/// The data rows of a table, in order: (row id, values).
pub async fn rows(
    conn: &mut AnyConnection,
    table: &str,
) -> Result<Vec<(String, DataValues)>, sqlx::Error> {
    sqlx::query(
        "SELECT row_id, values_json FROM table_rows WHERE table_id = $1 ORDER BY position, row_id",
    )
    .bind(table)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| {
        let text: String = row.try_get("values_json")?;
        let values = serde_json::from_str(&text)
            .map_err(|e| decode_error(format!("row values `{text}`: {e}")))?;
        Ok((row.try_get("row_id")?, values))
    })
    .collect()
}

/// Table id → the connectors (id, name) that serve it, for one environment.
pub async fn connectors_by_table(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<HashMap<String, Vec<(String, String)>>, sqlx::Error> {
    let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for row in sqlx::query(
        "SELECT c.table_id, r.id, r.name FROM connector_tables c \
         JOIN resources r ON r.id = c.connector_id WHERE r.environment = $1 ORDER BY r.name",
    )
    .bind(environment)
    .fetch_all(conn)
    .await?
    {
        map.entry(row.try_get("table_id")?)
            .or_default()
            .push((row.try_get("id")?, row.try_get("name")?));
    }
    Ok(map)
}

/// Filter id → version, for one table.
pub async fn filter_versions(
    conn: &mut AnyConnection,
    table: &str,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    sqlx::query("SELECT id, version FROM filters WHERE table_id = $1")
        .bind(table)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("version")?)))
        .collect()
}

/// Takes the table's write lock for this transaction (a no-op update); false if it is gone.
pub async fn lock(conn: &mut AnyConnection, table: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE tables SET version = version WHERE id = $1")
        .bind(table)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets the mode of a table still at `expected`; false otherwise.
pub async fn set_mode(
    conn: &mut AnyConnection,
    table: &str,
    expected: i64,
    mode: FilterMode,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE tables SET filter_mode = $1, version = version + 1 WHERE id = $2 AND version = $3",
    )
    .bind(filter_mode_str(mode))
    .bind(table)
    .bind(expected)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Appends a filter (version 1) to a table.
pub async fn insert_filter(
    conn: &mut AnyConnection,
    table: &str,
    id: &str,
    name: &str,
    predicate_json: &str,
) -> Result<(), sqlx::Error> {
    let last: Option<i64> =
        sqlx::query("SELECT MAX(position) AS last FROM filters WHERE table_id = $1")
            .bind(table)
            .fetch_one(&mut *conn)
            .await?
            .try_get("last")?;
    sqlx::query(
        "INSERT INTO filters (table_id, id, name, position, predicate_json, version) \
         VALUES ($1, $2, $3, $4, $5, 1)",
    )
    .bind(table)
    .bind(id)
    .bind(name)
    .bind(last.map_or(0, |p| p + 1))
    .bind(predicate_json)
    .execute(conn)
    .await?;
    Ok(())
}

/// Activates a filter for `groups` (a new one, or one whose activations were just cleared).
pub async fn insert_activations(
    conn: &mut AnyConnection,
    table: &str,
    id: &str,
    groups: &[String],
) -> Result<(), sqlx::Error> {
    for group in groups {
        sqlx::query(
            "INSERT INTO filter_activations (table_id, filter_id, group_id) VALUES ($1, $2, $3)",
        )
        .bind(table)
        .bind(id)
        .bind(group)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Renames and re-defines a filter still at `expected`; false otherwise.
pub async fn update_filter(
    conn: &mut AnyConnection,
    table: &str,
    id: &str,
    expected: i64,
    name: &str,
    predicate_json: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE filters SET name = $1, predicate_json = $2, version = version + 1 \
         WHERE table_id = $3 AND id = $4 AND version = $5",
    )
    .bind(name)
    .bind(predicate_json)
    .bind(table)
    .bind(id)
    .bind(expected)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Bumps a filter still at `expected` (before changing its activations); false otherwise.
async fn bump_filter(
    conn: &mut AnyConnection,
    table: &str,
    id: &str,
    expected: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE filters SET version = version + 1 WHERE table_id = $1 AND id = $2 AND version = $3",
    )
    .bind(table)
    .bind(id)
    .bind(expected)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a filter still at `expected` with its activations and deviations; false otherwise.
pub async fn delete_filter(
    conn: &mut AnyConnection,
    table: &str,
    id: &str,
    expected: i64,
) -> Result<bool, sqlx::Error> {
    if !bump_filter(conn, table, id, expected).await? {
        return Ok(false);
    }
    for statement in [
        "DELETE FROM filter_activations WHERE table_id = $1 AND filter_id = $2",
        "DELETE FROM filter_deviations WHERE table_id = $1 AND filter_id = $2",
        "DELETE FROM filters WHERE table_id = $1 AND id = $2",
    ] {
        sqlx::query(statement)
            .bind(table)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Replaces the groups a filter still at `expected` is active for; false otherwise.
pub async fn set_filter_groups(
    conn: &mut AnyConnection,
    table: &str,
    id: &str,
    expected: i64,
    groups: &[String],
) -> Result<bool, sqlx::Error> {
    if !bump_filter(conn, table, id, expected).await? {
        return Ok(false);
    }
    sqlx::query("DELETE FROM filter_activations WHERE table_id = $1 AND filter_id = $2")
        .bind(table)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    insert_activations(conn, table, id, groups).await?;
    Ok(true)
}

/// Sets (or with `None` clears) a user's deviation for a filter still at `expected`; false
/// otherwise.
pub async fn set_deviation(
    conn: &mut AnyConnection,
    table: &str,
    id: &str,
    expected: i64,
    user: &str,
    deviation: Option<&str>,
) -> Result<bool, sqlx::Error> {
    if !bump_filter(conn, table, id, expected).await? {
        return Ok(false);
    }
    sqlx::query(
        "DELETE FROM filter_deviations WHERE table_id = $1 AND filter_id = $2 AND user_id = $3",
    )
    .bind(table)
    .bind(id)
    .bind(user)
    .execute(&mut *conn)
    .await?;
    if let Some(deviation) = deviation {
        sqlx::query(
            "INSERT INTO filter_deviations (table_id, filter_id, user_id, deviation) VALUES ($1, $2, $3, $4)",
        )
        .bind(table)
        .bind(id)
        .bind(user)
        .bind(deviation)
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}
