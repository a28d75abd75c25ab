//! The activation matrix: groups × filters with checkboxes, saved per filter (`If-Match`).
//! A 412 never overwrites: it shows who the filter is active for now next to my choice, and
//! offers to re-apply my change on top (then save again) or to take theirs.

use std::collections::BTreeSet;

use gatehouse_wire::{FilterView, GroupSummary};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};

/// `current` with my change (groups I added or removed since `loaded`) applied.
pub fn reapply(
    loaded: &BTreeSet<String>,
    mine: &BTreeSet<String>,
    current: &BTreeSet<String>,
) -> BTreeSet<String> {
    let added = mine.difference(loaded);
    let removed: BTreeSet<&String> = loaded.difference(mine).collect();
    current
        .iter()
        .filter(|g| !removed.contains(g))
        .chain(added)
        .cloned()
        .collect()
}

/// The group ids a filter is active for.
fn ids(f: &FilterView) -> BTreeSet<String> {
    f.groups.iter().map(|g| g.id.clone()).collect()
}

/// One filter's column: the version it was loaded at, and the groups ticked now.
#[derive(Clone, Copy)]
struct Column {
    base: RwSignal<FilterView>,
    set: RwSignal<BTreeSet<String>>,
}

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
    /// Called after a filter's groups were saved, or to reload the table.
    on_saved: Callback<()>,
) -> impl IntoView {
    // The built-in All filter is activated like any other filter.
    let columns: Vec<Column> = filters
        .into_iter()
        .map(|f| Column {
            set: RwSignal::new(ids(&f)),
            base: RwSignal::new(f),
        })
        .collect();
    let columns = StoredValue::new(columns);
    let target = StoredValue::new((env, table));
    let save = Action::new_local(move |i: &usize| {
        let (i, (env, table)) = (*i, target.get_value());
        let col = columns.with_value(|c| c.get(i).copied());
        let sent = col.map(|c| {
            let (filter, version) = c.base.with_untracked(|b| (b.id.clone(), b.version));
            (
                filter,
                version,
                c.set.get_untracked().into_iter().collect::<Vec<_>>(),
            )
        });
        async move {
            let Some((filter, version, groups)) = sent else {
                return (
                    i,
                    Err(ApiFailure::Malformed(format!("no filter column {i}"))),
                );
            };
            (
                i,
                api::set_filter_groups(&env, &table, &filter, version, groups).await,
            )
        }
    });
    let failure: RwSignal<Option<(usize, ApiFailure)>> = RwSignal::new(None);
    Effect::new(move |_| match save.value().get() {
        Some((_, Ok(_))) => on_saved.run(()),
        Some((i, Err(f))) => failure.set(Some((i, f))),
        None => {}
    });
    let names = StoredValue::new(
        groups
            .iter()
            .map(|g| (g.id.clone(), g.name.clone()))
            .collect::<Vec<_>>(),
    );
    let heads = columns.with_value(|cs| {
        cs.iter()
            .map(|c| view! { <th scope="col">{c.base.with_untracked(|b| b.name.clone())}</th> })
            .collect_view()
    });
    let rows = groups.iter().map(|g| {
        let cells = columns.with_value(|cs| cs.iter().map(|c| {
            let (set, gid, gid2) = (c.set, g.id.clone(), g.id.clone());
            let (fid, fname) = c.base.with_untracked(|b| (b.id.clone(), b.name.clone()));
            let label = format!("{fname} active for {}", g.name);
            view! { <td><input type="checkbox" aria-label=label data-testid="activation" data-filter=fid data-group=g.id.clone()
                prop:checked=move || set.with(|s| s.contains(&gid))
                on:change=move |ev| { let on = event_target_checked(&ev); set.update(|s| { if on { s.insert(gid2.clone()); } else { s.remove(&gid2); } }); }/></td> }
        }).collect_view());
        view! { <tr><th scope="row">{g.name.clone()}</th>{cells}</tr> }
    }).collect_view();
    let saves = columns.with_value(|cs| cs.iter().enumerate().map(|(i, c)| {
        let c = *c;
        let (id, name) = c.base.with_untracked(|b| (b.id.clone(), b.name.clone()));
        let changed = move || c.base.with(|b| c.set.with(|s| *s != ids(b)));
        let stale = move || failure.with(|f| matches!(f, Some((j, ApiFailure::Stale { .. })) if *j == i));
        view! { <td><button class="button" data-testid="save-activation" data-filter=id aria-label=format!("Save groups of {name}")
            disabled=move || !changed() || save.pending().get() || stale()
            on:click=move |_| { failure.set(None); save.dispatch(i); }>"Save"</button></td> }
    }).collect_view());
    let panel = move || {
        let (i, f) = failure.get()?;
        let col = columns.with_value(|c| c.get(i).copied())?;
        Some(
            view! { <ActivationConflict failure=f column=col names=names.get_value()
            on_done=Callback::new(move |()| failure.set(None)) on_reload=on_saved/> },
        )
    };
    view! {
        <h2 class="section-title">"Activation per group"</h2>
        {panel}
        <div class="table-wrap"><table class="data-table access-grid" data-testid="activation-matrix">
            <thead><tr><th scope="col">"Group"</th>{heads}</tr></thead>
            <tbody>{rows}<tr><th scope="row"><span class="visually-hidden">"Save"</span></th>{saves}</tr></tbody>
        </table></div>
    }
}

/// The failure of one column's save; for a 412, what changed and the way forward.
#[component]
fn ActivationConflict(
    /// The failure of the save.
    failure: ApiFailure,
    /// The column that failed.
    column: Column,
    /// Group id → name, in display order.
    names: Vec<(String, String)>,
    /// Called once the administrator chose (the column is updated).
    on_done: Callback<()>,
    /// Reload the whole table.
    on_reload: Callback<()>,
) -> impl IntoView {
    let filter = column.base.with_untracked(|b| b.name.clone());
    let ApiFailure::Stale {
        message, current, ..
    } = &failure
    else {
        return view! { <div class="conflict" role="alert" data-testid="activation-error">
            <p class="state-title">{format!("Saving the groups of {filter} failed")}</p><p>{failure.detail()}</p>
            <div class="state-actions"><button class="button" on:click=move |_| on_reload.run(())>"Reload"</button></div>
        </div> }.into_any();
    };
    let current = serde_json::from_str::<FilterView>(current).ok();
    let words = move |set: &BTreeSet<String>| {
        let list: Vec<String> = names
            .iter()
            .filter(|(id, _)| set.contains(id))
            .map(|(_, n)| n.clone())
            .collect();
        if list.is_empty() {
            "no group".to_owned()
        } else {
            list.join(", ")
        }
    };
    let (loaded, mine) = (column.base.with_untracked(ids), column.set.get_untracked());
    let now = current.as_ref().map(|c| words(&ids(c)));
    let (was_words, mine_words) = (words(&loaded), words(&mine));
    let settle = move |apply: bool| {
        if let Some(c) = current.clone() {
            let theirs = ids(&c);
            column.set.set(if apply {
                reapply(&loaded, &mine, &theirs)
            } else {
                theirs
            });
            column.base.set(c);
        }
        on_done.run(());
    };
    view! {
        <div class="conflict" role="alert" data-testid="activation-conflict">
            <p class="state-title">{format!("Someone else changed the groups of {filter}")}</p>
            <p>{message.clone()}</p>
            <dl class="facts conflict-facts">
                <dt>"When you loaded it"</dt><dd>{was_words}</dd>
                {now.map(|n| view! { <dt>"Saved now"</dt><dd data-testid="activation-current">{n}</dd> })}
                <dt>"Yours, not saved"</dt><dd>{mine_words}</dd>
            </dl>
            <p class="muted">"Nothing was overwritten. Re-apply puts the groups you ticked or unticked on top of their version; check the column and save again."</p>
            <div class="state-actions">
                <button class="button primary" data-testid="activation-reapply" on:click={let settle = settle.clone(); move |_| settle(true)}>"Reload and re-apply my change"</button>
                <button class="button" data-testid="activation-discard" on:click=move |_| settle(false)>"Discard my change"</button>
            </div>
        </div>
    }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn reapplying_keeps_their_additions_and_my_ticks_and_unticks() {
        let loaded = set(&["grp-ict", "grp-management"]);
        let mine = set(&["grp-ict", "grp-support"]);
        let current = set(&["grp-ict", "grp-management", "grp-sales"]);
        assert_eq!(
            reapply(&loaded, &mine, &current),
            set(&["grp-ict", "grp-sales", "grp-support"])
        );
    }
}
