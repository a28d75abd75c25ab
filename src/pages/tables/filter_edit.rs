//! The "Edit filter" dialog: the filter's name and rule in the same editor as a new filter,
//! pre-filled; the live count against the count now; saved with `If-Match`. A stored rule the
//! editor cannot show is kept read-only (and sent back untouched) unless the administrator
//! chooses to replace it; a 412 opens the conflict panel.

use gatehouse_wire::{DataRow, FilterFields, FilterView, Predicate};
use leptos::prelude::*;

use super::conditions::{count, from_predicate, problems, simplify, to_predicate, Unshowable};
use super::filter_conflict::{rebase, FilterConflict};
use super::filter_editor::error_at;
use super::predicate::describe;
use super::rule::Rule;
use super::rule_editor::RuleEditor;
use crate::api::{self, ApiFailure};
use crate::components::Modal;

/// The dialog; the owner renders it while it is open.
#[component]
pub fn FilterEditDialog(
    /// The environment code.
    env: String,
    /// The table id.
    table: String,
    /// The table's name, for the dialog's subtitle.
    table_name: String,
    /// The table's fields.
    fields: Vec<String>,
    /// The table's rows, for the live count.
    rows: Vec<DataRow>,
    /// The filter as loaded.
    filter: FilterView,
    /// Called with the saved filter.
    on_saved: Callback<FilterView>,
    /// Called when closed without saving; `true` when a conflict showed the table is stale.
    on_close: Callback<bool>,
) -> impl IntoView {
    let total = rows.len();
    let table_rows = StoredValue::new(rows);
    let fields = StoredValue::new(fields);
    let first_field = move || fields.with_value(|f| f.first().cloned().unwrap_or_default());
    let base = RwSignal::new(filter.clone());
    let name = RwSignal::new(filter.name.clone());
    let rule = RwSignal::new(Rule::blank(&first_field()));
    // Why the stored rule cannot be shown as conditions, and whether to replace it anyway.
    let unshowable: RwSignal<Option<Unshowable>> = RwSignal::new(None);
    let replacing = RwSignal::new(false);
    let load = move |p: &Predicate| {
        replacing.set(false);
        match table_rows.with_value(|r| from_predicate(p, r)) {
            Ok(r) => {
                rule.set(r);
                unshowable.set(None);
            }
            Err(why) => unshowable.set(Some(why)),
        }
    };
    load(&filter.predicate);
    let read_only = Memo::new(move |_| unshowable.with(Option::is_some) && !replacing.get());
    let built = Memo::new(move |_| table_rows.with_value(|r| rule.with(|x| to_predicate(x, r))));
    // What is sent: the stored rule untouched when it is read-only or means the same rows.
    let outgoing = Memo::new(move |_| {
        base.with(|b| {
            let mine = built.get();
            if read_only.get() || simplify(&mine) == simplify(&b.predicate) {
                b.predicate.clone()
            } else {
                mine
            }
        })
    });
    let changes = Memo::new(move |_| {
        base.with(|b| {
            let mut out = Vec::new();
            if name.with(|n| n.trim() != b.name) {
                out.push("name");
            }
            if outgoing.with(|p| *p != b.predicate) {
                out.push("rule");
            }
            out
        })
    });
    let tried = RwSignal::new(false);
    let found = Memo::new(move |_| {
        if read_only.get() {
            return Vec::new();
        }
        table_rows.with_value(|r| rule.with(|x| problems(x, r)))
    });
    let shown = Signal::derive(move || if tried.get() { found.get() } else { Vec::new() });
    let name_missing = move || tried.get() && name.with(|n| n.trim().is_empty());
    let failure: RwSignal<Option<ApiFailure>> = RwSignal::new(None);
    let saw_stale = RwSignal::new(false);
    let target = StoredValue::new((env, table, filter.id.clone()));
    let save = Action::new_local(move |(version, body): &(i64, FilterFields)| {
        let ((env, table, id), version, body) = (target.get_value(), *version, body.clone());
        async move { api::update_filter(&env, &table, &id, version, &body).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => on_saved.run(saved),
        Some(Err(f)) => {
            if matches!(f, ApiFailure::Stale { .. }) {
                saw_stale.set(true);
            }
            failure.set(Some(f));
        }
        None => {}
    });
    let mine = move || FilterFields {
        name: name.get_untracked().trim().to_owned(),
        predicate: outgoing.get_untracked(),
    };
    let stale = Memo::new(move |_| {
        failure.with(|f| match f {
            Some(ApiFailure::Stale {
                message, current, ..
            }) => Some((
                message.clone(),
                serde_json::from_str::<FilterView>(current).ok(),
            )),
            _ => None,
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let blocked = changes.with_untracked(Vec::is_empty)
            || save.pending().get_untracked()
            || stale.with_untracked(Option::is_some)
            || name.with_untracked(|n| n.trim().is_empty())
            || !found.with_untracked(Vec::is_empty);
        if !blocked {
            failure.set(None);
            save.dispatch((base.with_untracked(|b| b.version), mine()));
        }
    };
    // My changes on top of the version now saved; or theirs alone.
    let settle = move |reapply: bool| {
        let Some((_, Some(current))) = stale.get_untracked() else {
            failure.set(None);
            return;
        };
        let theirs = FilterFields {
            name: current.name.clone(),
            predicate: current.predicate.clone(),
        };
        let next = if reapply {
            let loaded = base.with_untracked(|b| FilterFields {
                name: b.name.clone(),
                predicate: b.predicate.clone(),
            });
            rebase(&loaded, &mine(), &theirs)
        } else {
            theirs
        };
        let keep_rule = reapply && next.predicate == outgoing.get_untracked();
        name.set(next.name);
        base.set(current);
        if !keep_rule {
            load(&next.predicate);
        }
        failure.set(None);
    };
    let count_of = move |p: &Predicate| table_rows.with_value(|r| count(p, r));
    let passes = move || {
        let before = base.with(|b| count_of(&b.predicate));
        match (count_of(&outgoing.get()), before) {
            (Some(n), Some(was)) if n != was => format!("Passes {n} of {total} rows (was {was})"),
            (Some(n), _) => format!("Passes {n} of {total} rows"),
            (None, _) => "The count needs the rows of the filters it refers to".to_owned(),
        }
    };
    let summary = move || match changes.with(Vec::len) {
        0 => "No changes".to_owned(),
        _ => format!("Changes: {}", changes.get().join(", ")),
    };
    let server = move |field: Option<&'static str>| {
        move || {
            failure.with(|f| error_at(f.as_ref(), field)).map(|e| view! { <p class="field-error" role="alert" data-testid="filter-error">{e}</p> })
        }
    };
    let rule_part = move || {
        if read_only.get() {
            let why = unshowable.get().map(|w| w.to_string()).unwrap_or_default();
            let words = base.with(|b| describe(&b.predicate));
            view! {
                <div class="stored-rule" data-testid="stored-rule">
                    <p class="field-label">"Rule"</p>
                    <p class="stored-rule-text">{words}</p>
                    <p class="hint" data-testid="stored-rule-why">{format!("This rule cannot be shown as conditions: {why}. It is kept exactly as it is when you save.")}</p>
                    <button class="button" type="button" data-testid="replace-rule" on:click=move |_| { rule.set(Rule::blank(&first_field())); replacing.set(true); }>"Replace it with conditions…"</button>
                </div>
            }.into_any()
        } else {
            view! {
                <RuleEditor rule fields=fields.get_value() rows=table_rows.get_value() prefix="edit" problems=shown/>
                {move || replacing.get().then(|| view! {
                    <button class="button link-like" type="button" data-testid="keep-rule" on:click=move |_| replacing.set(false)>"Keep the stored rule instead"</button>
                })}
            }.into_any()
        }
    };
    view! {
        <Modal labelled_by="filter-edit-title" return_focus="[data-testid=edit-filter][data-last-edited]"
            on_close=Callback::new(move |()| on_close.run(saw_stale.get_untracked())) testid="filter-edit-dialog">
            <form class="modal-form filter-form" on:submit=submit novalidate>
                <header class="modal-header">
                    <div>
                        <h2 id="filter-edit-title" class="modal-title">"Edit filter"</h2>
                        <p class="muted">{move || base.with(|b| format!("{} · {table_name} · version {}", b.name, b.version))}</p>
                    </div>
                    <button type="button" class="icon-button" aria-label="Close" on:click=move |_| on_close.run(saw_stale.get_untracked())>"×"</button>
                </header>
                <div class="modal-body">
                    {move || stale.get().map(|(message, current)| view! {
                        <FilterConflict message current mine=mine()
                            on_reapply=Callback::new(move |()| settle(true)) on_discard=Callback::new(move |()| settle(false))/>
                    })}
                    {server(None)}
                    <div class="field">
                        <label class="field-label" for="edit-filter-name">"Name"</label>
                        <input id="edit-filter-name" type="text" data-testid="filter-name" data-autofocus=""
                            aria-invalid=move || name_missing().then_some("true")
                            prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                        {move || name_missing().then(|| view! { <p class="field-error" data-testid="name-error">"enter a name"</p> })}
                        {server(Some("name"))}
                    </div>
                    {rule_part}
                    {server(Some("predicate"))}
                </div>
                <footer class="modal-footer">
                    <div class="impact">
                        <p class="impact-summary" aria-live="polite" data-testid="filter-count">{passes}</p>
                        <p class="hint" data-testid="filter-changes">{summary}</p>
                    </div>
                    <div class="footer-actions">
                        <button type="button" class="button" data-testid="cancel-filter" on:click=move |_| on_close.run(saw_stale.get_untracked())>"Cancel"</button>
                        <button type="submit" class="button primary" data-testid="save-filter"
                            disabled=move || changes.with(Vec::is_empty) || save.pending().get() || stale.with(Option::is_some)>
                            {move || if save.pending().get() { "Saving…" } else { "Save" }}
                        </button>
                    </div>
                </footer>
            </form>
        </Modal>
    }
}
