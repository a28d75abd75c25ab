//! Sign-in throttling: after `MAX_FAILURES` failed attempts for one user code *from one
//! client address* within the window, further attempts for that code from that address are
//! refused until the oldest failure leaves the window. Keyed by both, so that someone who
//! knows a user's code cannot lock that user out from elsewhere (the user signs in from their
//! own address), while guessing one account's password stays capped per address.
//!
//! Kept in memory per process: with several servers behind a balancer each one throttles on
//! its own (the limit per server still caps guessing). Behind a reverse proxy every client has
//! the proxy's address; the throttle is then per code, as before.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per user code within [`WINDOW`].
pub const MAX_FAILURES: usize = 5;
/// The sliding window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// The throttling key of a sign-in attempt: the user code (regardless of case) and the
/// client's address, when known.
pub fn attempt_key(code: &str, client: Option<std::net::IpAddr>) -> String {
    match client {
        Some(address) => format!("{}|{address}", code.to_lowercase()),
        None => code.to_lowercase(),
    }
}

/// Counts recent failures per key ([`attempt_key`]).
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
    fn failures_from_one_address_do_not_block_another() {
        let limiter = SignInLimiter::default();
        let attacker = attempt_key("12345.X", "10.0.0.9".parse().ok());
        let owner = attempt_key("12345.x", "10.0.0.1".parse().ok());
        for _ in 0..MAX_FAILURES {
            limiter.record_failure(&attacker);
        }
        assert!(limiter.check(&attacker).is_err());
        assert!(limiter.check(&owner).is_ok());
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
