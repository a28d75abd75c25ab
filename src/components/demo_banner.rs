//! The banner that says the studio runs on the in-browser demo store.

use leptos::prelude::*;

use crate::demo;

/// "Demo mode — changes stay in this browser", with a reset; nothing when a server is used.
#[component]
pub fn DemoBanner() -> impl IntoView {
    demo::is_active().then(|| {
        view! {
            <div class="demo-banner" role="status" data-testid="demo-banner">
                <strong>"Demo mode"</strong>" — changes stay in this browser. "
                <button class="link-button" on:click=|_| demo::reset()>"Reset the demo data"</button>
            </div>
        }
    })
}
