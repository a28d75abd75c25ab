//! The designed state for a view that needs the Gatehouse server in the server-less demo.

use leptos::prelude::*;

/// Says what the view would show and how to get it, instead of an error.
#[component]
pub fn ServerOnly(
    /// What needs the server, e.g. "Collaborators and licences".
    #[prop(into)]
    what: String,
    /// One line inside a panel instead of a full state.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    if compact {
        return view! {
            <p class="hint server-only-line" role="note" data-testid="server-only">
                {format!("{what} need the Gatehouse server: this demo runs in your browser without one. Run ")}
                <code>"scripts/run.sh"</code>" to try them."
            </p>
        }
        .into_any();
    }
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
    .into_any()
}
