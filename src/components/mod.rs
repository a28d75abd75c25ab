//! Reusable pieces of the studio; each takes only props.

mod account_menu;
mod broken_tests;
mod demo_banner;
mod empty_state;
mod environment_badge;
mod environment_switcher;
mod error_state;
mod leave_dialog;
mod modal;
mod reason_text;
mod role_badge;
mod server_only;
mod side_nav;
mod skeleton_rows;
mod status_badge;
mod top_bar;
mod user_row;
mod users_table;

pub use account_menu::AccountMenu;
pub use broken_tests::{breaks_heading, use_broken_tests, BrokenTestsList, BrokenTestsRefusal};
pub use demo_banner::DemoBanner;
pub use empty_state::EmptyState;
pub use environment_badge::EnvironmentBadge;
pub use environment_switcher::EnvironmentSwitcher;
pub use error_state::ErrorState;
pub use leave_dialog::LeaveDialog;
pub use modal::{focus_selector, Modal};
pub use reason_text::ReasonText;
pub use role_badge::{role_class, RoleBadge};
pub use server_only::ServerOnly;
pub use side_nav::SideNav;
pub use skeleton_rows::SkeletonRows;
pub use status_badge::StatusBadge;
pub use top_bar::TopBar;
pub use user_row::UserRow;
pub use users_table::UsersTable;
