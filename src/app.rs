//! The router and the frame every view sits in.

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Redirect, Route, Router};
use leptos_router::path;
use leptos_router::Lazy;

use crate::api::ApiFailure;
use crate::components::{DemoBanner, ErrorState, SideNav, TopBar};
use crate::lazy_routes::{
    AppConnectorsRoute, AppsRoute, AreaLoading, CollaboratorsRoute, ConnectorsRoute,
    GroupPermissionsRoute, GroupRoute, GroupsRoute, PermissionsRoute, SimulatorRoute, SyncRoute,
    TableRoute, TablesRoute, TokensRoute, UserPermissionsRoute, UserRoute, UsersRoute,
};
use crate::pages::{NotFoundPage, SignInPage};
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
                    <Route path=path!("/") view=|| view! { <Redirect path="/users"/> }/>
                    <Route path=path!("/users") view={Lazy::<UsersRoute>::new()}/>
                    <Route path=path!("/users/:code") view={Lazy::<UserRoute>::new()}/>
                    <Route path=path!("/users/:code/permissions") view={Lazy::<UserPermissionsRoute>::new()}/>
                    <Route path=path!("/groups") view={Lazy::<GroupsRoute>::new()}/>
                    <Route path=path!("/groups/:id") view={Lazy::<GroupRoute>::new()}/>
                    <Route path=path!("/groups/:id/permissions") view={Lazy::<GroupPermissionsRoute>::new()}/>
                    <Route path=path!("/apps") view={Lazy::<AppsRoute>::new()}/>
                    <Route path=path!("/apps/:id/permissions") view={Lazy::<PermissionsRoute>::new()}/>
                    <Route path=path!("/connectors") view={Lazy::<ConnectorsRoute>::new()}/>
                    <Route path=path!("/connectors/:id/permissions") view={Lazy::<PermissionsRoute>::new()}/>
                    <Route path=path!("/app-connectors") view={Lazy::<AppConnectorsRoute>::new()}/>
                    <Route path=path!("/tokens") view={Lazy::<TokensRoute>::new()}/>
                    <Route path=path!("/tables") view={Lazy::<TablesRoute>::new()}/>
                    <Route path=path!("/tables/:id") view={Lazy::<TableRoute>::new()}/>
                    <Route path=path!("/collaborators") view={Lazy::<CollaboratorsRoute>::new()}/>
                    <Route path=path!("/sync") view={Lazy::<SyncRoute>::new()}/>
                    <Route path=path!("/simulator") view={Lazy::<SimulatorRoute>::new()}/>
                </FlatRoutes>
            </main>
        </div>
    }
}
