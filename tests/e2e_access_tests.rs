//! End to end: access tests (`/access-tests`). The account owner adds a test from an empty
//! list ("members of ICT have at most Editor on CRM Portal in Production") and sees it pass;
//! a duplicate name is refused next to the name; an edit in Edit Permissions that breaks it
//! is previewed with the broken test, its save refused with the reasons, and saved only after
//! the owner's explicit override — the test then fails naming the person who breaks it. A
//! resource owner sees the same preview and refusal without an override, and reads the tests
//! without editing them. The static demo does the same on its in-browser store.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{static_host, Browser, Studio, OWNER};

/// Fleur Smit: Owner of CRM Portal, not the account owner.
const FLEUR: &str = "12345.FSmit";

const ENV: &str = "/api/v1/environments/O12345AA";

const TEST_NAME: &str = "ICT at most Editor on CRM";

/// Emre Visser is in ICT and in Support: Support's grant on CRM Portal is his role there.
const EMRE: &str = "Emre Visser";

/// Adds the test through the form: ICT's members have at most Editor on CRM Portal in
/// Production.
async fn add_test_in_form(browser: &Browser) {
    browser.fill("[data-testid=test-name]", TEST_NAME).await;
    browser
        .select_value("[data-testid=test-subject-kind]", "group")
        .await;
    browser
        .select_value("[data-testid=test-group]", "grp-ict")
        .await;
    browser
        .select_value("[data-testid=test-resource]", "res-crm")
        .await;
    browser
        .select_value("[data-testid=test-comparison]", "at_most")
        .await;
    browser
        .select_label("[data-testid=test-role]", "Editor")
        .await;
    browser.click("[data-testid=test-envs-only]").await;
    browser.click("[data-testid=test-env-production]").await;
    browser.click("[data-testid=test-save]").await;
}

/// On Edit Permissions of CRM Portal: Support's role becomes Publisher (which gives Emre
/// Publisher in Production), and the preview lists the broken test.
async fn make_support_publisher(browser: &Browser) {
    browser.wait_for("[data-testid=grants-table]").await;
    browser
        .select_value(
            "tr[data-subject='Support'] [data-testid=role-select]",
            "publisher",
        )
        .await;
    let heading = browser.text("[data-testid=broken-tests-heading]").await;
    assert!(
        heading.contains("This change breaks 1 access test"),
        "{heading}"
    );
    let name = browser.text("[data-testid=broken-test-name]").await;
    assert_eq!(name, TEST_NAME);
    let reason = browser.text("[data-testid=broken-test-reason]").await;
    assert!(reason.contains(EMRE), "{reason}");
    // The sticky footer says so too, beside Save.
    let footer = browser.text("[data-testid=impact-tests]").await;
    assert_eq!(footer, "Breaks 1 access test");
}

/// The status word of the test card named `name`.
async fn status_of(browser: &Browser, name: &str) -> String {
    browser
        .text(&format!(
            "[data-testid=test-card][data-test-name='{name}'] [data-testid=test-status]"
        ))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_adds_a_test_sees_a_breaking_edit_refused_and_overrides_it() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;

    // An empty list says what tests are for, with the way to add one.
    browser.click("nav.side-nav a[href$='/access-tests']").await;
    assert_eq!(browser.text("#page-title").await, "Access tests");
    let empty = browser.text("[data-testid=empty-state]").await;
    assert!(empty.contains("No access tests yet"), "{empty}");
    browser.resize(1366, 900).await;
    browser.screenshot("access-tests-empty-1366").await;

    // Add the test: it passes now.
    browser.click("[data-testid=add-first-test]").await;
    browser.wait_for("[data-testid=test-dialog]").await;
    add_test_in_form(&browser).await;
    browser.wait_gone("[data-testid=test-dialog]").await;
    let toast = browser.text("[data-testid=toast]").await;
    assert!(toast.starts_with("Added the access test"), "{toast}");
    assert_eq!(status_of(&browser, TEST_NAME).await, "Passing");
    browser.screenshot("access-tests-passing-1366").await;
    let sentence = browser.text("[data-testid=test-sentence]").await;
    assert!(
        sentence.contains("ICT") && sentence.contains("CRM Portal") && sentence.contains("Editor"),
        "{sentence}"
    );

    // The same name again is refused next to the name field.
    browser.click("[data-testid=add-test]").await;
    browser.wait_for("[data-testid=test-dialog]").await;
    add_test_in_form(&browser).await;
    let error = browser.text("[data-testid=test-name-error]").await;
    assert!(error.contains("already called"), "{error}");
    browser.screenshot("access-tests-form-1366").await;
    browser.resize(390, 844).await;
    browser.screenshot("access-tests-form-390").await;
    browser.resize(1366, 900).await;
    browser.click("[data-testid=test-cancel]").await;
    browser.wait_gone("[data-testid=test-dialog]").await;

    // A breaking edit: previewed, refused on save, saved only with the override.
    browser.open(&studio.url("/apps/res-crm/permissions")).await;
    make_support_publisher(&browser).await;
    browser.screenshot("access-tests-preview-1366").await;
    browser.click("[data-testid=save]").await;
    let refusal = browser.text("[data-testid=tests-refusal]").await;
    assert!(refusal.contains("Not saved"), "{refusal}");
    assert!(refusal.contains(TEST_NAME), "{refusal}");
    browser.wait_for("[data-testid=override-tests]").await;
    browser.screenshot("access-tests-refusal-1366").await;
    browser.resize(390, 844).await;
    browser
        .script(
            "document.querySelector('[data-testid=tests-refusal]').scrollIntoView(); return null;",
        )
        .await;
    browser.screenshot("access-tests-refusal-390").await;
    browser.resize(1366, 900).await;
    browser.click("[data-testid=override-tests]").await;
    browser.click("[data-testid=override-confirm]").await;
    let toast = browser.text("[data-testid=toast]").await;
    assert_eq!(toast, "Saved 1 change");
    browser.wait_gone("[data-testid=tests-refusal]").await;

    // The test now fails, naming who breaks it, where, and with which role.
    browser.open(&studio.url("/access-tests")).await;
    assert_eq!(status_of(&browser, TEST_NAME).await, "Failing");
    let violation = browser.text("[data-testid=violation]").await;
    assert!(
        violation.contains(EMRE)
            && violation.contains("Production")
            && violation.contains("Publisher"),
        "{violation}"
    );
    browser.screenshot("access-tests-failing-1366").await;
    browser.resize(390, 844).await;
    browser.screenshot("access-tests-failing-390").await;
    let overflow = browser
        .script("return document.documentElement.scrollWidth > window.innerWidth;")
        .await;
    assert_eq!(overflow, json!(false), "no horizontal scrolling at 390 px");

    // The override is in the audit log.
    let owner = studio.api_client(OWNER).await;
    let log: serde_json::Value = owner
        .get(studio.url(&format!("{ENV}/audit?action=override&page=1&per_page=10")))
        .send()
        .await
        .expect("audit")
        .json()
        .await
        .expect("audit body");
    assert_eq!(log["total"], 1, "{log}");
    assert_eq!(log["items"][0]["entity"], "access_test", "{log}");

    browser.close().await;
    studio.stop().await;
}

/// Adds the test over the API as the account owner.
async fn add_test_over_api(studio: &Studio) {
    let owner = studio.api_client(OWNER).await;
    let response = owner
        .post(studio.url(&format!("{ENV}/access-tests")))
        .header("x-gatehouse-csrf", "1")
        .json(&json!({
            "name": TEST_NAME,
            "subject": { "type": "group", "id": "grp-ict" },
            "comparison": { "type": "at_most", "role": { "app": "editor" } },
            "resource": "res-crm",
            "environments": ["production"],
        }))
        .send()
        .await
        .expect("add a test");
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_change_that_breaks_a_test_is_previewed_refused_and_overridden() {
    let mut studio = Studio::start().await;
    add_test_over_api(&studio).await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/groups/grp-ict"), OWNER).await;
    browser.wait_for("#member-add").await;

    // Fleur Smit owns CRM Portal: as a member of ICT she breaks the test.
    browser.pick("member-add", "Fleur Smit").await;
    let heading = browser.text("[data-testid=broken-tests-heading]").await;
    assert!(heading.contains("breaks 1 access test"), "{heading}");
    let reason = browser.text("[data-testid=broken-test-reason]").await;
    assert!(
        reason.contains("Fleur Smit") && reason.contains("Owner"),
        "{reason}"
    );
    browser.click("[data-testid=save-members]").await;
    let refusal = browser.text("[data-testid=tests-refusal]").await;
    assert!(refusal.contains(TEST_NAME), "{refusal}");
    browser.screenshot("access-tests-group-refusal").await;
    browser.click("[data-testid=override-tests]").await;
    browser.click("[data-testid=override-confirm]").await;
    let members = browser
        .text_containing("h2.section-title", "Members (4)")
        .await;
    assert_eq!(members, "Members (4)");

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resource_owner_sees_the_refusal_without_an_override_and_reads_the_tests() {
    let mut studio = Studio::start().await;
    add_test_over_api(&studio).await;

    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/apps/res-crm/permissions"), FLEUR)
        .await;
    make_support_publisher(&browser).await;
    browser.click("[data-testid=save]").await;
    let refusal = browser.text("[data-testid=tests-refusal]").await;
    assert!(refusal.contains(TEST_NAME), "{refusal}");
    let owner_only = browser.text("[data-testid=override-owner-only]").await;
    assert!(
        owner_only.contains("Only the account owner can override"),
        "{owner_only}"
    );
    assert!(browser
        .texts("[data-testid=override-tests]")
        .await
        .is_empty());
    browser
        .screenshot("access-tests-refusal-resource-owner")
        .await;

    // She reads the tests (by address; the navigation lists them for the account owner).
    browser.open(&studio.url("/access-tests")).await;
    assert_eq!(status_of(&browser, TEST_NAME).await, "Passing");
    browser.wait_for("[data-testid=tests-read-only]").await;
    assert!(browser.texts("[data-testid=add-test]").await.is_empty());
    assert!(browser.texts("[data-testid=edit-test]").await.is_empty());

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_keeps_tests_refuses_a_breaking_edit_and_takes_the_override() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&format!("{base}/access-tests"), OWNER)
        .await;
    assert_eq!(browser.text("#page-title").await, "Access tests");
    let empty = browser.text("[data-testid=empty-state]").await;
    assert!(empty.contains("No access tests yet"), "{empty}");
    browser.click("[data-testid=add-first-test]").await;
    add_test_in_form(&browser).await;
    browser.wait_gone("[data-testid=test-dialog]").await;
    assert_eq!(status_of(&browser, TEST_NAME).await, "Passing");

    browser.click("nav.side-nav a[href$='/apps']").await;
    browser.click("a[href$='/apps/res-crm/permissions']").await;
    make_support_publisher(&browser).await;
    browser.click("[data-testid=save]").await;
    let refusal = browser.text("[data-testid=tests-refusal]").await;
    assert!(refusal.contains(TEST_NAME), "{refusal}");
    browser.screenshot("access-tests-demo-refusal").await;
    browser.click("[data-testid=override-tests]").await;
    browser.click("[data-testid=override-confirm]").await;
    assert_eq!(browser.text("[data-testid=toast]").await, "Saved 1 change");

    browser.click("nav.side-nav a[href$='/access-tests']").await;
    assert_eq!(status_of(&browser, TEST_NAME).await, "Failing");
    let violation = browser.text("[data-testid=violation]").await;
    assert!(violation.contains(EMRE), "{violation}");
    browser.screenshot("access-tests-demo-failing").await;

    browser.close().await;
    host.abort();
}
