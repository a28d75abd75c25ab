//! One routed view per file.

mod app_connectors;
mod group;
mod groups;
mod not_found;
mod permissions;
mod resources;
mod sign_in;
mod simulator;
mod tables;
mod tokens;
mod user;
mod users;

pub use app_connectors::AppConnectorsPage;
pub use group::GroupPage;
pub use groups::GroupsPage;
pub use not_found::NotFoundPage;
pub use permissions::PermissionsPage;
pub use resources::{AppsPage, ConnectorsPage};
pub use sign_in::SignInPage;
pub use simulator::SimulatorPage;
pub use tables::{TablePage, TablesPage};
pub use tokens::TokensPage;
pub use user::UserPage;
pub use users::UsersPage;
