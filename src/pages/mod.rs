//! One routed view per file.

mod not_found;
mod users;

pub use not_found::NotFoundPage;
pub use users::UsersPage;
