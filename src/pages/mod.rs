//! One routed view per file.

mod add_user;
mod app_connectors;
mod collaborators;
mod group;
mod groups;
mod not_found;
mod permissions;
mod resources;
mod sign_in;
mod simulator;
mod subject_permissions;
mod sync;
mod tables;
mod tokens;
mod user;
mod user_collaborator;
mod user_deviations;
mod user_properties;
mod users;

pub use app_connectors::AppConnectorsPage;
pub use collaborators::CollaboratorsPage;
pub use group::GroupPage;
pub use groups::GroupsPage;
pub use not_found::NotFoundPage;
pub use permissions::PermissionsPage;
pub use resources::{AppsPage, ConnectorsPage};
pub use sign_in::SignInPage;
pub use simulator::SimulatorPage;
pub use subject_permissions::{GroupPermissionsPage, UserPermissionsPage};
pub use sync::SyncPage;
pub use tables::{TablePage, TablesPage};
pub use tokens::TokensPage;
pub use user::UserPage;
pub use user_deviations::UserDeviations;
pub use users::UsersPage;
