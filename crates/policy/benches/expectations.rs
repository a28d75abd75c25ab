//! Access test benchmarks on the issue's workload (10,000 users, 200 groups, 1,000
//! resources, 4 environments): 100 tests judged by `evaluate_tests`, as the tests page and
//! every change-set preview do, and `broken_by` for a one-grant change set.
//!
//! The 100 tests are what an organisation's auditors keep: 40 about one user, 30 about a
//! group's members, 20 about everyone and 10 about everyone outside a group, on 20 audited
//! resources, half in every environment and half in one or two. `kept` tests hold on the
//! snapshot except ten that fail for a group's members; `random` ones compare with random
//! roles, so most fail for thousands of users (a stress of building violations); and the
//! worst case is 100 "everyone" random tests on 100 different resources (a resource column
//! each).

mod support;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_policy::*;
use support::Rng;

/// `n` tests: subject `who(i)`, resources drawn from the first `resources` (spread over the
/// policy), comparisons cycling through the four kinds.
fn tests(
    policy: &Policy,
    n: usize,
    resources: usize,
    who: impl Fn(usize, &mut Rng) -> TestSubject,
) -> Vec<AccessTest> {
    let mut rng = Rng::new(15);
    let step = policy.resources.len() / resources;
    (0..n)
        .map(|i| {
            let resource = &policy.resources[rng.below(resources) * step];
            let role = Role::from_level(resource.kind, 1 + rng.below(2) as u8).expect("on ladder");
            let comparison = match i % 4 {
                0 => Comparison::AtLeast(role),
                1 => Comparison::AtMost(role),
                2 => Comparison::Exactly(role),
                _ => Comparison::NoAccess,
            };
            let environments = if i % 2 == 0 {
                TestEnvironments::All
            } else {
                let envs = &policy.environments;
                TestEnvironments::Only(
                    (0..1 + i % 2)
                        .map(|k| envs[(i + k) % envs.len()].id.clone())
                        .collect(),
                )
            };
            AccessTest {
                id: format!("tst-{i}").parse().expect("valid id"),
                name: format!("Test {i}"),
                subject: who(i, &mut rng),
                comparison,
                resource: resource.id.clone(),
                environments,
                saved_names: SavedNames::default(),
            }
        })
        .collect()
}

/// The levels a test reads: its subject's active users on its resource in its environments.
fn levels(prepared: &PreparedPolicy, test: &AccessTest) -> Vec<u8> {
    let policy = prepared.policy();
    let resource = prepared
        .resource_ix(&test.resource)
        .expect("known resource");
    let column = prepared.resource_column(resource);
    let envs: Vec<usize> = match &test.environments {
        TestEnvironments::All => (0..policy.environments.len()).collect(),
        TestEnvironments::Only(ids) => ids
            .iter()
            .map(|e| prepared.env_ix(e).expect("known env").index())
            .collect(),
    };
    let mut levels = Vec::new();
    for (u, user) in policy.users.iter().enumerate() {
        let about = match &test.subject {
            TestSubject::User(id) => &user.id == id,
            TestSubject::Group(g) => user.groups.contains(g),
            TestSubject::Everyone => true,
            TestSubject::EveryoneOutside(g) => !user.groups.contains(g),
        };
        if about && user.is_active() {
            levels.extend(
                envs.iter()
                    .map(|e| column[u * policy.environments.len() + e]),
            );
        }
    }
    levels
}

/// The tests an organisation keeps hold: each comparison is chosen to pass on the
/// snapshot, except for the group tests numbered 4, 14, 24, … (ten of them), which expect
/// one rung less than their members' highest role, so they fail for those members.
fn holding(prepared: &PreparedPolicy, mut tests: Vec<AccessTest>) -> Vec<AccessTest> {
    let policy = prepared.policy();
    for (i, test) in tests.iter_mut().enumerate() {
        let kind = policy.resource(&test.resource).expect("known").kind;
        let levels = levels(prepared, test);
        let (min, max) = (
            levels.iter().copied().min().unwrap_or(0),
            levels.iter().copied().max().unwrap_or(0),
        );
        let role = |level: u8| Role::from_level(kind, level).expect("on ladder");
        test.comparison = match i % 4 {
            _ if i % 10 == 4 && max > 0 => Comparison::AtMost(role(max - 1)),
            0 => Comparison::AtMost(role(max)),
            1 => Comparison::AtLeast(role(min)),
            2 if min == max => Comparison::Exactly(role(max)),
            3 if max == 0 => Comparison::NoAccess,
            _ => Comparison::AtMost(role(max)),
        };
    }
    tests
}

/// Which tests a part of the workload keeps, by subject.
type IsAbout = fn(&TestSubject) -> bool;

fn expectations(c: &mut Criterion) {
    let policy = support::policy(support::ISSUE, 7);
    let prepared = policy.clone().prepare(support::NOW).expect("valid");
    let group_id = |rng: &mut Rng| policy.groups[rng.below(policy.groups.len())].id.clone();
    let mixed = tests(&policy, 100, 20, |i, rng| match i % 10 {
        0..=3 => TestSubject::User(policy.users[rng.below(policy.users.len())].id.clone()),
        4..=6 => TestSubject::Group(group_id(rng)),
        7 | 8 => TestSubject::Everyone,
        _ => TestSubject::EveryoneOutside(group_id(rng)),
    });
    let everyone = tests(&policy, 100, 100, |_, _| TestSubject::Everyone);
    let kept = holding(&prepared, mixed.clone());
    for (label, tests) in [("kept", &kept), ("mixed", &mixed), ("everyone", &everyone)] {
        let outcomes = evaluate_tests(&prepared, tests);
        let failed = outcomes.iter().filter(|o| !o.passed()).count();
        let cells: usize = outcomes.iter().map(|o| o.violations().len()).sum();
        eprintln!("{label}: {failed} of 100 tests fail, {cells} violations in all");
    }
    let mut group = c.benchmark_group("expectations");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));
    // The yardstick under the same load: the columns the "everyone" tests read.
    let wide: std::collections::BTreeSet<ResourceIx> = kept
        .iter()
        .filter(|t| {
            matches!(
                t.subject,
                TestSubject::Everyone | TestSubject::EveryoneOutside(_)
            )
        })
        .filter_map(|t| prepared.resource_ix(&t.resource))
        .collect();
    let mut column = Vec::new();
    group.bench_function(format!("{}_resource_columns", wide.len()), |b| {
        b.iter(|| {
            for r in &wide {
                prepared.resource_column_into(*r, black_box(&mut column));
            }
        })
    });
    group.bench_function("evaluate_100_tests", |b| {
        b.iter(|| black_box(evaluate_tests(&prepared, &kept)))
    });
    // The same tests by subject: where the time goes.
    let parts: [(&str, IsAbout); 3] = [
        ("users", |s| matches!(s, TestSubject::User(_))),
        ("groups", |s| matches!(s, TestSubject::Group(_))),
        ("everyone", |s| {
            matches!(s, TestSubject::Everyone | TestSubject::EveryoneOutside(_))
        }),
    ];
    for (label, keep) in parts {
        let part: Vec<AccessTest> = kept.iter().filter(|t| keep(&t.subject)).cloned().collect();
        group.bench_function(format!("evaluate_kept_{label}_{}", part.len()), |b| {
            b.iter(|| black_box(evaluate_tests(&prepared, &part)))
        });
    }
    group.bench_function("evaluate_100_random_tests", |b| {
        b.iter(|| black_box(evaluate_tests(&prepared, &mixed)))
    });
    group.bench_function("evaluate_100_everyone_tests_on_100_resources", |b| {
        b.iter(|| black_box(evaluate_tests(&prepared, &everyone)))
    });
    // The account owner gives one user Owner of an audited resource in every environment.
    let resource = &policy.resources[0];
    let grant = Grant::new(
        Subject::User(policy.users[4242].id.clone()),
        resource.id.clone(),
        Role::owner(resource.kind),
        policy.environments.iter().map(|e| e.id.clone()),
    );
    let change = if policy.grant(&grant.key()).is_some() {
        SetChange::UpdateGrant { grant }
    } else {
        SetChange::CreateGrant { grant }
    };
    let owner = Actor::User(policy.users[0].id.clone());
    let after = decide(&prepared, &owner, &[change]).expect("allowed").after;
    eprintln!(
        "broken_by: {} of the kept tests broken by one grant",
        broken_by(&prepared, &after, &kept).len()
    );
    group.bench_function("broken_by_100_tests", |b| {
        b.iter(|| black_box(broken_by(&prepared, &after, &kept)))
    });
    group.bench_function("broken_by_100_random_tests", |b| {
        b.iter(|| black_box(broken_by(&prepared, &after, &mixed)))
    });
    group.finish();
}

criterion_group!(benches, expectations);
criterion_main!(benches);
