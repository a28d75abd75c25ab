//! One user (`/users/:code`): who they are, their properties (the "Edit properties" dialog),
//! their collaborator status, and what they can effectively do on every app and connector in
//! every environment — each cell says where its role comes from.

use gatehouse_policy::Decision;
use gatehouse_wire::{CollaborationView, EnvironmentInfo, UserAccess, UserStatus, UserSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::user_collaborator::CollaboratorPanel;
use super::user_properties::PropertiesDialog;
use crate::api::{self, ApiFailure};
use crate::components::{focus_selector, EmptyState, ErrorState, RoleBadge, StatusBadge};
use crate::studio::use_studio;

/// The environment, the user, their access, and the names of the resources (id, name).
type UserData = (
    EnvironmentInfo,
    UserSummary,
    UserAccess,
    Vec<(String, String)>,
);

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
            let mut names = Vec::new();
            for kind in [
                gatehouse_policy::ResourceKind::App,
                gatehouse_policy::ResourceKind::Connector,
            ] {
                for r in api::list_resources(&env.code, kind).await?.items {
                    names.push((r.id, r.name));
                }
            }
            Ok((env, user, access, names))
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
            <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/users">"Users"</a></nav>
            {move || match data.get() {
                None => view! { <h1 id="page-title" class="page-title">{code()}</h1><p class="muted" role="status">"Loading…"</p> }.into_any(),
                Some(Err(f)) => view! { <h1 id="page-title" class="page-title">{code()}</h1><ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
                Some(Ok((env, user, access, names))) => view! {
                    <UserHeader env=env.clone() user=user.clone() on_edit=Callback::new(move |()| editing.set(true))/>
                    <crate::pages::UserDeviations env=env.code.clone() user=user.clone()/>
                    {move || view! {
                        <CollaboratorPanel env=env.clone() user=user.clone() collaboration=collaboration.get()
                            licensed=licensed.get().flatten() on_changed/>
                    }}
                    <UserAccessView access names/>
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
    let owner = use_studio().session.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| s.as_ref().ok())
            .is_some_and(|s| s.user.account_owner)
    });
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
                <a class="button primary" data-testid="edit-permissions" href=format!("/users/{}/permissions", user.code)>
                    {if deactivated { "View permissions" } else { "Edit permissions" }}</a>
                <button class="button" data-testid="edit-properties" disabled=!owner
                    aria-describedby=(!owner).then_some("properties-owner-only")
                    on:click=move |_| on_edit.run(())>"Edit properties"</button>
                {(!owner).then(|| view! { <span id="properties-owner-only" class="hint" data-testid="properties-owner-only">"Only the account owner changes a user's properties"</span> })}
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

/// The effective-access grid.
#[component]
fn UserAccessView(access: UserAccess, names: Vec<(String, String)>) -> impl IntoView {
    if names.is_empty() {
        return view! {
            <h2 class="section-title">"Effective access"</h2>
            <EmptyState title="No apps or connectors in this environment yet"
                detail="Once apps or connectors exist here, this shows what the user can do with each of them and why."/>
        }
        .into_any();
    }
    let envs = access.environments.clone();
    let csv = gatehouse_app::access_csv(&access, &names);
    let filename = format!("access-{}.csv", access.code);
    let download_error = RwSignal::new(None::<String>);
    let cell = move |resource: &str, env: &str| -> Option<Decision> {
        access
            .decisions
            .iter()
            .find(|d| d.resource.as_str() == resource && d.environment.as_str() == env)
            .cloned()
    };
    view! {
        <div class="section-heading">
            <h2 class="section-title">"Effective access"</h2>
            <button class="button" data-testid="download-access" on:click=move |_| {
                download_error.set(crate::download::download(&filename, &csv, "text/csv;charset=utf-8").err());
            }>"Download CSV"</button>
        </div>
        {move || download_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <p class="muted">"Each cell shows the role that applies and, below it, where it comes from. Grants with no effect are marked ⚠."</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Effective access">
            <table class="data-table access-grid" data-testid="access-grid">
                <thead><tr><th scope="col">"Resource"</th>{envs.iter().map(|e| view! { <th scope="col">{e.name.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {names.into_iter().map(|(id, name)| view! {
                        <tr>
                            <th scope="row" class="strong">{name}</th>
                            {envs.iter().map(|e| match cell(&id, &e.id) {
                                Some(d) => view! {
                                    <td data-testid="access-cell" data-resource=id.clone() data-env=e.id.clone()>
                                        <RoleBadge role=d.role why=d.summary.clone()/>
                                        <span class="cell-why">{d.winner.as_ref().map(|w| format!("from {}", w.subject_name)).unwrap_or_else(|| basis_words(&d))}</span>
                                        {(!d.shadowed.is_empty()).then(|| {
                                            let why = d.shadowed.iter().map(|s| s.message.clone()).collect::<Vec<_>>().join("\n");
                                            view! { <span class="cell-warn" title=why>"⚠ shadowed grant"</span> }
                                        })}
                                    </td>
                                }.into_any(),
                                None => view! { <td class="muted">"—"</td> }.into_any(),
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn basis_words(decision: &Decision) -> String {
    match decision.basis {
        gatehouse_policy::Basis::AccountOwner => "account owner".to_owned(),
        gatehouse_policy::Basis::Deactivated => "deactivated".to_owned(),
        gatehouse_policy::Basis::NoGrant => "no grant".to_owned(),
        gatehouse_policy::Basis::Grant => String::new(),
    }
}
