//! Manage Groups (`/groups`): the built-in All Users group first, then every group, with a
//! form to create one (account owner).

use gatehouse_wire::{GroupFields, GroupSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiFailure};
use crate::components::{EmptyState, ErrorState, OwnerOnlyNote, SkeletonRows};
use crate::studio::env_href;
use crate::studio::use_studio;

/// The Groups view.
#[component]
pub fn GroupsPage() -> impl IntoView {
    let studio = use_studio();
    let groups: LocalResource<Result<(String, Vec<GroupSummary>), ApiFailure>> =
        LocalResource::new(move || {
            let selected = studio.selected.get();
            async move {
                let env = studio.environment(selected).await?;
                Ok((env.code.clone(), api::list_groups(&env.code).await?))
            }
        });
    let is_owner = move || studio.is_account_owner();
    // The search lives in the address (`?q=…`): a reload or a copied link keeps it.
    let search = RwSignal::new(crate::url_state::opened_with().get("q").unwrap_or_default());
    crate::url_state::keep_in_address(move || vec![("q", search.get())]);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let navigate = use_navigate();
    let create = Action::new_local(move |(env, fields): &(String, GroupFields)| {
        let (env, fields) = (env.clone(), fields.clone());
        async move { api::create_group(&env, &fields).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(group)) = create.value().get() {
            navigate(
                &env_href(&format!("/groups/{}", group.id)),
                Default::default(),
            );
        }
    });
    let create_error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .map(|f| f.reason())
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Groups"</h1>
                <p class="page-lede">"Grant roles to groups instead of to people one by one. All Users always includes everyone."</p>
            </header>
            <div class="toolbar" role="search">
                <label class="visually-hidden" for="group-search">"Search groups"</label>
                <input id="group-search" class="search" type="search" placeholder="Search groups" prop:value=search
                    on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
            <Show when=is_owner fallback=move || studio.current().map(|env| view! {
                <p class="toolbar-note"><OwnerOnlyNote env=env.code id="groups-owner-only"
                    text="Only the account owner creates groups and changes members."/></p> })>
                <form class="inline-form" data-testid="new-group" on:submit=move |ev| {
                    ev.prevent_default();
                    if let Some(Ok((env, _))) = groups.get_untracked() {
                        create.dispatch((env, GroupFields { name: name.get_untracked(), description: description.get_untracked() }));
                    }
                }>
                    <label class="field"><span class="field-label">"New group"</span>
                        <input type="text" required data-testid="new-group-name" placeholder="Name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
                    <label class="field grow"><span class="field-label">"Description"</span>
                        <input type="text" placeholder="What is it for?" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))/></label>
                    <button class="button primary" type="submit" disabled=move || create.pending().get()>"Create group"</button>
                    {move || create_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                </form>
            </Show>
            {move || match groups.get() {
                None => view! { <div class="table-wrap"><table class="data-table"><SkeletonRows rows=4 columns=3/></table></div> }.into_any(),
                Some(Err(f)) => view! { <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| groups.refetch())/> }.into_any(),
                Some(Ok((_, list))) => {
                    let text = search.get().to_lowercase();
                    let shown: Vec<GroupSummary> = list.into_iter().filter(|g| g.name.to_lowercase().contains(&text)).collect();
                    view! {
                        <div class="table-wrap">
                            <table class="data-table" data-testid="groups-table">
                                <thead><tr><th scope="col">"Group"</th><th scope="col">"Description"</th><th scope="col">"Members"</th></tr></thead>
                                <tbody>
                                    <tr data-testid="group-row" data-name="All Users">
                                        <td><a class="strong" href=env_href("/groups/all-users")>"All Users"</a>" "<span class="badge badge-builtin">"Built in"</span></td>
                                        <td class="muted">"Everyone in this environment; cannot be joined, left or deleted."</td>
                                        <td class="muted">"Everyone"</td>
                                    </tr>
                                    {shown.into_iter().map(|g| view! {
                                        <tr data-testid="group-row" data-name=g.name.clone()>
                                            <td><a class="strong" href=env_href(&format!("/groups/{}", g.id))>{g.name.clone()}</a></td>
                                            <td>{g.description.clone()}</td>
                                            <td>{g.member_count}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
            {move || matches!(groups.get(), Some(Ok((_, ref l))) if l.is_empty()).then(|| view! {
                <EmptyState title="No groups yet" detail="Create a group, add members, then give it roles on apps and connectors."/>
            })}
        </section>
    }
}
