//! Changes to the demo store: sign-in, grants and groups — authorised, validated and guarded by
//! the policy crate exactly as the server does, and kept in `localStorage`.

mod change_sets;
mod grants;
mod groups;
mod memberships;
mod session;

use gatehouse_policy::{authorize, check_change, Change, UserId};

pub use change_sets::{apply_change_set, apply_changes};
pub use grants::{create_grant, delete_grant, update_grant};
pub use groups::{create_group, delete_group, rename_group};
pub use memberships::set_group_members;
pub use session::{sign_in, sign_out};

use super::queries::{actor, prepared, refused};
use super::DemoState;
use crate::api::ApiFailure;

/// Authorises, validates and guards `change` for the signed-in user.
fn check(state: &DemoState, change: &Change) -> Result<(), ApiFailure> {
    let actor =
        UserId::parse(&actor(state)?.id).map_err(|e| ApiFailure::Malformed(e.to_string()))?;
    let policy = state.policy();
    authorize(&prepared(&policy)?, &actor, change)
        .map_err(|r| refused(403, r.to_string(), None))?;
    change
        .applied_to(&policy)
        .map_err(|e| refused(422, e.to_string(), None))?;
    check_change(&policy, change).map_err(|e| refused(409, e.to_string(), None))
}
