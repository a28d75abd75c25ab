//! Benchmark (not a test — ignored by default): the Users view with 10,000 users in headless
//! Chromium. Measures, with the page's own Performance API, the time from clicking "Users" to
//! the first rows painted (the first screenful, asked for beside the whole list) and from typing
//! a search, once the whole list is there, to the narrowed list. Run:
//! `cargo test -p gatehouse-studio --release --test bench_users_view -- --ignored --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use gatehouse_server::store::users::UserInsert;
use gatehouse_server::Store;
use gatehouse_wire::{UserFlags, UserStatus};
use support::{Browser, Studio, OWNER};

const NAVIGATE: &str = "const done = arguments[0]; const t0 = performance.now();
  document.querySelector('a[href$=\"/users\"]').click();
  const check = () => document.querySelectorAll('[data-testid=user-row]').length > 0
    ? requestAnimationFrame(() => done(performance.now() - t0)) : requestAnimationFrame(check);
  check();";

const WHOLE_LIST: &str = "const done = arguments[0];
  const check = () => document.querySelector('[data-testid=user-count]').textContent.endsWith(' users')
    ? done() : requestAnimationFrame(check);
  check();";

const SEARCH: &str = "const done = arguments[0]; const input = document.querySelector('[data-testid=user-search]');
  const t0 = performance.now(); input.value = 'User 0424'; input.dispatchEvent(new Event('input', { bubbles: true }));
  const check = () => document.querySelector('[data-testid=user-count]').textContent.startsWith('10 of')
    ? requestAnimationFrame(() => done(performance.now() - t0)) : requestAnimationFrame(check);
  check();";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run explicitly, results go to BENCHMARKS.md"]
async fn users_view_with_ten_thousand_users() {
    let mut studio = Studio::start().await;
    let store = &studio.server.as_ref().expect("server").state.store;
    let mut tx = store.begin_write().await.expect("begin a write");
    for i in 0..10_000 {
        let user = UserInsert {
            id: format!("usr-bench-{i:05}"),
            environment: "O12345AA".into(),
            code: format!("12345.U{i:05}"),
            name: format!("User {i:05}"),
            email: Some(format!("user{i:05}@bench.example")),
            status: UserStatus::Active,
            account_owner: false,
            flags: UserFlags::default(),
        };
        Store::insert_user(&mut tx, &user).await.expect("insert");
    }
    tx.commit().await.expect("commit the users");
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/groups"), OWNER).await;
    browser.wait_for("[data-testid=groups-table]").await;
    let mut first_rows = Vec::new();
    let mut searches = Vec::new();
    for _ in 0..5 {
        browser.open(&studio.url("/groups")).await;
        browser.wait_for("[data-testid=groups-table]").await;
        let ms = browser
            .client
            .execute_async(NAVIGATE, vec![])
            .await
            .expect("navigate");
        first_rows.push(ms.as_f64().unwrap_or(f64::NAN));
        // The first screenful paints before the whole list has arrived; searching is measured
        // on the whole list.
        browser
            .client
            .execute_async(WHOLE_LIST, vec![])
            .await
            .expect("whole list");
        let ms = browser
            .client
            .execute_async(SEARCH, vec![])
            .await
            .expect("search");
        searches.push(ms.as_f64().unwrap_or(f64::NAN));
    }
    first_rows.sort_by(f64::total_cmp);
    searches.sort_by(f64::total_cmp);
    println!(
        "| 10,011 users | navigation → first rows painted (median of 5) | {:.0} ms |",
        first_rows[2]
    );
    println!(
        "| 10,011 users | search keystroke → narrowed list painted (median of 5) | {:.0} ms |",
        searches[2]
    );
    println!("raw: first rows {first_rows:?} ms, search {searches:?} ms");
    browser.close().await;
    studio.stop().await;
}
