//! The audit log: every change with actor, entity, before and after, written in the same
//! transaction as the change itself.

use std::sync::atomic::{AtomicI64, Ordering};

use gatehouse_wire::{AuditChangeSet, AuditChangeSetPage, AuditEntry, AuditPage};
use sqlx::any::AnyArguments;
use sqlx::any::AnyRow;
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
    /// The change set it belongs to; `None` for an entry that stands alone (it gets its own).
    pub change_set: Option<&'a str>,
    /// The change set that its set undoes, if it is an undo.
    pub undo_of: Option<&'a str>,
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
const COLUMNS: &str = "id, at, environment, actor_id, actor_code, action, entity, entity_id, \
     before_json, after_json, change_set, undo_of";

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
    for chunk in entries.chunks(batch::rows(12)) {
        let sql = format!(
            "INSERT INTO audit_log ({COLUMNS}) VALUES {}",
            batch::tuples(chunk.len(), 12)
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
    let id = uuid::Uuid::new_v4().to_string();
    let change_set = entry
        .change_set
        .map_or_else(|| id.clone(), ToOwned::to_owned);
    query
        .bind(id)
        .bind(next_at())
        .bind(entry.environment)
        .bind(entry.actor_id)
        .bind(entry.actor_code)
        .bind(entry.action)
        .bind(entry.entity)
        .bind(entry.entity_id)
        .bind(entry.before.as_ref().map(ToString::to_string))
        .bind(entry.after.as_ref().map(ToString::to_string))
        .bind(change_set)
        .bind(entry.undo_of)
}

/// Filters for reading the log (entries, or the change sets holding matching entries).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this entity kind, e.g. `grant`.
    pub entity: Option<String>,
    /// Only this entity id.
    pub entity_id: Option<String>,
    /// Only this actor's user code.
    pub actor: Option<String>,
    /// Only this action: `create`, `update`, `delete`, `sync`.
    pub action: Option<String>,
    /// Only entries at or after this time, microseconds since the epoch.
    pub from: Option<i64>,
    /// Only entries before this time, microseconds since the epoch.
    pub to: Option<i64>,
    /// Only entries whose actor, entity id, before or after contain this text, any case.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Only the entries of this change set.
    pub change_set: Option<String>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Entries (or change sets) per page, 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// A value bound to a filter's placeholder.
enum Bind {
    Text(String),
    Int(i64),
}

/// The `WHERE` clause of `query` for `environment` and its values, numbered from `$1`.
struct Filter {
    sql: String,
    binds: Vec<Bind>,
}

impl Filter {
    fn new(environment: &str, query: &AuditQuery) -> Self {
        let mut filter = Self {
            sql: "environment = $1".to_owned(),
            binds: vec![Bind::Text(environment.to_owned())],
        };
        let text = |v: &Option<String>| v.as_ref().filter(|v| !v.is_empty()).cloned();
        for (column, value) in [
            ("entity", text(&query.entity)),
            ("entity_id", text(&query.entity_id)),
            ("actor_code", text(&query.actor)),
            ("action", text(&query.action)),
            ("change_set", text(&query.change_set)),
        ] {
            if let Some(value) = value {
                let n = filter.push(Bind::Text(value));
                filter.sql.push_str(&format!(" AND {column} = ${n}"));
            }
        }
        if let Some(from) = query.from {
            let n = filter.push(Bind::Int(from));
            filter.sql.push_str(&format!(" AND at >= ${n}"));
        }
        if let Some(to) = query.to {
            let n = filter.push(Bind::Int(to));
            filter.sql.push_str(&format!(" AND at < ${n}"));
        }
        if let Some(q) = text(&query.q) {
            let pattern = format!("%{}%", like_escaped(&q.to_lowercase()));
            let n = filter.push(Bind::Text(pattern));
            filter.sql.push_str(&format!(
                " AND (LOWER(actor_code) LIKE ${n} ESCAPE '\\' \
                 OR LOWER(entity_id) LIKE ${n} ESCAPE '\\' \
                 OR LOWER(COALESCE(before_json, '')) LIKE ${n} ESCAPE '\\' \
                 OR LOWER(COALESCE(after_json, '')) LIKE ${n} ESCAPE '\\')"
            ));
        }
        filter
    }

    /// Adds a value; its placeholder number.
    fn push(&mut self, bind: Bind) -> usize {
        self.binds.push(bind);
        self.binds.len()
    }

    /// The next placeholder number.
    fn next(&self) -> usize {
        self.binds.len() + 1
    }

    fn bind<'q>(
        &'q self,
        mut query: Query<'q, Any, AnyArguments<'q>>,
    ) -> Query<'q, Any, AnyArguments<'q>> {
        for bind in &self.binds {
            query = match bind {
                Bind::Text(text) => query.bind(text.as_str()),
                Bind::Int(int) => query.bind(*int),
            };
        }
        query
    }
}

/// `text` with `LIKE`'s wildcards and the escape character escaped.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `$from, $from+1, …`: `count` placeholders.
fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The columns an [`AuditEntry`] is read from.
const ENTRY_COLUMNS: &str = "id, at, actor_code, action, entity, entity_id, before_json, \
     after_json, change_set, undo_of";

/// Reads an entry from a row of [`ENTRY_COLUMNS`].
fn entry(row: &AnyRow) -> Result<AuditEntry, sqlx::Error> {
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    let id: String = row.try_get("id")?;
    let change_set: Option<String> = row.try_get("change_set")?;
    Ok(AuditEntry {
        change_set: change_set.unwrap_or_else(|| id.clone()),
        id,
        at: row.try_get("at")?,
        actor: row.try_get("actor_code")?,
        action: row.try_get("action")?,
        entity: row.try_get("entity")?,
        entity_id: row.try_get("entity_id")?,
        before: json(row.try_get("before_json")?),
        after: json(row.try_get("after_json")?),
        undo_of: row.try_get("undo_of")?,
    })
}

/// The most entries of one change set listed with it in a page of change sets.
const ENTRIES_WITH_A_SET: i64 = 20;

/// Page size and offset of `query`.
fn paging(query: &AuditQuery) -> (i64, i64) {
    let per_page = i64::from(query.per_page.unwrap_or(50).clamp(1, 200));
    let offset = i64::from(query.page.unwrap_or(1).max(1) - 1) * per_page;
    (per_page, offset)
}

impl Store {
    /// A page of the log of `environment`, newest first.
    pub async fn list_audit(
        &self,
        environment: &str,
        query: &AuditQuery,
    ) -> Result<AuditPage, sqlx::Error> {
        let filter = Filter::new(environment, query);
        let count_sql = format!("SELECT COUNT(*) AS n FROM audit_log WHERE {}", filter.sql);
        let total: i64 = filter
            .bind(sqlx::query(&count_sql))
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        let (per_page, offset) = paging(query);
        let n = filter.next();
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM audit_log WHERE {} \
             ORDER BY at DESC, id DESC LIMIT ${n} OFFSET ${}",
            filter.sql,
            n + 1
        );
        let rows = filter
            .bind(sqlx::query(&sql))
            .bind(per_page)
            .bind(offset)
            .fetch_all(self.pool())
            .await?;
        Ok(AuditPage {
            total: usize::try_from(total).unwrap_or_default(),
            items: rows.iter().map(entry).collect::<Result<_, _>>()?,
        })
    }

    /// A page of the change sets of `environment` with an entry matching `query`, newest
    /// first, each with its first matching entries.
    pub async fn list_change_sets(
        &self,
        environment: &str,
        query: &AuditQuery,
    ) -> Result<AuditChangeSetPage, sqlx::Error> {
        let filter = Filter::new(environment, query);
        let count_sql = format!(
            "SELECT COUNT(DISTINCT change_set) AS n FROM audit_log WHERE {}",
            filter.sql
        );
        let total: i64 = filter
            .bind(sqlx::query(&count_sql))
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        let (per_page, offset) = paging(query);
        let n = filter.next();
        let sql = format!(
            "SELECT change_set, MAX(at) AS at, MIN(actor_code) AS actor, COUNT(*) AS matching, \
             MIN(undo_of) AS undo_of FROM audit_log WHERE {} GROUP BY change_set \
             ORDER BY MAX(at) DESC, change_set DESC LIMIT ${n} OFFSET ${}",
            filter.sql,
            n + 1
        );
        let rows = filter
            .bind(sqlx::query(&sql))
            .bind(per_page)
            .bind(offset)
            .fetch_all(self.pool())
            .await?;
        let mut sets = Vec::with_capacity(rows.len());
        for row in &rows {
            let matching: i64 = row.try_get("matching")?;
            sets.push(AuditChangeSet {
                id: row.try_get("change_set")?,
                at: row.try_get("at")?,
                actor: row.try_get("actor")?,
                entries: 0,
                matching: usize::try_from(matching).unwrap_or_default(),
                items: Vec::new(),
                undo_of: row.try_get("undo_of")?,
                undone_by: None,
            });
        }
        if sets.is_empty() {
            return Ok(AuditChangeSetPage {
                total: usize::try_from(total).unwrap_or_default(),
                items: sets,
            });
        }
        let ids: Vec<String> = sets.iter().map(|s| s.id.clone()).collect();
        // The matching entries of the page's sets, the first few of each.
        let n = filter.next();
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM (SELECT {ENTRY_COLUMNS}, ROW_NUMBER() OVER \
             (PARTITION BY change_set ORDER BY at, id) AS place FROM audit_log \
             WHERE {} AND change_set IN ({})) listed WHERE place <= {ENTRIES_WITH_A_SET} \
             ORDER BY at, id",
            filter.sql,
            placeholders(n, ids.len())
        );
        let mut entries = filter.bind(sqlx::query(&sql));
        for id in &ids {
            entries = entries.bind(id.as_str());
        }
        for row in entries.fetch_all(self.pool()).await? {
            let entry = entry(&row)?;
            if let Some(set) = sets.iter_mut().find(|s| s.id == entry.change_set) {
                set.items.push(entry);
            }
        }
        // Each set's size, and the latest set that undid it.
        let sql = format!(
            "SELECT change_set, COUNT(*) AS n FROM audit_log WHERE environment = $1 \
             AND change_set IN ({}) GROUP BY change_set",
            placeholders(2, ids.len())
        );
        let mut sizes = sqlx::query(&sql).bind(environment);
        for id in &ids {
            sizes = sizes.bind(id.as_str());
        }
        for row in sizes.fetch_all(self.pool()).await? {
            let id: String = row.try_get("change_set")?;
            let n: i64 = row.try_get("n")?;
            if let Some(set) = sets.iter_mut().find(|s| s.id == id) {
                set.entries = usize::try_from(n).unwrap_or_default();
            }
        }
        let sql = format!(
            "SELECT undo_of, change_set, MAX(at) AS at FROM audit_log WHERE environment = $1 \
             AND undo_of IN ({}) GROUP BY undo_of, change_set ORDER BY MAX(at)",
            placeholders(2, ids.len())
        );
        let mut undos = sqlx::query(&sql).bind(environment);
        for id in &ids {
            undos = undos.bind(id.as_str());
        }
        for row in undos.fetch_all(self.pool()).await? {
            let undone: String = row.try_get("undo_of")?;
            let by: String = row.try_get("change_set")?;
            if let Some(set) = sets.iter_mut().find(|s| s.id == undone) {
                set.undone_by = Some(by);
            }
        }
        Ok(AuditChangeSetPage {
            total: usize::try_from(total).unwrap_or_default(),
            items: sets,
        })
    }

    /// One entry of the log of `environment`.
    pub async fn audit_entry(
        &self,
        environment: &str,
        id: &str,
    ) -> Result<Option<AuditEntry>, sqlx::Error> {
        let sql =
            format!("SELECT {ENTRY_COLUMNS} FROM audit_log WHERE environment = $1 AND id = $2");
        let row = sqlx::query(&sql)
            .bind(environment)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(entry).transpose()
    }

    /// Every entry of one change set of `environment`, in the order written.
    pub async fn change_set_entries(
        &self,
        environment: &str,
        change_set: &str,
    ) -> Result<Vec<AuditEntry>, sqlx::Error> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM audit_log WHERE environment = $1 AND change_set = $2 \
             ORDER BY at, id"
        );
        let rows = sqlx::query(&sql)
            .bind(environment)
            .bind(change_set)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(entry).collect()
    }

    /// The entries of other change sets about the entity kinds `entities`, written after
    /// `after` (microseconds), oldest first: what changed since a set. Without before and
    /// after.
    pub async fn audit_entries_since(
        &self,
        environment: &str,
        after: i64,
        change_set: &str,
        entities: &[&str],
    ) -> Result<Vec<AuditEntry>, sqlx::Error> {
        if entities.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, at, actor_code, action, entity, entity_id, CAST(NULL AS TEXT) AS before_json, \
             CAST(NULL AS TEXT) AS after_json, change_set, undo_of FROM audit_log WHERE environment = $1 \
             AND at > $2 AND change_set <> $3 AND entity IN ({}) ORDER BY at, id",
            placeholders(4, entities.len())
        );
        let mut query = sqlx::query(&sql)
            .bind(environment)
            .bind(after)
            .bind(change_set);
        for entity in entities {
            query = query.bind(*entity);
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(entry).collect()
    }
}
