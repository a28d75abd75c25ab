//! End to end (#16 item 3): a resource's Edit Permissions shows what each grant yields given
//! the whole policy — not the granted role again — and who has access, as it will be after
//! Save. On the demo's Customer Insights: group Management (Dana Bakker, Gijs Meijer) is
//! Owner everywhere, deactivated Hana Bos has her own Editor in Production, and Anna de Vries
//! is the account owner. In headless Chromium against the real server, and on the static demo.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{axe_source, static_host, Browser, Studio, OWNER};

const ENV: &str = "/api/v1/environments/O12345AA";
const PAGE: &str = "/apps/res-insights/permissions";

fn effect(subject: &str) -> String {
    format!("tr[data-subject='{subject}'] [data-testid=grant-effect]")
}

fn who_row(person: &str) -> String {
    format!("[data-testid=who-row][data-person='{person}']")
}

/// Gives Gijs Meijer his own Preview Only in Production over the API: Management's Owner
/// shadows it.
async fn add_shadowed_grant(studio: &Studio) {
    let owner = studio.api_client(OWNER).await;
    let response = owner
        .post(studio.url(&format!("{ENV}/resources/res-insights/grants")))
        .header("x-gatehouse-csrf", "1")
        .json(&json!({
            "subject": { "type": "user", "id": "usr-12345-gmeijer" },
            "role": { "app": "preview_only" },
            "environments": ["production"],
        }))
        .send()
        .await
        .expect("add a grant");
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grants_show_their_effect_and_who_has_access_follows_the_draft() {
    let mut studio = Studio::start().await;
    add_shadowed_grant(&studio).await;
    let browser = Browser::start().await;
    browser.resize(1366, 900).await;
    browser.sign_in(&studio.url(PAGE), OWNER).await;
    browser.wait_for("[data-testid=grants-table]").await;

    // (a) A user's grant shadowed by a group grant with a higher role.
    let gijs = browser
        .text_containing(&effect("Gijs Meijer"), "shadowed")
        .await;
    assert!(
        gijs.contains("Effectively Owner — from group Management; this grant is shadowed"),
        "{gijs}"
    );
    // (b) A deactivated person's grant.
    let hana = browser.text(&effect("Hana Bos")).await;
    assert!(hana.contains("No effect — deactivated"), "{hana}");
    // The group's row counts its members.
    let management = browser.text(&effect("Management")).await;
    assert!(
        management.contains("Owner for all 2 members"),
        "{management}"
    );

    // (c) Who has access: the three people with a role, each with the reason as text.
    assert_eq!(browser.text("[data-testid=who-count]").await, "3 people");
    let people = browser
        .count_eventually("[data-testid=who-row] [data-testid=who-person]", 3)
        .await;
    assert_eq!(people, ["Anna de Vries", "Dana Bakker", "Gijs Meijer"]);
    let anna = browser.text(&who_row("Anna de Vries")).await;
    assert!(
        anna.contains("Owner") && anna.contains("account owner"),
        "{anna}"
    );
    let gijs = browser.text(&who_row("Gijs Meijer")).await;
    assert!(
        gijs.contains("Owner") && gijs.contains("from group Management"),
        "{gijs}"
    );
    let link = browser
        .attr(&format!("{} a", who_row("Gijs Meijer")), "href")
        .await;
    assert_eq!(link.as_deref(), Some("/O12345AA/users/12345.GMeijer"));
    assert!(browser
        .texts("[data-testid=who-draft-marker]")
        .await
        .is_empty());
    browser.screenshot("resource-effect").await;

    // Search by name.
    browser.fill("[data-testid=who-search]", "dana").await;
    assert_eq!(
        browser
            .text_containing("[data-testid=who-count]", "of")
            .await,
        "1 of 3 people"
    );
    let found = browser
        .count_eventually("[data-testid=who-row] [data-testid=who-person]", 1)
        .await;
    assert_eq!(found, ["Dana Bakker"]);
    browser.fill("[data-testid=who-search]", "").await;

    // The draft adds Ivo Mulder as Editor: the list follows before Save, marked as such.
    browser.pick("add-subject", "Ivo Mulder").await;
    browser
        .select_value(
            "tr[data-subject='Ivo Mulder'] [data-testid=role-select]",
            "editor",
        )
        .await;
    assert_eq!(
        browser
            .text_containing("[data-testid=who-count]", "4")
            .await,
        "4 people"
    );
    let marker = browser.text("[data-testid=who-draft-marker]").await;
    assert!(marker.contains("After your unsaved changes"), "{marker}");
    let ivo = browser.text(&who_row("Ivo Mulder")).await;
    assert!(
        ivo.contains("Editor") && ivo.contains("own grant") && ivo.contains("was None"),
        "{ivo}"
    );
    let ivo_effect = browser.text(&effect("Ivo Mulder")).await;
    assert!(ivo_effect.contains("Editor (this grant)"), "{ivo_effect}");
    browser.screenshot("resource-effect-draft").await;
    browser
        .script("document.querySelector('[data-testid=who-has-access]').scrollIntoView();")
        .await;
    browser.screenshot("resource-effect-who").await;

    // (d) At 390 px nothing makes the page scroll sideways, and axe finds no violation.
    browser.resize(390, 844).await;
    browser.settled().await;
    let overflow = browser
        .script(
            "return document.documentElement.scrollWidth > document.documentElement.clientWidth;",
        )
        .await;
    assert_eq!(overflow, json!(false), "no horizontal scrolling at 390 px");
    browser.screenshot("resource-effect-390").await;
    browser
        .script("document.querySelector('[data-testid=who-has-access]').scrollIntoView();")
        .await;
    browser.screenshot("resource-effect-who-390").await;
    let violations = browser.axe_violations(&axe_source()).await;
    assert!(violations.is_empty(), "axe:\n{}", violations.join("\n"));
    browser.resize(1366, 900).await;
    browser.settled().await;
    let violations = browser.axe_violations(&axe_source()).await;
    assert!(
        violations.is_empty(),
        "axe at 1366 px:\n{}",
        violations.join("\n")
    );

    browser.close().await;
    studio.stop().await;
}

/// The static demo runs the same components on its in-browser store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_shows_effect_and_who_has_access() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser.sign_in(&format!("{base}{PAGE}"), OWNER).await;
    browser.wait_for("[data-testid=demo-banner]").await;
    let hana = browser.text(&effect("Hana Bos")).await;
    assert!(hana.contains("No effect — deactivated"), "{hana}");
    assert_eq!(browser.text("[data-testid=who-count]").await, "3 people");
    let dana = browser.text(&who_row("Dana Bakker")).await;
    assert!(dana.contains("from group Management"), "{dana}");
    browser.close().await;
    host.abort();
}
