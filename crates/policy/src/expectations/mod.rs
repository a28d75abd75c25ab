//! Access tests ("expectations"): statements about access that administrators save and
//! auditors rely on — "members of Support have at most Editor on CRM Portal in Production",
//! "12345.FSmit is Owner of CRM Portal everywhere", "nobody outside ICT can use HR Database".
//!
//! [`access_test_from_input`] makes a test from the form's fields; [`evaluate_tests`] is the
//! one evaluation, used by the tests page, the change-set preview and the save-time check
//! alike; [`broken_by`] compares a change set's before and after through it, and lists the
//! tests the set would break (saving such a set needs the account owner's explicit
//! override — the caller's rule). Tests, violations, stale names and broken tests describe
//! themselves in plain English by display name (`describe`).

mod changes;
mod evaluate;
mod input;
mod model;
mod outcome;
#[cfg(test)]
mod tests;
mod wording;

pub use changes::{broken_by, Breakage, BrokenTest};
pub use evaluate::evaluate_tests;
pub use input::{access_test_from_input, AccessTestError, AccessTestInput, ACCESS_TEST_NAME_CHARS};
pub use model::{user_label, AccessTest, Comparison, SavedNames, TestEnvironments, TestSubject};
pub use outcome::{Stale, TestOutcome, Verdict, Violation};
