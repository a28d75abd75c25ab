//! Deleting a filter (not the built-in All), after confirming; saved with `If-Match`.

use gatehouse_wire::FilterView;
use leptos::prelude::*;

use crate::api;

/// The "Delete…" button of a filter row and its confirmation.
#[component]
pub fn FilterDelete(
    /// The environment code.
    env: String,
    /// The table id.
    table: String,
    /// The filter as loaded.
    filter: FilterView,
    /// Called after the filter was deleted.
    on_deleted: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let (id, version) = (filter.id.clone(), filter.version);
    let target = StoredValue::new((env, table, id));
    let delete = Action::new_local(move |_: &()| {
        let (env, table, id) = target.get_value();
        async move { api::delete_filter(&env, &table, &id, version).await }
    });
    Effect::new(move |_| {
        if matches!(delete.value().get(), Some(Ok(()))) {
            on_deleted.run(());
        }
    });
    let error = move || delete.value().get().and_then(Result::err);
    view! {
        {move || if asking.get() {
            view! { <span class="confirm-inline" role="alertdialog" aria-label="Confirm delete">
                "Delete this filter? "
                <button class="button primary" data-testid="confirm-delete-filter" on:click=move |_| { delete.dispatch(()); }>"Delete"</button>
                <button class="button" on:click=move |_| asking.set(false)>"Cancel"</button>
            </span> }.into_any()
        } else {
            view! { <button class="button" data-testid="delete-filter" on:click=move |_| asking.set(true)>"Delete…"</button> }.into_any()
        }}
        {move || error().map(|f| view! { <p class="form-error" role="alert" data-testid="delete-filter-error">{f.reason()}</p> })}
    }
}
