//! An error state: the server's reason and a Retry button, never a blank page.

use leptos::prelude::*;

/// Shows a failure with a retry action.
#[component]
pub fn ErrorState(
    /// What failed, e.g. "Cannot reach the Gatehouse server".
    #[prop(into)]
    title: Signal<String>,
    /// The reason, preferably the server's own words.
    #[prop(into)]
    detail: Signal<String>,
    /// Called when the administrator asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="state error-state" role="alert" data-testid="error-state">
            <div class="state-icon" aria-hidden="true">"!"</div>
            <p class="state-title">{title}</p>
            <p class="state-detail">{detail}</p>
            <div class="state-actions">
                <button class="button primary" data-testid="retry" on:click=move |_| on_retry.run(())>
                    "Retry"
                </button>
            </div>
        </div>
    }
}
