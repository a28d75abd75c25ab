//! Points in time, passed in by the caller: the policy never reads a clock, so it runs the
//! same on the server and in the browser.

use serde::{Deserialize, Serialize};

/// Seconds since the Unix epoch (UTC).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The timestamp `seconds` after the epoch.
    pub const fn from_unix_seconds(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Seconds since the epoch.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// Whether something that expires at `expires_at` has expired at `self`: an expiry time
    /// is the first second at which it no longer applies.
    pub fn has_passed(self, expires_at: Option<Timestamp>) -> bool {
        expires_at.is_some_and(|at| self >= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_expires_at_its_expiry_second() {
        let at = Some(Timestamp(100));
        assert!(!Timestamp(99).has_passed(at));
        assert!(Timestamp(100).has_passed(at));
        assert!(!Timestamp(i64::MAX).has_passed(None));
    }
}
