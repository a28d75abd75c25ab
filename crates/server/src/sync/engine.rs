//! One sync run: claim the slot, plan with the policy crate, apply the updates and record
//! every result — all changes in one transaction, so a failed run changes nothing.

use gatehouse_policy::{plan_sync, Landscape, SyncPlan, UserCode};
use gatehouse_wire::{SyncFieldChange, SyncOutcome, SyncResultView, SyncStatus, SyncTrigger};
use sqlx::AnyConnection;

use crate::store::audit::{record, AuditRecord};
use crate::store::landscape::{load_landscape, sync_identity};
use crate::store::snapshot::SnapshotError;
use crate::store::{now, sync_runs, Backend};
use crate::AppState;

/// Serialises sync runs on PostgreSQL (any number of server processes).
const SYNC_LOCK_KEY: i64 = 0x6761_7465_7379_6e63; // "gatesync"

/// How a request to run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunOutcome {
    /// This process ran it; the run's id.
    Ran(String),
    /// The slot already had a run (another process took it).
    AlreadyRun,
}

/// Errors of a run (the run is then recorded as failed).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The stored users do not fit the model.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
}

/// Runs the sync in `slot` (`schedule:<planned unix time>` or `manual:<id>`). A slot runs at
/// most once, however many processes share the database.
pub async fn run_sync(
    state: &AppState,
    slot: &str,
    trigger: SyncTrigger,
    triggered_by: Option<&str>,
) -> Result<RunOutcome, RunError> {
    let id = uuid::Uuid::new_v4().to_string();
    let pool = state.store.pool();
    if !sync_runs::claim_slot(pool, &id, slot, trigger, triggered_by, now()).await? {
        return Ok(RunOutcome::AlreadyRun);
    }
    let actor = triggered_by.unwrap_or("nightly sync");
    match apply(state, &id, actor).await {
        Ok(()) => Ok(RunOutcome::Ran(id)),
        Err(err) => {
            tracing::error!(run = %id, error = %err, "collaborator sync failed");
            let mut conn = pool.acquire().await?;
            let message = format!("the sync failed and changed nothing: {err}");
            sync_runs::finish(&mut conn, &id, SyncStatus::Failed, (0, 0), &message, now()).await?;
            Ok(RunOutcome::Ran(id))
        }
    }
}

async fn apply(state: &AppState, run: &str, actor: &str) -> Result<(), RunError> {
    let mut tx = state.store.begin_write().await?;
    if state.store.backend() == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(SYNC_LOCK_KEY)
            .execute(&mut *tx)
            .await?;
    }
    let landscape = load_landscape(&mut tx).await?;
    let plan = plan_sync(&landscape);
    let results = results_of(&landscape, &plan);
    for result in results.iter().filter(|r| r.outcome == SyncOutcome::Updated) {
        write_update(&mut tx, &landscape, result, actor).await?;
    }
    for (position, result) in results.iter().enumerate() {
        sync_runs::insert_result(&mut tx, run, position, result).await?;
    }
    let updated = results
        .iter()
        .filter(|r| r.outcome == SyncOutcome::Updated)
        .count();
    let counts = (updated, results.len() - updated);
    sync_runs::finish(&mut tx, run, SyncStatus::Succeeded, counts, "", now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Copies the source's name and email into one client environment, with an audit entry.
async fn write_update(
    conn: &mut AnyConnection,
    landscape: &Landscape,
    result: &SyncResultView,
    actor: &str,
) -> Result<(), RunError> {
    let Some((_, source)) = UserCode::parse(&result.user)
        .ok()
        .and_then(|code| landscape.collaborator_source(&code))
    else {
        return Ok(());
    };
    let email = source.email.as_ref().map(ToString::to_string);
    sync_identity(
        conn,
        &result.environment,
        &result.user,
        &source.name,
        email.as_deref(),
    )
    .await?;
    let before: serde_json::Map<String, serde_json::Value> = result
        .changes
        .iter()
        .map(|c| (c.field.clone(), serde_json::json!(c.old)))
        .collect();
    let after: serde_json::Map<String, serde_json::Value> = result
        .changes
        .iter()
        .map(|c| (c.field.clone(), serde_json::json!(c.new)))
        .collect();
    record(
        conn,
        AuditRecord {
            environment: &result.environment,
            actor_id: "",
            actor_code: actor,
            action: "sync",
            entity: "user",
            entity_id: &result.user,
            before: Some(before.into()),
            after: Some(after.into()),
            change_set: None,
            undo_of: None,
        },
    )
    .await?;
    Ok(())
}

/// The plan as result lines: updates per environment, then conflicts with what to do.
fn results_of(landscape: &Landscape, plan: &SyncPlan) -> Vec<SyncResultView> {
    let mut results = Vec::new();
    for (environment, updates) in &plan.updates {
        for update in updates {
            let mut changes = Vec::new();
            if let Some(name) = &update.name {
                changes.push(SyncFieldChange {
                    field: "name".to_owned(),
                    old: Some(name.old.clone()),
                    new: Some(name.new.clone()),
                });
            }
            if let Some(email) = &update.email {
                changes.push(SyncFieldChange {
                    field: "email".to_owned(),
                    old: email.old.as_ref().map(ToString::to_string),
                    new: email.new.as_ref().map(ToString::to_string),
                });
            }
            let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
            results.push(SyncResultView {
                environment: environment.to_string(),
                user: update.user.to_string(),
                source: update.source.to_string(),
                outcome: SyncOutcome::Updated,
                message: format!("copied {} from {}", fields.join(" and "), update.source),
                changes,
            });
        }
    }
    for conflict in &plan.conflicts {
        results.push(SyncResultView {
            environment: conflict.environment.to_string(),
            user: conflict.user.to_string(),
            source: landscape
                .collaborator_source(&conflict.user)
                .map(|(env, _)| env.to_string())
                .unwrap_or_default(),
            outcome: SyncOutcome::Conflict,
            changes: vec![SyncFieldChange {
                field: "email".to_owned(),
                old: None,
                new: Some(conflict.email.to_string()),
            }],
            message: format!(
                "{conflict} — clear that user's email in {}, then run the sync again",
                conflict.environment
            ),
        });
    }
    results
}
