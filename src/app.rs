//! The router and the frame every view sits in.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::ApiFailure;
use crate::components::{DemoBanner, ErrorState, SideNav, TopBar};
use crate::pages::{
    AppConnectorsPage, AppsPage, CollaboratorsPage, ConnectorsPage, GroupPage,
    GroupPermissionsPage, GroupsPage, NotFoundPage, PermissionsPage, SignInPage, SimulatorPage,
    SyncPage, TablePage, TablesPage, TokensPage, UserPage, UserPermissionsPage, UsersPage,
};
use crate::studio::{use_studio, Studio};

/// The whole studio: the sign-in screen until someone is signed in, then the frame.
#[component]
pub fn App() -> impl IntoView {
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
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            {move || match phase.get() {
                Phase::Starting => view! {
                    <div class="splash" role="status" data-testid="starting">"Opening Gatehouse…"</div>
                }.into_any(),
                Phase::SignedIn => view! { <Frame/> }.into_any(),
                Phase::SignIn => view! { <SignInPage/> }.into_any(),
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
fn Frame() -> impl IntoView {
    view! {
        <DemoBanner/>
        <div class="frame">
            <TopBar/>
            <SideNav/>
            <main id="main" class="content" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/users"/> }/>
                    <Route path=path!("/users") view=UsersPage/>
                    <Route path=path!("/users/:code") view=UserPage/>
                    <Route path=path!("/users/:code/permissions") view=UserPermissionsPage/>
                    <Route path=path!("/groups") view=GroupsPage/>
                    <Route path=path!("/groups/:id") view=GroupPage/>
                    <Route path=path!("/groups/:id/permissions") view=GroupPermissionsPage/>
                    <Route path=path!("/apps") view=AppsPage/>
                    <Route path=path!("/apps/:id/permissions") view=PermissionsPage/>
                    <Route path=path!("/connectors") view=ConnectorsPage/>
                    <Route path=path!("/connectors/:id/permissions") view=PermissionsPage/>
                    <Route path=path!("/app-connectors") view=AppConnectorsPage/>
                    <Route path=path!("/tokens") view=TokensPage/>
                    <Route path=path!("/tables") view=TablesPage/>
                    <Route path=path!("/tables/:id") view=TablePage/>
                    <Route path=path!("/collaborators") view=CollaboratorsPage/>
                    <Route path=path!("/sync") view=SyncPage/>
                    <Route path=path!("/simulator") view=SimulatorPage/>
                </Routes>
            </main>
        </div>
    }
}
