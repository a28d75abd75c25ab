//! Audit log (`/audit`, account owner): every change of the environment in the change sets it
//! was saved in, newest first — filtered by person, kind, action, time and free text; each
//! entry in words with its fields before → after; undo of a change set or of one entry,
//! previewed first and refused, with the reason, when what it would put back changed since.

mod change_set;
mod filters;
mod undo_dialog;

use gatehouse_policy::Policy;
use gatehouse_wire::AuditChangeSetPage;
use leptos::prelude::*;

use crate::api::{self, ApiFailure, AuditFilter};
use crate::components::{EmptyState, ErrorState, SkeletonRows};
use crate::studio::use_studio;
use change_set::ChangeSetCard;
use filters::FilterBar;
use undo_dialog::{UndoDialog, UndoTarget};

/// Change sets per page.
const PER_PAGE: u32 = 25;

/// The Audit log view: the account owner's, a designed refusal for anyone else.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let studio = use_studio();
    let owner = move || studio.is_account_owner();
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Audit log"</h1>
                <p class="page-lede">"Every change in this environment, grouped in the change sets it was saved in. Undo puts a change set back: you see its impact first, and it is refused when something it would put back has changed since."</p>
            </header>
            <Show when=owner fallback=|| view! { <OwnerOnly/> }>
                <AuditLog/>
            </Show>
        </section>
    }
}

/// What anyone but the account owner sees.
#[component]
fn OwnerOnly() -> impl IntoView {
    view! {
        <div class="state" role="note" data-testid="audit-owner-only">
            <div class="state-icon" aria-hidden="true">"⊘"</div>
            <p class="state-title">"Only the account owner reads the audit log"</p>
            <p class="state-detail">"The log holds every change to people, groups and permissions in this environment. Ask your account owner who changed what, or to undo a change."</p>
        </div>
    }
}

/// A page of change sets as loaded, with the snapshot its names come from.
#[derive(Clone)]
struct Loaded {
    env: String,
    page: AuditChangeSetPage,
    policy: Policy,
}

/// The account owner's log.
#[component]
fn AuditLog() -> impl IntoView {
    let studio = use_studio();
    // The filters and the page live in the address too: a reload or a copied link keeps them
    // (dates as the administrator typed them, `from=2026-12-01`).
    let opened = crate::url_state::opened_with();
    let text = |key: &str| opened.get(key).unwrap_or_default();
    let from_text = RwSignal::new(text("from"));
    let to_text = RwSignal::new(text("to"));
    let filter = RwSignal::new(AuditFilter {
        actor: text("actor"),
        entity: text("entity"),
        action: text("action"),
        q: text("q"),
        change_set: text("change_set"),
        from: filters::day_start_micros(&text("from"), 0),
        to: filters::day_start_micros(&text("to"), 1),
        page: text("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        per_page: PER_PAGE,
    });
    crate::url_state::keep_in_address(move || {
        filter.with(|f| {
            vec![
                ("q", f.q.clone()),
                ("actor", f.actor.clone()),
                ("entity", f.entity.clone()),
                ("action", f.action.clone()),
                ("from", from_text.get()),
                ("to", to_text.get()),
                ("change_set", f.change_set.clone()),
                (
                    "page",
                    if f.page > 1 {
                        f.page.to_string()
                    } else {
                        String::new()
                    },
                ),
            ]
        })
    });
    // Names (people, resources, data environments) come from one snapshot per environment,
    // fetched with the first page and kept while only the filters change.
    let names: StoredValue<Option<(String, Policy)>> = StoredValue::new(None);
    let data: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let filter = filter.get();
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?.code;
            let cached = names.with_value(|n| {
                n.as_ref()
                    .filter(|(e, _)| *e == env)
                    .map(|(_, p)| p.clone())
            });
            let policy = match cached {
                Some(policy) => policy,
                None => {
                    let policy = api::get_policy(&env).await?;
                    names.set_value(Some((env.clone(), policy.clone())));
                    policy
                }
            };
            let page = api::list_audit_change_sets(&env, &filter).await?;
            Ok(Loaded { env, page, policy })
        }
    });
    let reload = move || {
        names.set_value(None);
        data.refetch();
    };
    let undoing: RwSignal<Option<UndoTarget>> = RwSignal::new(None);
    let toast: RwSignal<Option<String>> = RwSignal::new(None);
    let on_undone = Callback::new(move |message: String| {
        undoing.set(None);
        toast.set(Some(message));
        filter.update(|f| f.page = 1);
        data.refetch();
    });
    // The people to filter by: kept while a page loads, so the picker keeps its choice.
    let actors: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        if let Some(Ok(loaded)) = data.get() {
            let mut people: Vec<(String, String)> = loaded
                .policy
                .users
                .iter()
                .filter_map(|u| u.code.as_ref().map(|c| (u.name.clone(), c.to_string())))
                .collect();
            people.sort();
            if actors.with_untracked(|a| *a != people) {
                actors.set(people);
            }
        }
    });
    let count = move || {
        data.get().and_then(Result::ok).map(|l| match l.page.total {
            1 => "1 change set".to_owned(),
            n => format!("{n} change sets"),
        })
    };
    view! {
        <FilterBar filter from_text to_text actors=Signal::from(actors) count=Signal::derive(move || count().unwrap_or_default())
            on_refresh=Callback::new(move |()| reload())/>
        {move || match data.get() {
            None => view! {
                <div class="table-wrap"><table class="data-table" aria-busy="true" aria-label="Audit log, loading"><SkeletonRows rows=5 columns=4/></table></div>
            }.into_any(),
            Some(Err(ApiFailure::Refused { status: 403, .. })) => view! { <OwnerOnly/> }.into_any(),
            Some(Err(f)) => view! {
                <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| reload())/>
            }.into_any(),
            Some(Ok(loaded)) if loaded.page.items.is_empty() => {
                let filtered = filter.with_untracked(|f| *f != AuditFilter { page: f.page, per_page: f.per_page, ..AuditFilter::default() });
                let (title, detail) = if filtered {
                    ("No changes match", "Nothing in the log matches these filters. Clear a filter or widen the time range.")
                } else {
                    ("No changes yet", "Changes to people, groups and permissions in this environment appear here as they are saved.")
                };
                view! { <EmptyState title=title.to_owned() detail=detail.to_owned()/> }.into_any()
            }
            Some(Ok(loaded)) => {
                let Loaded { env, page, policy } = loaded;
                let policy = StoredValue::new(policy);
                let pages = page.total.div_ceil(PER_PAGE as usize).max(1);
                let current = filter.with_untracked(|f| f.page.max(1) as usize);
                view! {
                    <ol class="audit-sets" data-testid="audit-sets">
                        {page.items.into_iter().map(|set| {
                            let env = env.clone();
                            view! { <li><ChangeSetCard env set policy on_undo=Callback::new(move |target| undoing.set(Some(target)))/></li> }
                        }).collect_view()}
                    </ol>
                    {(pages > 1).then(|| view! {
                        <nav class="pager" aria-label="Audit log pages">
                            <button type="button" class="button" data-testid="audit-previous" disabled=current <= 1
                                on:click=move |_| { filter.update(|f| f.page = f.page.saturating_sub(1).max(1)); }>"Newer"</button>
                            <span class="muted" data-testid="audit-page">{format!("Page {current} of {pages}")}</span>
                            <button type="button" class="button" data-testid="audit-next" disabled=current >= pages
                                on:click=move |_| { filter.update(|f| f.page += 1); }>"Older"</button>
                        </nav>
                    })}
                }.into_any()
            }
        }}
        {move || undoing.get().map(|target| {
            let (env, policy) = data.get_untracked().and_then(Result::ok).map(|l| (l.env, l.policy)).unwrap_or_default();
            view! { <UndoDialog env target policy on_close=Callback::new(move |()| undoing.set(None)) on_undone/> }
        })}
        {move || toast.get().map(|m| view! { <div class="toast" role="status" data-testid="toast">{m}</div> })}
    }
}
