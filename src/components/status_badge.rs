//! The Active / Deactivated badge of a user.

use gatehouse_wire::UserStatus;
use leptos::prelude::*;

/// A coloured badge for a user's status.
#[component]
pub fn StatusBadge(
    /// The status to show.
    #[prop(into)]
    status: Signal<UserStatus>,
) -> impl IntoView {
    let class = move || match status.get() {
        UserStatus::Active => "badge badge-active",
        UserStatus::Deactivated => "badge badge-deactivated",
    };
    view! { <span class=class data-testid="status-badge">{move || status.get().label()}</span> }
}
