//! Users import benchmarks (issue #14): planning a 10,000-line file against an environment of
//! 10,000 users in 50 groups — 9,000 existing users (every other one renamed, every fifth
//! moved to other groups) and 1,000 new ones — and exporting those users.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_app::{plan_user_import, users_csv};
use gatehouse_policy::{EmailAddress, Group, GroupId, Participant, Policy, User, UserCode, UserId};

const USERS: usize = 10_000;
const GROUPS: usize = 50;

fn policy() -> Policy {
    let mut policy = Policy::new();
    policy.participant = Some(Participant::parse("12345").expect("participant"));
    policy.groups = (0..GROUPS)
        .map(|g| {
            Group::new(
                GroupId::parse(&format!("grp-{g}")).expect("id"),
                format!("Group {g}"),
            )
        })
        .collect();
    policy.users = (0..USERS)
        .map(|n| {
            let mut user = User::new(
                UserId::parse(&format!("usr-{n}")).expect("id"),
                format!("User Number {n}"),
            );
            user.code = Some(UserCode::parse(&format!("12345.U{n}")).expect("code"));
            user.email =
                Some(EmailAddress::parse(&format!("user{n}@northwind.example")).expect("email"));
            user.flags.windows = n % 2 == 0;
            user.account_owner = n == 0;
            user.groups = [n % GROUPS, (n * 7) % GROUPS]
                .into_iter()
                .map(|g| GroupId::parse(&format!("grp-{g}")).expect("id"))
                .collect();
            user
        })
        .collect();
    policy
}

/// The export with every other user renamed, every fifth in other groups, and the last
/// 1,000 lines new users.
fn file(policy: &Policy) -> String {
    let export = users_csv(policy);
    let mut lines = export.lines();
    let mut csv = format!("{}\n", lines.next().expect("header"));
    for (n, line) in lines.take(USERS - 1_000).enumerate() {
        let mut fields: Vec<String> = line.split(',').map(str::to_owned).collect();
        if n % 2 == 1 {
            fields[1] = format!("Renamed User {n}");
        }
        if n % 5 == 0 {
            fields[4] = format!("Group {}|Group {}", (n + 3) % GROUPS, (n + 11) % GROUPS);
        }
        csv.push_str(&fields.join(","));
        csv.push('\n');
    }
    for n in 0..1_000 {
        csv.push_str(&format!(
            "12345.New{n},New User {n},new{n}@northwind.example,active,Group {}|Group 1,yes,no,yes\n",
            n % GROUPS
        ));
    }
    csv
}

fn import(c: &mut Criterion) {
    let policy = policy();
    let versions: HashMap<String, i64> =
        policy.users.iter().map(|u| (u.id.to_string(), 1)).collect();
    let csv = file(&policy);
    let export = users_csv(&policy);
    let plan = plan_user_import(csv.as_bytes(), &policy, &versions, "O12345AA").expect("plan");
    assert_eq!(plan.lines.len(), USERS);
    assert!(plan.first_error().is_none(), "{:?}", plan.first_error());
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("plan_10000_lines_10000_users", |b| {
        b.iter(|| {
            black_box(
                plan_user_import(csv.as_bytes(), &policy, &versions, "O12345AA").expect("plan"),
            )
        })
    });
    group.bench_function("plan_10000_unchanged_lines", |b| {
        b.iter(|| {
            black_box(
                plan_user_import(export.as_bytes(), &policy, &versions, "O12345AA").expect("plan"),
            )
        })
    });
    group.bench_function("export_10000_users", |b| {
        b.iter(|| black_box(users_csv(&policy)))
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
