//! One change set of the log: who saved it and when, each entry in words with its fields
//! before → after, all of a large set on demand, and its undo buttons.

use gatehouse_app::{describe_entry, EntryText};
use gatehouse_policy::Policy;
use gatehouse_wire::{AuditChangeSet, AuditEntry};
use leptos::prelude::*;

use super::undo_dialog::UndoTarget;
use crate::api::{self, AuditFilter};
use crate::clock::moment_ms;

/// Entries fetched a request when a set is opened in full.
const ENTRIES_PER_REQUEST: u32 = 200;

/// "Anna de Vries (12345.AdeVries)" for a user code of `policy`; the code as it is otherwise
/// (an identity provider's `scim:…`, a sync run).
pub fn actor_name(policy: &Policy, code: &str) -> String {
    policy
        .users
        .iter()
        .find(|u| u.code.as_ref().is_some_and(|c| c.to_string() == code))
        .map_or_else(|| code.to_owned(), |u| format!("{} ({code})", u.name))
}

/// A badge for the entity kind.
fn kind_label(entity: &str) -> &'static str {
    match entity {
        "grant" => "Grant",
        "group" => "Group",
        "user" => "User",
        "organisation" => "Precedence",
        "data_environment" => "Data environment",
        "app_connector" => "App connector",
        "token" => "Token",
        "table" => "Table",
        "filter" => "Filter",
        "collaborator" => "Collaborator",
        "scim_token" => "Provisioning",
        _ => "Other",
    }
}

/// One entry: its headline and what changed.
#[component]
fn EntryView(
    entry: AuditEntry,
    policy: StoredValue<Policy>,
    /// Offers undo of this entry alone (sets of more than one entry).
    undo: Option<Callback<UndoTarget>>,
    /// Why undo is not offered, if it is not.
    undo_blocked: Option<&'static str>,
) -> impl IntoView {
    let EntryText { headline, fields } = policy.with_value(|p| describe_entry(&entry, p));
    let undo_button = undo.map(|on_undo| {
        let target = UndoTarget {
            change_set: entry.change_set.clone(),
            entry: Some(entry.id.clone()),
            label: headline.clone(),
        };
        let entry_id = entry.id.clone();
        view! {
            <button type="button" class="link-button" data-testid="undo-entry"
                data-return-focus=entry_id.clone() disabled=undo_blocked.is_some()
                title=undo_blocked.unwrap_or_default()
                on:click=move |_| on_undo.run(target.clone())>"Undo this change…"</button>
        }
    });
    let diff = (!fields.is_empty()).then(|| {
        let caption = format!("What changed: {headline}");
        view! {
            <table class="audit-diff">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr><th scope="col">"Field"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                <tbody>
                    {fields.into_iter().map(|f| {
                        let name = f.field.clone();
                        view! {
                        <tr data-testid="audit-field" data-field=name>
                            <th scope="row">{f.field}</th>
                            <td class="audit-before">{if f.before.is_empty() { "—".to_owned() } else { f.before }}</td>
                            <td class="audit-after">{if f.after.is_empty() { "—".to_owned() } else { f.after }}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <li class="audit-entry" data-testid="audit-entry" data-entity=entry.entity.clone() data-action=entry.action.clone()>
            <div class="audit-entry-head">
                <span class="badge badge-kind">{kind_label(&entry.entity)}</span>
                <span class="audit-headline" data-testid="audit-headline">{headline}</span>
                {undo_button}
            </div>
            {diff}
        </li>
    }
}

/// A change set of the log.
#[component]
pub fn ChangeSetCard(
    env: String,
    set: AuditChangeSet,
    policy: StoredValue<Policy>,
    /// Opens the undo dialog.
    on_undo: Callback<UndoTarget>,
) -> impl IntoView {
    let actor = policy.with_value(|p| actor_name(p, &set.actor));
    let size = match set.entries {
        1 => "1 change".to_owned(),
        n => format!("{n} changes"),
    };
    let filtered_note =
        (set.matching < set.entries).then(|| format!("{} of them match the filters", set.matching));
    let undone = set.undone_by.is_some();
    let blocked: Option<&'static str> = undone.then_some("This change set was undone already");
    let title_id = format!("set-{}", set.id);
    let labelled_by = title_id.clone();
    // Entries beyond the first ones, fetched on demand.
    let more: RwSignal<Vec<AuditEntry>> = RwSignal::new(Vec::new());
    let loaded_all = RwSignal::new(set.items.len() >= set.entries);
    let next_page = RwSignal::new(1_u32);
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    let set_id = set.id.clone();
    let total = set.entries;
    let load_more = Action::new_local(move |(): &()| {
        let (env, set_id) = (env.clone(), set_id.clone());
        let page = next_page.get_untracked();
        async move {
            let filter = AuditFilter {
                change_set: set_id,
                page,
                per_page: ENTRIES_PER_REQUEST,
                ..AuditFilter::default()
            };
            match api::list_audit_entries(&env, &filter).await {
                Ok(found) => {
                    failure.set(None);
                    more.update(|m| {
                        // The log lists newest first; a set reads in the order it was saved.
                        let mut page = found.items;
                        page.reverse();
                        if m.is_empty() {
                            *m = page;
                        } else {
                            page.extend(std::mem::take(m));
                            *m = page;
                        }
                    });
                    next_page.set(page + 1);
                    loaded_all.set(more.with_untracked(Vec::len) >= found.total);
                }
                Err(f) => failure.set(Some(f.reason())),
            }
        }
    });
    let first = set.items.clone();
    let per_entry = (set.entries > 1).then_some(on_undo);
    let entries = move || {
        let shown = if more.with(Vec::is_empty) {
            first.clone()
        } else {
            more.get()
        };
        shown
            .into_iter()
            .map(|entry| view! { <EntryView entry policy undo=per_entry undo_blocked=blocked/> })
            .collect_view()
    };
    let whole = UndoTarget {
        change_set: set.id.clone(),
        entry: None,
        label: format!("{size} by {actor}"),
    };
    let undo_label = if set.entries == 1 {
        "Undo…"
    } else {
        "Undo all…"
    };
    view! {
        <article class="audit-set" data-testid="audit-set" data-change-set=set.id.clone() aria-labelledby=labelled_by
            data-undone=undone.then_some("")>
            <header class="audit-set-header">
                <div class="audit-set-who">
                    <h2 class="audit-set-title" id=title_id>
                        <span data-testid="audit-actor-name">{actor.clone()}</span>
                        <span class="muted">{format!(" · {size}")}</span>
                    </h2>
                    <p class="muted audit-set-when">
                        <time>{moment_ms(set.at.div_euclid(1000))}</time>
                        {set.undo_of.is_some().then(|| view! { <span class="badge badge-warning" data-testid="audit-undo-of">"Undo of an earlier change"</span> })}
                        {undone.then(|| view! { <span class="badge badge-deactivated" data-testid="audit-undone">"Undone"</span> })}
                        {filtered_note.map(|n| view! { <span>{n}</span> })}
                    </p>
                </div>
                <div class="audit-set-actions">
                    {blocked.map(|why| view! { <span class="hint">{why}</span> })}
                    <button type="button" class="button" data-testid="undo-set" data-return-focus=set.id.clone()
                        disabled=undone on:click=move |_| on_undo.run(whole.clone())>{undo_label}</button>
                </div>
            </header>
            <ul class="audit-entries">{entries}</ul>
            <Show when=move || !loaded_all.get()>
                <button type="button" class="link-button" data-testid="audit-show-all" disabled=move || load_more.pending().get()
                    on:click=move |_| { load_more.dispatch(()); }>
                    {move || if load_more.pending().get() { "Loading…".to_owned() } else { format!("Show all {total} changes") }}
                </button>
            </Show>
            {move || failure.get().map(|f| view! { <p class="form-error" role="alert">{f}</p> })}
        </article>
    }
}
