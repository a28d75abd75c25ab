//! The nightly sync's run history: one row per run (a scheduled slot at most once) and its
//! per-environment results.

use gatehouse_wire::{
    SyncFieldChange, SyncOutcome, SyncResultView, SyncRunSummary, SyncStatus, SyncTrigger,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

/// Starts a run in `slot`. `Ok(false)` when the slot already has a run (another server
/// process took it): the unique slot is the cross-process lock of a scheduled run.
pub async fn claim_slot(
    pool: &AnyPool,
    id: &str,
    slot: &str,
    trigger: SyncTrigger,
    triggered_by: Option<&str>,
    started_at: i64,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO sync_runs (id, slot, trigger_kind, triggered_by, started_at, status) \
         VALUES ($1, $2, $3, $4, $5, 'running') ON CONFLICT (slot) DO NOTHING",
    )
    .bind(id)
    .bind(slot)
    .bind(trigger_str(trigger))
    .bind(triggered_by)
    .bind(started_at)
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Records how a run ended.
pub async fn finish(
    conn: &mut AnyConnection,
    id: &str,
    status: SyncStatus,
    counts: (usize, usize),
    message: &str,
    finished_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sync_runs SET status = $1, updated_count = $2, conflict_count = $3, \
         message = $4, finished_at = $5 WHERE id = $6",
    )
    .bind(status_str(status))
    .bind(i64::try_from(counts.0).unwrap_or(i64::MAX))
    .bind(i64::try_from(counts.1).unwrap_or(i64::MAX))
    .bind(message)
    .bind(finished_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores one result line of a run.
pub async fn insert_result(
    conn: &mut AnyConnection,
    run: &str,
    position: usize,
    result: &SyncResultView,
) -> Result<(), sqlx::Error> {
    let detail = serde_json::to_string(&result.changes).unwrap_or_else(|_| "[]".to_owned());
    sqlx::query(
        "INSERT INTO sync_results (run_id, position, environment, user_code, source, outcome, \
         detail_json, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(run)
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .bind(&result.environment)
    .bind(&result.user)
    .bind(&result.source)
    .bind(match result.outcome {
        SyncOutcome::Updated => "updated",
        SyncOutcome::Conflict => "conflict",
    })
    .bind(detail)
    .bind(&result.message)
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest runs first.
pub async fn list_runs(pool: &AnyPool, limit: i64) -> Result<Vec<SyncRunSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, trigger_kind, triggered_by, started_at, finished_at, status, updated_count, \
         conflict_count, message FROM sync_runs ORDER BY started_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(run_from_row).collect()
}

/// One run.
pub async fn find_run(pool: &AnyPool, id: &str) -> Result<Option<SyncRunSummary>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, trigger_kind, triggered_by, started_at, finished_at, status, updated_count, \
         conflict_count, message FROM sync_runs WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(run_from_row).transpose()
}

/// The results of the given runs, in order.
pub async fn results_of(pool: &AnyPool, run: &str) -> Result<Vec<SyncResultView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT environment, user_code, source, outcome, detail_json, message \
         FROM sync_results WHERE run_id = $1 ORDER BY position",
    )
    .bind(run)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let detail: String = row.try_get("detail_json")?;
            let outcome: String = row.try_get("outcome")?;
            Ok(SyncResultView {
                environment: row.try_get("environment")?,
                user: row.try_get("user_code")?,
                source: row.try_get("source")?,
                outcome: if outcome == "conflict" {
                    SyncOutcome::Conflict
                } else {
                    SyncOutcome::Updated
                },
                changes: serde_json::from_str::<Vec<SyncFieldChange>>(&detail).unwrap_or_default(),
                message: row.try_get("message")?,
            })
        })
        .collect()
}

fn run_from_row(row: &AnyRow) -> Result<SyncRunSummary, sqlx::Error> {
    let trigger: String = row.try_get("trigger_kind")?;
    let status: String = row.try_get("status")?;
    let count = |column: &str| -> Result<usize, sqlx::Error> {
        Ok(usize::try_from(row.try_get::<i64, _>(column)?).unwrap_or_default())
    };
    Ok(SyncRunSummary {
        id: row.try_get("id")?,
        trigger: if trigger == "manual" {
            SyncTrigger::Manual
        } else {
            SyncTrigger::Schedule
        },
        triggered_by: row.try_get("triggered_by")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        status: match status.as_str() {
            "succeeded" => SyncStatus::Succeeded,
            "failed" => SyncStatus::Failed,
            _ => SyncStatus::Running,
        },
        updated: count("updated_count")?,
        conflicts: count("conflict_count")?,
        message: row.try_get("message")?,
    })
}

fn trigger_str(trigger: SyncTrigger) -> &'static str {
    match trigger {
        SyncTrigger::Schedule => "schedule",
        SyncTrigger::Manual => "manual",
    }
}

fn status_str(status: SyncStatus) -> &'static str {
    match status {
        SyncStatus::Running => "running",
        SyncStatus::Succeeded => "succeeded",
        SyncStatus::Failed => "failed",
    }
}
