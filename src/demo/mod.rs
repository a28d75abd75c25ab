//! Demo mode: the studio without a server, on an in-browser store kept in `localStorage`,
//! loaded from `demo.json` (exported from the server's own seed). Chosen with `?demo` in the
//! URL, or automatically when no Gatehouse API answers (a static host).
//!
//! Every decision is still made by the policy crate; the store only keeps the data.

mod access_tests;
pub mod audit;
pub mod on_demand;
mod provisioning;
mod queries;
mod state;
mod subject_queries;
mod writes;

use std::cell::{Cell, RefCell};

use gloo_net::http::Request;

pub use access_tests::{
    create_access_test, delete_access_test, list_access_tests, replace_access_test,
};
pub use provisioning::{create_scim_token, get_provisioning, revoke_scim_token};
pub use queries::*;
pub use state::{DemoState, DemoTest};
pub use subject_queries::get_subject_permissions;
pub use writes::*;

use crate::api::{ApiFailure, API_BASE};

thread_local! {
    static MODE: Cell<Option<bool>> = const { Cell::new(None) };
    static STATE: RefCell<Option<DemoState>> = const { RefCell::new(None) };
}

/// Whether demo mode was chosen (false until [`detect`] has run).
pub fn is_active() -> bool {
    MODE.with(|m| m.get()).unwrap_or(false)
}

/// Decides once whether to run on the demo store, and loads it if so.
pub async fn detect() -> Result<bool, ApiFailure> {
    if let Some(mode) = MODE.with(|m| m.get()) {
        return Ok(mode);
    }
    let forced = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.contains("demo"));
    let demo = forced || !api_answers().await;
    if demo {
        on_demand::load_store().await?;
    }
    MODE.with(|m| m.set(Some(demo)));
    Ok(demo)
}

/// Whether a Gatehouse API answers on this origin (a static host answers 404 or HTML).
async fn api_answers() -> bool {
    let _busy = crate::busy::Busy::start();
    match Request::get(&format!("{API_BASE}/health")).send().await {
        Ok(response) => {
            response.ok()
                && response
                    .headers()
                    .get("content-type")
                    .is_some_and(|t| t.starts_with("application/json"))
        }
        Err(_) => false,
    }
}

/// Runs `f` on the demo state.
fn with_state<T>(f: impl FnOnce(&mut DemoState) -> Result<T, ApiFailure>) -> Result<T, ApiFailure> {
    STATE.with(|s| match s.borrow_mut().as_mut() {
        Some(state) => f(state),
        None => Err(ApiFailure::Malformed(
            "the demo data is not loaded".to_owned(),
        )),
    })
}

/// Runs a change on the demo state and keeps it in `localStorage`.
fn change<T>(f: impl FnOnce(&mut DemoState) -> Result<T, ApiFailure>) -> Result<T, ApiFailure> {
    let out = with_state(f)?;
    with_state(|s| {
        state::save(s);
        Ok(())
    })?;
    Ok(out)
}

/// Forgets every change made in this browser (back to the demo data).
pub fn reset() {
    state::forget();
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
