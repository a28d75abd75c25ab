//! Filter authorisation benchmark: 100k rows against 20 active filters.

mod support;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gatehouse_policy::filter::{visibility_for, CompiledTable};
use gatehouse_policy::*;

fn filters(c: &mut Criterion) {
    let rows = support::rows(100_000, 3);
    let policy = support::filter_policy(20, 5);
    let table = &policy.tables[0];
    let user = &policy.users[0];
    let mut group = c.benchmark_group("filters");
    group.sample_size(20);
    group.throughput(Throughput::Elements(rows.len() as u64));
    group.bench_function("visible_rows_100k_x20", |b| {
        b.iter(|| {
            let compiled = CompiledTable::new(table, &rows).expect("valid table");
            black_box(visibility_for(table, &compiled, user).count())
        })
    });
    group.bench_function("visible_rows_100k_x20_with_filters_per_row", |b| {
        b.iter(|| {
            let compiled = CompiledTable::new(table, &rows).expect("valid table");
            let visibility = visibility_for(table, &compiled, user);
            let Visibility::Filtered(filtered) = visibility else {
                return 0;
            };
            black_box(filtered.iter().map(|r| r.filters().count()).sum::<usize>())
        })
    });
    group.finish();
}

criterion_group!(benches, filters);
criterion_main!(benches);
