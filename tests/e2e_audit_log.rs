//! End to end: the audit log (`/audit`). The account owner filters the log to one person's
//! change sets, reads a grant change in words (role before → after), undoes it after a preview
//! of whose access changes, and sees the set marked undone; an undo of something changed since
//! is refused in the dialog naming who changed it; anyone else gets no entry and a designed
//! refusal; at 390 px the view reflows.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use support::{static_host, Browser, Studio, OWNER};

/// Fleur Smit: Owner of CRM Portal, not the account owner.
const FLEUR: &str = "12345.FSmit";

/// A plain user.
const PLAIN_USER: &str = "12345.BWilliams";

const ENV: &str = "/api/v1/environments/O12345AA";

/// Support's grant on CRM Portal as stored now.
async fn support_grant(studio: &Studio, client: &reqwest::Client) -> Value {
    let permissions: Value = client
        .get(studio.url(&format!("{ENV}/resources/res-crm/permissions")))
        .send()
        .await
        .expect("permissions")
        .json()
        .await
        .expect("permissions body");
    permissions["grants"]
        .as_array()
        .expect("grants")
        .iter()
        .find(|g| g["subject"]["name"] == "Support")
        .expect("Support's grant")
        .clone()
}

/// Sets Support's role on CRM Portal as `client`.
async fn set_support_role(studio: &Studio, client: &reqwest::Client, role: &str) {
    let grant = support_grant(studio, client).await;
    let response = client
        .post(studio.url(&format!("{ENV}/changes")))
        .header("x-gatehouse-csrf", "1")
        .json(&json!({ "changes": [{
            "op": "update_grant", "grant": grant["id"], "version": grant["version"],
            "role": { "app": role }, "environments": grant["environments"],
        }]}))
        .send()
        .await
        .expect("change set");
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_finds_a_persons_grant_change_and_undoes_it_after_a_preview() {
    let studio = Studio::start().await;
    let fleur = studio.api_client(FLEUR).await;
    let owner = studio.api_client(OWNER).await;
    let before = support_grant(&studio, &owner).await;
    set_support_role(&studio, &fleur, "publisher").await;
    // Another change by the owner, which the filter must leave out.
    let response = owner
        .post(studio.url(&format!("{ENV}/changes")))
        .header("x-gatehouse-csrf", "1")
        .json(&json!({ "changes": [
            { "op": "add_member", "group": "grp-support", "user": "usr-12345-imulder" },
        ]}))
        .send()
        .await
        .expect("change set");
    assert_eq!(response.status(), 200);

    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.click("nav.side-nav a[href$='/audit']").await;
    assert_eq!(browser.text("#page-title").await, "Audit log");
    browser.wait_for("[data-testid=audit-set]").await;
    let sets = browser.texts("[data-testid=audit-set]").await;
    assert!(sets.len() >= 2, "{sets:?}");

    // Filter to Fleur: only her change set, its entry in words.
    browser
        .select_value("[data-testid=audit-actor]", FLEUR)
        .await;
    browser
        .eventually("only Fleur's change set", || async {
            browser.texts("[data-testid=audit-actor-name]").await
                == vec![format!("Fleur Smit ({FLEUR})")]
        })
        .await;
    assert_eq!(
        browser.text("[data-testid=audit-count]").await,
        "1 change set"
    );
    let headline = browser.text("[data-testid=audit-headline]").await;
    assert_eq!(headline, "Changed the grant of Support on CRM Portal");
    let after = browser
        .text("[data-testid=audit-field][data-field=Role] .audit-after")
        .await;
    assert_eq!(after, "Publisher");
    let was = browser
        .text("[data-testid=audit-field][data-field=Role] .audit-before")
        .await;
    assert!(!was.is_empty() && was != "Publisher" && was != "—", "{was}");
    browser.screenshot("audit-log-filtered").await;

    // Undo: the preview names whose access changes; nothing is written until confirmed.
    browser.click("[data-testid=undo-set]").await;
    browser.wait_for("[data-testid=undo-summary]").await;
    let summary = browser.text("[data-testid=undo-summary]").await;
    assert!(summary.contains("The undo saves 1 change"), "{summary}");
    assert!(summary.contains("effective access changes"), "{summary}");
    let impact = browser.texts("[data-testid=undo-impact] li").await;
    assert!(
        impact.iter().all(|l| l.contains("CRM Portal")),
        "{impact:?}"
    );
    assert!(
        impact.iter().any(|l| l.contains("Publisher →")),
        "{impact:?}"
    );
    assert_eq!(
        support_grant(&studio, &owner).await["role"]["app"],
        "publisher"
    );
    browser.screenshot("audit-log-undo-preview").await;
    browser.click("[data-testid=undo-confirm]").await;
    let toast = browser.text("[data-testid=toast]").await;
    assert!(toast.starts_with("Undone"), "{toast}");
    browser.wait_gone("[data-testid=undo-dialog]").await;
    assert_eq!(support_grant(&studio, &owner).await["role"], before["role"]);
    // Fleur's set is marked undone and offers no second undo.
    browser.wait_for("[data-testid=audit-undone]").await;
    assert!(!browser.enabled("[data-testid=undo-set]").await);
    // Without the filter, the undo is the newest set, marked as an undo.
    browser.click("[data-testid=audit-clear]").await;
    browser
        .eventually("the undo listed first", || async {
            browser
                .texts("[data-testid=audit-set]:first-child [data-testid=audit-undo-of]")
                .await
                .len()
                == 1
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undo_of_something_changed_since_is_refused_naming_who() {
    let studio = Studio::start().await;
    let owner = studio.api_client(OWNER).await;
    let fleur = studio.api_client(FLEUR).await;
    set_support_role(&studio, &owner, "publisher").await;
    set_support_role(&studio, &fleur, "editor").await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/audit"), OWNER).await;
    browser.wait_for("[data-testid=audit-actor]").await;
    browser
        .select_value("[data-testid=audit-actor]", OWNER)
        .await;
    browser
        .eventually("the owner's grant change listed", || async {
            browser
                .texts("[data-testid=audit-headline]")
                .await
                .first()
                .map(String::as_str)
                == Some("Changed the grant of Support on CRM Portal")
        })
        .await;
    browser.click("[data-testid=undo-set]").await;
    let refused = browser.text("[data-testid=undo-refused]").await;
    assert!(refused.contains("This cannot be undone"), "{refused}");
    assert!(
        refused.contains("was changed since, by 12345.FSmit"),
        "{refused}"
    );
    assert_eq!(browser.texts("[data-testid=undo-confirm]").await.len(), 0);
    browser.screenshot("audit-log-undo-refused").await;
    browser.click("[data-testid=undo-cancel]").await;
    browser.wait_gone("[data-testid=undo-dialog]").await;
    assert_eq!(
        support_grant(&studio, &owner).await["role"]["app"],
        "editor"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_account_owner_sees_the_log_and_it_reflows_at_390_px() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), PLAIN_USER).await;
    browser.wait_for("nav.side-nav a[href$='/tokens']").await;
    let shown = browser
        .script("return [...document.querySelectorAll('nav.side-nav a')].filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'));")
        .await;
    let shown: Vec<&str> = shown
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|h| h.as_str())
        .collect();
    assert!(shown.contains(&"/O12345AA/users"), "{shown:?}");
    assert!(
        !shown.contains(&"/O12345AA/audit"),
        "no Audit log entry for a plain user: {shown:?}"
    );
    browser.open(&studio.url("/audit")).await;
    let refusal = browser.text("[data-testid=audit-owner-only]").await;
    assert!(
        refusal.contains("Only the account owner reads the audit log"),
        "{refusal}"
    );

    let owner = Browser::start().await;
    owner.resize(390, 844).await;
    let client = studio.api_client(OWNER).await;
    set_support_role(&studio, &client, "publisher").await;
    owner.sign_in(&studio.url("/audit"), OWNER).await;
    owner.wait_for("[data-testid=audit-field]").await;
    let overflow = owner
        .script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        )
        .await;
    assert_eq!(
        overflow.as_i64(),
        Some(0),
        "no horizontal overflow at 390 px"
    );
    owner.screenshot("audit-log-390").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_logs_a_change_and_undoes_it() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser.sign_in(&format!("{base}/audit"), OWNER).await;
    assert_eq!(browser.text("#page-title").await, "Audit log");
    let empty = browser.text("[data-testid=empty-state]").await;
    assert!(empty.contains("No changes yet"), "{empty}");

    // A change made in the demo is logged as the server logs it.
    browser.click("nav.side-nav a[href$='/precedence']").await;
    browser.wait_for("[data-testid=precedence-rules]").await;
    browser
        .click("[data-testid=precedence-rule][data-rule='Most specific wins'] input")
        .await;
    browser.click("[data-testid=precedence-save]").await;
    browser
        .text_containing("[data-testid=precedence]", "Most specific wins")
        .await;
    browser.click("nav.side-nav a[href$='/audit']").await;
    let headline = browser.text("[data-testid=audit-headline]").await;
    assert_eq!(headline, "Changed the precedence rule");
    let after = browser
        .text("[data-testid=audit-field][data-field='Precedence rule'] .audit-after")
        .await;
    assert_eq!(after, "Most specific wins");

    // Undo, previewed first, puts the rule back.
    browser.click("[data-testid=undo-set]").await;
    let summary = browser.text("[data-testid=undo-summary]").await;
    assert!(summary.contains("The undo saves 1 change"), "{summary}");
    browser.click("[data-testid=undo-confirm]").await;
    browser.wait_gone("[data-testid=undo-dialog]").await;
    browser.wait_for("[data-testid=audit-undone]").await;
    browser.open(&format!("{base}/precedence")).await;
    browser
        .text_containing("[data-testid=precedence]", "Highest wins")
        .await;
    host.abort();
}
