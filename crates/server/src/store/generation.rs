//! The per-environment `policy_generation` counter (migration 0005): database triggers bump it
//! on every change to the data a policy snapshot is built from, so a server process can tell
//! with one indexed read whether the snapshot it holds in memory is still the current one.

use gatehouse_policy::Policy;
use gatehouse_wire::EnvironmentInfo;
use sqlx::{AnyConnection, Row};

use super::snapshot::{load_policy, SnapshotError};
use super::users::environment_from_row;
use super::{Backend, Store};

impl Store {
    /// One environment by code with its current policy generation, in one statement.
    pub async fn find_environment_generation(
        &self,
        code: &str,
    ) -> Result<Option<(EnvironmentInfo, i64)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT e.code, e.kind, e.name, o.participant, o.name AS organisation, o.precedence, \
             e.policy_generation FROM environments e JOIN organisations o ON o.participant = e.participant \
             WHERE e.code = $1",
        )
        .bind(code)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok((
                environment_from_row(&row)?,
                row.try_get("policy_generation")?,
            ))
        })
        .transpose()
    }

    /// The whole snapshot of an environment with the generation it belongs to, read in one
    /// read-only transaction so the two agree (PostgreSQL: repeatable read; SQLite: one
    /// read snapshot of the WAL).
    pub async fn load_policy_generation(
        &self,
        environment: &str,
    ) -> Result<(i64, Policy), SnapshotError> {
        let mut tx = self.pool().begin().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        let generation = policy_generation(&mut tx, environment).await?;
        let policy = load_policy(&mut tx, environment).await?;
        tx.rollback().await?;
        Ok((generation, policy))
    }
}

/// The policy generation of an environment as `conn` sees it: inside a write transaction, the
/// generation its own changes will be committed with.
pub async fn policy_generation(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT policy_generation FROM environments WHERE code = $1")
        .bind(environment)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?
        .try_get("policy_generation")
}

/// Takes the environment's row lock for the rest of the transaction (PostgreSQL), so change
/// sets of one environment are decided one after another on what the previous one stored.
/// On SQLite the write transaction (`BEGIN IMMEDIATE`) already holds the database's one
/// write lock.
pub async fn lock_environment(
    conn: &mut AnyConnection,
    backend: super::Backend,
    environment: &str,
) -> Result<(), sqlx::Error> {
    if backend == super::Backend::Postgres {
        sqlx::query("SELECT code FROM environments WHERE code = $1 FOR UPDATE")
            .bind(environment)
            .fetch_optional(&mut *conn)
            .await?;
    }
    Ok(())
}
