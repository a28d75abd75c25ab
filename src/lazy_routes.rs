//! The views that load on demand, in areas that load together.
//!
//! Each area function is a split point: `scripts/build-studio.sh` cuts the code only that area
//! uses out of the main WebAssembly module into a chunk the browser fetches the first time
//! someone opens one of its views. Areas follow the side navigation, so one visit fetches a
//! handful of files rather than one per view and the code views share. The sign-in screen and
//! the frame stay in the main module; Users is an area of its own because everyone lands there.
//! The split points exist only in that build (`--cfg gatehouse_split`); elsewhere (native
//! builds, the wasm component tests) the area functions are ordinary async functions.

#[cfg(gatehouse_split)]
use leptos::lazy;
use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::pages::{
    AppConnectorsPage, AppsPage, CollaboratorsPage, ConnectorsPage, GroupPage,
    GroupPermissionsPage, GroupsPage, PermissionsPage, SimulatorPage, SyncPage, TablePage,
    TablesPage, TokensPage, UserPage, UserPermissionsPage, UsersPage,
};

/// Manage Users, where everyone lands after signing in.
#[cfg_attr(gatehouse_split, lazy)]
async fn users_area() -> AnyView {
    view! { <UsersPage/> }.into_any()
}

/// Fetches the Users area when the browser is idle, so the view most sessions open first is
/// ready when the administrator gets there (called by the sign-in screen and the frame; a
/// second call, or the router's own load, reuses the same fetch).
pub fn prefetch_users_area() {
    #[cfg(gatehouse_split)]
    leptos::prelude::request_idle_callback(|| {
        leptos::task::spawn_local(async {
            let _ = __preload_users_area().await;
        });
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

#[cfg_attr(gatehouse_split, lazy)]
async fn people_area(which: People) -> AnyView {
    match which {
        People::User => view! { <UserPage/> }.into_any(),
        People::UserPermissions => view! { <UserPermissionsPage/> }.into_any(),
        People::Groups => view! { <GroupsPage/> }.into_any(),
        People::Group => view! { <GroupPage/> }.into_any(),
        People::GroupPermissions => view! { <GroupPermissionsPage/> }.into_any(),
    }
}

/// Apps, connectors, a resource's grants and the simulator.
#[derive(Debug, Clone, Copy)]
enum Resources {
    Apps,
    Connectors,
    Permissions,
    Simulator,
}

#[cfg_attr(gatehouse_split, lazy)]
async fn resources_area(which: Resources) -> AnyView {
    match which {
        Resources::Apps => view! { <AppsPage/> }.into_any(),
        Resources::Connectors => view! { <ConnectorsPage/> }.into_any(),
        Resources::Permissions => view! { <PermissionsPage/> }.into_any(),
        Resources::Simulator => view! { <SimulatorPage/> }.into_any(),
    }
}

/// App connectors and tokens.
#[derive(Debug, Clone, Copy)]
enum Integration {
    AppConnectors,
    Tokens,
}

#[cfg_attr(gatehouse_split, lazy)]
async fn integration_area(which: Integration) -> AnyView {
    match which {
        Integration::AppConnectors => view! { <AppConnectorsPage/> }.into_any(),
        Integration::Tokens => view! { <TokensPage/> }.into_any(),
    }
}

/// Tables and their filters.
#[derive(Debug, Clone, Copy)]
enum Data {
    Tables,
    Table,
}

#[cfg_attr(gatehouse_split, lazy)]
async fn data_area(which: Data) -> AnyView {
    match which {
        Data::Tables => view! { <TablesPage/> }.into_any(),
        Data::Table => view! { <TablePage/> }.into_any(),
    }
}

/// Collaborators and the nightly sync.
#[derive(Debug, Clone, Copy)]
enum Collaboration {
    Collaborators,
    Sync,
}

#[cfg_attr(gatehouse_split, lazy)]
async fn collaboration_area(which: Collaboration) -> AnyView {
    match which {
        Collaboration::Collaborators => view! { <CollaboratorsPage/> }.into_any(),
        Collaboration::Sync => view! { <SyncPage/> }.into_any(),
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
struct Loading(Option<AreaLoading>);

impl Loading {
    fn start() -> Self {
        let loading = use_context::<AreaLoading>();
        if let Some(AreaLoading(count)) = loading {
            count.update(|n| *n += 1);
        }
        Loading(loading)
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        if let Some(AreaLoading(count)) = self.0 {
            count.try_update(|n| *n = n.saturating_sub(1));
        }
    }
}

/// Declares a route type whose view is `$load`, awaited (it may fetch the area's chunk).
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $load:expr) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                let _loading = Loading::start();
                $load.await
            }
        }
    };
}

lazy_page!(
    /// `/users`: Manage Users.
    UsersRoute => users_area()
);
lazy_page!(
    /// `/users/:code`: one user's page.
    UserRoute => people_area(People::User)
);
lazy_page!(
    /// `/users/:code/permissions`: Edit Permissions for one user.
    UserPermissionsRoute => people_area(People::UserPermissions)
);
lazy_page!(
    /// `/groups`: Manage Groups.
    GroupsRoute => people_area(People::Groups)
);
lazy_page!(
    /// `/groups/:id`: one group and its members.
    GroupRoute => people_area(People::Group)
);
lazy_page!(
    /// `/groups/:id/permissions`: Edit Permissions for a group or All Users.
    GroupPermissionsRoute => people_area(People::GroupPermissions)
);
lazy_page!(
    /// `/apps`: the apps the administrator can see.
    AppsRoute => resources_area(Resources::Apps)
);
lazy_page!(
    /// `/connectors`: the connectors the administrator can see.
    ConnectorsRoute => resources_area(Resources::Connectors)
);
lazy_page!(
    /// `/apps/:id/permissions` and `/connectors/:id/permissions`: one resource's grants.
    PermissionsRoute => resources_area(Resources::Permissions)
);
lazy_page!(
    /// `/simulator`: the effective-role simulator.
    SimulatorRoute => resources_area(Resources::Simulator)
);
lazy_page!(
    /// `/app-connectors`: app connectors and their members.
    AppConnectorsRoute => integration_area(Integration::AppConnectors)
);
lazy_page!(
    /// `/tokens`: issued tokens and Try a call.
    TokensRoute => integration_area(Integration::Tokens)
);
lazy_page!(
    /// `/tables`: tables and their filters.
    TablesRoute => data_area(Data::Tables)
);
lazy_page!(
    /// `/tables/:id`: one table's filters, activations and preview.
    TableRoute => data_area(Data::Table)
);
lazy_page!(
    /// `/collaborators`: licences and placements.
    CollaboratorsRoute => collaboration_area(Collaboration::Collaborators)
);
lazy_page!(
    /// `/sync`: the nightly collaborator sync.
    SyncRoute => collaboration_area(Collaboration::Sync)
);
