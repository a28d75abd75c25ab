//! The router and the frame every view sits in.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::{SideNav, TopBar};
use crate::pages::{NotFoundPage, UsersPage};
use crate::studio::Studio;

/// The whole studio.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Studio::new());
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <div class="frame">
                <TopBar/>
                <SideNav/>
                <main id="main" class="content" tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=|| view! { <Redirect path="/users"/> }/>
                        <Route path=path!("/users") view=UsersPage/>
                    </Routes>
                </main>
            </div>
        </Router>
    }
}
