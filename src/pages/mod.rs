//! One routed view per file.

mod group;
mod groups;
mod not_found;
mod permissions;
mod resources;
mod sign_in;
mod simulator;
mod user;
mod users;

pub use group::GroupPage;
pub use groups::GroupsPage;
pub use not_found::NotFoundPage;
pub use permissions::PermissionsPage;
pub use resources::{AppsPage, ConnectorsPage};
pub use sign_in::SignInPage;
pub use simulator::SimulatorPage;
pub use user::UserPage;
pub use users::UsersPage;
