//! Changes to the demo store: sign-in, and change sets (grants, groups, members) decided by
//! the policy crate exactly as the server decides them, and kept in `localStorage`.

mod change_sets;
mod groups;
mod imports;
mod memberships;
mod session;

pub use change_sets::{apply_change_set, apply_changes};
pub(crate) use change_sets::{apply_recorded, refusal};
pub use groups::{create_group, delete_group, rename_group};
pub use imports::import_users;
pub use memberships::set_group_members;
pub use session::{sign_in, sign_out};
