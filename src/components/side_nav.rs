//! The grouped left navigation.

use leptos::prelude::*;
use leptos_router::components::A;

/// Navigation groups and their views (only views that exist are listed).
const SECTIONS: &[(&str, &[(&str, &str)])] = &[
    ("People", &[("Users", "/users"), ("Groups", "/groups")]),
    (
        "Resources",
        &[("Apps", "/apps"), ("Connectors", "/connectors")],
    ),
    (
        "Integration",
        &[("App connectors", "/app-connectors"), ("Tokens", "/tokens")],
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
            ("Precedence rule", "/precedence"),
        ],
    ),
];

/// The left navigation; the current view is marked with `aria-current`.
#[component]
pub fn SideNav() -> impl IntoView {
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
                                        view! {
                                            <li>
                                                <A href=*href attr:class="nav-link">{*label}</A>
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
