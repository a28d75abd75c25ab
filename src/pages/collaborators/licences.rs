//! The tables of the Collaborators view: collaborators working in this environment, licence
//! use per organisation, and where our own collaborators have been added.

use gatehouse_wire::{CollaboratorPlacement, LicenceRow, UserKind, UserSummary};
use leptos::prelude::*;

use crate::components::{EmptyState, StatusBadge};
use crate::studio::env_href;

/// Other organisations' collaborators in the environment `env`.
#[component]
pub fn HereTable(
    /// The environment code.
    env: String,
    /// Its users whose code belongs to another organisation.
    users: Vec<UserSummary>,
) -> impl IntoView {
    if users.is_empty() {
        return view! {
            <p class="hint" data-testid="here-empty">{format!("No other organisation's collaborators work in {env} yet.")}</p>
        }
        .into_any();
    }
    view! {
        <div class="table-wrap"><table class="data-table" data-testid="here-table">
            <thead><tr>
                <th scope="col">"Collaborator"</th><th scope="col">"Provider"</th><th scope="col">"Email"</th>
                <th scope="col">"Type here"</th><th scope="col">"InSite"</th><th scope="col">"Status"</th>
            </tr></thead>
            <tbody>{users.into_iter().map(|u| {
                let provider = u.code.split('.').next().unwrap_or_default().to_owned();
                let kind = match (&u.kind, &u.person) {
                    (UserKind::Normal, Some(p)) => format!("Normal user · {p}"),
                    (k, _) => k.label().to_owned(),
                };
                view! { <tr data-testid="here-row" data-code=u.code.clone()>
                    <td><a class="person-name" href=env_href(&format!("/users/{}", u.code)) data-testid="here-user-link">{u.name.clone()}</a>
                        <span class="mono muted person-code">{u.code.clone()}</span></td>
                    <td class="mono">{provider}</td>
                    <td>{u.email.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{kind}</td>
                    <td>{yes_no(u.flags.insite)}</td>
                    <td><StatusBadge status=u.status/></td>
                </tr> }
            }).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}

/// "Yes" or "No".
fn yes_no(on: bool) -> &'static str {
    if on {
        "Yes"
    } else {
        "No"
    }
}

/// Licence use per organisation, the own organisation first.
#[component]
pub fn LicenceTable(
    /// The organisations.
    rows: Vec<LicenceRow>,
    /// The own participant number.
    own: String,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Collaborator licences"><table class="data-table" data-testid="licence-table">
            <thead><tr>
                <th scope="col">"Organisation"</th><th scope="col">"Collaborator licence"</th>
                <th scope="col" class="num">"Users"</th><th scope="col" class="num">"Collaborators"</th>
                <th scope="col" class="num">"InSite users"</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(|r| {
                let you = r.participant == own;
                view! { <tr data-testid="licence-row" data-participant=r.participant.clone()>
                    <td><span class="strong">{r.name.clone()}</span>" "<span class="mono muted">{r.participant.clone()}</span>
                        {you.then(|| view! { " "<span class="badge badge-builtin">"You"</span> })}</td>
                    <td>{if r.collaborator_licence {
                        view! { <span class="badge badge-collaborator">"Provider"</span> }.into_any()
                    } else {
                        view! { <span class="muted">"—"</span> }.into_any()
                    }}</td>
                    <td class="num" data-testid="licence-users">{r.users}</td>
                    <td class="num" data-testid="licence-collaborators">{r.collaborators}</td>
                    <td class="num" data-testid="licence-insite">{r.insite}</td>
                </tr> }
            }).collect_view()}</tbody>
        </table></div>
        <p class="hint table-note">"Users: distinct own users across the organisation's environments. A collaborator counts for its provider, wherever it works. InSite users: distinct users with InSite in the organisation's environments — a normal collaborator user with InSite counts here, for the client."</p>
    }
}

/// Where the own organisation's collaborators have been added.
#[component]
pub fn PlacementsTable(
    /// The placements.
    placements: Vec<CollaboratorPlacement>,
    /// Whether the own organisation holds a collaborator licence.
    licensed: bool,
) -> impl IntoView {
    if placements.is_empty() {
        let detail = if licensed {
            "Activate a user as collaborator on its user page (in your production environment), then give your client its user code to add."
        } else {
            "Only organisations with a collaborator licence have collaborators to place at clients."
        };
        return view! { <EmptyState title="No collaborators at clients" detail=detail/> }
            .into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Collaborators placed in client environments"><table class="data-table" data-testid="placements-table">
            <thead><tr>
                <th scope="col">"Collaborator"</th><th scope="col">"Client environment"</th>
                <th scope="col">"Organisation"</th><th scope="col">"Type there"</th><th scope="col">"InSite"</th>
            </tr></thead>
            <tbody>{placements.into_iter().map(|p| view! {
                <tr data-testid="placement-row" data-code=p.code.clone() data-environment=p.environment.clone()>
                    <td><span class="strong">{p.name.clone()}</span><span class="mono muted person-code">{p.code.clone()}</span></td>
                    <td class="mono">{p.environment.clone()}</td>
                    <td>{p.organisation.clone()}</td>
                    <td>{p.kind.label()}</td>
                    <td>{if p.insite && p.kind == UserKind::Normal {
                        "Yes — counts toward the client's InSite licence"
                    } else {
                        yes_no(p.insite)
                    }}</td>
                </tr>
            }).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}
