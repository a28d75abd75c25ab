//! One row of the users table.

use gatehouse_wire::{UserStatus, UserSummary};
use leptos::prelude::*;

use super::StatusBadge;

/// A user's name, code, email, status and groups.
#[component]
pub fn UserRow(
    /// The user to show.
    user: UserSummary,
) -> impl IntoView {
    let initials: String = user.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let deactivated = user.status == UserStatus::Deactivated;
    let status = user.status;
    view! {
        <tr class:row-deactivated=deactivated data-testid="user-row" data-code=user.code.clone()>
            <td>
                <span class="person">
                    <span class="avatar" aria-hidden="true">{initials}</span>
                    <span class="person-name">{user.name.clone()}</span>
                    {user.account_owner.then(|| view! { <span class="badge badge-owner">"Account owner"</span> })}
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
        </tr>
    }
}
