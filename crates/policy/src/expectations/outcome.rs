//! What evaluating access tests answers: per test passed, failed with the cells that break
//! it, or broken because it names something that is gone.

use serde::{Deserialize, Serialize};

use crate::ids::{AccessTestId, EnvironmentId, GroupId, ResourceId, UserId};
use crate::roles::{ResourceKind, Role};

/// How one access test fares against a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestOutcome {
    /// The test.
    pub test: AccessTestId,
    /// Passed, failed with its violations, or broken because it names something gone.
    pub verdict: Verdict,
}

/// The verdict on one access test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Every user the test is about has a role it allows, in every environment it names.
    Passed,
    /// These cells break the expectation (users in policy order, then environments).
    Failed {
        /// Never empty.
        violations: Vec<Violation>,
    },
    /// The test names something the snapshot no longer has, so it says nothing; it must be
    /// edited or deleted.
    Broken {
        /// What is gone, never empty.
        stale: Vec<Stale>,
    },
}

/// One user in one environment whose effective role breaks a test.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Violation {
    /// The (active) user.
    pub user: UserId,
    /// The data environment.
    pub environment: EnvironmentId,
    /// The user's effective role there (the ladder's None for no access).
    pub effective: Role,
}

/// Something a test names that the snapshot does not have (any more), with the display name
/// remembered when the test was saved (empty if none was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Stale {
    /// The resource is gone.
    Resource {
        /// Its id.
        id: ResourceId,
        /// Its name when the test was saved.
        name: String,
    },
    /// The user is gone.
    User {
        /// Their id.
        id: UserId,
        /// Their name when the test was saved.
        name: String,
    },
    /// The group is gone.
    Group {
        /// Its id.
        id: GroupId,
        /// Its name when the test was saved.
        name: String,
    },
    /// A data environment of the test is gone.
    Environment {
        /// Its id.
        id: EnvironmentId,
        /// Its name when the test was saved.
        name: String,
    },
    /// The resource is now of the other kind, so the test's role is not on its ladder.
    Ladder {
        /// The test's role.
        role: Role,
        /// What the resource is now.
        kind: ResourceKind,
    },
}

impl TestOutcome {
    /// Whether the test holds.
    pub fn passed(&self) -> bool {
        matches!(self.verdict, Verdict::Passed)
    }

    /// The cells that break the test; empty unless it failed.
    pub fn violations(&self) -> &[Violation] {
        match &self.verdict {
            Verdict::Failed { violations } => violations,
            Verdict::Passed | Verdict::Broken { .. } => &[],
        }
    }

    /// What the test names that is gone; empty unless it is broken.
    pub fn stale(&self) -> &[Stale] {
        match &self.verdict {
            Verdict::Broken { stale } => stale,
            Verdict::Passed | Verdict::Failed { .. } => &[],
        }
    }
}
