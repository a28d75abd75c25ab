//! The views that load on demand, in areas that load together.
//!
//! Each area function is a split point: `scripts/build-studio.sh` cuts the code only that area
//! uses out of the main WebAssembly module into a chunk the browser fetches the first time
//! someone opens one of its views. Areas follow the side navigation, so one visit fetches a
//! handful of files rather than one per view and the code views share. The sign-in screen and
//! the frame stay in the main module; Users is an area of its own because everyone lands there.
//! The split points exist only in that build (`--cfg gatehouse_split`); elsewhere (native
//! builds, the wasm component tests) the area functions are ordinary async functions. A chunk
//! that cannot be fetched shows an error state in the frame with a way to reload.

use leptos::prelude::*;
use leptos_router::ChooseView;

use gatehouse_wire::EnvironmentInfo;

use crate::components::{EnvironmentPicker, ErrorState, LeaveDialog};
use crate::pages::{
    AccessMatrixPage, AccessTestsPage, AppConnectorsPage, AppsPage, AuditLogPage,
    CollaboratorsPage, CompareEnvironmentsPage, ConnectorsPage, DataEnvironmentsPage,
    EnvironmentHome, GroupPage, GroupPermissionsPage, GroupsPage, PermissionsPage, PrecedencePage,
    ProvisioningPage, SimulatorPage, SyncPage, TablePage, TablesPage, TokensPage,
    UnknownEnvironment, UserPage, UserPermissionsPage, UsersPage,
};

/// An area's code could not be fetched: the connection dropped, or a newer studio was
/// published since the page was opened and this page's files are gone from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaUnavailable;

#[cfg(gatehouse_split)]
impl From<leptos::wasm_split::SplitLoaderError> for AreaUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        AreaUnavailable
    }
}

/// Declares an area: `async fn $name(..) -> Result<AnyView, AreaUnavailable>` that builds the
/// view `$body`. In the split build it is a split point (`wasm_split`, like Leptos' `#[lazy]`
/// but `fallible`: a chunk that cannot be fetched is an `Err` the frame shows, where `#[lazy]`
/// panics and stops the whole studio), with `$preload` fetching the chunk without building
/// anything.
macro_rules! area {
    ($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) preload $preload:ident => $body:expr) => {
        $(#[$doc])*
        #[cfg(gatehouse_split)]
        #[leptos::wasm_split::wasm_split(
            $name,
            wasm_split_path = ::leptos::wasm_split,
            preload(#[doc(hidden)] $preload),
            fallible
        )]
        fn $name($($arg: $ty),*) -> Result<AnyView, AreaUnavailable> {
            Ok($body)
        }

        $(#[$doc])*
        #[cfg(not(gatehouse_split))]
        async fn $name($($arg: $ty),*) -> Result<AnyView, AreaUnavailable> {
            Ok($body)
        }
    };
}

area!(
    /// Manage Users, where everyone lands after signing in.
    fn users_area() preload __preload_users_area => view! { <UsersPage/> }.into_any()
);

/// Fetches the Users area when the browser is idle, so the view most sessions open first is
/// ready when the administrator gets there (called by the sign-in screen and the frame; a
/// second call, or the router's own load, reuses the same fetch; a failed fetch is tried
/// again, and shown, when the view is opened).
pub fn prefetch_users_area() {
    #[cfg(gatehouse_split)]
    leptos::prelude::request_idle_callback(|| {
        leptos::task::spawn_local(async {
            let _ = __preload_users_area().await;
        });
    });
}

/// What the frame shows only now and then: kept out of the first screen's code and fetched
/// the first time it is needed (the leave question as soon as a draft holds an edit).
pub enum Rare {
    /// "Leave without saving?" (see [`crate::leave_guard`]).
    Leave {
        /// What would be lost.
        message: Signal<String>,
        /// Keep editing.
        on_stay: Callback<()>,
        /// Discard and go on.
        on_leave: Callback<()>,
    },
    /// The address names an environment the administrator does not have.
    NoSuchEnvironment(String),
    /// The environment switcher for many environments.
    EnvironmentPicker {
        /// Every environment.
        environments: Signal<Vec<EnvironmentInfo>>,
        /// The one in use.
        current: Signal<Option<EnvironmentInfo>>,
        /// Called with the picked code.
        on_pick: Callback<String>,
    },
}

area!(
    fn rare_area(which: Rare) preload __preload_rare_area => match which {
        Rare::Leave { message, on_stay, on_leave } => view! { <LeaveDialog message on_stay on_leave/> }.into_any(),
        Rare::NoSuchEnvironment(code) => view! { <UnknownEnvironment code/> }.into_any(),
        Rare::EnvironmentPicker { environments, current, on_pick } => view! { <EnvironmentPicker environments current on_pick/> }.into_any(),
    }
);

/// `which`, once its code has arrived (at once after the first time).
pub fn rare(which: Rare) -> impl IntoView {
    Suspend::new(async move {
        rare_area(which)
            .await
            .unwrap_or_else(|AreaUnavailable| view! { <AreaUnavailableState/> }.into_any())
    })
}

/// Fetches the rare screens' code in the background (called when a draft first holds an
/// edit, so the leave question opens at once).
pub fn prefetch_rare_area() {
    #[cfg(gatehouse_split)]
    leptos::task::spawn_local(async {
        let _ = __preload_rare_area().await;
    });
}

/// One person or group: their pages and Edit Permissions for them.
#[derive(Debug, Clone, Copy)]
enum People {
    User,
    UserPermissions,
    Groups,
    Group,
    GroupPermissions,
}

area!(
    fn people_area(which: People) preload __preload_people_area => match which {
        People::User => view! { <UserPage/> }.into_any(),
        People::UserPermissions => view! { <UserPermissionsPage/> }.into_any(),
        People::Groups => view! { <GroupsPage/> }.into_any(),
        People::Group => view! { <GroupPage/> }.into_any(),
        People::GroupPermissions => view! { <GroupPermissionsPage/> }.into_any(),
    }
);

/// Apps, connectors, a resource's grants and the simulator.
#[derive(Debug, Clone, Copy)]
enum Resources {
    Apps,
    Connectors,
    Permissions,
    Simulator,
    Precedence,
    DataEnvironments,
    CompareEnvironments,
}

area!(
    fn resources_area(which: Resources) preload __preload_resources_area => match which {
        Resources::Apps => view! { <AppsPage/> }.into_any(),
        Resources::Connectors => view! { <ConnectorsPage/> }.into_any(),
        Resources::Permissions => view! { <PermissionsPage/> }.into_any(),
        Resources::Simulator => view! { <SimulatorPage/> }.into_any(),
        Resources::Precedence => view! { <PrecedencePage/> }.into_any(),
        Resources::DataEnvironments => view! { <DataEnvironmentsPage/> }.into_any(),
        Resources::CompareEnvironments => view! { <CompareEnvironmentsPage/> }.into_any(),
    }
);

area!(
    /// The access matrix: a large view of its own, so opening Apps does not fetch it.
    fn matrix_area() preload __preload_matrix_area => view! { <AccessMatrixPage/> }.into_any()
);

area!(
    /// Access tests: saved expectations about access, and how each fares now.
    fn tests_area() preload __preload_tests_area => view! { <AccessTestsPage/> }.into_any()
);

area!(
    /// The audit log with undo (account owner).
    fn audit_area() preload __preload_audit_area => view! { <AuditLogPage/> }.into_any()
);

/// App connectors, tokens and SCIM provisioning.
#[derive(Debug, Clone, Copy)]
enum Integration {
    AppConnectors,
    Tokens,
    Provisioning,
}

area!(
    fn integration_area(which: Integration) preload __preload_integration_area => match which {
        Integration::AppConnectors => view! { <AppConnectorsPage/> }.into_any(),
        Integration::Tokens => view! { <TokensPage/> }.into_any(),
        Integration::Provisioning => view! { <ProvisioningPage/> }.into_any(),
    }
);

/// Tables and their filters.
#[derive(Debug, Clone, Copy)]
enum Data {
    Tables,
    Table,
}

area!(
    fn data_area(which: Data) preload __preload_data_area => match which {
        Data::Tables => view! { <TablesPage/> }.into_any(),
        Data::Table => view! { <TablePage/> }.into_any(),
    }
);

/// Collaborators and the nightly sync.
#[derive(Debug, Clone, Copy)]
enum Collaboration {
    Collaborators,
    Sync,
}

area!(
    fn collaboration_area(which: Collaboration) preload __preload_collaboration_area => match which {
        Collaboration::Collaborators => view! { <CollaboratorsPage/> }.into_any(),
        Collaboration::Sync => view! { <SyncPage/> }.into_any(),
    }
);

/// What a view whose code could not be fetched shows: the reason and a way on. Reloading
/// fetches the studio that is published now; what was saved is on the server.
#[component]
fn AreaUnavailableState() -> impl IntoView {
    let reload = Callback::new(|()| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    view! {
        <ErrorState
            title="This part of the studio could not be loaded"
            detail="Its code did not arrive: the connection may have dropped, or a newer \
                version of Gatehouse was published since this page was opened. Retry reloads \
                the page with the current version; everything saved is kept."
            on_retry=reload/>
    }
}

/// How many views are waiting for their area's code; the frame shows a progress bar while
/// any are. (Not the router's `set_is_routing`: that would also hold every navigation until
/// all of the new view's data has arrived, where views show their own loading states.)
#[derive(Debug, Clone, Copy)]
pub struct AreaLoading(pub RwSignal<usize>);

impl AreaLoading {
    /// True while some view's code is loading.
    pub fn is_loading(&self) -> bool {
        self.0.get() > 0
    }
}

/// Counts one view as loading until dropped (also when the navigation is abandoned).
struct Loading(Option<AreaLoading>, crate::busy::Busy);

impl Loading {
    fn start() -> Self {
        let loading = use_context::<AreaLoading>();
        if let Some(AreaLoading(count)) = loading {
            count.update(|n| *n += 1);
        }
        Loading(loading, crate::busy::Busy::start())
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        if let Some(AreaLoading(count)) = self.0 {
            count.try_update(|n| *n = n.saturating_sub(1));
        }
    }
}

/// A routed view. One type for every route, so the router's view-choosing code is compiled
/// once rather than once per route (each distinct route view type costs the main module
/// a copy of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/:env`: sends the administrator on to Manage Users.
    Home,
    /// `/users`: Manage Users.
    Users,
    /// `/users/:code`: one user's page.
    User,
    /// `/users/:code/permissions`: Edit Permissions for one user.
    UserPermissions,
    /// `/groups`: Manage Groups.
    Groups,
    /// `/groups/:id`: one group and its members.
    Group,
    /// `/groups/:id/permissions`: Edit Permissions for a group or All Users.
    GroupPermissions,
    /// `/apps`: the apps the administrator can see.
    Apps,
    /// `/connectors`: the connectors the administrator can see.
    Connectors,
    /// `/apps/:id/permissions` and `/connectors/:id/permissions`: one resource's grants.
    Permissions,
    /// `/simulator`: the effective-role simulator.
    Simulator,
    /// `/access-matrix`: every user's effective role on every resource.
    AccessMatrix,
    /// `/access-tests`: saved expectations about access and how each fares now.
    AccessTests,
    /// `/audit`: the audit log, in change sets, with undo (account owner).
    AuditLog,
    /// `/precedence`: the organisation's precedence rule.
    Precedence,
    /// `/data-environments`: the data environments grants cover.
    DataEnvironments,
    /// `/data-environments/compare`: two data environments compared, and copied across.
    CompareEnvironments,
    /// `/app-connectors`: app connectors and their members.
    AppConnectors,
    /// `/tokens`: issued tokens and Try a call.
    Tokens,
    /// `/provisioning`: SCIM provisioning (account owner).
    Provisioning,
    /// `/tables`: tables and their filters.
    Tables,
    /// `/tables/:id`: one table's filters, activations and preview.
    Table,
    /// `/collaborators`: licences and placements.
    Collaborators,
    /// `/sync`: the nightly collaborator sync.
    Sync,
}

impl Page {
    /// The view, once its area's code has arrived (fetched on the first visit).
    async fn load(self) -> Result<AnyView, AreaUnavailable> {
        match self {
            Page::Home => Ok(view! { <EnvironmentHome/> }.into_any()),
            Page::Users => users_area().await,
            Page::User => people_area(People::User).await,
            Page::UserPermissions => people_area(People::UserPermissions).await,
            Page::Groups => people_area(People::Groups).await,
            Page::Group => people_area(People::Group).await,
            Page::GroupPermissions => people_area(People::GroupPermissions).await,
            Page::Apps => resources_area(Resources::Apps).await,
            Page::Connectors => resources_area(Resources::Connectors).await,
            Page::Permissions => resources_area(Resources::Permissions).await,
            Page::Simulator => resources_area(Resources::Simulator).await,
            Page::AccessMatrix => matrix_area().await,
            Page::AccessTests => tests_area().await,
            Page::AuditLog => audit_area().await,
            Page::Precedence => resources_area(Resources::Precedence).await,
            Page::DataEnvironments => resources_area(Resources::DataEnvironments).await,
            Page::CompareEnvironments => resources_area(Resources::CompareEnvironments).await,
            Page::AppConnectors => integration_area(Integration::AppConnectors).await,
            Page::Tokens => integration_area(Integration::Tokens).await,
            Page::Provisioning => integration_area(Integration::Provisioning).await,
            Page::Tables => data_area(Data::Tables).await,
            Page::Table => data_area(Data::Table).await,
            Page::Collaborators => collaboration_area(Collaboration::Collaborators).await,
            Page::Sync => collaboration_area(Collaboration::Sync).await,
        }
    }
}

impl ChooseView for Page {
    async fn choose(self) -> AnyView {
        // Counted while the area's code is fetched (dropped also when the navigation is left).
        let _loading = Loading::start();
        self.load()
            .await
            .unwrap_or_else(|AreaUnavailable| view! { <AreaUnavailableState/> }.into_any())
    }

    async fn preload(&self) {}
}
