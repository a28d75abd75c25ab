//! The router and the frame every view sits in.

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Redirect, Route, Router};
use leptos_router::hooks::use_location;
use leptos_router::{path, NavigateOptions};

use crate::api::ApiFailure;
use crate::components::{DemoBanner, ErrorState, SideNav, TopBar};
use crate::lazy_routes::{AreaLoading, Page, Rare};
use crate::leave_guard::{provide_leave_guard, LeavePrompt};
use crate::pages::{NotFoundPage, SignInPage};
use crate::studio::{use_studio, Studio};
use crate::studio_path;

/// The whole studio: the sign-in screen until someone is signed in, then the frame.
#[component]
pub fn App() -> impl IntoView {
    crate::busy::init();
    // Before the router: the guard's Back listener must run ahead of the router's.
    provide_leave_guard();
    let loading = AreaLoading(RwSignal::new(0));
    provide_context(loading);
    view! {
        <Router>
            <Shell loading/>
        </Router>
    }
}

/// Inside the router (the studio state reads the environment from the address): the screen
/// for the session's phase.
#[component]
fn Shell(loading: AreaLoading) -> impl IntoView {
    provide_context(Studio::new(use_location().pathname));
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
    let studio = use_studio();
    let location = use_location();
    // Which environment the address names, once the list is known.
    let place = Memo::new(move |_| {
        let environments = studio.environments.get()?;
        Some(match environments {
            Err(failure) => Place::Failed(failure),
            Ok(list) => match studio.selected.get() {
                Some(code) if list.iter().any(|env| env.code == code) => Place::In(code),
                Some(code) => Place::Unknown(code),
                None => match list.first() {
                    Some(first) => Place::Without(first.code.clone()),
                    None => Place::Failed(crate::studio::no_environments()),
                },
            },
        })
    });
    view! {
        <DemoBanner/>
        <div class="route-progress" role="progressbar" aria-label="Opening the view"
            hidden=move || !loading.is_loading()></div>
        <div class="frame">
            <TopBar/>
            <SideNav/>
            <main id="main" class="content" tabindex="-1">
                {move || match place.get() {
                    None => view! {
                        <div class="splash" role="status" data-testid="starting">"Opening Gatehouse…"</div>
                    }.into_any(),
                    Some(Place::Failed(failure)) => view! {
                        <ErrorState title=failure.title().to_owned() detail=failure.detail()
                            on_retry=Callback::new(move |()| studio.environments.refetch())/>
                    }.into_any(),
                    // An address without an environment (`/users`, `/`): the same view in the
                    // first environment, in place of the address rather than after it.
                    Some(Place::Without(first)) => {
                        let view = studio_path::split(&location.pathname.get_untracked()).view.to_owned();
                        let search = location.search.get_untracked();
                        let to = format!(
                            "{}{}{search}{}",
                            studio_path::join(&first, &view),
                            if search.is_empty() { "" } else { "?" },
                            location.hash.get_untracked(),
                        );
                        view! { <Redirect path=to options=NavigateOptions { replace: true, ..Default::default() }/> }.into_any()
                    }
                    Some(Place::Unknown(code)) => crate::lazy_routes::rare(Rare::NoSuchEnvironment(code)).into_any(),
                    // Keyed by the environment: another one builds every view anew.
                    Some(Place::In(_)) => view! { <Views/> }.into_any(),
                }}
            </main>
        </div>
        <LeavePrompt/>
    }
}

/// Where the address leads.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    /// The environment with this code.
    In(String),
    /// No environment in the address: go to the first one (this code).
    Without(String),
    /// An environment the signed-in administrator does not have.
    Unknown(String),
    /// The environments could not be loaded.
    Failed(ApiFailure),
}

/// The routed views of one environment.
#[component]
fn Views() -> impl IntoView {
    view! {
        <FlatRoutes fallback=NotFoundPage>
            <Route path=path!("/:env") view=Page::Home/>
            <Route path=path!("/:env/users") view=Page::Users/>
            <Route path=path!("/:env/users/:code") view=Page::User/>
            <Route path=path!("/:env/users/:code/permissions") view=Page::UserPermissions/>
            <Route path=path!("/:env/groups") view=Page::Groups/>
            <Route path=path!("/:env/groups/:id") view=Page::Group/>
            <Route path=path!("/:env/groups/:id/permissions") view=Page::GroupPermissions/>
            <Route path=path!("/:env/apps") view=Page::Apps/>
            <Route path=path!("/:env/apps/:id/permissions") view=Page::Permissions/>
            <Route path=path!("/:env/connectors") view=Page::Connectors/>
            <Route path=path!("/:env/connectors/:id/permissions") view=Page::Permissions/>
            <Route path=path!("/:env/app-connectors") view=Page::AppConnectors/>
            <Route path=path!("/:env/tokens") view=Page::Tokens/>
            <Route path=path!("/:env/provisioning") view=Page::Provisioning/>
            <Route path=path!("/:env/tables") view=Page::Tables/>
            <Route path=path!("/:env/tables/:id") view=Page::Table/>
            <Route path=path!("/:env/collaborators") view=Page::Collaborators/>
            <Route path=path!("/:env/sync") view=Page::Sync/>
            <Route path=path!("/:env/simulator") view=Page::Simulator/>
            <Route path=path!("/:env/access-matrix") view=Page::AccessMatrix/>
            <Route path=path!("/:env/access-tests") view=Page::AccessTests/>
            <Route path=path!("/:env/audit") view=Page::AuditLog/>
            <Route path=path!("/:env/precedence") view=Page::Precedence/>
            <Route path=path!("/:env/data-environments") view=Page::DataEnvironments/>
            <Route path=path!("/:env/data-environments/compare") view=Page::CompareEnvironments/>
        </FlatRoutes>
    }
}
