//! Stored grants of the demo store, as its change sets find them (at a version) and name
//! their subjects.

use gatehouse_policy::Subject;
use gatehouse_wire::GrantView;

use crate::api::ApiFailure;
use crate::demo::queries::refused;
use crate::demo::DemoState;

pub(super) fn subject_name(state: &DemoState, subject: &Subject) -> String {
    state.policy().subject_name(subject)
}

fn stale(current: &GrantView, sent: i64) -> ApiFailure {
    ApiFailure::Stale {
        message: format!("this grant was changed by someone else (you edited version {sent}, it is now at version {})", current.version),
        current_version: current.version,
        current: serde_json::to_string(current).unwrap_or_default(),
    }
}

/// The stored grant `id`, if it is still at `version` (404 or 412 otherwise).
pub(super) fn current_grant(
    state: &DemoState,
    id: &str,
    version: i64,
) -> Result<GrantView, ApiFailure> {
    let current = state
        .data
        .grants
        .iter()
        .find(|g| g.id == id)
        .cloned()
        .ok_or_else(|| refused(404, format!("no grant `{id}`"), Some("grant")))?;
    if current.version != version {
        return Err(stale(&current, version));
    }
    Ok(current)
}
