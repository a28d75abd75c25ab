//! The demo store's entry points that the first screen reaches (loading the store, the session,
//! sign-in and -out, environments, users), behind split points: `scripts/build-studio.sh` moves
//! the store's code into a chunk fetched only in demo mode, so a studio that talks to a server
//! never downloads it. Each call is async because the first one may have to fetch that chunk.

use gatehouse_wire::{EnvironmentInfo, SessionInfo, SignIn, UserList};
use leptos::lazy;

use crate::api::ApiFailure;

/// Loads the saved demo state, or the demo data, into the store.
#[lazy]
pub async fn load_store() -> Result<(), ApiFailure> {
    let state = super::state::load().await?;
    super::STATE.with(|s| *s.borrow_mut() = Some(state));
    Ok(())
}

/// [`super::get_session`].
#[lazy]
pub fn get_session() -> Result<SessionInfo, ApiFailure> {
    super::get_session()
}

/// [`super::sign_in`].
#[lazy]
pub fn sign_in(body: SignIn) -> Result<SessionInfo, ApiFailure> {
    super::sign_in(body)
}

/// [`super::sign_out`].
#[lazy]
pub fn sign_out() -> Result<(), ApiFailure> {
    super::sign_out()
}

/// [`super::list_environments`].
#[lazy]
pub fn list_environments() -> Result<Vec<EnvironmentInfo>, ApiFailure> {
    super::list_environments()
}

/// [`super::list_users`].
#[lazy]
pub fn list_users(environment: String) -> Result<UserList, ApiFailure> {
    super::list_users(&environment)
}
