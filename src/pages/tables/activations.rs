//! The activation matrix: groups × filters with checkboxes, saved per filter (`If-Match`).

use std::collections::BTreeSet;

use gatehouse_wire::{FilterView, GroupSummary};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};

/// Which groups each filter is active for, editable.
#[component]
pub fn Activations(
    /// The environment code.
    env: String,
    /// The table id.
    table: String,
    /// The table's filters.
    filters: Vec<FilterView>,
    /// The groups of the environment.
    groups: Vec<GroupSummary>,
    /// Called after a filter's groups were saved.
    on_saved: Callback<()>,
) -> impl IntoView {
    // The built-in All filter is activated like any other filter.
    let columns: Vec<(FilterView, RwSignal<BTreeSet<String>>)> = filters
        .into_iter()
        .map(|f| {
            let set = f.groups.iter().map(|g| g.id.clone()).collect();
            (f, RwSignal::new(set))
        })
        .collect();
    let target = StoredValue::new((env, table));
    let save = Action::new_local(
        move |(filter, version, groups): &(String, i64, Vec<String>)| {
            let ((env, table), filter, version, groups) =
                (target.get_value(), filter.clone(), *version, groups.clone());
            async move {
                api::set_filter_groups(&env, &table, &filter, version, groups)
                    .await
                    .map(drop)
            }
        },
    );
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            on_saved.run(());
        }
    });
    let error = move || save.value().get().and_then(Result::<(), ApiFailure>::err);
    let heads = columns
        .iter()
        .map(|(f, _)| view! { <th scope="col">{f.name.clone()}</th> })
        .collect_view();
    let rows = groups.iter().map(|g| {
        let cells = columns.iter().map(|(f, set)| {
            let (set, gid, gid2) = (*set, g.id.clone(), g.id.clone());
            let label = format!("{} active for {}", f.name, g.name);
            view! { <td><input type="checkbox" aria-label=label data-testid="activation" data-filter=f.id.clone() data-group=g.id.clone()
                prop:checked=move || set.with(|s| s.contains(&gid))
                on:change=move |ev| { let on = event_target_checked(&ev); set.update(|s| { if on { s.insert(gid2.clone()); } else { s.remove(&gid2); } }); }/></td> }
        }).collect_view();
        view! { <tr><th scope="row">{g.name.clone()}</th>{cells}</tr> }
    }).collect_view();
    let saves = columns.iter().map(|(f, set)| {
        let set = *set;
        let original: BTreeSet<String> = f.groups.iter().map(|g| g.id.clone()).collect();
        let (id, version, name) = (f.id.clone(), f.version, f.name.clone());
        let changed = move || set.with(|s| *s != original);
        view! { <td><button class="button" data-testid="save-activation" data-filter=id.clone() aria-label=format!("Save groups of {name}")
            disabled=move || !changed() || save.pending().get()
            on:click=move |_| { save.dispatch((id.clone(), version, set.get_untracked().into_iter().collect())); }>"Save"</button></td> }
    }).collect_view();
    view! {
        <h2 class="section-title">"Activation per group"</h2>
        {move || error().map(|f| view! { <div class="conflict" role="alert" data-testid="activation-error"><p class="state-title">{f.title()}</p><p>{f.detail()}</p>
            <button class="button" on:click=move |_| on_saved.run(())>"Reload"</button></div> })}
        <div class="table-wrap"><table class="data-table access-grid" data-testid="activation-matrix">
            <thead><tr><th scope="col">"Group"</th>{heads}</tr></thead>
            <tbody>{rows}<tr><th scope="row"><span class="visually-hidden">"Save"</span></th>{saves}</tr></tbody>
        </table></div>
    }
}
