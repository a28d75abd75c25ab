//! Sign-in throttling: after `MAX_FAILURES` failed attempts for one user code within the
//! window, further attempts are refused until the oldest failure leaves the window.
//!
//! Kept in memory per process: with several servers behind a balancer each one throttles on
//! its own (the limit per server still caps guessing).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per user code within [`WINDOW`].
pub const MAX_FAILURES: usize = 5;
/// The sliding window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// Counts recent failures per key (the lowercased user code).
#[derive(Debug, Default)]
pub struct SignInLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl SignInLimiter {
    /// `Ok` if an attempt may be made now, else the seconds to wait.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        self.check_at(key, Instant::now())
    }

    /// Notes a failed attempt.
    pub fn record_failure(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.entry(key.to_lowercase())
                .or_default()
                .push(Instant::now());
        }
    }

    /// Forgets the failures of `key` (after a successful sign-in).
    pub fn reset(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&key.to_lowercase());
        }
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), u64> {
        let Ok(mut map) = self.failures.lock() else {
            return Ok(());
        };
        let Some(times) = map.get_mut(&key.to_lowercase()) else {
            return Ok(());
        };
        times.retain(|t| now.duration_since(*t) < WINDOW);
        if times.len() < MAX_FAILURES {
            return Ok(());
        }
        let oldest = times.iter().min().copied().unwrap_or(now);
        let wait = WINDOW.saturating_sub(now.duration_since(oldest));
        Err(wait.as_secs().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_block_the_sixth_attempt_for_that_code_only() {
        let limiter = SignInLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.check("12345.X").is_ok());
            limiter.record_failure("12345.X");
        }
        let wait = limiter.check("12345.x").unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(limiter.check("12345.Y").is_ok());
        limiter.reset("12345.X");
        assert!(limiter.check("12345.X").is_ok());
    }

    #[test]
    fn failures_leave_the_window() {
        let limiter = SignInLimiter::default();
        for _ in 0..MAX_FAILURES {
            limiter.record_failure("k");
        }
        let later = Instant::now() + WINDOW + Duration::from_secs(1);
        assert!(limiter.check_at("k", later).is_ok());
    }
}
