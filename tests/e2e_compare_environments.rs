//! End to end: compare two data environments and copy the differences across — the rows that
//! differ, a deactivated user's grant kept out, the impact preview, one change set; swapping
//! the two; the static demo compares and copies too.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{static_host, Browser, Studio, OWNER};

const ROWS: &str = "[data-testid=difference]";

/// Opens the compare view from the data environments view and checks the seeded differences
/// of Production and Staging.
async fn open_compare(browser: &Browser, base: &str) {
    browser
        .sign_in(&format!("{base}/data-environments"), OWNER)
        .await;
    browser.click("[data-testid=compare-link]").await;
    let rows = browser.count_eventually(ROWS, 6).await;
    assert!(rows[0].starts_with("CRM Portal"), "{rows:?}");
    assert_eq!(
        browser.text("[data-testid=compare-summary]").await,
        "6 grants differ between Production and Staging; 9 give the same role in both."
    );
    // Hana Bos is deactivated: her grant is kept as it is and cannot be chosen.
    let hana = rows
        .iter()
        .position(|r| r.contains("Hana Bos"))
        .expect("Hana's row");
    assert!(rows[hana].contains("Deactivated"), "{rows:?}");
    assert!(
        !browser
            .enabled(support::nth("[data-testid=choose-difference]", hana))
            .await
    );
    assert_eq!(
        browser.text("[data-testid=compare-save]").await,
        "Make Staging match: copy 3, take 2 out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_differences_of_production_and_staging_are_copied_in_one_change_set() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    open_compare(&browser, &studio.url("")).await;
    // Keep Carlos's Staging-only grant: unchoose the first row.
    browser
        .click(support::nth("[data-testid=choose-difference]", 0))
        .await;
    assert_eq!(
        browser.text("[data-testid=compare-save]").await,
        "Make Staging match: copy 3, take 1 out"
    );
    browser
        .text_containing(
            "[data-testid=compare-impact] [data-testid=impact-summary]",
            "effective access changes",
        )
        .await;
    browser.screenshot("compare-environments").await;
    browser.click("[data-testid=compare-save]").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Saved: 4 grants changed in Staging"
    );
    let rows = browser.count_eventually(ROWS, 2).await;
    assert!(rows[0].contains("Carlos Jansen"), "{rows:?}");
    assert!(rows[1].contains("Hana Bos"), "{rows:?}");

    // Swapped, Carlos's grant is the one Production lacks.
    browser.click("[data-testid=compare-swap]").await;
    browser
        .text_containing(
            "[data-testid=compare-summary]",
            "between Staging and Production",
        )
        .await;
    assert_eq!(
        browser.text("[data-testid=compare-save]").await,
        "Copy 1 grant to Production"
    );
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_compares_and_copies() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    open_compare(&browser, &base).await;
    browser.click("[data-testid=compare-save]").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Saved: 5 grants changed in Staging"
    );
    let rows = browser.count_eventually(ROWS, 1).await;
    assert!(rows[0].contains("Hana Bos"), "{rows:?}");
    browser.close().await;
    host.abort();
}
