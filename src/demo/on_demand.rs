//! The demo store's entry points that the first screen reaches (loading the store, the session,
//! sign-in and -out, environments, users), behind one split point: `scripts/build-studio.sh`
//! moves the store's code into a chunk fetched only in demo mode, so a studio that talks to a
//! server never downloads it (`--cfg gatehouse_split`, set only by that build). Each call is
//! async because the first one may fetch that chunk; a chunk that cannot be fetched is an
//! [`ApiFailure::Unreachable`] the first screen shows with Retry (never a panic).

use gatehouse_wire::{EnvironmentInfo, SessionInfo, SignIn, UserList};
#[cfg(gatehouse_split)]
use std::{future::Future, pin::Pin};

use crate::api::ApiFailure;

/// What the first screen asks of the demo store.
enum Call {
    Load,
    Session,
    SignIn(SignIn),
    SignOut,
    Environments,
    Users(String),
}

/// The store's answer to a [`Call`].
enum Answer {
    Done,
    Session(Box<SessionInfo>),
    Environments(Vec<EnvironmentInfo>),
    Users(UserList),
}

/// The split point: fetches the store's chunk on the first call, then answers.
#[cfg(gatehouse_split)]
#[leptos::wasm_split::wasm_split(
    demo_store,
    wasm_split_path = ::leptos::wasm_split,
    return_wrapper(let future = _; { future.await } -> Result<Answer, ApiFailure>),
    fallible
)]
fn answer(call: Call) -> Pin<Box<dyn Future<Output = Result<Answer, ApiFailure>>>> {
    Box::pin(respond(call))
}

/// Outside the split build: the store answers directly.
#[cfg(not(gatehouse_split))]
async fn answer(call: Call) -> Result<Answer, ApiFailure> {
    respond(call).await
}

/// The store's answer (in the chunk: only [`answer`] reaches it).
async fn respond(call: Call) -> Result<Answer, ApiFailure> {
    Ok(match call {
        Call::Load => {
            let state = super::state::load().await?;
            super::STATE.with(|s| *s.borrow_mut() = Some(state));
            Answer::Done
        }
        Call::Session => Answer::Session(Box::new(super::get_session()?)),
        Call::SignIn(body) => Answer::Session(Box::new(super::sign_in(body)?)),
        Call::SignOut => {
            super::sign_out()?;
            Answer::Done
        }
        Call::Environments => Answer::Environments(super::list_environments()?),
        Call::Users(environment) => Answer::Users(super::list_users(&environment)?),
    })
}

/// An answer of another kind than the call asked for (a defect, reported instead of a panic).
fn out_of_turn(answer: Answer) -> ApiFailure {
    let kind = match answer {
        Answer::Done => "done",
        Answer::Session(_) => "a session",
        Answer::Environments(_) => "environments",
        Answer::Users(_) => "users",
    };
    ApiFailure::Malformed(format!("the demo store answered out of turn with {kind}"))
}

/// Loads the saved demo state, or the demo data, into the store.
pub async fn load_store() -> Result<(), ApiFailure> {
    // The only call that waits on the network (the store's chunk and demo.json).
    let _busy = crate::busy::Busy::start();
    match answer(Call::Load).await? {
        Answer::Done => Ok(()),
        other => Err(out_of_turn(other)),
    }
}

/// [`super::get_session`].
pub async fn get_session() -> Result<SessionInfo, ApiFailure> {
    match answer(Call::Session).await? {
        Answer::Session(session) => Ok(*session),
        other => Err(out_of_turn(other)),
    }
}

/// [`super::sign_in`].
pub async fn sign_in(body: SignIn) -> Result<SessionInfo, ApiFailure> {
    match answer(Call::SignIn(body)).await? {
        Answer::Session(session) => Ok(*session),
        other => Err(out_of_turn(other)),
    }
}

/// [`super::sign_out`].
pub async fn sign_out() -> Result<(), ApiFailure> {
    match answer(Call::SignOut).await? {
        Answer::Done => Ok(()),
        other => Err(out_of_turn(other)),
    }
}

/// [`super::list_environments`].
pub async fn list_environments() -> Result<Vec<EnvironmentInfo>, ApiFailure> {
    match answer(Call::Environments).await? {
        Answer::Environments(list) => Ok(list),
        other => Err(out_of_turn(other)),
    }
}

/// [`super::list_users`].
pub async fn list_users(environment: String) -> Result<UserList, ApiFailure> {
    match answer(Call::Users(environment)).await? {
        Answer::Users(list) => Ok(list),
        other => Err(out_of_turn(other)),
    }
}
