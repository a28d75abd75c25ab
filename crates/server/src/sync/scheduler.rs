//! Starts the sync every day at the configured local time. Each planned time is a slot that
//! runs once: with several server processes on one database, the first to claim it runs it.

use gatehouse_wire::SyncTrigger;
use tokio::task::JoinHandle;

use super::{run_sync, RunOutcome};
use crate::store::now;
use crate::AppState;

/// Spawns the daily loop; abort the handle to stop it.
pub fn spawn_scheduler(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let planned = state.sync.next_run_after(now());
            let wait = u64::try_from(planned - now()).unwrap_or(0);
            tracing::info!(planned, "next collaborator sync in {wait} s");
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
            let slot = format!("schedule:{planned}");
            match run_sync(&state, &slot, SyncTrigger::Schedule, None).await {
                Ok(RunOutcome::Ran(run)) => tracing::info!(%run, "collaborator sync ran"),
                Ok(RunOutcome::AlreadyRun) => {
                    tracing::info!(%slot, "collaborator sync already ran in another process");
                }
                Err(err) => tracing::error!(error = %err, "collaborator sync could not start"),
            }
            // Past the planned second, so the next planned time is tomorrow's.
            while now() <= planned {
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            }
        }
    })
}
