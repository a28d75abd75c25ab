//! The in-process part of authorising a call (issue 4: "in-process token check + role lookup:
//! p99 ≤ 50 µs"): the presented secret's checksum, its SHA-256 fingerprint compared in
//! constant time with the stored one, `check_call` on the cached prepared snapshot, then the caller's
//! effective role on a resource. Database reads are not included (the load benchmark covers
//! those).
//!
//! Two snapshots: the demo organisation's size, and the policy crate's issue workload (10,000
//! users, 1,000 resources, 206,000 grants). Besides criterion's means it prints p50 / p99 /
//! p99.9 / max of single timed iterations, since the target is a p99.
//!
//! `CARGO_TARGET_DIR=/work/target-perf cargo bench -p gatehouse-server --bench token_check`

#[path = "../../policy/benches/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_policy::token::{format_secret, verify_checksum, APP_TOKEN_PREFIX};
use gatehouse_policy::*;
use gatehouse_server::auth::token::{fingerprint, fingerprint_matches};

/// A token's user, its app connector and a secret, over one prepared snapshot.
struct Case {
    name: &'static str,
    prepared: PreparedPolicy,
    secret: String,
    stored_hash: String,
    record: TokenRecord,
    app_connector: AppConnectorId,
    connector: ConnectorRef,
    resource: ResourceId,
    environment: EnvironmentId,
}

fn case(name: &'static str, size: support::Size) -> Case {
    let mut policy = support::policy(size, 7);
    // The last active user: the worst case for lookups that scan the user list.
    let index = policy.users.len() - 2;
    let user = &mut policy.users[index];
    user.email = Some(EmailAddress::parse("user@example.com").expect("valid email"));
    let user_id = user.id.clone();
    let group = user.groups.iter().next().expect("in a group").clone();
    let resource = policy
        .resources
        .iter()
        .find(|r| r.kind == ResourceKind::Connector)
        .expect("a connector")
        .id
        .clone();
    let connector = ConnectorRef {
        kind: ConnectorKind::Get,
        name: resource.to_string(),
    };
    let app_connector = AppConnectorId::parse("ac-bench").expect("valid id");
    policy.app_connectors.push(AppConnector {
        id: app_connector.clone(),
        name: "Bench".to_owned(),
        group,
        connectors: [connector.clone()].into(),
        blocked: false,
    });
    let secret = format_secret(APP_TOKEN_PREFIX, &[42u8; 32]).expect("formatted");
    let environment = policy.environments[0].id.clone();
    Case {
        name,
        prepared: policy.prepare(support::NOW).expect("valid"),
        stored_hash: fingerprint(&secret),
        secret,
        record: TokenRecord {
            id: TokenId::parse("tok-bench").expect("valid id"),
            user: user_id,
            app_connector: app_connector.clone(),
            expires_at: None,
            revoked: false,
        },
        app_connector,
        connector,
        resource,
        environment,
    }
}

/// One authorisation: what `GET /api/v1/connect/…` does in memory once the token row is read.
fn authorise(case: &Case) -> Role {
    authorise_with(case, |request| {
        case.prepared.check_call(request, support::NOW)
    })
}

/// The same with the unprepared `check_call`, which finds the token's user by scanning the
/// users (what the server did before it kept the snapshot prepared), for comparison.
fn authorise_scanning(case: &Case) -> Role {
    authorise_with(case, |request| {
        check_call(case.prepared.policy(), request, support::NOW)
    })
}

fn authorise_with(case: &Case, check: impl Fn(&CallRequest<'_>) -> CallDecision) -> Role {
    assert!(verify_checksum(&case.secret));
    let presented = fingerprint(&case.secret);
    assert!(fingerprint_matches(&case.stored_hash, &presented));
    let request = CallRequest {
        token: Some(&case.record),
        user: None,
        app_connector: &case.app_connector,
        connector: &case.connector,
    };
    let CallDecision::Allow { user } = check(&request) else {
        panic!("the bench call is allowed");
    };
    case.prepared
        .effective_role(&user, &case.resource, &case.environment)
        .expect("known ids")
}

/// Times `n` single iterations and prints their percentiles.
fn percentiles(case: &Case, n: usize) {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let start = Instant::now();
            black_box(authorise(black_box(case)));
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((n as f64 * q) as usize).min(n - 1)].as_secs_f64() * 1e6;
    println!(
        "token_check/{}: {n} single iterations, µs: p50 {:.2}, p99 {:.2}, p99.9 {:.2}, max {:.2}",
        case.name,
        at(0.50),
        at(0.99),
        at(0.999),
        at(1.0)
    );
}

/// The demo organisation's size: 11 users, 3 groups, 6 resources.
const DEMO: support::Size = support::Size {
    users: 11,
    groups: 3,
    groups_per_user: 1,
    resources: 6,
    group_grants_per_resource: 1,
    grants_per_user: 1,
};

fn token_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("token_check");
    for case in [case("demo", DEMO), case("issue", support::ISSUE)] {
        percentiles(&case, 100_000);
        group.bench_function(format!("verify_and_role/{}", case.name), |b| {
            b.iter(|| black_box(authorise(black_box(&case))))
        });
        group.bench_function(format!("verify_and_role_scanning/{}", case.name), |b| {
            b.iter(|| black_box(authorise_scanning(black_box(&case))))
        });
    }
    let secret = format_secret(APP_TOKEN_PREFIX, &[42u8; 32]).expect("formatted");
    group.bench_function("fingerprint", |b| {
        b.iter(|| black_box(fingerprint(black_box(&secret))))
    });
    group.finish();
}

criterion_group!(benches, token_check);
criterion_main!(benches);
