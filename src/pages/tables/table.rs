//! One table (`/tables/:id`): its mode, its filters with their predicates, the group
//! activation matrix and a per-user preview.

use gatehouse_wire::{FilterView, GroupSummary, TableDetail, UserSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::activations::Activations;
use super::filter_delete::FilterDelete;
use super::filter_edit::FilterEditDialog;
use super::filter_editor::FilterEditor;
use super::mode_switch::ModeSwitch;
use super::predicate::describe;
use super::preview::Preview;
use crate::api::{self, ApiFailure};
use crate::components::ErrorState;
use crate::studio::env_href;
use crate::studio::use_studio;

/// The users whose own setting overrides their groups, in words.
fn deviations(filter: &gatehouse_wire::FilterView) -> String {
    use gatehouse_wire::Deviation;
    let parts: Vec<String> = filter
        .deviations
        .iter()
        .map(|d| {
            let how = match d.deviation {
                Deviation::ForceOn => "on",
                Deviation::ForceOff => "off",
                Deviation::Inherit => "inherit",
            };
            format!("{} ({how})", d.user.name)
        })
        .collect();
    if parts.is_empty() {
        "None".to_owned()
    } else {
        parts.join(", ")
    }
}

/// What the view needs.
#[derive(Clone)]
struct Loaded {
    env: String,
    detail: TableDetail,
    groups: Vec<GroupSummary>,
    users: Vec<UserSummary>,
}

/// The table view.
#[component]
pub fn TablePage() -> impl IntoView {
    let studio = use_studio();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let (selected, id) = (studio.selected.get(), id());
        async move {
            let env = studio.environment(selected).await?.code;
            let detail = api::get_table(&env, &id).await?;
            let groups = api::list_groups(&env).await?;
            let users = api::list_users(&env).await?.items;
            Ok(Loaded {
                env,
                detail,
                groups,
                users,
            })
        }
    });
    let reload = Callback::new(move |()| data.refetch());
    // The filter in the edit dialog, and the last one opened (focus returns to its button).
    let editing: RwSignal<Option<FilterView>> = RwSignal::new(None);
    let last_edited: RwSignal<Option<String>> = RwSignal::new(None);
    let toast: RwSignal<Option<String>> = RwSignal::new(None);
    let on_edited = Callback::new(move |f: FilterView| {
        editing.set(None);
        toast.set(Some(format!("Saved {}", f.name)));
        data.refetch();
    });
    let on_edit_closed = Callback::new(move |stale: bool| {
        editing.set(None);
        if stale {
            data.refetch();
        }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <nav class="breadcrumb" aria-label="Breadcrumb"><a href=env_href("/tables")>"Tables & filters"</a></nav>
            {move || match data.get() {
                None => view! { <h1 id="page-title" class="page-title">"Table"</h1><p class="muted" role="status">"Loading…"</p> }.into_any(),
                Some(Err(f)) => view! { <h1 id="page-title" class="page-title">"Table"</h1><ErrorState title=f.title().to_owned() detail=f.detail() on_retry=reload/> }.into_any(),
                Some(Ok(d)) => {
                    let table = d.detail.table.clone();
                    let fields = table.fields.join(", ");
                    view! {
                        <h1 id="page-title" class="page-title">{table.name.clone()}</h1>
                        <p class="page-lede">{format!("{} rows · fields: {fields}", table.row_count)}</p>
                        <div class="toolbar mode-bar"><span class="field-label">"Filter mode"</span><ModeSwitch env=d.env.clone() table on_changed=reload/></div>
                        <h2 class="section-title">"Filters"</h2>
                        <div class="table-wrap" tabindex="0" role="region" aria-label="Filters"><table class="data-table filters-table" data-testid="filters-table">
                            <thead><tr><th scope="col">"Filter"</th><th scope="col">"Lets through"</th><th scope="col">"Active for groups"</th><th scope="col">"User deviations"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                            <tbody>{d.detail.filters.iter().map(|f| {
                                let groups: Vec<String> = f.groups.iter().map(|g| g.name.clone()).collect();
                                view! { <tr data-testid="filter-row" data-id=f.id.clone()>
                                    <td class="strong">{f.name.clone()}{f.builtin.then(|| view! { " "<span class="badge badge-builtin">"Built in"</span> })}</td>
                                    <td class="wrap" data-testid="filter-predicate">{describe(&f.predicate)}</td>
                                    <td>{if groups.is_empty() { "None".to_owned() } else { groups.join(", ") }}</td>
                                    <td>{deviations(f)}</td>
                                    <td class="actions">{(!f.builtin).then(|| {
                                        let (open, id) = (f.clone(), f.id.clone());
                                        view! {
                                            <button class="button" data-testid="edit-filter" aria-label=format!("Edit {}", f.name)
                                                data-last-edited=move || (last_edited.get().as_deref() == Some(id.as_str())).then_some("")
                                                on:click=move |_| { last_edited.set(Some(open.id.clone())); editing.set(Some(open.clone())); }>"Edit…"</button>" "
                                            <FilterDelete env=d.env.clone() table=d.detail.table.id.clone() filter=f.clone() on_deleted=reload/>
                                        }
                                    })}</td>
                                </tr> }
                            }).collect_view()}</tbody>
                        </table></div>
                        <FilterEditor env=d.env.clone() table=d.detail.table.id.clone() fields=d.detail.table.fields.clone() rows=d.detail.rows.clone() on_saved=reload/>
                        <Activations env=d.env.clone() table=d.detail.table.id.clone() filters=d.detail.filters.clone() groups=d.groups.clone() on_saved=reload/>
                        <Preview env=d.env.clone() table=d.detail.table.id.clone() fields=d.detail.table.fields.clone() users=d.users.clone()/>
                        {move || editing.get().map(|f| view! {
                            <FilterEditDialog env=d.env.clone() table=d.detail.table.id.clone() table_name=d.detail.table.name.clone()
                                fields=d.detail.table.fields.clone() rows=d.detail.rows.clone() filter=f on_saved=on_edited on_close=on_edit_closed/>
                        })}
                    }.into_any()
                }
            }}
            {move || toast.get().map(|m| view! { <div class="toast" role="status" data-testid="toast">{m}</div> })}
        </section>
    }
}
