//! The grouped left navigation.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::studio::use_studio;

/// Navigation groups and their views (only views that exist are listed).
const SECTIONS: &[(&str, &[(&str, &str)])] = &[
    ("People", &[("Users", "/users"), ("Groups", "/groups")]),
    (
        "Resources",
        &[("Apps", "/apps"), ("Connectors", "/connectors")],
    ),
    (
        "Integration",
        &[
            ("App connectors", "/app-connectors"),
            ("Tokens", "/tokens"),
            ("Provisioning", "/provisioning"),
        ],
    ),
    (
        "Data",
        &[
            ("Data environments", "/data-environments"),
            ("Tables & filters", "/tables"),
        ],
    ),
    (
        "Collaboration",
        &[("Collaborators", "/collaborators"), ("Sync", "/sync")],
    ),
    (
        "Insight",
        &[
            ("Simulator", "/simulator"),
            ("Access matrix", "/access-matrix"),
            ("Access tests", "/access-tests"),
            ("Audit log", "/audit"),
            ("Precedence rule", "/precedence"),
        ],
    ),
];

/// Views only the account owner may open (or, for access tests, edit): not listed for anyone
/// else (resource owners may still open Access tests by its address, read only).
const OWNER_ONLY: &[&str] = &["/provisioning", "/access-tests", "/audit"];

/// The left navigation; the current view is marked with `aria-current`.
#[component]
pub fn SideNav() -> impl IntoView {
    let studio = use_studio();
    let owner = move || studio.is_account_owner();
    view! {
        <nav class="side-nav" aria-label="Main">
            {SECTIONS
                .iter()
                .map(|(section, links)| {
                    view! {
                        <div class="nav-section">
                            <p class="nav-heading">{*section}</p>
                            <ul>
                                {links
                                    .iter()
                                    .map(|(label, href)| {
                                        let hidden = move || OWNER_ONLY.contains(href) && !owner();
                                        // In the environment of the address.
                                        let path = move || studio.path_tracked(href);
                                        view! {
                                            <li hidden=hidden>
                                                <A href=path attr:class="nav-link">{*label}</A>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })
                .collect_view()}
        </nav>
    }
}
