//! Collaborators (`/collaborators`): add another organisation's collaborator to the current
//! environment (look the code up, then add as a system or normal user), the collaborators
//! already working here, and the licence overview — who counts for whose licence, and where
//! our own collaborators work.

mod add;
mod licences;

use gatehouse_wire::{LicenceOverview, UserSummary};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{ErrorState, OwnerOnlyNote, ServerOnly, SkeletonRows};
use crate::studio::use_studio;
use add::AddCollaborator;
use licences::{HereTable, LicenceTable, PlacementsTable};

/// The licence overview and the users of the current environment.
#[derive(Clone, PartialEq)]
struct Loaded {
    participant: String,
    env: String,
    /// The licence overview: the account owner's only (`None` for anyone else).
    overview: Option<LicenceOverview>,
    users: Vec<UserSummary>,
}

/// The Collaborators view.
#[component]
pub fn CollaboratorsPage() -> impl IntoView {
    let studio = use_studio();
    let data: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?;
            // Licences and additions are the account owner's: nobody else asks for them.
            let overview = if studio.is_account_owner_untracked() {
                Some(api::get_licences().await?)
            } else {
                None
            };
            let users = api::list_users(&env.code).await?.items;
            Ok(Loaded {
                participant: env.participant,
                env: env.code,
                overview,
                users,
            })
        }
    });
    let toast: RwSignal<Option<String>> = RwSignal::new(None);
    let on_added = Callback::new(move |user: UserSummary| {
        toast.set(Some(format!("Added {} ({})", user.name, user.code)));
        data.refetch();
    });
    let current = move || studio.current();
    // The add form is built once the overview has loaded and kept while it reloads, so a
    // result shown under it survives the refresh that follows an addition.
    let ready = Memo::new(move |_| matches!(data.get(), Some(Ok(_))));
    let loaded = Memo::new(move |_| data.get().and_then(Result::ok));
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Collaborators"</h1>
                <p class="page-lede">"A collaborator is a user of a provider (an accountant, an adviser) who signs in to your environments with their own code, e.g. 12345.BWilliams. They count for the provider's licence, not yours; you decide what they may do here."</p>
            </header>
            {move || if crate::demo::is_active() {
                view! { <ServerOnly what="Collaborators and licences"/> }.into_any()
            } else {
                view! {
                    {move || match data.get() {
                        None => view! {
                            <h2 class="section-title">"Licence use"</h2>
                            <div class="table-wrap"><table class="data-table" aria-busy="true"><SkeletonRows rows=3 columns=5/></table></div>
                        }.into_any(),
                        Some(Err(f)) => view! {
                            <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/>
                        }.into_any(),
                        Some(Ok(Loaded { overview: None, env, .. })) => view! {
                            <div class="banner banner-readonly" role="note" data-testid="collaborators-read-only">
                                <OwnerOnlyNote env id="collaborators-owner-only"
                                    text="Licence use and adding collaborators are the account owner's; you see who works here."/>
                            </div>
                        }.into_any(),
                        Some(Ok(Loaded { overview: Some(overview), participant, .. })) => {
                            let d_participant = participant;
                            let own = overview.organisations.iter().find(|o| o.participant == d_participant).cloned();
                            let licensed = own.as_ref().is_some_and(|o| o.collaborator_licence);
                            let org = own.map(|o| o.name).unwrap_or_else(|| d_participant.clone());
                            let placements = (licensed || !overview.placements.is_empty()).then(|| view! {
                                <h2 class="section-title">{format!("Where {org}'s collaborators work ({})", overview.placements.len())}</h2>
                                <PlacementsTable placements=overview.placements.clone() licensed/>
                            });
                            view! {
                                <h2 class="section-title">"Licence use"</h2>
                                <LicenceTable rows=overview.organisations.clone() own=d_participant.clone()/>
                                {placements}
                            }.into_any()
                        }
                    }}
                    {move || (ready.get() && studio.is_account_owner()).then(|| current().map(|env| view! {
                        <h2 class="section-title">{format!("Other organisations' collaborators in {}", env.code)}</h2>
                        <AddCollaborator env on_added/>
                    }))}
                    {move || loaded.get().map(|d| {
                        let here: Vec<UserSummary> = d.users.into_iter()
                            .filter(|u| u.code.split('.').next() != Some(d.participant.as_str()))
                            .collect();
                        view! {
                            <h3 class="subsection-title">{format!("Working in {} now ({})", d.env, here.len())}</h3>
                            <HereTable env=d.env.clone() users=here/>
                        }
                    })}
                }.into_any()
            }}
            {move || toast.get().map(|m| view! { <div class="toast" role="status" data-testid="toast">{m}</div> })}
        </section>
    }
}
