//! Access tests against the naïve reference: on random policies, random tests and random
//! edits, `evaluate_tests` finds exactly the cells the reference finds cell by cell, and
//! `broken_by` lists exactly the tests the edits newly violate or make stale. Plus the input
//! checks and change sets decided for real.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod reference;

use std::collections::BTreeSet;

use gatehouse_policy::*;
use proptest::prelude::*;

const NOW: Timestamp = Timestamp(1_000_000);

fn id<T: std::str::FromStr>(text: String) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap()
}

/// What the reference says about a test: `None` when it names something `policy` lacks,
/// else the violating (user, environment, rung) cells.
type Expected = Option<BTreeSet<(UserId, EnvironmentId, u8)>>;

/// The test judged straight from its definition: every user, every environment, the
/// reference's effective rung, compared by hand.
fn expected(policy: &Policy, test: &AccessTest) -> Expected {
    let resource = policy.resources.iter().find(|r| r.id == test.resource)?;
    if test
        .comparison
        .role()
        .is_some_and(|r| r.kind() != resource.kind)
    {
        return None;
    }
    let group_exists = |g: &GroupId| policy.groups.iter().any(|x| &x.id == g);
    match &test.subject {
        TestSubject::User(u) if !policy.users.iter().any(|x| &x.id == u) => return None,
        TestSubject::Group(g) | TestSubject::EveryoneOutside(g) if !group_exists(g) => return None,
        _ => {}
    }
    let envs: Vec<EnvironmentId> = match &test.environments {
        TestEnvironments::All => policy.environments.iter().map(|e| e.id.clone()).collect(),
        TestEnvironments::Only(ids) => {
            if !ids
                .iter()
                .all(|e| policy.environments.iter().any(|x| &x.id == e))
            {
                return None;
            }
            ids.clone()
        }
    };
    let mut cells = BTreeSet::new();
    for user in &policy.users {
        let about = match &test.subject {
            TestSubject::User(u) => &user.id == u,
            TestSubject::Group(g) => user.groups.contains(g),
            TestSubject::Everyone => true,
            TestSubject::EveryoneOutside(g) => !user.groups.contains(g),
        };
        if !about || user.status == UserStatus::Deactivated {
            continue;
        }
        for env in &envs {
            let rung = reference::effective(policy, &user.id, &resource.id, env, NOW);
            let holds = match test.comparison {
                Comparison::AtLeast(role) => rung >= reference::rung(role),
                Comparison::AtMost(role) => rung <= reference::rung(role),
                Comparison::Exactly(role) => rung == reference::rung(role),
                Comparison::NoAccess => rung == 0,
            };
            if !holds {
                cells.insert((user.id.clone(), env.clone(), rung));
            }
        }
    }
    Some(cells)
}

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

/// The raw choices of a random organisation: users (memberships, status roll, owner roll),
/// resources (connector?), grants per (subject, resource) slot.
#[derive(Debug, Clone)]
struct Spec {
    groups: usize,
    custom_envs: usize,
    most_specific: bool,
    users: Vec<(Vec<bool>, u8, u8)>,
    connectors: Vec<bool>,
    grants: Vec<Option<(u8, u8, u8)>>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..6, 0usize..4, 1usize..4, 0usize..3, any::<bool>()).prop_flat_map(
        |(users, groups, resources, custom_envs, most_specific)| {
            let subjects = 1 + groups + users;
            (
                prop::collection::vec(
                    (
                        prop::collection::vec(any::<bool>(), groups),
                        0u8..10,
                        0u8..10,
                    ),
                    users,
                ),
                prop::collection::vec(any::<bool>(), resources),
                prop::collection::vec(
                    prop::option::weighted(0.6, (0u8..5, 1u8..32, 0u8..6)),
                    subjects * resources,
                ),
            )
                .prop_map(move |(users, connectors, grants)| Spec {
                    groups,
                    custom_envs,
                    most_specific,
                    users,
                    connectors,
                    grants,
                })
        },
    )
}

/// Environments picked by a bit mask over `policy`'s, never none.
fn envs_of(policy: &Policy, mask: u8) -> BTreeSet<EnvironmentId> {
    let all: Vec<EnvironmentId> = policy.environments.iter().map(|e| e.id.clone()).collect();
    let picked: BTreeSet<EnvironmentId> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| mask >> (i % 6) & 1 == 1)
        .map(|(_, e)| e.clone())
        .collect();
    if picked.is_empty() {
        [all[0].clone()].into()
    } else {
        picked
    }
}

fn build(spec: &Spec) -> Policy {
    let mut policy = Policy::new();
    policy.precedence = if spec.most_specific {
        Precedence::MostSpecificWins
    } else {
        Precedence::HighestWins
    };
    for c in 0..spec.custom_envs {
        policy.environments.push(Environment::new(
            id(format!("custom{c}")),
            format!("Custom {c}"),
        ));
    }
    policy.groups = (0..spec.groups)
        .map(|g| Group::new(id(format!("g{g}")), format!("Group {g}")))
        .collect();
    for (i, (memberships, status, owner)) in spec.users.iter().enumerate() {
        let mut user = User::new(id(format!("u{i}")), format!("User {i}"));
        user.groups = (0..spec.groups)
            .filter(|g| memberships[*g])
            .map(|g| id(format!("g{g}")))
            .collect();
        if *status < 2 {
            user.status = UserStatus::Deactivated;
        }
        user.account_owner = *owner < 1;
        policy.users.push(user);
    }
    for (r, connector) in spec.connectors.iter().enumerate() {
        policy.resources.push(Resource {
            id: id(format!("r{r}")),
            name: format!("R{r}"),
            kind: if *connector {
                ResourceKind::Connector
            } else {
                ResourceKind::App
            },
            creator: None,
        });
    }
    let subjects: Vec<Subject> = std::iter::once(Subject::AllUsers)
        .chain((0..spec.groups).map(|g| Subject::Group(id(format!("g{g}")))))
        .chain((0..spec.users.len()).map(|u| Subject::User(id(format!("u{u}")))))
        .collect();
    let resources = spec.connectors.len();
    for (slot, choice) in spec.grants.iter().enumerate() {
        let Some((role_roll, mask, expiry)) = choice else {
            continue;
        };
        let resource = &policy.resources[slot % resources];
        let kind = resource.kind;
        let role = Role::from_level(kind, role_roll % (kind.owner_level() + 1)).unwrap();
        let mut grant = Grant::new(
            subjects[slot / resources].clone(),
            resource.id.clone(),
            role,
            envs_of(&policy, *mask),
        );
        grant.expires_at = match expiry {
            0 => Some(Timestamp(NOW.0 - 5)),
            1 => Some(Timestamp(NOW.0 + 5)),
            _ => None,
        };
        policy.grants.push(grant);
    }
    policy.validate().unwrap();
    policy
}

/// A random test; its ids may name things the policy does not have (u7, g5, r4, custom2),
/// and its role may be of the other ladder.
fn any_test() -> impl Strategy<Value = (u8, u8, u8, u8, u8, u8, Option<u8>)> {
    (
        0u8..4,
        0u8..8,
        0u8..5,
        0u8..5,
        0u8..10,
        0u8..4,
        prop::option::of(1u8..64),
    )
}

fn make_test(
    policy: &Policy,
    n: usize,
    (who, which, how, level, ladder, resource, envs): (u8, u8, u8, u8, u8, u8, Option<u8>),
) -> AccessTest {
    let subject = match who {
        0 => TestSubject::User(id(format!("u{which}"))),
        1 => TestSubject::Group(id(format!("g{}", which % 5))),
        2 => TestSubject::Everyone,
        _ => TestSubject::EveryoneOutside(id(format!("g{}", which % 5))),
    };
    let resource: ResourceId = id(format!("r{resource}"));
    // Mostly the resource's own ladder; one in ten the other one.
    let kind = match policy.resource(&resource).map(|r| r.kind) {
        Some(ResourceKind::App) if ladder != 0 => ResourceKind::App,
        Some(ResourceKind::Connector) if ladder == 0 => ResourceKind::App,
        Some(_) => ResourceKind::Connector,
        None => ResourceKind::App,
    };
    let role = Role::from_level(kind, level % (kind.owner_level() + 1)).unwrap();
    let comparison = match how {
        0 => Comparison::AtLeast(role),
        1 => Comparison::AtMost(role),
        2 => Comparison::Exactly(role),
        _ => Comparison::NoAccess,
    };
    let environments = match envs {
        None => TestEnvironments::All,
        Some(mask) => TestEnvironments::Only(
            [
                "production",
                "staging",
                "development",
                "custom0",
                "custom1",
                "custom2",
            ]
            .iter()
            .enumerate()
            .filter(|(i, _)| mask >> i & 1 == 1)
            .map(|(_, e)| id(e.to_string()))
            .collect(),
        ),
    };
    AccessTest {
        id: id(format!("tst-{n}")),
        name: format!("Test {n}"),
        subject,
        comparison,
        resource,
        environments,
        saved_names: SavedNames::default(),
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
/// eight resources, five environments, 60 tests.
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
        let tests: Vec<AccessTest> = (0..60)
            .map(|n| {
                let raw = (
                    rng.below(4) as u8,
                    rng.below(8) as u8,
                    rng.below(4) as u8,
                    rng.below(5) as u8,
                    1 + rng.below(9) as u8,
                    rng.below(8) as u8,
                    (rng.below(2) == 0).then(|| 1 + rng.below(31) as u8),
                );
                let mut test = make_test(&policy, n, raw);
                if let TestSubject::User(_) = test.subject {
                    test.subject = TestSubject::User(id(format!("u{}", rng.below(200))));
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
