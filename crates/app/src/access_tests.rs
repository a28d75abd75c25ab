//! Access tests as the server and the static demo answer them: each saved test with how it
//! fares now ([`test_views`]), the tests a change set would break ([`broken_views`]), and
//! the one save-time rule ([`gate_tests`]): a set that breaks a test is refused unless the
//! account owner overrides it. The preview (a dry run) and the save both call
//! [`broken_views`], which judges with the policy crate's one evaluation
//! ([`gatehouse_policy::broken_by`]).

use gatehouse_policy::expectations::user_label;
use gatehouse_policy::{
    broken_by, evaluate_tests, AccessTest, AccessTestInput, Breakage, BrokenTest, PreparedPolicy,
    TestEnvironments, Verdict, Violation,
};
use gatehouse_wire::{
    AccessTestView, BrokenTestView, TestStatus, ViolationView, REASONS_SHOWN, VIOLATIONS_SHOWN,
};

/// Most access tests one environment holds: each is checked against every change set.
pub const MAX_TESTS: usize = 500;

/// A saved test with its stored version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedTest {
    /// The test.
    pub test: AccessTest,
    /// Its version.
    pub version: i64,
}

/// Every saved test with how it fares against `prepared` now, in the order given.
pub fn test_views(prepared: &PreparedPolicy, saved: &[SavedTest]) -> Vec<AccessTestView> {
    let tests: Vec<AccessTest> = saved.iter().map(|s| s.test.clone()).collect();
    let outcomes = evaluate_tests(prepared, &tests);
    saved
        .iter()
        .zip(outcomes)
        .map(|(saved, outcome)| {
            let test = &saved.test;
            let (status, violations, stale) = match &outcome.verdict {
                Verdict::Passed => (TestStatus::Passed, &[][..], Vec::new()),
                Verdict::Failed { violations } => (TestStatus::Failed, &violations[..], Vec::new()),
                Verdict::Broken { stale } => (
                    TestStatus::Broken,
                    &[][..],
                    stale.iter().map(|s| s.describe(test)).collect(),
                ),
            };
            AccessTestView {
                id: test.id.to_string(),
                version: saved.version,
                name: test.name.clone(),
                subject: test.subject.clone(),
                comparison: test.comparison,
                resource: test.resource.to_string(),
                environments: input_environments(&test.environments),
                sentence: test.describe(prepared),
                status,
                violation_count: violations.len(),
                violations: violations
                    .iter()
                    .take(VIOLATIONS_SHOWN)
                    .map(|v| violation_view(prepared, test, v))
                    .collect(),
                stale,
            }
        })
        .collect()
}

/// The form's fields of a saved test, to edit it.
pub fn test_input(test: &AccessTest) -> AccessTestInput {
    AccessTestInput {
        name: test.name.clone(),
        subject: test.subject.clone(),
        comparison: test.comparison,
        resource: test.resource.to_string(),
        environments: input_environments(&test.environments),
    }
}

fn input_environments(environments: &TestEnvironments) -> Option<Vec<String>> {
    match environments {
        TestEnvironments::All => None,
        TestEnvironments::Only(ids) => Some(ids.iter().map(ToString::to_string).collect()),
    }
}

fn violation_view(prepared: &PreparedPolicy, test: &AccessTest, v: &Violation) -> ViolationView {
    let policy = prepared.policy();
    ViolationView {
        user: v.user.to_string(),
        user_name: policy
            .user(&v.user)
            .map_or_else(|| v.user.to_string(), user_label),
        environment: v.environment.to_string(),
        environment_name: policy.environment_name(&v.environment),
        effective: v.effective,
        sentence: v.describe(prepared, test),
    }
}

/// The tests the change from `before` to `after` would break, each with the first
/// [`REASONS_SHOWN`] reasons in plain English: what a change set's preview lists and what
/// its save is refused for.
pub fn broken_views(
    before: &PreparedPolicy,
    after: &PreparedPolicy,
    tests: &[AccessTest],
) -> Vec<BrokenTestView> {
    broken_by(before, after, tests)
        .into_iter()
        .filter_map(|broken| {
            let test = tests.iter().find(|t| t.id == broken.test)?;
            Some(broken_view(after, test, &broken))
        })
        .collect()
}

fn broken_view(after: &PreparedPolicy, test: &AccessTest, broken: &BrokenTest) -> BrokenTestView {
    let (reasons, total) = match &broken.breakage {
        Breakage::NewViolations { violations } => (
            violations
                .iter()
                .take(REASONS_SHOWN)
                .map(|v| v.describe(after, test))
                .collect::<Vec<_>>(),
            violations.len(),
        ),
        Breakage::NowStale { stale } => (
            stale
                .iter()
                .take(REASONS_SHOWN)
                .map(|s| s.describe(test))
                .collect(),
            stale.len(),
        ),
    };
    BrokenTestView {
        test: test.id.to_string(),
        name: test.name.clone(),
        sentence: test.describe(after),
        more: total.saturating_sub(reasons.len()),
        reasons,
    }
}

/// Why a change set that breaks access tests may not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestsRefusal {
    /// It breaks these tests and no override was asked for.
    Broken(Vec<BrokenTestView>),
    /// An override was asked for by someone who is not the account owner.
    OverrideNotAllowed(Vec<BrokenTestView>),
}

impl TestsRefusal {
    /// The tests the set breaks.
    pub fn broken(&self) -> &[BrokenTestView] {
        match self {
            Self::Broken(broken) | Self::OverrideNotAllowed(broken) => broken,
        }
    }

    /// The HTTP status it is answered with: 409 (the set conflicts with a saved test), or 403
    /// for an override asked by someone who may not give it.
    pub fn status(&self) -> u16 {
        match self {
            Self::Broken(_) => 409,
            Self::OverrideNotAllowed(_) => 403,
        }
    }

    /// The refusal as a sentence: which tests, the first reason, and who may override.
    pub fn message(&self) -> String {
        let broken = self.broken();
        let names = broken
            .iter()
            .map(|b| format!("'{}'", b.name))
            .collect::<Vec<_>>()
            .join(", ");
        let what = if broken.len() == 1 {
            format!("this change set breaks the access test {names}")
        } else {
            format!(
                "this change set breaks {} access tests ({names})",
                broken.len()
            )
        };
        let first = broken
            .first()
            .and_then(|b| b.reasons.first())
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        match self {
            Self::Broken(_) => format!(
                "{what}{first}. Change the set, or (account owner only) save it anyway with an override"
            ),
            Self::OverrideNotAllowed(_) => format!(
                "{what}{first}. Only the account owner may override access tests"
            ),
        }
    }
}

/// The save-time rule: the tests the change from `before` to `after` breaks, judged as the
/// preview judges them ([`broken_views`]). None broken: saved. Some broken: refused, unless
/// `override_tests` is asked for by the account owner — then saved, and the tests it
/// overrode are returned for the caller to audit and report.
pub fn gate_tests(
    before: &PreparedPolicy,
    after: &PreparedPolicy,
    tests: &[AccessTest],
    override_tests: bool,
    account_owner: bool,
) -> Result<Vec<BrokenTestView>, TestsRefusal> {
    if tests.is_empty() {
        return Ok(Vec::new());
    }
    let broken = broken_views(before, after, tests);
    match (broken.is_empty(), override_tests, account_owner) {
        (true, _, _) => Ok(broken),
        (false, false, _) => Err(TestsRefusal::Broken(broken)),
        (false, true, false) => Err(TestsRefusal::OverrideNotAllowed(broken)),
        (false, true, true) => Ok(broken),
    }
}
