//! Sync (`/sync`): the nightly copy of collaborators' names and emails from the provider's
//! production environment to every client environment — the schedule, "Run now" with its
//! progress and outcome, and the history of runs with each run's per-environment results
//! (conflicts highlighted with what to do).

mod detail;
mod history;
mod when;

use gatehouse_wire::{SyncRunDetail, SyncRunList, SyncScheduleView};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{ErrorState, OwnerOnlyNote, ServerOnly, SkeletonRows};
use crate::studio::use_studio;
use detail::RunDetail;
use history::RunsTable;

/// "2 updated · 1 conflict".
pub(crate) fn tally(updated: usize, conflicts: usize) -> String {
    let conflicts = match conflicts {
        1 => "1 conflict".to_owned(),
        n => format!("{n} conflicts"),
    };
    format!("{updated} updated · {conflicts}")
}

/// The schedule in words.
fn schedule_words(s: &SyncScheduleView) -> (String, String) {
    let every = format!("Every day at {} ({})", s.time, s.timezone.replace('_', " "));
    let next = format!(
        "Next run {} ({})",
        when::local(s.next_run_at, Some(&s.timezone), false),
        when::relative(s.next_run_at, when::now())
    );
    (every, next)
}

/// What the view can show.
#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Failed(ApiFailure),
    Ready,
}

/// The Sync view: the account owner's; anyone else reads why, and who to ask.
#[component]
pub fn SyncPage() -> impl IntoView {
    let studio = use_studio();
    if studio.is_account_owner_untracked() {
        return view! { <SyncOwnerView/> }.into_any();
    }
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Sync"</h1>
                <p class="page-lede">"Every night the name and email of each collaborator are copied from the provider's production environment to every client environment where it works."</p>
            </header>
            {move || studio.current().map(|env| view! {
                <div class="banner banner-readonly" role="note" data-testid="sync-owner-only">
                    <OwnerOnlyNote env=env.code id="sync-owner-note"
                        text="The sync's schedule, runs and conflicts are the account owner's to see and start."/>
                </div>
            })}
        </section>
    }
    .into_any()
}

/// The schedule, "Run now" and the history, for the account owner.
#[component]
fn SyncOwnerView() -> impl IntoView {
    let runs: LocalResource<Result<SyncRunList, ApiFailure>> =
        LocalResource::new(api::list_sync_runs);
    let picked: RwSignal<Option<String>> = RwSignal::new(None);
    // The run shown: the one picked, else the newest.
    let selected = Memo::new(move |_| {
        picked.get().or_else(|| {
            runs.get()
                .and_then(Result::ok)
                .and_then(|l| l.items.first().map(|r| r.id.clone()))
        })
    });
    let run_now = Action::new_local(|_: &()| api::run_sync());
    Effect::new(move |_| {
        if let Some(Ok(detail)) = run_now.value().get() {
            picked.set(Some(detail.run.id.clone()));
            runs.refetch();
        }
    });
    let detail: LocalResource<Option<Result<SyncRunDetail, ApiFailure>>> =
        LocalResource::new(move || {
            let id = selected.get();
            async move {
                match id {
                    Some(id) => Some(api::get_sync_run(&id).await),
                    None => None,
                }
            }
        });
    // The frame is rebuilt only when the phase changes, so "Run now" keeps its focus while
    // the history reloads underneath.
    let phase = Memo::new(move |_| match runs.get() {
        None => Phase::Loading,
        Some(Err(f)) => Phase::Failed(f),
        Some(Ok(_)) => Phase::Ready,
    });
    let list = Memo::new(move |_| runs.get().and_then(Result::ok));
    let schedule = move || {
        list.with(|l| l.as_ref().map(|l| schedule_words(&l.schedule)))
            .unwrap_or_default()
    };
    let running = move || run_now.pending().get();
    let progress = move || {
        if running() {
            return "Synchronising collaborators to client environments…".to_owned();
        }
        match run_now.value().get() {
            Some(Ok(d)) => format!("Run finished: {}", tally(d.run.updated, d.run.conflicts)),
            Some(Err(f)) => format!("The run failed: {}", f.reason()),
            None => String::new(),
        }
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Sync"</h1>
                <p class="page-lede">"Every night the name and email of each collaborator are copied from the provider's production environment to every client environment where it works. Changes in test or accept environments are never synchronised."</p>
            </header>
            {move || match phase.get() {
                Phase::Loading => view! { <div class="table-wrap"><table class="data-table" aria-busy="true"><SkeletonRows rows=4 columns=6/></table></div> }.into_any(),
                Phase::Failed(f) if f.is_demo_refusal() => view! { <ServerOnly what="The collaborator sync and its history"/> }.into_any(),
                Phase::Failed(f) => view! { <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| runs.refetch())/> }.into_any(),
                Phase::Ready => view! {
                    <div class="schedule-card" data-testid="sync-schedule">
                        <div class="schedule-icon" aria-hidden="true">"⟳"</div>
                        <div class="schedule-text">
                            <p class="strong" data-testid="schedule-every">{move || schedule().0}</p>
                            <p class="muted" data-testid="schedule-next">{move || schedule().1}</p>
                        </div>
                        <button class="button primary" data-testid="run-sync" disabled=running
                            aria-describedby="run-status" on:click=move |_| { run_now.dispatch(()); }>
                            {move || running().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                            {move || if running() { "Running…" } else { "Run now" }}
                        </button>
                    </div>
                    <p id="run-status" class="run-status" role="status" aria-live="polite" data-testid="run-status"
                        data-state=move || if running() { "running" } else if run_now.value().with(|v| matches!(v, Some(Err(_)))) { "failed" } else { "idle" }>
                        {progress}
                    </p>
                    {move || list.get().map(|l| view! {
                        <h2 class="section-title">{format!("History ({})", l.items.len())}</h2>
                        <RunsTable runs=l.items selected=selected.into() on_pick=Callback::new(move |id| picked.set(Some(id)))/>
                    })}
                }.into_any(),
            }}
            {move || detail.get().flatten().map(|d| match d {
                Ok(d) => view! { <RunDetail detail=d/> }.into_any(),
                Err(f) => view! { <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| detail.refetch())/> }.into_any(),
            })}
        </section>
    }
}
