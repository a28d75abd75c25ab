//! Access tests against the naïve reference: on random policies, random tests and random
//! edits, `evaluate_tests` finds exactly the cells the reference finds cell by cell, and
//! `broken_by` lists exactly the tests the edits newly violate or make stale. Plus the input
//! checks and change sets decided for real.
#![cfg(not(target_arch = "wasm32"))]

mod access_model;
mod common;
mod reference;

use access_model::*;

use std::collections::BTreeSet;

use gatehouse_policy::*;
use proptest::prelude::*;

/// The same shape from an outcome of `evaluate_tests`.
fn observed(outcome: &TestOutcome) -> Expected {
    match &outcome.verdict {
        Verdict::Broken { stale } => {
            assert!(!stale.is_empty());
            None
        }
        Verdict::Passed => Some(BTreeSet::new()),
        Verdict::Failed { violations } => {
            assert!(!violations.is_empty());
            let cells: BTreeSet<_> = violations
                .iter()
                .map(|v| {
                    (
                        v.user.clone(),
                        v.environment.clone(),
                        reference::rung(v.effective),
                    )
                })
                .collect();
            assert_eq!(cells.len(), violations.len(), "a cell listed twice");
            Some(cells)
        }
    }
}

/// One random edit of a change set.
type Edit = (u8, u8, u8, u8, u8);

/// Applies an edit, always leaving a valid policy: grants set or removed, memberships and
/// statuses toggled, the rule switched, and groups, resources and custom environments
/// deleted (which makes the tests naming them stale).
fn apply(policy: &mut Policy, (op, a, b, c, d): Edit) {
    let users = policy.users.len();
    let pick_user = |policy: &Policy| policy.users[a as usize % users].id.clone();
    match op {
        0..=2 => {
            let Some(resource) = policy
                .resources
                .get(b as usize % policy.resources.len().max(1))
            else {
                return;
            };
            let (rid, kind) = (resource.id.clone(), resource.kind);
            let subject = match c % 3 {
                0 => Subject::AllUsers,
                1 if !policy.groups.is_empty() => {
                    Subject::Group(policy.groups[a as usize % policy.groups.len()].id.clone())
                }
                _ => Subject::User(pick_user(policy)),
            };
            let role = Role::from_level(kind, d % (kind.owner_level() + 1)).unwrap();
            let grant = Grant::new(subject, rid, role, envs_of(policy, a ^ d));
            policy.grants.retain(|g| g.key() != grant.key());
            policy.grants.push(grant);
        }
        3 if !policy.grants.is_empty() => {
            let at = b as usize % policy.grants.len();
            policy.grants.remove(at);
        }
        4 if !policy.groups.is_empty() => {
            let group = policy.groups[b as usize % policy.groups.len()].id.clone();
            let user = &mut policy.users[a as usize % users];
            if !user.groups.remove(&group) {
                user.groups.insert(group);
            }
        }
        5 => {
            let user = &mut policy.users[a as usize % users];
            user.status = match user.status {
                UserStatus::Active => UserStatus::Deactivated,
                UserStatus::Deactivated => UserStatus::Active,
            };
        }
        6 => {
            policy.precedence = match policy.precedence {
                Precedence::HighestWins => Precedence::MostSpecificWins,
                Precedence::MostSpecificWins => Precedence::HighestWins,
            };
        }
        7 => {
            let user = &mut policy.users[a as usize % users];
            user.account_owner = !user.account_owner;
        }
        8 if !policy.groups.is_empty() => {
            let group = policy.groups.remove(b as usize % policy.groups.len()).id;
            for user in &mut policy.users {
                user.groups.remove(&group);
            }
            policy
                .grants
                .retain(|g| g.subject != Subject::Group(group.clone()));
        }
        9 if policy.resources.len() > 1 => {
            let resource = policy
                .resources
                .remove(b as usize % policy.resources.len())
                .id;
            policy.grants.retain(|g| g.resource != resource);
        }
        10 if policy.environments.len() > 3 => {
            let env = policy
                .environments
                .remove(3 + b as usize % (policy.environments.len() - 3))
                .id;
            for grant in &mut policy.grants {
                grant.environments.remove(&env);
            }
            policy.grants.retain(|g| !g.environments.is_empty());
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Every outcome equals the reference's cell-by-cell judgement, before and after random
    /// edits; and `broken_by` lists exactly the tests that the edits newly violate (the cells
    /// violated after and not before) or make stale.
    #[test]
    fn tests_and_broken_tests_agree_with_the_reference(
        spec in spec(),
        raw_tests in prop::collection::vec(any_test(), 1..8),
        edits in prop::collection::vec((0u8..12, any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()), 1..5),
    ) {
        let before = build(&spec);
        let tests: Vec<AccessTest> = raw_tests.into_iter().enumerate().map(|(n, t)| make_test(&before, n, t)).collect();
        let mut after = before.clone();
        for edit in edits {
            apply(&mut after, edit);
        }
        after.validate().unwrap();
        let (old, new) = (before.prepare(NOW).unwrap(), after.prepare(NOW).unwrap());
        for (policy, prepared) in [(&before, &old), (&after, &new)] {
            let outcomes = evaluate_tests(prepared, &tests);
            prop_assert_eq!(outcomes.len(), tests.len());
            for (test, outcome) in tests.iter().zip(&outcomes) {
                prop_assert_eq!(&outcome.test, &test.id);
                prop_assert_eq!(observed(outcome), expected(policy, test), "{:?}", test);
            }
        }
        let broken = broken_by(&old, &new, &tests);
        let mut want = Vec::new();
        for test in &tests {
            match (expected(&before, test), expected(&after, test)) {
                (Some(_), None) => want.push((test.id.clone(), None)),
                (then, Some(now)) => {
                    let then = then.unwrap_or_default();
                    let fresh: BTreeSet<_> = now
                        .into_iter()
                        .filter(|(u, e, _)| !then.iter().any(|(u2, e2, _)| u == u2 && e == e2))
                        .collect();
                    if !fresh.is_empty() {
                        want.push((test.id.clone(), Some(fresh)));
                    }
                }
                (None, None) => {}
            }
        }
        let got: Vec<_> = broken
            .iter()
            .map(|b| match &b.breakage {
                Breakage::NowStale { stale } => {
                    assert!(!stale.is_empty());
                    (b.test.clone(), None)
                }
                Breakage::NewViolations { violations } => (
                    b.test.clone(),
                    Some(violations.iter().map(|v| (v.user.clone(), v.environment.clone(), reference::rung(v.effective))).collect()),
                ),
            })
            .collect();
        prop_assert_eq!(got, want);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Tests about everyone and everyone outside a group, compared at or next to the
    /// extremes of their users' rungs — where the range of levels read from the resource's
    /// grants may decide them without a column — agree with the reference, before and after
    /// random edits (deactivations, account owners, memberships, the rule, expiring grants).
    #[test]
    fn everyone_tests_at_the_extremes_agree_with_the_reference(
        spec in spec(),
        raw_tests in prop::collection::vec((any_test(), 0u8..7), 1..12),
        edits in prop::collection::vec((0u8..12, any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()), 0..4),
    ) {
        let mut policy = build(&spec);
        for edit in edits {
            apply(&mut policy, edit);
        }
        policy.validate().unwrap();
        let prepared = policy.prepare(NOW).unwrap();
        let tests: Vec<AccessTest> = raw_tests
            .into_iter()
            .enumerate()
            .map(|(n, (mut raw, how))| {
                raw.0 = 2 + raw.0 % 2;
                let mut test = make_test(&policy, n, raw);
                near_extremes(&policy, &mut test, how);
                test
            })
            .collect();
        let outcomes = evaluate_tests(&prepared, &tests);
        for (test, outcome) in tests.iter().zip(&outcomes) {
            prop_assert_eq!(observed(outcome), expected(&policy, test), "{:?}", test);
        }
    }
}

/// SplitMix64, so every run checks the same large policies.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// Larger organisations than the property test's, so that group tests read both ways (a
/// small group cell by cell, a large one from the resource's column) and several tests share
/// a resource's column: 200 users in up to three of eight groups (group 0 has most users, the others a few),
/// eight resources, five environments, 60 random tests and 28 about everyone (or everyone
/// outside a group) compared at or next to the extremes of their users' rungs.
#[test]
fn large_policies_agree_with_the_reference() {
    for seed in 0..4u64 {
        let mut rng = Rng(seed);
        let spec = Spec {
            groups: 8,
            custom_envs: 2,
            most_specific: seed % 2 == 1,
            users: (0..200)
                .map(|u| {
                    let groups = (0..8)
                        .map(|g| {
                            if g == 0 {
                                u % 4 != 0
                            } else {
                                rng.below(20) == 0
                            }
                        })
                        .collect();
                    (groups, rng.below(10) as u8, 1 + rng.below(40) as u8)
                })
                .collect(),
            connectors: (0..8).map(|_| rng.below(3) == 0).collect(),
            grants: (0..(1 + 8 + 200) * 8)
                .map(|_| {
                    (rng.below(100) < 25).then(|| {
                        (
                            rng.below(5) as u8,
                            1 + rng.below(31) as u8,
                            rng.below(6) as u8,
                        )
                    })
                })
                .collect(),
        };
        let policy = build(&spec);
        let prepared = policy.prepare(NOW).unwrap();
        let tests: Vec<AccessTest> = (0..88)
            .map(|n| {
                let mut raw = (
                    rng.below(4) as u8,
                    rng.below(8) as u8,
                    rng.below(4) as u8,
                    rng.below(5) as u8,
                    1 + rng.below(9) as u8,
                    rng.below(8) as u8,
                    (rng.below(2) == 0).then(|| 1 + rng.below(31) as u8),
                );
                if n >= 60 {
                    raw.0 = 2 + n as u8 % 2;
                }
                let mut test = make_test(&policy, n, raw);
                if let TestSubject::User(_) = test.subject {
                    test.subject = TestSubject::User(id(format!("u{}", rng.below(200))));
                }
                if n >= 60 {
                    near_extremes(&policy, &mut test, n as u8 % 7);
                }
                test
            })
            .collect();
        let outcomes = evaluate_tests(&prepared, &tests);
        let mut failed = 0;
        for (test, outcome) in tests.iter().zip(&outcomes) {
            assert_eq!(observed(outcome), expected(&policy, test), "{test:?}");
            failed += usize::from(!outcome.violations().is_empty());
        }
        assert!(failed > 5, "the workload should fail some tests ({failed})");
    }
}
