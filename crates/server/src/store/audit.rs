//! The audit log: every change with actor, entity, before and after, written in the same
//! transaction as the change itself.

use std::sync::atomic::{AtomicI64, Ordering};

use gatehouse_wire::{AuditEntry, AuditPage};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};

use super::{batch, Store};

/// One change to record.
#[derive(Debug, Clone)]
pub struct AuditRecord<'a> {
    /// The organisation environment the change happened in.
    pub environment: &'a str,
    /// Who did it (user id).
    pub actor_id: &'a str,
    /// Who did it (user code, kept even if the user is removed later).
    pub actor_code: &'a str,
    /// `create`, `update` or `delete`.
    pub action: &'a str,
    /// `grant`, `user`, …
    pub entity: &'a str,
    /// The entity's id.
    pub entity_id: &'a str,
    /// State before.
    pub before: Option<serde_json::Value>,
    /// State after.
    pub after: Option<serde_json::Value>,
}

/// Microseconds since the epoch.
fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The `at` of the last entry this process stamped.
static LAST_AT: AtomicI64 = AtomicI64::new(0);

/// The time of a new entry: now in microseconds since the epoch, but always after the
/// previous entry of this process, so the log (ordered by `at`) lists one change set's many
/// entries, stamped within the same microsecond, in the order they were made.
fn next_at() -> i64 {
    let now = now_micros();
    let stamp = |last: i64| now.max(last.saturating_add(1));
    match LAST_AT.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| {
        Some(stamp(last))
    }) {
        Ok(last) | Err(last) => stamp(last),
    }
}

/// The columns of an entry, in the order [`bind_entry`] binds them.
const COLUMNS: &str =
    "id, at, environment, actor_id, actor_code, action, entity, entity_id, before_json, after_json";

/// Writes an audit entry on `conn` (inside the change's transaction).
pub async fn record(conn: &mut AnyConnection, entry: AuditRecord<'_>) -> Result<(), sqlx::Error> {
    record_all(conn, std::slice::from_ref(&entry)).await
}

/// Writes `entries` on `conn` (inside the changes' transaction) in their order, each as
/// [`record`] writes one, 50 entries a statement (multi-row `INSERT`s; see `batch`).
pub async fn record_all(
    conn: &mut AnyConnection,
    entries: &[AuditRecord<'_>],
) -> Result<(), sqlx::Error> {
    for chunk in entries.chunks(batch::rows(10)) {
        let sql = format!(
            "INSERT INTO audit_log ({COLUMNS}) VALUES {}",
            batch::tuples(chunk.len(), 10)
        );
        let mut query = sqlx::query(&sql);
        for entry in chunk {
            query = bind_entry(query, entry);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Binds the values of one entry (a new id, the next time) to `query`.
fn bind_entry<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    entry: &AuditRecord<'q>,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(next_at())
        .bind(entry.environment)
        .bind(entry.actor_id)
        .bind(entry.actor_code)
        .bind(entry.action)
        .bind(entry.entity)
        .bind(entry.entity_id)
        .bind(entry.before.as_ref().map(ToString::to_string))
        .bind(entry.after.as_ref().map(ToString::to_string))
}

/// Filters for reading the log.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only this entity kind (`grant`).
    pub entity: Option<String>,
    /// Only this entity id.
    pub entity_id: Option<String>,
    /// Only this actor (user code).
    pub actor: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Entries per page (1–200, default 50).
    pub per_page: Option<u32>,
}

impl Store {
    /// A page of the log of `environment`, newest first.
    pub async fn list_audit(
        &self,
        environment: &str,
        query: &AuditQuery,
    ) -> Result<AuditPage, sqlx::Error> {
        let filter = "environment = $1 AND ($2 = '' OR entity = $2) AND ($3 = '' OR entity_id = $3) AND ($4 = '' OR actor_code = $4)";
        let entity = query.entity.clone().unwrap_or_default();
        let entity_id = query.entity_id.clone().unwrap_or_default();
        let actor = query.actor.clone().unwrap_or_default();
        let total: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE {filter}"
        ))
        .bind(environment)
        .bind(&entity)
        .bind(&entity_id)
        .bind(&actor)
        .fetch_one(self.pool())
        .await?
        .try_get("n")?;
        let per_page = i64::from(query.per_page.unwrap_or(50).clamp(1, 200));
        let offset = i64::from(query.page.unwrap_or(1).max(1) - 1) * per_page;
        let rows = sqlx::query(&format!(
            "SELECT id, at, actor_code, action, entity, entity_id, before_json, after_json FROM audit_log \
             WHERE {filter} ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6"
        ))
        .bind(environment)
        .bind(&entity)
        .bind(&entity_id)
        .bind(&actor)
        .bind(per_page)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        let items = rows
            .iter()
            .map(|row| {
                Ok(AuditEntry {
                    id: row.try_get("id")?,
                    at: row.try_get("at")?,
                    actor: row.try_get("actor_code")?,
                    action: row.try_get("action")?,
                    entity: row.try_get("entity")?,
                    entity_id: row.try_get("entity_id")?,
                    before: json(row.try_get("before_json")?),
                    after: json(row.try_get("after_json")?),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(AuditPage {
            total: usize::try_from(total).unwrap_or_default(),
            items,
        })
    }
}
