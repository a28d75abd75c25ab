//! The designed state for a view that needs the Gatehouse server in the server-less demo.

use leptos::prelude::*;

/// Says what the view would show and how to get it, instead of an error.
#[component]
pub fn ServerOnly(
    /// What needs the server, e.g. "Collaborators and licences".
    #[prop(into)]
    what: String,
) -> impl IntoView {
    view! {
        <div class="state server-only" role="note" data-testid="server-only">
            <div class="state-icon" aria-hidden="true">"⇄"</div>
            <p class="state-title">{format!("{what} need the Gatehouse server")}</p>
            <p class="state-detail">
                "This demo runs in your browser on sample data. Collaborators work across organisations and the nightly sync runs on the server, so they are not part of the demo. Run the server ("
                <code>"scripts/run.sh"</code>") to try them."
            </p>
        </div>
    }
}
