//! One user (`/users/:code`): who they are and what they can effectively do on every app and
//! connector in every environment — each cell says where its role comes from.

use gatehouse_policy::Decision;
use gatehouse_wire::{UserAccess, UserStatus, UserSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure};
use crate::components::{ErrorState, RoleBadge, StatusBadge};
use crate::studio::use_studio;

/// The user, their access, and the names of the resources (id, name).
type UserData = (UserSummary, UserAccess, Vec<(String, String)>);

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
            let user = api::list_users(&env.code)
                .await?
                .items
                .into_iter()
                .find(|u| u.code == code)
                .ok_or_else(|| ApiFailure::Refused {
                    status: 404,
                    body: gatehouse_wire::ErrorBody {
                        error: format!("no user `{code}`"),
                        field: Some("code".into()),
                    },
                })?;
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
            Ok((user, access, names))
        }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/users">"Users"</a></nav>
            {move || match data.get() {
                None => view! { <h1 id="page-title" class="page-title">{code()}</h1><p class="muted" role="status">"Loading…"</p> }.into_any(),
                Some(Err(f)) => view! { <h1 id="page-title" class="page-title">{code()}</h1><ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
                Some(Ok((user, access, names))) => view! { <UserAccessView user access names/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn UserAccessView(
    user: UserSummary,
    access: UserAccess,
    names: Vec<(String, String)>,
) -> impl IntoView {
    let deactivated = user.status == UserStatus::Deactivated;
    let groups: Vec<String> = user.groups.iter().map(|g| g.name.clone()).collect();
    let envs = access.environments.clone();
    let cell = move |resource: &str, env: &str| -> Option<Decision> {
        access
            .decisions
            .iter()
            .find(|d| d.resource.as_str() == resource && d.environment.as_str() == env)
            .cloned()
    };
    view! {
        <header class="page-header">
            <h1 id="page-title" class="page-title">{user.name.clone()}</h1>
            <p class="page-lede"><span class="mono">{user.code.clone()}</span>" · "{user.email.clone().unwrap_or_else(|| "no email".into())}" · "<StatusBadge status=user.status/>
                " · groups: "{if groups.is_empty() { "All Users only".to_owned() } else { format!("All Users, {}", groups.join(", ")) }}</p>
        </header>
        {deactivated.then(|| view! {
            <div class="banner banner-readonly" role="note" data-testid="deactivated-banner">
                <strong>"Deactivated. "</strong>"This account has no access and its permissions cannot be edited; they are kept for when it is reactivated."
            </div>
        })}
        {user.account_owner.then(|| view! { <div class="banner banner-info" role="note">"Account owner: Owner of everything, everywhere."</div> })}
        <h2 class="section-title">"Effective access"</h2>
        <p class="muted">"Each cell shows the role that applies and, below it, where it comes from. Grants with no effect are marked ⚠."</p>
        <div class="table-wrap">
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
}

fn basis_words(decision: &Decision) -> String {
    match decision.basis {
        gatehouse_policy::Basis::AccountOwner => "account owner".to_owned(),
        gatehouse_policy::Basis::Deactivated => "deactivated".to_owned(),
        gatehouse_policy::Basis::NoGrant => "no grant".to_owned(),
        gatehouse_policy::Basis::Grant => String::new(),
    }
}
