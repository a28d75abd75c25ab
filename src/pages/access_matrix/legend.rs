//! What the cell colours mean (each cell also names its role, so colour is not the only
//! carrier).

use leptos::prelude::*;

/// The colour of each role level, lowest first.
const LEVELS: &[(&str, &str)] = &[
    ("role role-none", "None"),
    ("role role-preview", "Preview Only / Use Only"),
    ("role role-editor", "Editor"),
    ("role role-publisher", "Publisher"),
    ("role role-owner", "Owner"),
];

/// The legend of role colours.
#[component]
pub fn Legend() -> impl IntoView {
    view! {
        <ul class="mx-legend" aria-label="Role colours" data-testid="matrix-legend">
            {LEVELS.iter().map(|(class, label)| view! { <li><span class=*class>{*label}</span></li> }).collect_view()}
        </ul>
    }
}
