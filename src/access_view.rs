//! What the permission pages say about effect rather than grants: what one grant row yields
//! given the whole policy (draft included), and who has access to one resource, each worded
//! from the policy crate's answers (`explain`, `grant_effect`, the resource column) — no
//! precedence rule is decided here. Pure; tested natively.

mod holders;
mod outcomes;

use std::sync::Arc;

use gatehouse_policy::PreparedPolicy;

pub use holders::{cells, holders, search, Cell, DraftChanges, Holder};
pub use outcomes::{grant_outcomes, reason, source, Outcome, Yield};

/// A prepared snapshot shared between memos; equal when it is the same preparation.
#[derive(Debug, Clone)]
pub struct Prepared(pub Arc<PreparedPolicy>);

impl PartialEq for Prepared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(test)]
mod tests;
