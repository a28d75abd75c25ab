//! The Manage Users table: sortable header, one row per user, skeleton rows while loading.

use gatehouse_wire::UserSummary;
use leptos::prelude::*;

use super::{SkeletonRows, UserRow};
use crate::user_query::SortKey;
use crate::user_selection::Selection;

const COLUMNS: &[(SortKey, &str)] = &[
    (SortKey::Name, "Name"),
    (SortKey::Code, "User code"),
    (SortKey::Email, "Email"),
    (SortKey::Status, "Status"),
];

/// Height of a row in pixels (40 px plus the 1 px border), for windowing.
const ROW_PX: f64 = 41.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 15;
/// Lists up to this long are rendered whole.
const WINDOW_FROM: usize = 300;

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
    /// The environment's participant number: users of other organisations are collaborators.
    #[prop(into, default = Signal::stored(String::new()))]
    participant: Signal<String>,
    /// The selection for bulk actions: a checkbox column when given.
    #[prop(optional)]
    selection: Option<RwSignal<Selection>>,
) -> impl IntoView {
    let shown_ids = move || users.with(|u| u.iter().map(|u| u.id.clone()).collect::<Vec<_>>());
    let select_header = selection.map(|selection| {
        let all = move || {
            let ids = shown_ids();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            selection.with(|s| (s.all_of(&ids), s.count_of(&ids) > 0))
        };
        view! {
            <th scope="col" class="select-col">
                <input type="checkbox" data-testid="select-all"
                    aria-label=move || format!("Select all {} users shown", users.with(Vec::len))
                    prop:checked=move || all().0
                    prop:indeterminate=move || { let (every, some) = all(); some && !every }
                    on:change=move |_| {
                        let ids = shown_ids();
                        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                        selection.update(|s| s.toggle_all(&ids));
                    }/>
            </th>
        }
    });
    let on_select = selection.map(|selection| {
        Callback::new(move |(id, range): (String, bool)| {
            let ids = shown_ids();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            selection.update(|s| s.toggle(&id, range, &ids));
        })
    });
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
    // Only the rows in view (plus a margin) are in the DOM, so 10,000 users scroll smoothly;
    // spacer rows keep the scrollbar true to the whole list.
    let scroll = RwSignal::new((0.0_f64, 600.0_f64));
    let window = Memo::new(move |_| {
        let total = users.with(Vec::len);
        if total <= WINDOW_FROM {
            return (0, total);
        }
        let (top, height) = scroll.get();
        let first = ((top / ROW_PX) as usize)
            .saturating_sub(OVERSCAN)
            .min(total);
        let last = (first + (height / ROW_PX) as usize + 2 * OVERSCAN).min(total);
        (first, last)
    });
    view! {
        <div class="table-wrap" on:scroll=move |ev| {
            let target: web_sys::Element = event_target(&ev);
            scroll.set((f64::from(target.scroll_top()), f64::from(target.client_height())));
        }>
            <table class="data-table" data-testid="users-table" aria-busy=move || loading.get().to_string()>
                <caption class="visually-hidden">"Users of this environment"</caption>
                <thead>
                    <tr>
                        {select_header}
                        {COLUMNS.iter().copied().map(header).collect_view()}
                        <th scope="col">"Groups"</th>
                        <th scope="col"><span class="visually-hidden">"Options"</span></th>
                    </tr>
                </thead>
                {move || {
                    if loading.get() {
                        view! { <SkeletonRows rows=8 columns=if selection.is_some() { 7 } else { 6 }/> }.into_any()
                    } else {
                        view! {
                            <tbody>
                                <tr class="spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().0 as f64 * ROW_PX)></tr>
                                <For each=move || { let (first, last) = window.get(); users.with(|u| u[first..last].to_vec()) } key=|user| (user.id.clone(), user.version, user.groups.iter().map(|g| g.id.clone()).collect::<Vec<_>>()) let:user>
                                    {
                                        let id = user.id.clone();
                                        let selected = selection.map(|s| Signal::derive(move || s.with(|s| s.ids.contains(&id))));
                                        view! { <UserRow user=user participant=participant.get_untracked() selected on_select/> }
                                    }
                                </For>
                                <tr class="spacer" aria-hidden="true" style:height=move || {
                                    let (_, last) = window.get();
                                    format!("{}px", users.with(Vec::len).saturating_sub(last) as f64 * ROW_PX)
                                }></tr>
                            </tbody>
                        }
                            .into_any()
                    }
                }}
            </table>
        </div>
    }
}
