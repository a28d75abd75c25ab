//! The history of sync runs: started, trigger, by, status, updated, conflicts; picking a row
//! shows that run's results below.

use gatehouse_wire::{SyncRunSummary, SyncStatus, SyncTrigger};
use leptos::prelude::*;

use super::when;
use crate::components::EmptyState;

/// "Scheduled" or "Manual".
pub fn trigger_label(trigger: SyncTrigger) -> &'static str {
    match trigger {
        SyncTrigger::Schedule => "Scheduled",
        SyncTrigger::Manual => "Manual",
    }
}

/// A run's status as a badge: a finished run that skipped environments for conflicts is
/// "Completed with conflicts", not "Succeeded".
pub fn status_badge(status: SyncStatus, conflicts: usize) -> impl IntoView {
    let (class, label) = match status {
        SyncStatus::Running => ("badge badge-warning", "Running"),
        SyncStatus::Succeeded if conflicts > 0 => {
            ("badge badge-warning", "Completed with conflicts")
        }
        SyncStatus::Succeeded => ("badge badge-active", "Succeeded"),
        SyncStatus::Failed => ("badge badge-blocked", "Failed"),
    };
    view! { <span class=class data-testid="run-status-badge">{label}</span> }
}

/// The runs, newest first.
#[component]
pub fn RunsTable(
    /// The runs.
    runs: Vec<SyncRunSummary>,
    /// The id of the run shown below.
    selected: Signal<Option<String>>,
    /// Called with the id of the run picked.
    on_pick: Callback<String>,
) -> impl IntoView {
    if runs.is_empty() {
        return view! {
            <EmptyState title="No sync runs yet" detail="The first run happens at the scheduled time; press Run now to synchronise straight away."/>
        }
        .into_any();
    }
    view! {
        <div class="table-wrap"><table class="data-table runs-table" data-testid="sync-runs">
            <thead><tr>
                <th scope="col">"Started"</th><th scope="col">"Trigger"</th><th scope="col">"By"</th>
                <th scope="col">"Status"</th><th scope="col" class="num">"Updated"</th><th scope="col" class="num">"Conflicts"</th>
            </tr></thead>
            <tbody>{runs.into_iter().map(|run| {
                let (id, id2, id3) = (run.id.clone(), run.id.clone(), run.id.clone());
                let is_selected = move || selected.get().as_deref() == Some(id.as_str());
                let (is_selected2, is_selected3) = (is_selected.clone(), is_selected.clone());
                let started = when::local(run.started_at, None, true);
                view! {
                    <tr data-testid="sync-run-row" data-id=id3 class:row-selected=is_selected
                        data-selected=move || is_selected2().to_string()>
                        <td><button type="button" class="link-button row-pick" aria-pressed=move || is_selected3().to_string()
                            data-testid="pick-run" on:click=move |_| on_pick.run(id2.clone())>{started}</button></td>
                        <td>{trigger_label(run.trigger)}</td>
                        <td class="mono">{run.triggered_by.clone().unwrap_or_else(|| "—".to_owned())}</td>
                        <td>{status_badge(run.status, run.conflicts)}</td>
                        <td class="num" data-testid="run-updated">{run.updated}</td>
                        <td class="num" data-testid="run-conflicts">{if run.conflicts > 0 {
                            let id4 = run.id.clone();
                            let label = match run.conflicts {
                                1 => "Show the conflict".to_owned(),
                                n => format!("Show the {n} conflicts"),
                            };
                            view! {
                                <a class="badge badge-warning" href="#sync-conflicts" aria-label=label
                                    data-testid="show-conflicts" on:click=move |_| on_pick.run(id4.clone())>{run.conflicts}</a>
                            }.into_any()
                        } else {
                            view! { <span>"0"</span> }.into_any()
                        }}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}
