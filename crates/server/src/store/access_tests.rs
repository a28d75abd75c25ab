//! Access tests of an organisation environment: each stored as the policy crate's
//! [`AccessTest`] in JSON beside its name, version and position. Updates and deletions are
//! conditional on the version.

use gatehouse_app::SavedTest;
use gatehouse_policy::AccessTest;
use sqlx::{AnyConnection, Row};

/// What reading the stored tests can fail with.
#[derive(Debug, thiserror::Error)]
pub enum TestsError {
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// A stored body is not a test (never written by this server).
    #[error("stored access test `{id}` is unreadable: {reason}")]
    Corrupt {
        /// The test's id.
        id: String,
        /// What serde said.
        reason: String,
    },
}

/// The tests of `environment`, in the order they were created.
pub async fn list(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<Vec<SavedTest>, TestsError> {
    let rows = sqlx::query(
        "SELECT id, body, version FROM access_tests WHERE environment = $1 ORDER BY position",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let body: String = row.try_get("body")?;
            let test: AccessTest =
                serde_json::from_str(&body).map_err(|err| TestsError::Corrupt {
                    id: id.clone(),
                    reason: err.to_string(),
                })?;
            Ok(SavedTest {
                test,
                version: row.try_get("version")?,
            })
        })
        .collect()
}

/// Inserts `test` (version 1) after the others.
pub async fn insert(
    conn: &mut AnyConnection,
    environment: &str,
    test: &AccessTest,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO access_tests (environment, id, name, body, version, position) \
         VALUES ($1, $2, $3, $4, 1, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM access_tests WHERE environment = $5))",
    )
    .bind(environment)
    .bind(test.id.as_str())
    .bind(test.name.as_str())
    .bind(body(test))
    .bind(environment)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces the stored test with `test` if it is still at `version`; whether it was.
pub async fn update(
    conn: &mut AnyConnection,
    environment: &str,
    test: &AccessTest,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE access_tests SET name = $1, body = $2, version = version + 1 \
         WHERE environment = $3 AND id = $4 AND version = $5",
    )
    .bind(test.name.as_str())
    .bind(body(test))
    .bind(environment)
    .bind(test.id.as_str())
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the stored test if it is still at `version`; whether it was.
pub async fn delete(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM access_tests WHERE environment = $1 AND id = $2 AND version = $3")
            .bind(environment)
            .bind(id)
            .bind(version)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

fn body(test: &AccessTest) -> String {
    serde_json::to_string(test).unwrap_or_default()
}
