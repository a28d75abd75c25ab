//! One row of the users table.

use gatehouse_wire::{UserStatus, UserSummary};
use leptos::prelude::*;

use super::StatusBadge;
use crate::studio::env_href;

/// A user's name, code, email, status and groups.
#[component]
pub fn UserRow(
    /// The user to show.
    user: UserSummary,
    /// The environment's participant number (empty when unknown).
    #[prop(optional)]
    participant: String,
    /// Whether the row is selected for a bulk action (no checkbox when `None`).
    #[prop(default = None)]
    selected: Option<Signal<bool>>,
    /// Called with the user's id and whether Shift was held when the checkbox is toggled.
    #[prop(default = None)]
    on_select: Option<Callback<(String, bool)>>,
) -> impl IntoView {
    let checkbox = selected.zip(on_select).map(|(selected, on_select)| {
        let id = user.id.clone();
        view! {
            <td class="select-col">
                <input type="checkbox" data-testid="select-user" aria-label=format!("Select {}", user.name)
                    prop:checked=move || selected.get()
                    on:click=move |ev: leptos::ev::MouseEvent| on_select.run((id.clone(), ev.shift_key()))/>
            </td>
        }
    });
    let row_selected = move || selected.is_some_and(|s| s.get());
    let provider = user.code.split('.').next().unwrap_or_default().to_owned();
    let foreign = !participant.is_empty() && provider != participant;
    let initials = initials(&user.name);
    let deactivated = user.status == UserStatus::Deactivated;
    let status = user.status;
    view! {
        <tr class:row-deactivated=deactivated class:row-selected=row_selected data-testid="user-row" data-code=user.code.clone()>
            {checkbox}
            <td>
                <span class="person">
                    <span class="avatar" aria-hidden="true">{initials}</span>
                    <a class="person-name" href=env_href(&format!("/users/{}", user.code)) data-testid="user-link">{user.name.clone()}</a>
                    {user.account_owner.then(|| view! { <span class="badge badge-owner">"Account owner"</span> })}
                    {foreign.then(|| view! {
                        <span class="badge badge-collaborator" data-testid="collaborator-badge"
                            title=format!("A collaborator from organisation {provider}; name and email come from there")>
                            {format!("Collaborator · {provider}")}</span>
                    })}
                    {(user.collaborator && !foreign).then(|| view! {
                        <span class="badge badge-collaborator" title="Activated as a collaborator: can be added to client environments">"Collaborator"</span>
                    })}
                </span>
            </td>
            <td class="mono">{user.code.clone()}</td>
            <td>
                {match user.email.clone() {
                    Some(email) => view! { <span>{email}</span> }.into_any(),
                    None => view! {
                        <span class="missing" title="Users without an email cannot use app connectors">
                            "No email"
                        </span>
                    }.into_any(),
                }}
            </td>
            <td><StatusBadge status=status/></td>
            <td>
                <span class="chips">
                    {user.groups.iter().map(|g| view! { <span class="chip">{g.name.clone()}</span> }).collect_view()}
                    {user.groups.is_empty().then(|| view! { <span class="muted">"All Users only"</span> })}
                </span>
            </td>
            <td class="actions">
                <details class="row-menu">
                    <summary aria-label=format!("Options for {}", user.name) data-testid="row-menu">"…"</summary>
                    <ul class="row-menu-list">
                        <li><a href=env_href(&format!("/users/{}/permissions", user.code)) data-testid="row-edit-permissions">{if deactivated { "View permissions (read-only)" } else { "Edit permissions" }}</a></li>
                        <li><a href=env_href(&format!("/users/{}", user.code))>"Effective access"</a></li>
                        <li><a href=env_href("/simulator")>"Open the simulator"</a></li>
                    </ul>
                </details>
            </td>
        </tr>
    }
}

/// First letters of the first and last word ("Anna de Vries" → "AV").
fn initials(name: &str) -> String {
    let mut words = name.split_whitespace();
    let first = words.next().and_then(|w| w.chars().next());
    let last = words.last().and_then(|w| w.chars().next());
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_first_and_last_word() {
        assert_eq!(initials("Anna de Vries"), "AV");
        assert_eq!(initials("jasmijn"), "J");
        assert_eq!(initials("  "), "");
    }
}
