//! End to end: the precedence rule — the account owner previews whose access a new rule
//! changes (computed in the browser with the function the server saves with) and saves it for
//! the organisation, and the simulator and the user page follow it; others read it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_owner_previews_and_saves_the_precedence_rule() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/precedence"), OWNER).await;
    browser.wait_for("[data-testid=precedence-rules]").await;
    let summary = "[data-testid=precedence-impact] [data-testid=impact-summary]";
    assert_eq!(browser.text(summary).await, "No unsaved changes");
    browser
        .click("[data-testid=precedence-rule][data-rule='Most specific wins'] input")
        .await;
    let text = browser
        .text_containing(summary, "effective access changes")
        .await;
    assert!(!text.starts_with("0 "), "someone's access changes: {text}");
    browser
        .click("[data-testid=precedence-impact] .impact-details summary")
        .await;
    // Britt Williams's own Preview Only on Timesheets now beats All Users' Editor.
    let affected = browser
        .text("[data-testid=precedence-impact] [data-testid=impact-list]")
        .await;
    assert!(
        affected.contains("Britt Williams · Timesheets · Production"),
        "{affected}"
    );
    browser.screenshot("precedence-preview").await;
    browser.click("[data-testid=precedence-save]").await;
    browser
        .text_containing("[data-testid=precedence]", "Most specific wins")
        .await;
    assert_eq!(browser.text(summary).await, "No unsaved changes");

    // The simulator starts from the saved rule: Britt's own grant wins on Timesheets.
    browser.open(&studio.url("/simulator")).await;
    browser
        .select_label("[data-testid=sim-user]", "Britt Williams")
        .await;
    browser
        .select_label("[data-testid=sim-resource]", "Timesheets · App")
        .await;
    assert_eq!(
        browser
            .text("[data-testid=decision][data-env=production] [data-testid=decision-winner]")
            .await,
        "Winner: Britt Williams · Preview Only"
    );
    // So does her user page.
    browser.open(&studio.url("/users/12345.BWilliams")).await;
    let cell = browser
        .text("[data-testid=access-cell][data-resource=res-timesheets][data-env=production]")
        .await;
    assert!(cell.starts_with("Preview Only"), "{cell}");
    browser.close().await;

    // Another administrator reads the rule but cannot change it.
    let fleur = Browser::start().await;
    fleur
        .sign_in(&studio.url("/precedence"), "12345.FSmit")
        .await;
    fleur.wait_for("[data-testid=precedence-read-only]").await;
    assert!(!fleur.enabled("[data-testid=precedence-rule] input").await);
    fleur
        .count_eventually("[data-testid=precedence-save]", 0)
        .await;
    fleur.close().await;
    studio.stop().await;
}
