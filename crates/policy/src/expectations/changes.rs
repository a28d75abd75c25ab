//! The access tests a change set would break: what its preview lists and what makes saving
//! it need the account owner's explicit override.
//!
//! A test is broken by a change set when, after it, the test fails for a user in an
//! environment where it did not fail before (a new violation), or when the set deletes
//! something the test names. A test that was already failing is not broken again by a set
//! that leaves its failing cells failing (even with another role), so a set that does not
//! touch a failing test is never refused for it; one that adds a failing cell is. A test
//! that was already broken (stale) before the set is not listed.

use serde::{Deserialize, Serialize};

use crate::compiled::PreparedPolicy;
use crate::fxhash::FxSet;
use crate::ids::{AccessTestId, EnvironmentId, UserId};

use super::evaluate::{judge, violation, Cell, Judged, COLUMN_FROM};
use super::model::AccessTest;
use super::outcome::{Stale, Violation};

/// A test that a change set would break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenTest {
    /// The test.
    pub test: AccessTestId,
    /// How the set breaks it.
    pub breakage: Breakage,
}

/// How a change set breaks a test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Breakage {
    /// After the set, the test fails in these cells, which passed before it.
    NewViolations {
        /// Never empty; in the order [`super::evaluate_tests`] gives them.
        violations: Vec<Violation>,
    },
    /// The set deletes what the test names, so the test would say nothing any more.
    NowStale {
        /// What the set deletes, never empty.
        stale: Vec<Stale>,
    },
}

/// The tests that the change from `before` to `after` (a change set's
/// [`crate::Decided::after`]) would break, in the order given. Both sides are judged by the
/// evaluation behind [`super::evaluate_tests`] (its failing cells by index, before they are turned
/// into ids); only the tests that do not pass after the set are judged before it.
pub fn broken_by(
    before: &PreparedPolicy,
    after: &PreparedPolicy,
    tests: &[AccessTest],
) -> Vec<BrokenTest> {
    let all: Vec<&AccessTest> = tests.iter().collect();
    let (suspects, now): (Vec<&AccessTest>, Vec<Judged>) = all
        .iter()
        .zip(judge(after, &all, COLUMN_FROM))
        .filter(|(_, judged)| judged.as_ref().map_or(true, |cells| !cells.is_empty()))
        .map(|(test, judged)| (*test, judged))
        .unzip();
    let then = judge(before, &suspects, COLUMN_FROM);
    let same_cells = same_ids(before, after);
    let mut broken = Vec::new();
    for ((test, now), then) in suspects.into_iter().zip(now).zip(then) {
        let breakage = match (then, now) {
            (Err(_), Err(_)) => None,
            (Ok(_), Err(stale)) => Some(Breakage::NowStale { stale }),
            (then, Ok(cells)) => {
                let then = then.unwrap_or_default();
                let fresh = if same_cells {
                    fresh_by_index(&then, &cells)
                } else {
                    fresh_by_id(before, after, &then, &cells)
                };
                let violations: Vec<Violation> =
                    fresh.iter().filter_map(|c| violation(after, c)).collect();
                (!violations.is_empty()).then_some(Breakage::NewViolations { violations })
            }
        };
        if let Some(breakage) = breakage {
            broken.push(BrokenTest {
                test: test.id.clone(),
                breakage,
            });
        }
    }
    broken
}

/// Whether both snapshots have the same users and environments in the same order, so an
/// index means the same thing in both (true for every set that creates or deletes neither).
fn same_ids(before: &PreparedPolicy, after: &PreparedPolicy) -> bool {
    let (b, a) = (before.policy(), after.policy());
    b.users.len() == a.users.len()
        && b.environments.len() == a.environments.len()
        && b.users.iter().zip(&a.users).all(|(x, y)| x.id == y.id)
        && b.environments
            .iter()
            .zip(&a.environments)
            .all(|(x, y)| x.id == y.id)
}

/// The cells of `now` whose user and environment are not in `then`; both are sorted by
/// user, then environment, so one merge finds them.
fn fresh_by_index(then: &[Cell], now: &[Cell]) -> Vec<Cell> {
    let mut old = then.iter().map(|c| (c.user, c.env)).peekable();
    let mut fresh = Vec::new();
    for cell in now {
        let at = (cell.user, cell.env);
        while old.next_if(|o| *o < at).is_some() {}
        if old.peek() != Some(&at) {
            fresh.push(*cell);
        }
    }
    fresh
}

/// [`fresh_by_index`] for snapshots whose indexes differ: cells compared by id.
fn fresh_by_id(
    before: &PreparedPolicy,
    after: &PreparedPolicy,
    then: &[Cell],
    now: &[Cell],
) -> Vec<Cell> {
    let old: FxSet<(&UserId, &EnvironmentId)> = then
        .iter()
        .filter_map(|c| Some((before.user_id(c.user)?, before.env_id(c.env)?)))
        .collect();
    now.iter()
        .filter(|c| match (after.user_id(c.user), after.env_id(c.env)) {
            (Some(user), Some(env)) => !old.contains(&(user, env)),
            _ => false,
        })
        .copied()
        .collect()
}
