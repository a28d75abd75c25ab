//! Benchmark (not a test — ignored by default): a bulk action on 1,000 of 10,011 users in
//! headless Chromium. Measures with the page's own Performance API: opening "Add to group…"
//! until the preview is painted (the snapshot fetched and decided), changing the group until
//! the new preview is painted (the policy crate's `decide` alone), and Save until the toast
//! (the change set written by the server, the list reloaded). Run:
//! `cargo test -p gatehouse-studio --release --test bench_bulk -- --ignored --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use gatehouse_server::store::users::UserInsert;
use gatehouse_server::Store;
use gatehouse_wire::{UserFlags, UserStatus};
use support::{Browser, Studio, OWNER};

/// Clicks the button `arguments[0]` and waits until the dialog's preview counts the change of
/// 1,000 people and the impact is decided.
const OPEN: &str = "const done = arguments[arguments.length - 1]; const t0 = performance.now();
  document.querySelector(arguments[0]).click();
  const check = () => {
    const changes = document.querySelector('[data-testid=bulk-changes]');
    const impact = document.querySelector('[data-testid=bulk-impact] [data-testid=impact-summary]');
    return changes && changes.textContent === '1000 people to change.' && impact && impact.textContent.includes('effective access')
      ? requestAnimationFrame(() => done(performance.now() - t0)) : requestAnimationFrame(check);
  };
  check();";

/// Chooses group `arguments[0]` and waits for the preview saying `arguments[1]`.
const CHOOSE: &str = "const done = arguments[arguments.length - 1]; const [group, expected] = arguments; const select = document.querySelector('[data-testid=bulk-group]');
  const before = document.querySelector('[data-testid=bulk-impact]').textContent;
  const t0 = performance.now(); select.value = group; select.dispatchEvent(new Event('change', { bubbles: true }));
  const check = () => {
    const impact = document.querySelector('[data-testid=bulk-impact]').textContent;
    const changes = document.querySelector('[data-testid=bulk-changes]').textContent;
    return changes === expected && impact !== before
      ? requestAnimationFrame(() => done(performance.now() - t0)) : requestAnimationFrame(check);
  };
  check();";

/// Saves and waits for the toast.
const SAVE: &str = "const done = arguments[arguments.length - 1]; const t0 = performance.now();
  document.querySelector('[data-testid=bulk-save]').click();
  const check = () => document.querySelector('[data-testid=toast]')
    ? requestAnimationFrame(() => done(performance.now() - t0)) : requestAnimationFrame(check);
  check();";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run explicitly, results go to BENCHMARKS.md"]
async fn add_a_thousand_selected_users_to_a_group() {
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
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser
        .text_containing("[data-testid=user-count]", "10011 users")
        .await;
    let (mut opens, mut decides, mut saves) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..5 {
        // Users 01000–01999: a thousand of them.
        browser.fill("[data-testid=user-search]", "User 01").await;
        browser
            .text_containing("[data-testid=user-count]", "1000 of 10011 users")
            .await;
        browser.click("[data-testid=select-all]").await;
        browser
            .text_containing("[data-testid=bulk-count]", "1000 users selected")
            .await;
        // Odd runs take them out of ICT again; the dialog opens on ICT (first by name).
        let (button, first, second) = if run % 2 == 0 {
            ("[data-testid=bulk-add-to-group]", "grp-ict", "grp-support")
        } else {
            (
                "[data-testid=bulk-remove-from-group]",
                "grp-ict",
                "grp-support",
            )
        };
        let ms = browser
            .client
            .execute_async(OPEN, vec![button.into()])
            .await
            .expect("open");
        opens.push(ms.as_f64().unwrap_or(f64::NAN));
        // None of them is in Support: adding changes all, removing none.
        let (group, expected) = if run % 2 == 0 {
            (second, "1000 people to change.")
        } else {
            (second, "Nothing to change for the selected users.")
        };
        let ms = browser
            .client
            .execute_async(CHOOSE, vec![group.into(), expected.into()])
            .await
            .expect("choose");
        // Only a preview that decides 1,000 changes counts (not "nothing to change").
        if run % 2 == 0 {
            decides.push(ms.as_f64().unwrap_or(f64::NAN));
        }
        let ms = browser
            .client
            .execute_async(CHOOSE, vec![first.into(), "1000 people to change.".into()])
            .await
            .expect("choose back");
        decides.push(ms.as_f64().unwrap_or(f64::NAN));
        let ms = browser
            .client
            .execute_async(SAVE, vec![])
            .await
            .expect("save");
        saves.push(ms.as_f64().unwrap_or(f64::NAN));
        browser
            .count_eventually("[data-testid=bulk-dialog]", 0)
            .await;
        browser.reload().await;
    }
    for list in [&mut opens, &mut decides, &mut saves] {
        list.sort_by(f64::total_cmp);
    }
    println!(
        "| 1,000 of 10,011 users | open Add to group → preview painted (snapshot fetched + decided), median of 5 | {:.0} ms |",
        opens[2]
    );
    println!(
        "| 1,000 of 10,011 users | change the group → new preview painted (1,000 changes decided), median of {} | {:.0} ms |",
        decides.len(),
        (decides[(decides.len() - 1) / 2] + decides[decides.len() / 2]) / 2.0
    );
    println!(
        "| 1,000 of 10,011 users | Save → saved (one change set of 1,000, list reloaded), median of 5 | {:.0} ms |",
        saves[2]
    );
    println!("raw: open {opens:?} ms, decide {decides:?} ms, save {saves:?} ms");
    browser.close().await;
    studio.stop().await;
}
