//! Apps (`/apps`) and Connectors (`/connectors`): the resources the signed-in administrator can
//! see (None everywhere ⇒ not listed), with their own role per data environment.

use gatehouse_policy::ResourceKind;
use gatehouse_wire::ResourceList;
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{EmptyState, ErrorState, RoleBadge, SkeletonRows};
use crate::studio::env_href;
use crate::studio::use_studio;

/// The Apps view.
#[component]
pub fn AppsPage() -> impl IntoView {
    view! { <ResourcesPage kind=ResourceKind::App/> }
}

/// The Connectors view.
#[component]
pub fn ConnectorsPage() -> impl IntoView {
    view! { <ResourcesPage kind=ResourceKind::Connector/> }
}

/// A list of resources of one kind.
#[component]
fn ResourcesPage(
    /// Apps or connectors.
    kind: ResourceKind,
) -> impl IntoView {
    let studio = use_studio();
    let list: LocalResource<Result<ResourceList, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?;
            api::list_resources(&env.code, kind).await
        }
    });
    let (title, lede, base) = match kind {
        ResourceKind::App => (
            "Apps",
            "Apps you can see, and your role on each in every environment.",
            "/apps",
        ),
        ResourceKind::Connector => (
            "Connectors",
            "Connectors you can see, and your role on each in every environment.",
            "/connectors",
        ),
    };
    // The search lives in the address (`?q=…`): a reload or a copied link keeps it.
    let search = RwSignal::new(crate::url_state::opened_with().get("q").unwrap_or_default());
    crate::url_state::keep_in_address(move || vec![("q", search.get())]);
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">{title}</h1>
                <p class="page-lede">{lede}</p>
            </header>
            <div class="toolbar" role="search">
                <label class="visually-hidden" for="resource-search">"Search"</label>
                <input id="resource-search" class="search" type="search" placeholder="Search by name"
                    prop:value=search on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
            {move || match list.get() {
                None => view! { <div class="table-wrap"><table class="data-table"><SkeletonRows rows=3 columns=5/></table></div> }.into_any(),
                Some(Err(failure)) => view! {
                    <ErrorState title=failure.title().to_owned() detail=failure.detail() on_retry=Callback::new(move |()| list.refetch())/>
                }.into_any(),
                Some(Ok(list)) => {
                    let text = search.get().to_lowercase();
                    let items: Vec<_> = list.items.iter().filter(|r| r.name.to_lowercase().contains(&text)).cloned().collect();
                    if items.is_empty() {
                        return view! { <EmptyState title=format!("No {} to show", title.to_lowercase())
                            detail="You see a resource once you have a role above None on it in some environment."/> }.into_any();
                    }
                    let envs = list.environments.clone();
                    view! {
                        <div class="table-wrap">
                            <table class="data-table" data-testid="resources-table">
                                <thead><tr>
                                    <th scope="col">"Name"</th>
                                    {envs.iter().map(|e| view! { <th scope="col">{format!("My role · {}", e.name)}</th> }).collect_view()}
                                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                </tr></thead>
                                <tbody>
                                    {items.into_iter().map(|r| {
                                        let href = env_href(&format!("{base}/{}/permissions", r.id));
                                        let action = if r.can_edit_permissions { "Edit permissions" } else { "View permissions" };
                                        view! {
                                            <tr data-testid="resource-row" data-id=r.id.clone()>
                                                <td class="strong">{r.name.clone()}</td>
                                                {r.my_roles.iter().map(|m| view! { <td><RoleBadge role=m.role/></td> }).collect_view()}
                                                <td class="actions">
                                                    <a class="button" href=href title=r.edit_refusal.clone().unwrap_or_default()>{action}</a>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
