//! Change set benchmarks: deciding a set of 1,000 grant changes on the issue's workload
//! (10,000 users × 1,000 resources): authorisation per change, the lock-out guard on the
//! whole set, preparing the snapshot after it and the impact (every changed cell); and a
//! bulk action's 1,000 memberships.

mod support;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_policy::*;

fn change_set(c: &mut Criterion) {
    let policy = support::policy(support::ISSUE, 7);
    let before = policy.clone().prepare(support::NOW).expect("valid");
    // The account owner gives one active user a role on 1,000 resources in Staging.
    let owner = Actor::User(policy.users[0].id.clone());
    let user = Subject::User(policy.users[4242].id.clone());
    let staging = policy.environments[1].id.clone();
    let changes: Vec<SetChange> = policy
        .resources
        .iter()
        .take(1_000)
        .map(|r| {
            let grant = Grant::new(
                user.clone(),
                r.id.clone(),
                Role::owner(r.kind),
                [staging.clone()],
            );
            if policy.grant(&grant.key()).is_some() {
                SetChange::UpdateGrant { grant }
            } else {
                SetChange::CreateGrant { grant }
            }
        })
        .collect();
    let mut group = c.benchmark_group("change_set");
    group.sample_size(10);
    group.bench_function("decide_1000_grants", |b| {
        b.iter(|| black_box(decide(&before, &owner, &changes).expect("allowed")))
    });
    group.bench_function("decide_1_grant", |b| {
        b.iter(|| black_box(decide(&before, &owner, &changes[..1]).expect("allowed")))
    });
    // A bulk action: 1,000 users (the last of 10,000, slowest to find) into a group.
    let target = policy.groups[0].id.clone();
    let members: Vec<SetChange> = policy
        .users
        .iter()
        .rev()
        .filter(|u| !u.groups.contains(&target) && u.is_active() && !u.account_owner)
        .take(1_000)
        .map(|u| SetChange::AddMember {
            user: u.id.clone(),
            group: target.clone(),
        })
        .collect();
    group.bench_function("decide_1000_memberships", |b| {
        b.iter(|| black_box(decide(&before, &owner, &members).expect("allowed")))
    });
    group.finish();
}

criterion_group!(benches, change_set);
criterion_main!(benches);
