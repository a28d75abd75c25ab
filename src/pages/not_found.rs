//! The view for URLs the studio does not know.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::EmptyState;

/// "No such page", with the way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let location = use_location();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title" class="page-title">"Page not found"</h1>
            <EmptyState
                title="There is no page at this address"
                detail=Signal::derive(move || format!("Nothing lives at `{}`.", location.pathname.get()))
            >
                <a class="button primary" href="/users">"Go to Users"</a>
            </EmptyState>
        </section>
    }
}
