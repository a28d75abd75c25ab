//! The Manage Users table: sortable header, one row per user, skeleton rows while loading.

use gatehouse_wire::UserSummary;
use leptos::prelude::*;

use super::{SkeletonRows, UserRow};
use crate::user_query::SortKey;

const COLUMNS: &[(SortKey, &str)] = &[
    (SortKey::Name, "Name"),
    (SortKey::Code, "User code"),
    (SortKey::Email, "Email"),
    (SortKey::Status, "Status"),
];

/// A table of users.
#[component]
pub fn UsersTable(
    /// The users to show, already filtered and sorted.
    #[prop(into)]
    users: Signal<Vec<UserSummary>>,
    /// The column sorted by and whether descending.
    #[prop(into)]
    sort: Signal<(SortKey, bool)>,
    /// Called with a column when its header is activated.
    on_sort: Callback<SortKey>,
    /// Whether the data is still loading (draws skeleton rows).
    #[prop(into, default = Signal::stored(false))]
    loading: Signal<bool>,
) -> impl IntoView {
    let header = move |(key, label): (SortKey, &'static str)| {
        let aria_sort = move || match sort.get() {
            (k, false) if k == key => "ascending",
            (k, true) if k == key => "descending",
            _ => "none",
        };
        let arrow = move || match sort.get() {
            (k, false) if k == key => "▲",
            (k, true) if k == key => "▼",
            _ => "",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button class="sort-button" on:click=move |_| on_sort.run(key)>
                    {label}
                    <span class="sort-arrow" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="users-table" aria-busy=move || loading.get().to_string()>
                <caption class="visually-hidden">"Users of this environment"</caption>
                <thead>
                    <tr>
                        {COLUMNS.iter().copied().map(header).collect_view()}
                        <th scope="col">"Groups"</th>
                    </tr>
                </thead>
                {move || {
                    if loading.get() {
                        view! { <SkeletonRows rows=8 columns=5/> }.into_any()
                    } else {
                        view! {
                            <tbody>
                                <For each=move || users.get() key=|user| (user.id.clone(), user.version) let:user>
                                    <UserRow user=user/>
                                </For>
                            </tbody>
                        }
                            .into_any()
                    }
                }}
            </table>
        </div>
    }
}
