//! A user's effective access with its explanations, and who may read the whole snapshot.

use gatehouse_policy::{Actor, LookupError, PreparedPolicy, UserId};
use gatehouse_wire::UserAccess;

use crate::resources::data_environments;

/// Why a caller may not read the whole snapshot.
pub const POLICY_READERS: &str =
    "only the account owner and resource owners can read the whole policy";

/// Whether `actor` may read the whole snapshot (the account owner, or an owner of some
/// resource); the refusal's sentence otherwise.
pub fn may_read_policy(prepared: &PreparedPolicy, actor: &Actor) -> Result<(), &'static str> {
    if prepared.actor_administers_any(actor) {
        Ok(())
    } else {
        Err(POLICY_READERS)
    }
}

/// Every decision for `user` (code `code`) on the resources `actor` sees, one per data
/// environment, explained.
pub fn user_access(
    prepared: &PreparedPolicy,
    actor: &Actor,
    user: &UserId,
    code: &str,
) -> Result<UserAccess, LookupError> {
    let policy = prepared.policy();
    let mut decisions = Vec::new();
    for resource in &policy.resources {
        if !prepared.actor_sees(actor, &resource.id) {
            continue;
        }
        for env in &policy.environments {
            decisions.push(prepared.explain(user, &resource.id, &env.id)?);
        }
    }
    Ok(UserAccess {
        code: code.to_owned(),
        environments: data_environments(policy),
        decisions,
    })
}
