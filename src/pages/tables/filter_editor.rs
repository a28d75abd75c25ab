//! A new filter: a name and a rule (conditions and groups combined with "all of" / "any of"),
//! with a live count of the rows it passes; problems and the server's errors are shown at the
//! field they concern.

use gatehouse_wire::{DataRow, FilterFields};
use leptos::prelude::*;

use super::conditions::{count, problems, to_predicate};
use super::rule::Rule;
use super::rule_editor::RuleEditor;
use crate::api::{self, ApiFailure};

/// The server's error when it names `field` ("name", "predicate"), or when it names none of
/// the form's fields and `field` is `None`.
pub fn error_at(failure: Option<&ApiFailure>, field: Option<&str>) -> Option<String> {
    let f = failure.filter(|f| !matches!(f, ApiFailure::Stale { .. }))?;
    let named = f.field().filter(|n| ["name", "predicate"].contains(n));
    (named == field).then(|| f.reason())
}

/// The new-filter form.
#[component]
pub fn FilterEditor(
    /// The environment code.
    env: String,
    /// The table id.
    table: String,
    /// The table's fields.
    fields: Vec<String>,
    /// The table's rows, for the live count.
    rows: Vec<DataRow>,
    /// Called after the filter was created.
    on_saved: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let rule = RwSignal::new(Rule::blank(&fields.first().cloned().unwrap_or_default()));
    let tried = RwSignal::new(false);
    let table_rows = StoredValue::new(rows.clone());
    let target = StoredValue::new((env, table));
    let built = Memo::new(move |_| table_rows.with_value(|r| rule.with(|x| to_predicate(x, r))));
    let found = Memo::new(move |_| table_rows.with_value(|r| rule.with(|x| problems(x, r))));
    let shown = Signal::derive(move || if tried.get() { found.get() } else { Vec::new() });
    let save = Action::new_local(move |fields: &FilterFields| {
        let ((env, table), fields) = (target.get_value(), fields.clone());
        async move { api::create_filter(&env, &table, &fields).await.map(drop) }
    });
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            on_saved.run(());
        }
    });
    let failure = move || save.value().get().and_then(Result::err);
    let server = move |field: Option<&'static str>| {
        move || {
            error_at(failure().as_ref(), field).map(|e| view! { <p class="field-error" role="alert" data-testid="filter-error">{e}</p> })
        }
    };
    let name_missing = move || tried.get() && name.with(|n| n.trim().is_empty());
    let total = rows.len();
    view! {
        <form class="ac-card ac-form filter-form" data-testid="filter-editor" aria-label="New filter" novalidate on:submit=move |ev| {
            ev.prevent_default();
            tried.set(true);
            if name.with_untracked(|n| n.trim().is_empty()) || !found.with_untracked(Vec::is_empty) {
                return;
            }
            save.dispatch(FilterFields { name: name.get_untracked().trim().to_owned(), predicate: built.get_untracked() });
        }>
            <h2 class="ac-name">"New filter"</h2>
            <div class="field filter-name-field">
                <label class="field-label" for="new-filter-name">"Name"</label>
                <input id="new-filter-name" type="text" data-testid="filter-name" aria-invalid=move || name_missing().then_some("true")
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                {move || name_missing().then(|| view! { <p class="field-error" data-testid="name-error">"enter a name"</p> })}
                {server(Some("name"))}
            </div>
            <RuleEditor rule fields rows prefix="new" problems=shown/>
            {server(Some("predicate"))}
            <p class="hint" data-testid="filter-count" aria-live="polite">{move || match built.with(|p| table_rows.with_value(|r| count(p, r))) {
                Some(n) => format!("Passes {n} of {total} rows"),
                None => String::new(),
            }}</p>
            {server(None)}
            <div class="footer-actions"><button class="button primary" type="submit" data-testid="save-filter" disabled=move || save.pending().get()>"Create filter"</button></div>
        </form>
    }
}
