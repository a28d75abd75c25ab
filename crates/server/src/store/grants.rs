//! Reading and writing grants. Writes run inside a transaction that first bumps the
//! resource's version: that takes the row lock (PostgreSQL) or the write lock (SQLite), so
//! changes to one resource's permissions are serialised and the lock-out guard re-checked
//! inside the transaction sees every committed change.

use std::collections::HashMap;

use gatehouse_policy::{ResourceKind, Role, Subject};
use sqlx::{AnyConnection, Row};

use super::batch;
use super::snapshot::{parse_kind, parse_role, role_str, subject_from, subject_parts};
use super::Store;

/// A resource row.
#[derive(Debug, Clone)]
pub struct ResourceRow {
    /// Stable id.
    pub id: String,
    /// App or connector.
    pub kind: ResourceKind,
    /// Display name.
    pub name: String,
    /// Permissions version.
    pub version: i64,
}

/// A grant row with its environments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRow {
    /// Stable id.
    pub id: String,
    /// The resource.
    pub resource: String,
    /// Who it is for.
    pub subject: Subject,
    /// The role.
    pub role: Role,
    /// Data environment ids, sorted.
    pub environments: Vec<String>,
    /// Expiry, unix seconds.
    pub expires_at: Option<i64>,
    /// Version.
    pub version: i64,
}

fn decode_error(message: String) -> sqlx::Error {
    sqlx::Error::Decode(message.into())
}

impl Store {
    /// The resources of an environment.
    pub async fn list_resources(&self, environment: &str) -> Result<Vec<ResourceRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, kind, name, version FROM resources WHERE environment = $1 ORDER BY name",
        )
        .bind(environment)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(resource_from_row).collect()
    }

    /// One resource of an environment.
    pub async fn find_resource(
        &self,
        environment: &str,
        id: &str,
    ) -> Result<Option<ResourceRow>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, kind, name, version FROM resources WHERE environment = $1 AND id = $2",
        )
        .bind(environment)
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(resource_from_row).transpose()
    }

    /// The grants on a resource.
    pub async fn grants_on(&self, resource: &str) -> Result<Vec<GrantRow>, sqlx::Error> {
        let mut conn = self.pool().acquire().await?;
        grants_where(&mut conn, "g.resource_id = $1", &[resource]).await
    }

    /// Every grant of `subject` on the resources of `environment` (one query for the grants,
    /// one for their environments, however many resources there are).
    pub async fn grants_of_subject(
        &self,
        environment: &str,
        subject: &Subject,
    ) -> Result<Vec<GrantRow>, sqlx::Error> {
        let (kind, id) = subject_parts(subject);
        let mut conn = self.pool().acquire().await?;
        grants_where(
            &mut conn,
            "r.environment = $1 AND g.subject_kind = $2 AND g.subject_id = $3",
            &[environment, kind, &id],
        )
        .await
    }
}

fn resource_from_row(row: &sqlx::any::AnyRow) -> Result<ResourceRow, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    Ok(ResourceRow {
        id: row.try_get("id")?,
        kind: parse_kind(&kind)
            .ok_or_else(|| decode_error(format!("unknown resource kind `{kind}`")))?,
        name: row.try_get("name")?,
        version: row.try_get("version")?,
    })
}

/// Every grant of the group `group`, on `conn` (inside a write).
pub async fn grants_of_group(
    conn: &mut AnyConnection,
    group: &str,
) -> Result<Vec<GrantRow>, sqlx::Error> {
    grants_where(
        conn,
        "g.subject_kind = 'group' AND g.subject_id = $1",
        &[group],
    )
    .await
}

/// One grant by id, with its resource's kind.
pub async fn grant_by_id(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<GrantRow>, sqlx::Error> {
    Ok(grants_where(conn, "g.id = $1", &[id]).await?.pop())
}

/// The grants with these ids (those that exist), two queries per 200 ids: what a change set's
/// updates and deletions name, read at once.
pub async fn grants_by_ids(
    conn: &mut AnyConnection,
    ids: &[&str],
) -> Result<Vec<GrantRow>, sqlx::Error> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(super::batch::rows(1)) {
        let condition = format!("g.id IN ({})", super::batch::list(chunk.len()));
        found.extend(grants_where(conn, &condition, chunk).await?);
    }
    Ok(found)
}

/// The grants on `environment`'s resources that cover data environment `data_environment`.
pub async fn grants_covering(
    conn: &mut AnyConnection,
    environment: &str,
    data_environment: &str,
) -> Result<Vec<GrantRow>, sqlx::Error> {
    grants_where(
        conn,
        "r.environment = $1 AND g.id IN \
         (SELECT grant_id FROM grant_environments WHERE data_environment_id = $2)",
        &[environment, data_environment],
    )
    .await
}

/// The grants matching `condition` (over `g` = grants and `r` = their resources, with
/// placeholders `$1…` bound to `values` in order), with their environments.
async fn grants_where(
    conn: &mut AnyConnection,
    condition: &str,
    values: &[&str],
) -> Result<Vec<GrantRow>, sqlx::Error> {
    let sql = format!(
        "SELECT g.id, g.resource_id, g.subject_kind, g.subject_id, g.role, g.expires_at, g.version, r.kind \
         FROM grants g JOIN resources r ON r.id = g.resource_id WHERE {condition}"
    );
    let mut query = sqlx::query(&sql);
    for value in values {
        query = query.bind(*value);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let env_sql = format!(
        "SELECT ge.grant_id, ge.data_environment_id FROM grant_environments ge \
         JOIN grants g ON g.id = ge.grant_id JOIN resources r ON r.id = g.resource_id \
         WHERE {condition} ORDER BY ge.data_environment_id"
    );
    let mut env_query = sqlx::query(&env_sql);
    for value in values {
        env_query = env_query.bind(*value);
    }
    let env_rows = env_query.fetch_all(&mut *conn).await?;
    let mut envs: HashMap<String, Vec<String>> = HashMap::new();
    for row in env_rows {
        envs.entry(row.try_get("grant_id")?)
            .or_default()
            .push(row.try_get("data_environment_id")?);
    }
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let kind_text: String = row.try_get("kind")?;
            let kind = parse_kind(&kind_text)
                .ok_or_else(|| decode_error(format!("unknown kind `{kind_text}`")))?;
            let role_text: String = row.try_get("role")?;
            let role = parse_role(kind, &role_text)
                .ok_or_else(|| decode_error(format!("unknown role `{role_text}`")))?;
            let subject = subject_from(
                &row.try_get::<String, _>("subject_kind")?,
                &row.try_get::<String, _>("subject_id")?,
            )
            .map_err(|e| decode_error(e.to_string()))?;
            Ok(GrantRow {
                environments: envs.remove(&id).unwrap_or_default(),
                id,
                resource: row.try_get("resource_id")?,
                subject,
                role,
                expires_at: row.try_get("expires_at")?,
                version: row.try_get("version")?,
            })
        })
        .collect()
}

/// Bumps the resource's permissions version, taking the write lock; false if it is gone.
pub async fn lock_resource(conn: &mut AnyConnection, resource: &str) -> Result<bool, sqlx::Error> {
    lock_resources(conn, &[resource]).await
}

/// Bumps the permissions version of each of `resources` (distinct ids), taking their write
/// locks, up to 200 a statement; false if one is gone (some may be bumped already: the
/// caller abandons its transaction).
pub async fn lock_resources(
    conn: &mut AnyConnection,
    resources: &[&str],
) -> Result<bool, sqlx::Error> {
    for chunk in resources.chunks(batch::rows(1)) {
        let sql = format!(
            "UPDATE resources SET version = version + 1 WHERE id IN ({})",
            batch::list(chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        if !all_affected(query.execute(&mut *conn).await?, chunk.len()) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Inserts a grant (version 1).
pub async fn insert_grant(conn: &mut AnyConnection, grant: &GrantRow) -> Result<(), sqlx::Error> {
    insert_grants(conn, std::slice::from_ref(grant)).await
}

/// Inserts `grants` (each at version 1) and their environments, many rows a statement
/// (multi-row `INSERT`s; see `batch`).
pub async fn insert_grants(
    conn: &mut AnyConnection,
    grants: &[GrantRow],
) -> Result<(), sqlx::Error> {
    for chunk in grants.chunks(batch::rows(7)) {
        let sql = format!(
            "INSERT INTO grants (id, resource_id, subject_kind, subject_id, role, expires_at, version) VALUES {}",
            batch::tuples(chunk.len(), 7)
        );
        let mut query = sqlx::query(&sql);
        for grant in chunk {
            let (kind, subject_id) = subject_parts(&grant.subject);
            query = query
                .bind(&grant.id)
                .bind(&grant.resource)
                .bind(kind)
                .bind(subject_id)
                .bind(role_str(grant.role))
                .bind(grant.expires_at)
                .bind(1_i64);
        }
        query.execute(&mut *conn).await?;
    }
    let environments: Vec<(&str, &str)> = grants
        .iter()
        .flat_map(|g| g.environments.iter().map(|e| (g.id.as_str(), e.as_str())))
        .collect();
    insert_environments(conn, &environments).await
}

/// Updates a grant if it is still at `expected_version`; false when it is not (or is gone).
pub async fn update_grant(
    conn: &mut AnyConnection,
    grant: &GrantRow,
    expected_version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE grants SET role = $1, expires_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(role_str(grant.role))
    .bind(grant.expires_at)
    .bind(&grant.id)
    .bind(expected_version)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM grant_environments WHERE grant_id = $1")
        .bind(&grant.id)
        .execute(&mut *conn)
        .await?;
    let environments: Vec<(&str, &str)> = grant
        .environments
        .iter()
        .map(|e| (grant.id.as_str(), e.as_str()))
        .collect();
    insert_environments(conn, &environments).await?;
    Ok(true)
}

/// Deletes a grant if it is still at `expected_version`.
pub async fn delete_grant(
    conn: &mut AnyConnection,
    id: &str,
    expected_version: i64,
) -> Result<bool, sqlx::Error> {
    delete_grants(conn, &[(id, expected_version)]).await
}

/// Deletes the grants `(id, expected version)` (distinct ids) with their environments, up to
/// 200 a statement; false if one is gone or at another version (some may be deleted already:
/// the caller abandons its transaction).
pub async fn delete_grants(
    conn: &mut AnyConnection,
    grants: &[(&str, i64)],
) -> Result<bool, sqlx::Error> {
    for chunk in grants.chunks(batch::rows(2)) {
        let sql = format!(
            "DELETE FROM grant_environments WHERE grant_id IN ({})",
            batch::list(chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for (id, _) in chunk {
            query = query.bind(*id);
        }
        query.execute(&mut *conn).await?;
        let sql = format!(
            "DELETE FROM grants WHERE {}",
            (0..chunk.len())
                .map(|i| format!("(id = ${} AND version = ${})", 2 * i + 1, 2 * i + 2))
                .collect::<Vec<_>>()
                .join(" OR ")
        );
        let mut query = sqlx::query(&sql);
        for (id, version) in chunk {
            query = query.bind(*id).bind(*version);
        }
        if !all_affected(query.execute(&mut *conn).await?, chunk.len()) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Inserts the `(grant id, data environment id)` rows, up to 200 a statement.
async fn insert_environments(
    conn: &mut AnyConnection,
    rows: &[(&str, &str)],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(batch::rows(2)) {
        let sql = format!(
            "INSERT INTO grant_environments (grant_id, data_environment_id) VALUES {}",
            batch::tuples(chunk.len(), 2)
        );
        let mut query = sqlx::query(&sql);
        for (grant, env) in chunk {
            query = query.bind(*grant).bind(*env);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Whether a statement meant for `rows` rows found every one of them.
fn all_affected(done: sqlx::any::AnyQueryResult, rows: usize) -> bool {
    u64::try_from(rows).is_ok_and(|rows| done.rows_affected() == rows)
}
