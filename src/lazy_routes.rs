//! The views that load on demand.
//!
//! Each route here is a split point: `scripts/build-studio.sh` cuts the code only that view
//! uses out of the main WebAssembly module into a chunk the browser fetches the first time
//! someone opens the view. The sign-in screen and the frame stay in the main module. Without splitting (native builds, component tests) these
//! routes behave like ordinary ones.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use crate::pages::{
    AppConnectorsPage, AppsPage, CollaboratorsPage, ConnectorsPage, GroupPage,
    GroupPermissionsPage, GroupsPage, PermissionsPage, SimulatorPage, SyncPage, TablePage,
    TablesPage, TokensPage, UserPage, UserPermissionsPage, UsersPage,
};

/// Declares a route type whose view is `<$page/>`, loaded lazily.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:ident) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/users`: Manage Users, where everyone lands after signing in.
    UsersRoute => UsersPage
);
lazy_page!(
    /// `/users/:code`: one user's page.
    UserRoute => UserPage
);
lazy_page!(
    /// `/users/:code/permissions`: Edit Permissions for one user.
    UserPermissionsRoute => UserPermissionsPage
);
lazy_page!(
    /// `/groups`: Manage Groups.
    GroupsRoute => GroupsPage
);
lazy_page!(
    /// `/groups/:id`: one group and its members.
    GroupRoute => GroupPage
);
lazy_page!(
    /// `/groups/:id/permissions`: Edit Permissions for a group or All Users.
    GroupPermissionsRoute => GroupPermissionsPage
);
lazy_page!(
    /// `/apps`: the apps the administrator can see.
    AppsRoute => AppsPage
);
lazy_page!(
    /// `/connectors`: the connectors the administrator can see.
    ConnectorsRoute => ConnectorsPage
);
lazy_page!(
    /// `/apps/:id/permissions` and `/connectors/:id/permissions`: one resource's grants.
    PermissionsRoute => PermissionsPage
);
lazy_page!(
    /// `/app-connectors`: app connectors and their members.
    AppConnectorsRoute => AppConnectorsPage
);
lazy_page!(
    /// `/tokens`: issued tokens and Try a call.
    TokensRoute => TokensPage
);
lazy_page!(
    /// `/tables`: tables and their filters.
    TablesRoute => TablesPage
);
lazy_page!(
    /// `/tables/:id`: one table's filters, activations and preview.
    TableRoute => TablePage
);
lazy_page!(
    /// `/collaborators`: licences and placements.
    CollaboratorsRoute => CollaboratorsPage
);
lazy_page!(
    /// `/sync`: the nightly collaborator sync.
    SyncRoute => SyncPage
);
lazy_page!(
    /// `/simulator`: the effective-role simulator.
    SimulatorRoute => SimulatorPage
);
