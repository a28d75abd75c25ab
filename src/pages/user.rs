//! One user (`/users/:code`): who they are, then what they can effectively do on every app and
//! connector in every data environment (each cell says where its role comes from), their
//! filtered table rows, their collaborator status and the "Edit properties" dialog.

use gatehouse_wire::{CollaborationView, EnvironmentInfo, UserAccess, UserStatus, UserSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::user_access::{Listed, UserAccessView};
use super::user_collaborator::CollaboratorPanel;
use super::user_properties::PropertiesDialog;
use crate::api::{self, ApiFailure};
use crate::components::{focus_selector, ErrorState, OwnerOnlyNote, StatusBadge};
use crate::studio::env_href;
use crate::studio::use_studio;

/// The environment, the user, their access, and the resources it lists.
type UserData = (EnvironmentInfo, UserSummary, UserAccess, Vec<Listed>);

/// Why name and email are read-only in `env`: the server's reason, or (before it answers)
/// the same rule applied to the code: only the provider's environments change them.
fn identity_lock(
    env: &EnvironmentInfo,
    code: &str,
    collaboration: Option<&Result<CollaborationView, ApiFailure>>,
) -> Option<String> {
    match collaboration {
        Some(Ok(view)) if view.identity_editable => None,
        Some(Ok(view)) => Some(view.read_only_reason.clone().unwrap_or_else(|| {
            format!(
                "email and name of `{code}` can only be changed in environments of `{}`",
                view.provider
            )
        })),
        _ => {
            let provider = code.split('.').next().unwrap_or_default();
            (provider != env.participant).then(|| {
                format!("email and name of `{code}` can only be changed in environments of `{provider}`")
            })
        }
    }
}

/// The user view.
#[component]
pub fn UserPage() -> impl IntoView {
    let studio = use_studio();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data: LocalResource<Result<UserData, ApiFailure>> = LocalResource::new(move || {
        let (selected, code) = (studio.selected.get(), code());
        async move {
            let env = studio.environment(selected).await?;
            let user = api::get_user(&env.code, &code).await?;
            let access = api::get_user_access(&env.code, &code).await?;
            let mut listed = Vec::new();
            for kind in [
                gatehouse_policy::ResourceKind::App,
                gatehouse_policy::ResourceKind::Connector,
            ] {
                for r in api::list_resources(&env.code, kind).await?.items {
                    listed.push(Listed {
                        kind,
                        id: r.id,
                        name: r.name,
                    });
                }
            }
            Ok((env, user, access, listed))
        }
    });
    let collaboration: LocalResource<Result<CollaborationView, ApiFailure>> =
        LocalResource::new(move || {
            let (selected, code) = (studio.selected.get(), code());
            async move {
                let env = studio.environment(selected).await?;
                api::get_collaboration(&env.code, &code).await
            }
        });
    // Whether the own organisation holds a collaborator licence (owners only; unknown else).
    let licensed: LocalResource<Option<bool>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await.ok()?;
            let overview = api::get_licences().await.ok()?;
            overview
                .organisations
                .iter()
                .find(|o| o.participant == env.participant)
                .map(|o| o.collaborator_licence)
        }
    });
    let editing = RwSignal::new(false);
    let toast: RwSignal<Option<String>> = RwSignal::new(None);
    // After a save the page is rebuilt from the reloaded user: give the focus back to
    // "Edit properties" once it is there again.
    let refocus = RwSignal::new(false);
    Effect::new(move |_| {
        if matches!(data.get(), Some(Ok(_))) && refocus.get_untracked() {
            refocus.set(false);
            request_animation_frame(|| focus_selector("[data-testid=edit-properties]"));
        }
    });
    let on_changed = Callback::new(move |user: UserSummary| {
        refocus.set(editing.get_untracked());
        editing.set(false);
        toast.set(Some(format!("Saved {}", user.name)));
        data.refetch();
        collaboration.refetch();
    });
    let dialog = move || {
        if !editing.get() {
            return None;
        }
        let Some(Ok((env, user, _, _))) = data.get() else {
            return None;
        };
        let lock = identity_lock(&env, &user.code, collaboration.get().as_ref());
        Some(view! {
            <PropertiesDialog env user identity_lock=lock on_saved=on_changed
                on_close=Callback::new(move |()| editing.set(false))/>
        })
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <nav class="breadcrumb" aria-label="Breadcrumb"><a href=env_href("/users")>"Users"</a></nav>
            {move || match data.get() {
                None => view! { <h1 id="page-title" class="page-title">{code()}</h1><p class="muted" role="status">"Loading…"</p> }.into_any(),
                Some(Err(f)) => view! { <h1 id="page-title" class="page-title">{code()}</h1><ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
                Some(Ok((env, user, access, listed))) => view! {
                    <UserHeader env=env.clone() user=user.clone() on_edit=Callback::new(move |()| editing.set(true))/>
                    <UserAccessView access name=user.name.clone() resources=listed/>
                    <crate::pages::UserDeviations env=env.code.clone() user=user.clone()/>
                    {move || view! {
                        <CollaboratorPanel env=env.clone() user=user.clone() collaboration=collaboration.get()
                            licensed=licensed.get().flatten() on_changed/>
                    }}
                }.into_any(),
            }}
            {dialog}
            {move || toast.get().map(|m| view! { <div class="toast" role="status" data-testid="toast">{m}</div> })}
        </section>
    }
}

/// Name, code, email, status and groups, with "Edit properties".
#[component]
fn UserHeader(env: EnvironmentInfo, user: UserSummary, on_edit: Callback<()>) -> impl IntoView {
    let groups: Vec<String> = user.groups.iter().map(|g| g.name.clone()).collect();
    // Properties are the account owner's to change (the change set refuses anyone else): say
    // so up front instead of after the click.
    let owner = use_studio().is_account_owner_untracked();
    let deactivated = user.status == UserStatus::Deactivated;
    let flags: Vec<&str> = [
        ("Windows", user.flags.windows),
        ("InSite", user.flags.insite),
        ("Pocket", user.flags.pocket),
    ]
    .into_iter()
    .filter_map(|(label, on)| on.then_some(label))
    .collect();
    view! {
        <header class="page-header page-header-actions">
            <div>
                <h1 id="page-title" class="page-title" data-testid="user-name">{user.name.clone()}</h1>
                <p class="page-lede"><span class="mono">{user.code.clone()}</span>" · "<span data-testid="user-email">{user.email.clone().unwrap_or_else(|| "no email".into())}</span>" · "<StatusBadge status=user.status/>
                    " · "{user.kind.label()}
                    " · "{if flags.is_empty() { "no applications".to_owned() } else { flags.join(", ") }}
                    " · groups: "{if groups.is_empty() { "All Users only".to_owned() } else { format!("All Users, {}", groups.join(", ")) }}</p>
            </div>
            <div class="header-actions">
                <a class="button primary" data-testid="edit-permissions" href=env_href(&format!("/users/{}/permissions", user.code))>
                    {if deactivated { "View permissions" } else { "Edit permissions" }}</a>
                <button class="button" data-testid="edit-properties" disabled=!owner
                    aria-describedby=(!owner).then_some("properties-owner-only")
                    on:click=move |_| on_edit.run(())>"Edit properties"</button>
                {(!owner).then(|| view! { <OwnerOnlyNote env=env.code.clone() id="properties-owner-only"
                    text="Only the account owner changes a user's properties."/> })}
            </div>
        </header>
        {deactivated.then(|| view! {
            <div class="banner banner-readonly" role="note" data-testid="deactivated-banner">
                <strong>"Deactivated. "</strong>"This account has no access and its permissions cannot be edited; they are kept for when it is reactivated."
            </div>
        })}
        {user.account_owner.then(|| view! { <div class="banner banner-info" role="note">{format!("Account owner: Owner of everything, everywhere in {}.", env.organisation)}</div> })}
    }
}
