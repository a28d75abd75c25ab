//! One routed view per file.

mod not_found;
mod sign_in;
mod users;

pub use not_found::NotFoundPage;
pub use sign_in::SignInPage;
pub use users::UsersPage;
