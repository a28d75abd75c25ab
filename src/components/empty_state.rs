//! An empty state: says what is (not) here and what to do next.

use leptos::prelude::*;

/// A centred message with an optional call to action as children.
#[component]
pub fn EmptyState(
    /// The headline, e.g. "No users match".
    #[prop(into)]
    title: Signal<String>,
    /// One sentence on what to do next.
    #[prop(into)]
    detail: Signal<String>,
    /// Actions (buttons, links).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="state empty-state" role="status" data-testid="empty-state">
            <div class="state-icon" aria-hidden="true">"∅"</div>
            <p class="state-title">{title}</p>
            <p class="state-detail">{detail}</p>
            <div class="state-actions">{children.map(|c| c())}</div>
        </div>
    }
}
