//! Benchmark (not a test — ignored by default): the Access matrix with 10,011 users × 1,006
//! resources and about 201,000 grants in headless Chromium (issue 15). Measures, with the
//! page's own Performance API, the time from the policy snapshot's arrival (its Resource
//! Timing `responseEnd`) to the first screen of cells painted, and the long tasks (> 50 ms)
//! and the longest frame gap while the grid scrolls down and right. Run:
//! `cargo test -p gatehouse-studio --release --test bench_access_matrix -- --ignored --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use gatehouse_policy::{
    AppRole, ConnectorRole, Environment, EnvironmentId, GroupId, Role, Subject, UserId,
};
use gatehouse_server::store::grants::{insert_grants, GrantRow};
use gatehouse_server::store::users::UserInsert;
use gatehouse_server::store::{data_environments, groups};
use gatehouse_server::Store;
use gatehouse_wire::{UserFlags, UserStatus};
use serde_json::Value;
use support::{Browser, Studio, OWNER};

const ENV: &str = "O12345AA";
const USERS: usize = 10_000;
const GROUPS: usize = 200;
const RESOURCES: usize = 1_000;
/// Group and user grants on each resource (besides All Users on two in three).
const GROUP_GRANTS: usize = 20;
const USER_GRANTS: usize = 180;

/// The store has no function that adds a resource (they come from seeding), so the 1,000
/// resources go in with the SQLite shell; one in four is a connector.
const RESOURCES_SQL: &str = "INSERT INTO resources (id, environment, kind, name, created_at)
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
  SELECT printf('res-bench-%04d', i), 'O12345AA', CASE WHEN i % 4 = 3 THEN 'connector' ELSE 'app' END,
    printf('Bench resource %04d', i), CAST(strftime('%s', 'now') AS INTEGER) FROM n;";

/// Clicks "Access matrix" and resolves, once the first cells are painted, with the
/// snapshot's Resource Timing, when the page said "Computing the matrix…" (the snapshot
/// decoded), when the first cells were put in the DOM, and the long tasks meanwhile.
const FIRST_SCREEN: &str = "const done = arguments[arguments.length - 1];
  performance.clearResourceTimings();
  const marks = {};
  const seen = () => {
    const l = document.querySelector('[data-testid=matrix-loading]');
    if (marks.computing === undefined && l && l.textContent.includes('Computing')) marks.computing = performance.now();
    if (marks.cells === undefined && document.querySelector('[data-testid=matrix-cell]')) marks.cells = performance.now();
  };
  const mo = new MutationObserver(seen);
  mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  const longs = [];
  const lo = new PerformanceObserver((list) => list.getEntries().forEach((e) => longs.push([e.startTime, e.duration])));
  lo.observe({ type: 'longtask' });
  const t0 = performance.now();
  document.querySelector('a[href$=\"/access-matrix\"]').click();
  const check = () => document.querySelector('[data-testid=matrix-cell]')
    ? requestAnimationFrame(() => {
        const painted = performance.now();
        mo.disconnect();
        const p = performance.getEntriesByType('resource').filter((e) => e.name.includes('/policy')).pop();
        setTimeout(() => { lo.disconnect(); done({ t0, painted, computing: marks.computing ?? null,
          cells: marks.cells ?? null, requestStart: p.requestStart, responseStart: p.responseStart,
          responseEnd: p.responseEnd, transfer: p.transferSize, body: p.decodedBodySize,
          cellCount: document.querySelectorAll('[data-testid=matrix-cell]').length, longs }); }, 200);
      })
    : requestAnimationFrame(check);
  check();";

/// Scrolls the grid 30 frames down (20 rows) and right (2 columns) a frame, then jumps to the
/// middle and waits 15 frames; resolves with the long tasks that started meanwhile, the
/// longest frame gap and the first row rendered at the end.
const SCROLL: &str = "const done = arguments[arguments.length - 1];
  const grid = document.querySelector('[data-testid=matrix-grid]');
  const entries = [];
  const lo = new PerformanceObserver((list) => list.getEntries().forEach((e) => entries.push(e)));
  lo.observe({ type: 'longtask', buffered: true });
  const start = performance.now();
  let last = null, maxGap = 0, step = 0, jumped = Infinity;
  const frame = (now) => {
    if (last !== null) maxGap = Math.max(maxGap, now - last);
    last = now;
    if (step < 30) { grid.scrollTop += 720; grid.scrollLeft += 232; }
    else if (step === 30) { grid.scrollTop = grid.scrollHeight / 2; grid.scrollLeft = grid.scrollWidth / 2; jumped = performance.now(); }
    if (step++ < 45) { requestAnimationFrame(frame); return; }
    const end = performance.now();
    setTimeout(() => {
      lo.disconnect();
      const longs = entries.filter((e) => e.startTime >= start && e.startTime <= end).map((e) => [e.startTime < jumped ? 'steps' : 'jump', Math.round(e.duration)]);
      const first = document.querySelector('[data-testid=matrix-cell]');
      done({ ms: end - start, longs, maxGap, firstRow: first ? Number(first.dataset.row) : null,
        scrollTop: grid.scrollTop, scrollLeft: grid.scrollLeft });
    }, 300);
  };
  requestAnimationFrame(frame);";

/// The data environments grants name: the three built-ins and two custom ones.
const ENV_SETS: [&[&str]; 4] = [
    &[
        "acceptance",
        "development",
        "production",
        "staging",
        "training",
    ],
    &["production"],
    &["development", "staging"],
    &["acceptance", "production", "training"],
];

fn role(connector: bool, n: usize) -> Role {
    if connector {
        let roles = [
            ConnectorRole::UseOnly,
            ConnectorRole::Editor,
            ConnectorRole::Owner,
        ];
        Role::Connector(roles[n % roles.len()])
    } else {
        let roles = [
            AppRole::PreviewOnly,
            AppRole::Editor,
            AppRole::Publisher,
            AppRole::Owner,
        ];
        Role::App(roles[n % roles.len()])
    }
}

/// The grants on resource `r`: All Users on two in three, 20 groups and 180 users, over
/// varying data environments, a few expiring later and a few expired.
fn grants_on(r: usize, now: i64) -> Vec<GrantRow> {
    let resource = format!("res-bench-{r:04}");
    let connector = r % 4 == 3;
    let grant = |k: usize, subject: Subject, role: Role| GrantRow {
        id: format!("grant-bench-{r:04}-{k:03}"),
        resource: resource.clone(),
        subject,
        role,
        environments: ENV_SETS[(r + k) % ENV_SETS.len()]
            .iter()
            .map(|e| (*e).to_owned())
            .collect(),
        expires_at: match k % 97 {
            0 => Some(now - 86_400),
            n if n % 23 == 0 => Some(now + 30 * 86_400),
            _ => None,
        },
        version: 1,
    };
    let mut grants = Vec::with_capacity(1 + GROUP_GRANTS + USER_GRANTS);
    if !r.is_multiple_of(3) {
        grants.push(grant(0, Subject::AllUsers, role(connector, 0)));
    }
    for k in 0..GROUP_GRANTS {
        let group = GroupId::parse(&format!("grp-bench-{:03}", (r * 13 + k * 10) % GROUPS));
        let subject = Subject::Group(group.expect("group id"));
        grants.push(grant(1 + k, subject, role(connector, r + k)));
    }
    for k in 0..USER_GRANTS {
        let user = UserId::parse(&format!("usr-bench-{:05}", (r * 97 + k * 55) % USERS));
        let subject = Subject::User(user.expect("user id"));
        grants.push(grant(
            1 + GROUP_GRANTS + k,
            subject,
            role(connector, r * 7 + k),
        ));
    }
    grants
}

/// 10,000 users in 200 groups (each in one or two), two more data environments, 1,000
/// resources and their grants.
async fn load_workload(studio: &Studio) -> usize {
    let db = studio.config.database_url.trim_start_matches("sqlite://");
    let shell = std::process::Command::new("sqlite3")
        .args(["-cmd", ".timeout 10000", db, RESOURCES_SQL])
        .status()
        .expect("the sqlite3 shell runs");
    assert!(shell.success(), "the resources are inserted");
    let store = &studio.server.as_ref().expect("server").state.store;
    let mut tx = store.begin_write().await.expect("begin a write");
    for i in 0..USERS {
        let user = UserInsert {
            id: format!("usr-bench-{i:05}"),
            environment: ENV.into(),
            code: format!("12345.U{i:05}"),
            name: format!("User {i:05}"),
            email: Some(format!("user{i:05}@bench.example")),
            status: UserStatus::Active,
            account_owner: false,
            flags: UserFlags::default(),
        };
        Store::insert_user(&mut tx, &user).await.expect("insert");
    }
    for g in 0..GROUPS {
        let id = format!("grp-bench-{g:03}");
        groups::insert_group(&mut tx, ENV, &id, &format!("Team {g:03}"), "Benchmark team")
            .await
            .expect("insert a group");
        let members: Vec<String> = (0..USERS)
            .filter(|i| i % GROUPS == g || (i.is_multiple_of(2) && (i * 7 + 3) % GROUPS == g))
            .map(|i| format!("usr-bench-{i:05}"))
            .collect();
        let set = groups::set_members(&mut tx, &id, 1, &members).await;
        assert!(set.expect("set the members"), "the group is at version 1");
    }
    for (id, name) in [("acceptance", "Acceptance"), ("training", "Training")] {
        let env = Environment::new(EnvironmentId::parse(id).expect("id"), name);
        data_environments::insert(&mut tx, ENV, &env)
            .await
            .expect("insert a data environment");
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let grants: Vec<GrantRow> = (0..RESOURCES).flat_map(|r| grants_on(r, now)).collect();
    insert_grants(&mut tx, &grants)
        .await
        .expect("insert grants");
    tx.commit().await.expect("commit the workload");
    grants.len()
}

fn number(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or(f64::NAN)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run explicitly, results go to BENCHMARKS.md"]
async fn access_matrix_with_ten_thousand_users_and_a_thousand_resources() {
    let mut studio = Studio::start().await;
    let grants = load_workload(&studio).await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/groups"), OWNER).await;
    browser.wait_for("[data-testid=groups-table]").await;
    let (mut first, mut decode, mut compute, mut scroll_longest, mut gaps) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 1..=5 {
        browser.open(&studio.url("/groups")).await;
        browser.wait_for("[data-testid=groups-table]").await;
        let load = browser
            .client
            .execute_async(FIRST_SCREEN, vec![])
            .await
            .expect("first screen");
        let arrived = number(&load, "responseEnd");
        first.push(number(&load, "painted") - arrived);
        decode.push(number(&load, "computing") - arrived);
        compute.push(number(&load, "cells") - number(&load, "computing"));
        browser.settled().await;
        if run == 1 {
            println!(
                "workload: {} · {grants} grants · snapshot {:.1} MB ({:.1} MB on the wire)",
                browser.text("[data-testid=matrix-count]").await,
                number(&load, "body") / 1e6,
                number(&load, "transfer") / 1e6
            );
        }
        let scroll = browser
            .client
            .execute_async(SCROLL, vec![])
            .await
            .expect("scroll");
        let longs: Vec<f64> = scroll["longs"]
            .as_array()
            .map(|a| a.iter().filter_map(|l| l[1].as_f64()).collect())
            .unwrap_or_default();
        scroll_longest.push(longs.iter().copied().fold(0.0, f64::max));
        gaps.push(number(&scroll, "maxGap"));
        println!(
            "run {run}: click {:.0} → request {:.0} → response start {:.0} → end {:.0} → decoded {:.0} → cells {:.0} → painted {:.0} ms ({} cells); load long tasks {}; scroll: {} long tasks {} (phase, ms), longest frame gap {:.0} ms, {:.0} ms, first row {} at the end",
            number(&load, "t0") - arrived,
            number(&load, "requestStart") - arrived,
            number(&load, "responseStart") - arrived,
            0.0,
            number(&load, "computing") - arrived,
            number(&load, "cells") - arrived,
            number(&load, "painted") - arrived,
            load["cellCount"],
            load["longs"],
            longs.len(),
            scroll["longs"],
            number(&scroll, "maxGap"),
            number(&scroll, "ms"),
            scroll["firstRow"],
        );
    }
    println!(
        "| snapshot arrived → first screen painted (median of 5) | {:.0} ms |",
        median(&first)
    );
    println!(
        "| of which: arrived → decoded {:.0} ms, decoded → cells in the DOM {:.0} ms |",
        median(&decode),
        median(&compute)
    );
    println!(
        "| scrolling: longest long task (median of 5) | {:.0} ms | longest frame gap {:.0} ms |",
        median(&scroll_longest),
        median(&gaps)
    );
    println!(
        "raw: first screen {first:.0?} ms, decoded {decode:.0?}, compute+render {compute:.0?}, scroll longest long task {scroll_longest:.0?}, frame gap {gaps:.0?}"
    );
    browser.close().await;
    studio.stop().await;
}
