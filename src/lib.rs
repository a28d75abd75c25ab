//! Gatehouse studio: the permission administration single-page app.
//!
//! `api` holds the wire calls, `pages` one routed view per file, `components` reusable pieces
//! that take only props, `app` the router and frame, `studio` the shared session state.

pub mod access_view;
pub mod api;
pub mod app;
pub mod bulk;
pub mod busy;
pub mod clock;
pub mod components;
pub mod demo;
pub mod download;
pub mod lazy_routes;
pub mod leave_guard;
pub mod pages;
pub mod permissions_draft;
pub mod studio;
pub mod studio_path;
pub mod subject_draft;
pub mod url_state;
pub mod user_query;
pub mod user_selection;
pub mod words;

pub use app::App;
