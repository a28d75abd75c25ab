//! Benchmark (not a test — ignored by default): which code a browser downloads for the studio's
//! first screens, read from the page's own Resource Timing entries in headless Chromium, with
//! the brotli size of each file taken from the `.br` copy the build wrote beside it. Run after
//! `scripts/build-studio.sh dist`:
//! `cargo test -p gatehouse-studio --test bench_first_load -- --ignored --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;

use support::{dist_dir, Browser, Studio, OWNER};

/// Raw, gzip and brotli bytes of the files at `paths` in `dist`.
fn sizes(dist: &Path, paths: &[String]) -> (u64, u64, u64) {
    let len = |p: &Path| {
        std::fs::metadata(p).map(|m| m.len()).unwrap_or_else(|e| {
            panic!("{} is not in the build: {e}", p.display());
        })
    };
    paths.iter().fold((0, 0, 0), |(raw, gz, br), path| {
        let file = dist.join(path.trim_start_matches('/'));
        let with = |ext: &str| {
            file.with_file_name(format!(
                "{}.{ext}",
                file.file_name().unwrap().to_string_lossy()
            ))
        };
        (
            raw + len(&file),
            gz + len(&with("gz")),
            br + len(&with("br")),
        )
    })
}

fn report(screen: &str, dist: &Path, paths: &[String]) {
    let (raw, gz, br) = sizes(dist, paths);
    println!("| {screen} | {} files | {raw} | {gz} | {br} |", paths.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run explicitly, results go to BENCHMARKS.md"]
async fn code_downloaded_for_the_first_screens() {
    let dist = dist_dir();
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    println!(
        "| screen | code files fetched | raw | gzip -9 | brotli -11 |\n|---|---:|---:|---:|---:|"
    );

    browser.open(&studio.url("/users")).await;
    browser.wait_for("#sign-in-title").await;
    report("sign-in screen", &dist, &browser.code_fetched().await);

    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    // A fresh page load of /users while signed in: what a returning administrator downloads.
    browser.open(&studio.url("/users")).await;
    browser.wait_for("[data-testid=user-row]").await;
    report(
        "signed in, landing on Users",
        &dist,
        &browser.code_fetched().await,
    );

    for (path, ready) in [
        ("/apps/res-crm/permissions", "[data-testid=grant-row]"),
        ("/simulator", "[data-testid=sim-user]"),
    ] {
        browser.open(&studio.url(path)).await;
        browser.wait_for(ready).await;
        report(
            &format!("signed in, opening {path}"),
            &dist,
            &browser.code_fetched().await,
        );
    }
    browser.close().await;
    studio.stop().await;
}
