//! Times the evaluator compiled to WebAssembly on the issue's workload (the studio runs it
//! this way). Run with
//! `cargo test -p gatehouse-policy --release --target wasm32-unknown-unknown --test wasm_timing -- --nocapture`.
#![cfg(target_arch = "wasm32")]

#[path = "../benches/support/mod.rs"]
mod support;

use gatehouse_policy::*;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

/// The best of `runs` timings of `work`, in milliseconds (`Date.now` has millisecond
/// resolution, so each timed piece of work is at least several milliseconds long).
fn best_ms(runs: usize, mut work: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let start = js_sys::Date::now();
            work();
            js_sys::Date::now() - start
        })
        .fold(f64::MAX, f64::min)
}

#[wasm_bindgen_test]
fn the_issue_workload_evaluates_in_time_as_wasm() {
    let policy = support::policy(support::ISSUE, 7);
    let mut prepared = None;
    let prepare = best_ms(3, || {
        prepared = Some(policy.prepare(support::NOW).expect("valid"))
    });
    let prepared = prepared.expect("prepared");
    let fresh = best_ms(5, || {
        std::hint::black_box(prepared.matrix());
    });
    let mut matrix = prepared.matrix();
    let reused = best_ms(10, || prepared.matrix_into(&mut matrix));
    let mut most_specific = policy.clone();
    most_specific.precedence = Precedence::MostSpecificWins;
    let most_specific = most_specific.prepare(support::NOW).expect("valid");
    let specific = best_ms(5, || most_specific.matrix_into(&mut matrix));
    let cells = support::cells(&prepared, 1_000_000, 11);
    let mut sum = 0u32;
    let decisions = best_ms(3, || {
        sum = cells
            .iter()
            .map(|(u, r, e)| u32::from(prepared.effective_level(*u, *r, *e)))
            .sum();
    });
    let users: Vec<UserIx> = prepared.users().collect();
    let resources: Vec<ResourceIx> = prepared.resources().collect();
    let rows = best_ms(3, || {
        for u in &users {
            std::hint::black_box(prepared.user_row(*u));
        }
    });
    let columns = best_ms(3, || {
        for r in &resources {
            std::hint::black_box(prepared.resource_column(*r));
        }
    });
    console_log!(
        "wasm: prepare {prepare} ms; matrix {fresh} ms fresh, {reused} ms reused, \
         {specific} ms most specific wins; \
         {:.1} M decisions/s (sum {sum}); user row {:.2} µs; resource column {:.3} ms",
        1_000.0 / decisions,
        rows * 1_000.0 / users.len() as f64,
        columns / resources.len() as f64
    );
    assert!(fresh < 1_000.0, "matrix took {fresh} ms");
}
