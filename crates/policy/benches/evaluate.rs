//! Evaluator benchmarks on the issue's workload: single decisions, a user's row, a
//! resource's column, the full matrix, and (for reference) preparing, explaining and
//! what-if.

mod support;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gatehouse_policy::*;

fn evaluate(c: &mut Criterion) {
    let policy = support::policy(support::ISSUE, 7);
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(20);
    group.bench_function("prepare", |b| {
        b.iter(|| black_box(policy.prepare(support::NOW).expect("valid")))
    });
    for precedence in Precedence::ALL {
        let mut policy = policy.clone();
        policy.precedence = precedence;
        let prepared = policy.prepare(support::NOW).expect("valid");
        let name = precedence.label().replace(' ', "_");
        let cells = support::cells(&prepared, 4096, 11);
        group.throughput(Throughput::Elements(cells.len() as u64));
        group.bench_function(format!("decision/{name}"), |b| {
            b.iter(|| {
                cells
                    .iter()
                    .map(|(u, r, e)| u32::from(prepared.effective_level(*u, *r, *e)))
                    .sum::<u32>()
            })
        });
        group.throughput(Throughput::Elements(1));
        let users: Vec<UserIx> = prepared.users().collect();
        let resources: Vec<ResourceIx> = prepared.resources().collect();
        group.bench_function(format!("user_row/{name}"), |b| {
            b.iter(|| black_box(prepared.user_row(users[4242])))
        });
        group.bench_function(format!("resource_column/{name}"), |b| {
            b.iter(|| black_box(prepared.resource_column(resources[421])))
        });
        group.bench_function(format!("matrix/{name}"), |b| {
            b.iter(|| black_box(prepared.matrix()))
        });
        let mut row = Vec::new();
        group.bench_function(format!("user_row_into/{name}"), |b| {
            b.iter(|| prepared.user_row_into(users[4242], black_box(&mut row)))
        });
        let mut column = Vec::new();
        group.bench_function(format!("resource_column_into/{name}"), |b| {
            b.iter(|| prepared.resource_column_into(resources[421], black_box(&mut column)))
        });
        let mut matrix = prepared.matrix();
        group.bench_function(format!("matrix_into/{name}"), |b| {
            b.iter(|| prepared.matrix_into(black_box(&mut matrix)))
        });
    }
    let prepared = policy.prepare(support::NOW).expect("valid");
    let (user, resource, env) = (
        policy.users[4242].id.clone(),
        policy.resources[421].id.clone(),
        policy.environments[1].id.clone(),
    );
    group.bench_function("explain", |b| {
        b.iter(|| black_box(prepared.explain(&user, &resource, &env).expect("known ids")))
    });
    // The same cell for the first, middle and last user: the cost must not grow with the
    // user's position in the list.
    let last = policy.users.len() - 1;
    for (label, at) in [("first", 0), ("middle", last / 2), ("last", last)] {
        let user = policy.users[at].id.clone();
        group.bench_function(format!("explain/{label}_user"), |b| {
            b.iter(|| black_box(prepared.explain(&user, &resource, &env).expect("known ids")))
        });
    }
    // Raise All Users to Owner in one environment: touches the whole column.
    let kind = policy.resources[421].kind;
    let change = Change::UpsertGrant {
        grant: Grant::new(
            Subject::AllUsers,
            resource.clone(),
            Role::owner(kind),
            [env.clone()],
        ),
    };
    group.bench_function("what_if_grant", |b| {
        b.iter(|| black_box(what_if(&policy, &change, support::NOW).expect("valid change")))
    });
    group.finish();
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
