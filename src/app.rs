//! The router and the frame every view sits in.

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

use crate::api::ApiFailure;
use crate::components::{DemoBanner, ErrorState, SideNav, TopBar};
use crate::lazy_routes::{AreaLoading, Page};
use crate::leave_guard::{provide_leave_guard, LeavePrompt};
use crate::pages::{NotFoundPage, SignInPage};
use crate::studio::{use_studio, Studio};

/// The whole studio: the sign-in screen until someone is signed in, then the frame.
#[component]
pub fn App() -> impl IntoView {
    crate::busy::init();
    // Before the router: the guard's Back listener must run ahead of the router's.
    provide_leave_guard();
    provide_context(Studio::new());
    let studio = use_studio();
    // A memo, so the screen is rebuilt only when the phase really changes (a half-typed
    // sign-in form must survive the session resource notifying again).
    let phase = Memo::new(move |_| match studio.session.get() {
        None => Phase::Starting,
        Some(Ok(_)) => Phase::SignedIn,
        Some(Err(failure)) if failure.is_unauthorized() => Phase::SignIn,
        Some(Err(failure)) => Phase::Failed(failure),
    });
    let loading = AreaLoading(RwSignal::new(0));
    provide_context(loading);
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            {move || match phase.get() {
                Phase::Starting => view! {
                    <div class="splash" role="status" data-testid="starting">"Opening Gatehouse…"</div>
                }.into_any(),
                Phase::SignedIn => view! { <Frame loading/> }.into_any(),
                Phase::SignIn => {
                    crate::lazy_routes::prefetch_users_area();
                    view! { <SignInPage/> }.into_any()
                }
                Phase::Failed(failure) => view! {
                    <main class="splash" id="main">
                        <ErrorState title=failure.title().to_owned() detail=failure.detail()
                            on_retry=Callback::new(move |()| studio.reload_session())/>
                    </main>
                }.into_any(),
            }}
        </Router>
    }
}

/// Which screen the studio shows.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Asking the server who is signed in.
    Starting,
    /// Nobody is signed in.
    SignIn,
    /// Someone is signed in: the frame and the routed view.
    SignedIn,
    /// The server could not be asked.
    Failed(ApiFailure),
}

/// Top bar, navigation and the routed view.
#[component]
fn Frame(
    /// Whether a view's code is still loading (the first visit to an area).
    loading: AreaLoading,
) -> impl IntoView {
    crate::lazy_routes::prefetch_users_area();
    view! {
        <DemoBanner/>
        <div class="route-progress" role="progressbar" aria-label="Opening the view"
            hidden=move || !loading.is_loading()></div>
        <div class="frame">
            <TopBar/>
            <SideNav/>
            <main id="main" class="content" tabindex="-1">
                <FlatRoutes fallback=NotFoundPage>
                    <Route path=path!("/") view=Page::Home/>
                    <Route path=path!("/users") view=Page::Users/>
                    <Route path=path!("/users/:code") view=Page::User/>
                    <Route path=path!("/users/:code/permissions") view=Page::UserPermissions/>
                    <Route path=path!("/groups") view=Page::Groups/>
                    <Route path=path!("/groups/:id") view=Page::Group/>
                    <Route path=path!("/groups/:id/permissions") view=Page::GroupPermissions/>
                    <Route path=path!("/apps") view=Page::Apps/>
                    <Route path=path!("/apps/:id/permissions") view=Page::Permissions/>
                    <Route path=path!("/connectors") view=Page::Connectors/>
                    <Route path=path!("/connectors/:id/permissions") view=Page::Permissions/>
                    <Route path=path!("/app-connectors") view=Page::AppConnectors/>
                    <Route path=path!("/tokens") view=Page::Tokens/>
                    <Route path=path!("/provisioning") view=Page::Provisioning/>
                    <Route path=path!("/tables") view=Page::Tables/>
                    <Route path=path!("/tables/:id") view=Page::Table/>
                    <Route path=path!("/collaborators") view=Page::Collaborators/>
                    <Route path=path!("/sync") view=Page::Sync/>
                    <Route path=path!("/simulator") view=Page::Simulator/>
                    <Route path=path!("/access-matrix") view=Page::AccessMatrix/>
                    <Route path=path!("/access-tests") view=Page::AccessTests/>
                    <Route path=path!("/audit") view=Page::AuditLog/>
                    <Route path=path!("/precedence") view=Page::Precedence/>
                    <Route path=path!("/data-environments") view=Page::DataEnvironments/>
                    <Route path=path!("/data-environments/compare") view=Page::CompareEnvironments/>
                </FlatRoutes>
            </main>
        </div>
        <LeavePrompt/>
    }
}
