//! One sync run's results per client environment: what was copied, and each conflict with
//! the sentence saying what the administrator should do.

use gatehouse_wire::{SyncFieldChange, SyncOutcome, SyncRunDetail, SyncStatus};
use leptos::prelude::*;

use super::history::{status_badge, trigger_label};
use super::{tally, when};
use crate::components::{EmptyState, ReasonText};

/// One changed field: its name, the old value struck through, the new one.
fn change_view(c: &SyncFieldChange) -> impl IntoView {
    let empty = || "(empty)".to_owned();
    view! {
        <li>
            <span class="change-field">{c.field.clone()}</span>
            {c.old.clone().map(|old| view! { <del class="change-old">{old}</del> })}
            <ins class="change-new">{format!("→ {}", c.new.clone().unwrap_or_else(empty))}</ins>
        </li>
    }
}

/// The results of one run.
#[component]
pub fn RunDetail(
    /// The run and its results.
    detail: SyncRunDetail,
) -> impl IntoView {
    let run = detail.run;
    let by = run
        .triggered_by
        .clone()
        .map(|b| format!(" by {b}"))
        .unwrap_or_default();
    let title = format!(
        "Run of {} · {}{by}",
        when::local(run.started_at, None, false),
        trigger_label(run.trigger).to_lowercase()
    );
    let conflicts: Vec<_> = detail
        .results
        .iter()
        .filter(|r| r.outcome == SyncOutcome::Conflict)
        .cloned()
        .collect();
    let empty = detail.results.is_empty();
    view! {
        <section class="run-detail" aria-labelledby="run-title" data-testid="sync-run-detail" data-id=run.id.clone()>
            <header class="run-head">
                <h2 id="run-title" class="section-title">{title}</h2>
                {status_badge(run.status, run.conflicts)}
                <span class="muted" data-testid="run-tally">{tally(run.updated, run.conflicts)}</span>
            </header>
            {(run.status == SyncStatus::Failed).then(|| view! {
                <p class="form-error" role="alert"><ReasonText text=run.message.clone()/></p>
            })}
            {(!conflicts.is_empty()).then(|| view! {
                <div class="conflict sync-conflicts" id="sync-conflicts" role="note" data-testid="sync-conflicts">
                    <p class="state-title">{match conflicts.len() {
                        1 => "1 environment was skipped".to_owned(),
                        n => format!("{n} environments were skipped"),
                    }}</p>
                    <ul class="conflict-list">
                        {conflicts.iter().map(|c| view! {
                            <li data-testid="sync-conflict"><span class="mono">{c.environment.clone()}</span>" · "
                                <span class="mono">{c.user.clone()}</span>": "<ReasonText text=c.message.clone()/></li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {if empty {
                view! { <EmptyState title="Nothing to copy" detail="Every client environment already had the latest name and email of each collaborator."/> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="data-table results-table" data-testid="sync-results">
                        <thead><tr>
                            <th scope="col">"Environment"</th><th scope="col">"Collaborator"</th><th scope="col">"Outcome"</th>
                            <th scope="col">"Changes"</th><th scope="col">"Message"</th>
                        </tr></thead>
                        <tbody>{detail.results.into_iter().map(|r| {
                            let conflict = r.outcome == SyncOutcome::Conflict;
                            view! {
                                <tr data-testid="sync-result" data-outcome=if conflict { "conflict" } else { "updated" }
                                    data-environment=r.environment.clone() class:row-conflict=conflict>
                                    <td class="mono">{r.environment.clone()}</td>
                                    <td class="mono">{r.user.clone()}</td>
                                    <td>{if conflict {
                                        view! { <span class="badge badge-conflict" title="Skipped: nothing was changed in this environment">"Conflict"</span> }.into_any()
                                    } else {
                                        view! { <span class="badge badge-active">"Updated"</span> }.into_any()
                                    }}</td>
                                    <td><ul class="change-list">{r.changes.iter().map(change_view).collect_view()}</ul></td>
                                    <td class="message-cell"><ReasonText text=r.message.clone()/></td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}
