//! End to end: importing users from CSV in the Users view — a pasted file with one bad line is
//! checked (the line and the column named, nothing importable), corrected, checked again and
//! imported as one change set; the same file again changes nothing; a chosen file (BOM, `;`,
//! CRLF) is read; a file larger than an import takes is refused unread; the static demo
//! checks and imports alike.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{static_host, Browser, Studio, OWNER};

const WITH_A_BAD_LINE: &str = "code;name;email;groups\n\
12345.NNieuw;Noor Nieuw;noor.nieuw@northwind.example;Support\n\
12345.ONieuw;Olaf Nieuw;b.williams@northwind.example;ICT\n\
12345.CJansen;Carlos Jansen;carlos.jansen@northwind.example;ICT|Support\n";

async fn open_import(browser: &Browser) {
    browser.click("[data-testid=import-users]").await;
    browser.wait_for("[data-testid=import-dialog]").await;
}

async fn check(browser: &Browser, csv: &str) {
    browser.fill("[data-testid=import-text]", csv).await;
    browser.click("[data-testid=import-check]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_a_bad_line_is_checked_corrected_and_imported_once() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    open_import(&browser).await;

    check(&browser, WITH_A_BAD_LINE).await;
    assert_eq!(
        browser.text("[data-testid=import-summary]").await,
        "1 new · 1 changed · 0 unchanged · 1 error"
    );
    // The error comes first, with its line number and column.
    let error = browser
        .text("[data-testid=import-line][data-outcome=error]")
        .await;
    assert!(error.starts_with("3 12345.ONieuw Error email:"), "{error}");
    assert!(error.contains("12345.BWilliams"), "{error}");
    assert!(!browser.enabled("[data-testid=import-apply]").await);
    browser
        .text_containing("[data-testid=import-blocked]", "1 line is in error")
        .await;
    browser.screenshot("import-bad-line").await;

    // Corrected: the check is stale until made again.
    let corrected = WITH_A_BAD_LINE.replace("b.williams@", "olaf.nieuw@");
    browser.fill("[data-testid=import-text]", &corrected).await;
    browser
        .text_containing("[data-testid=import-blocked]", "changed since the check")
        .await;
    browser.click("[data-testid=import-check]").await;
    browser
        .text_containing("[data-testid=import-summary]", "2 new · 1 changed")
        .await;
    assert_eq!(
        browser.text("[data-testid=import-apply]").await,
        "Import 3 users"
    );
    browser.click("[data-testid=import-apply]").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Imported: 2 users added, 1 user changed"
    );
    browser
        .count_eventually("[data-testid=import-dialog]", 0)
        .await;
    browser
        .text_containing("[data-testid=user-count]", "13 users")
        .await;
    browser
        .text_containing(
            "[data-testid=user-row][data-code='12345.CJansen']",
            "Support",
        )
        .await;

    // The same file again: every line unchanged, nothing to import.
    open_import(&browser).await;
    check(&browser, &corrected).await;
    assert_eq!(
        browser.text("[data-testid=import-summary]").await,
        "0 new · 0 changed · 3 unchanged · 0 errors"
    );
    assert!(!browser.enabled("[data-testid=import-apply]").await);
    browser
        .text_containing("[data-testid=import-blocked]", "nothing to import")
        .await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chosen_file_is_read_and_one_too_large_is_refused_unread() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    open_import(&browser).await;

    let dir = tempfile::tempdir().expect("temp dir");
    // A Dutch spreadsheet's file: BOM, semicolons, CRLF, a quoted name.
    let dutch = dir.path().join("gebruikers.csv");
    std::fs::write(
        &dutch,
        "\u{feff}code;name;groups\r\n12345.PNieuw;\"Nieuw; Pim\";Management\r\n",
    )
    .expect("write the file");
    browser
        .type_into("[data-testid=import-file]", &dutch.display().to_string())
        .await;
    assert_eq!(
        browser.text("[data-testid=import-file-read]").await,
        "Read gebruikers.csv."
    );
    browser.click("[data-testid=import-check]").await;
    assert_eq!(
        browser.text("[data-testid=import-summary]").await,
        "1 new · 0 changed · 0 unchanged · 0 errors"
    );

    let large = dir.path().join("large.csv");
    std::fs::write(&large, "x".repeat(11 * 1024 * 1024)).expect("write the file");
    browser
        .type_into("[data-testid=import-file]", &large.display().to_string())
        .await;
    let refusal = browser.text("[data-testid=import-file-error]").await;
    assert_eq!(
        refusal,
        "large.csv is 11.0 MB; the most an import takes is 10.0 MB"
    );
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_checks_and_imports_with_the_same_planner() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser.sign_in(&format!("{base}/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    open_import(&browser).await;
    check(&browser, WITH_A_BAD_LINE).await;
    assert_eq!(
        browser.text("[data-testid=import-summary]").await,
        "1 new · 1 changed · 0 unchanged · 1 error"
    );
    assert!(!browser.enabled("[data-testid=import-apply]").await);
    check(
        &browser,
        &WITH_A_BAD_LINE.replace("b.williams@", "olaf.nieuw@"),
    )
    .await;
    browser
        .text_containing("[data-testid=import-summary]", "2 new · 1 changed")
        .await;
    browser.click("[data-testid=import-apply]").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Imported: 2 users added, 1 user changed"
    );
    browser
        .text_containing("[data-testid=user-count]", "13 users")
        .await;
    browser.close().await;
    host.abort();
}
