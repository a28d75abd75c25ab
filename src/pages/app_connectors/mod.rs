//! App connectors (`/app-connectors`): each with its linked group, included connectors,
//! blocked badge and the group's members (those without an email flagged); create, edit,
//! block/unblock and delete.

mod card;
mod form;

use gatehouse_policy::ResourceKind;
use gatehouse_wire::{AppConnectorView, GroupSummary, ResourceSummary};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{EmptyState, ErrorState, OwnerOnlyNote, SkeletonRows};
use crate::studio::use_studio;
use card::AppConnectorCard;
use form::AppConnectorForm;

/// What the view needs: environment, app connectors, groups and connectors to choose from.
#[derive(Clone)]
struct Loaded {
    env: String,
    items: Vec<AppConnectorView>,
    groups: Vec<GroupSummary>,
    connectors: Vec<ResourceSummary>,
}

/// Which form is open.
#[derive(Clone, PartialEq)]
enum Editing {
    None,
    New,
    Existing(String),
}

/// The App connectors view.
#[component]
pub fn AppConnectorsPage() -> impl IntoView {
    let studio = use_studio();
    let data: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?.code;
            let items = api::list_app_connectors(&env).await?;
            let groups = api::list_groups(&env).await?;
            let connectors = api::list_resources(&env, ResourceKind::Connector)
                .await?
                .items;
            Ok(Loaded {
                env,
                items,
                groups,
                connectors,
            })
        }
    });
    let editing = RwSignal::new(Editing::None);
    let reload = Callback::new(move |()| {
        editing.set(Editing::None);
        data.refetch();
    });
    let cancel = Callback::new(move |()| editing.set(Editing::None));
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"App connectors"</h1>
                <p class="page-lede">"An app connector lets an outside application call connectors for the members of one user group, with a personal token. Members need an email address."</p>
            </header>
            <div class="toolbar">
                <span class="count" data-testid="app-connector-count">{move || match data.get() {
                    Some(Ok(d)) if d.items.len() == 1 => "1 app connector".to_owned(),
                    Some(Ok(d)) => format!("{} app connectors", d.items.len()),
                    _ => String::new(),
                }}</span>
                {move || match data.get() {
                    Some(Ok(_)) if studio.is_account_owner() => view! {
                        <button class="button primary" data-testid="new-app-connector"
                            on:click=move |_| editing.set(Editing::New)>"New app connector"</button>
                    }.into_any(),
                    Some(Ok(d)) => view! { <OwnerOnlyNote env=d.env id="app-connectors-owner-only"
                        text="Only the account owner creates and changes app connectors."/> }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
            {move || match data.get() {
                None => view! { <div class="table-wrap"><table class="data-table"><SkeletonRows rows=3 columns=4/></table></div> }.into_any(),
                Some(Err(f)) => view! { <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
                Some(Ok(d)) => {
                    let form = (editing.get() == Editing::New).then(|| view! {
                        <AppConnectorForm env=d.env.clone() initial=None groups=d.groups.clone() connectors=d.connectors.clone() on_saved=reload on_cancel=cancel/>
                    });
                    let empty = d.items.is_empty().then(|| view! {
                        <EmptyState title="No app connectors yet" detail="Create one: name it, link the user group whose members may call, and include the connectors they may use."/>
                    });
                    let cards = d.items.into_iter().map(|item| {
                        if editing.get() == Editing::Existing(item.id.clone()) {
                            view! { <AppConnectorForm env=d.env.clone() initial=Some(item) groups=d.groups.clone() connectors=d.connectors.clone() on_saved=reload on_cancel=cancel/> }.into_any()
                        } else {
                            let id = item.id.clone();
                            view! { <AppConnectorCard env=d.env.clone() item on_changed=reload can_change=studio.is_account_owner_untracked()
                                on_edit=Callback::new(move |()| editing.set(Editing::Existing(id.clone())))/> }.into_any()
                        }
                    }).collect_view();
                    view! { {form} {empty} <div class="ac-list" data-testid="app-connectors">{cards}</div> }.into_any()
                }
            }}
        </section>
    }
}
