//! The demo store's audit log: what was changed in this browser, in change sets, and undo.
//! Every set the store keeps ([`crate::demo::apply_change_set`], and so every demo write) is
//! recorded as the server records it; reading and undoing follow the server's routes, and
//! only the account owner may do either.

mod environments;
mod read;
mod record;
mod undo;

use gatehouse_policy::{authorize_account_owner, UserId};
use gatehouse_wire::{AuditChangeSetPage, AuditPage, UndoRequest, UndoResult};

pub use read::{change_sets_of, entries_of};
pub(crate) use record::{record_one, record_set, value, Before, KeptSet};
pub use record::{MAX_ENTRIES, MAX_STATE_BYTES};
pub use undo::undo_in;

use crate::api::{ApiFailure, AuditFilter};
use crate::demo::queries::{actor, prepared, refused};
use crate::demo::{change, with_state, DemoState};

/// `GET /environments/{env}/audit/change-sets`.
pub fn list_change_sets(
    _env: &str,
    filter: &AuditFilter,
) -> Result<AuditChangeSetPage, ApiFailure> {
    with_state(|state| {
        only_the_account_owner(state)?;
        change_sets_of(&state.audit, filter)
    })
}

/// `GET /environments/{env}/audit`.
pub fn list_entries(_env: &str, filter: &AuditFilter) -> Result<AuditPage, ApiFailure> {
    with_state(|state| {
        only_the_account_owner(state)?;
        entries_of(&state.audit, filter)
    })
}

/// `POST /environments/{env}/audit/undo`.
pub fn undo(_env: &str, request: &UndoRequest) -> Result<UndoResult, ApiFailure> {
    if request.dry_run {
        with_state(|state| undo_in(state, request, now_micros()))
    } else {
        change(|state| undo_in(state, request, now_micros()))
    }
}

/// Refuses anyone but the account owner (as the policy crate tells), as the server does.
pub(crate) fn only_the_account_owner(state: &DemoState) -> Result<(), ApiFailure> {
    let caller =
        UserId::parse(&actor(state)?.id).map_err(|e| ApiFailure::Malformed(e.to_string()))?;
    authorize_account_owner(&prepared(&state.policy())?, &caller)
        .map_err(|_| refused(403, "only the account owner can read the audit log", None))
}

/// Now, in microseconds since the epoch: the browser's clock.
#[cfg(target_arch = "wasm32")]
pub fn now_micros() -> i64 {
    (js_sys::Date::now() * 1000.0) as i64
}

/// Now, in microseconds since the epoch (native builds: the store's logic in native tests).
#[cfg(not(target_arch = "wasm32"))]
pub fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
}
