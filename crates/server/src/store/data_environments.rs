//! Data environments of an organisation environment: the built-ins and custom ones, each
//! with a version. Writes are conditional on the version. An environment with no rows has the
//! built-ins only (the snapshot adds them); the first custom one stores them beside it.

use gatehouse_policy::Environment;
use sqlx::{AnyConnection, Row};

/// A stored data environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataEnvironmentRow {
    /// The policy's environment id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Built in (cannot be renamed or deleted).
    pub builtin: bool,
    /// Version.
    pub version: i64,
}

/// The data environments of `environment`, in display order; the built-ins at version 1 when
/// none is stored.
pub async fn list(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<Vec<DataEnvironmentRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, builtin, version FROM data_environments WHERE environment = $1 \
         ORDER BY position, name",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?;
    if rows.is_empty() {
        return Ok(Environment::built_ins()
            .into_iter()
            .map(|e| DataEnvironmentRow {
                id: e.id.to_string(),
                name: e.name,
                builtin: true,
                version: 1,
            })
            .collect());
    }
    rows.iter()
        .map(|row| {
            Ok(DataEnvironmentRow {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                builtin: super::users::flag(row, "builtin")?,
                version: row.try_get("version")?,
            })
        })
        .collect()
}

/// Inserts a custom data environment (version 1) after the others; the built-ins are stored
/// first when the environment has none stored yet.
pub async fn insert(
    conn: &mut AnyConnection,
    environment: &str,
    created: &Environment,
) -> Result<(), sqlx::Error> {
    let stored: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM data_environments WHERE environment = $1")
            .bind(environment)
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
    if stored == 0 {
        for (position, built_in) in Environment::built_ins().into_iter().enumerate() {
            insert_row(conn, environment, &built_in, true, position as i64).await?;
        }
    }
    let next: i64 = sqlx::query(
        "SELECT COALESCE(MAX(position), 0) + 1 AS next FROM data_environments WHERE environment = $1",
    )
    .bind(environment)
    .fetch_one(&mut *conn)
    .await?
    .try_get("next")?;
    insert_row(conn, environment, created, false, next).await
}

async fn insert_row(
    conn: &mut AnyConnection,
    environment: &str,
    row: &Environment,
    builtin: bool,
    position: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO data_environments (environment, id, name, builtin, position, version) \
         VALUES ($1, $2, $3, $4, $5, 1)",
    )
    .bind(environment)
    .bind(row.id.as_str())
    .bind(&row.name)
    .bind(builtin)
    .bind(position)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Renames a custom data environment if it is still at `expected_version`; false when it is
/// not (or is gone, or built in).
pub async fn rename(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
    name: &str,
    expected_version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE data_environments SET name = $1, version = version + 1 \
         WHERE environment = $2 AND id = $3 AND version = $4 AND builtin = $5",
    )
    .bind(name)
    .bind(environment)
    .bind(id)
    .bind(expected_version)
    .bind(false)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a renamed environment's name once more without a version check: the second step of
/// renames that swap names (the first gives each a name no other holds).
pub async fn set_name(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE data_environments SET name = $1 WHERE environment = $2 AND id = $3")
        .bind(name)
        .bind(environment)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes a custom data environment if it is still at `expected_version` (its grants are the
/// caller's); false when it is not.
pub async fn delete(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
    expected_version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM data_environments \
         WHERE environment = $1 AND id = $2 AND version = $3 AND builtin = $4",
    )
    .bind(environment)
    .bind(id)
    .bind(expected_version)
    .bind(false)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
