//! End to end: access tests guard the flows beside Edit Permissions — a bulk action, a CSV
//! import, the precedence rule and a data environment. In each, a change that breaks a saved
//! test is listed before saving where the flow previews (the bulk dialog, the import's check,
//! the precedence rule, a deletion), its save is refused with the broken-tests refusal, and
//! the account owner saves it only after the explicit override; someone else is not offered
//! the flow, and the server refuses their override. The static demo does the same for a data
//! environment on its in-browser store.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use support::{static_host, Browser, Studio, OWNER};

/// Fleur Smit: Owner of CRM Portal, in Support; not the account owner.
const FLEUR: &str = "12345.FSmit";

const ENV: &str = "/api/v1/environments/O12345AA";

/// Members of ICT have at most Editor on CRM Portal in Production: Fleur Smit (its Owner)
/// in ICT breaks it.
const ICT_TEST: &str = "ICT at most Editor on CRM";

fn ict_at_most_editor() -> Value {
    json!({
        "name": ICT_TEST,
        "subject": { "type": "group", "id": "grp-ict" },
        "comparison": { "type": "at_most", "role": { "app": "editor" } },
        "resource": "res-crm",
        "environments": ["production"],
    })
}

/// Adds a test over the API as the account owner.
async fn add_test(studio: &Studio, body: Value) {
    let owner = studio.api_client(OWNER).await;
    let response = owner
        .post(studio.url(&format!("{ENV}/access-tests")))
        .header("x-gatehouse-csrf", "1")
        .json(&body)
        .send()
        .await
        .expect("add a test");
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

/// Posts `body` to `path` (under the environment) as `code`; the status and the JSON answer.
async fn post_as(studio: &Studio, code: &str, path: &str, body: Value) -> (u16, Value) {
    let client = studio.api_client(code).await;
    let response = client
        .post(studio.url(&format!("{ENV}{path}")))
        .header("x-gatehouse-csrf", "1")
        .json(&body)
        .send()
        .await
        .expect("post");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The codes of the members of ICT, over the API.
async fn ict_members(studio: &Studio) -> Vec<String> {
    let owner = studio.api_client(OWNER).await;
    let group: Value = owner
        .get(studio.url(&format!("{ENV}/groups/grp-ict")))
        .send()
        .await
        .expect("group")
        .json()
        .await
        .expect("group body");
    group["members"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter_map(|m| m["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// How many overrides of access tests the audit log holds.
async fn overrides(studio: &Studio) -> u64 {
    let owner = studio.api_client(OWNER).await;
    let log: Value = owner
        .get(studio.url(&format!("{ENV}/audit?action=override&page=1&per_page=10")))
        .send()
        .await
        .expect("audit")
        .json()
        .await
        .expect("audit body");
    log["total"].as_u64().unwrap_or_default()
}

/// The refusal names `test`, offers the override, and is looked at at 1366 and 390 px
/// (saved as `{name}-1366` and `{name}-390`); then the owner overrides after confirming.
async fn refused_then_overridden(browser: &Browser, test: &str, name: &str) {
    let refusal = browser.text("[data-testid=tests-refusal]").await;
    assert!(refusal.contains("Not saved"), "{refusal}");
    assert!(refusal.contains(test), "{refusal}");
    browser.wait_for("[data-testid=override-tests]").await;
    browser.screenshot(&format!("{name}-1366")).await;
    browser.resize(390, 844).await;
    browser
        .script(
            "document.querySelector('[data-testid=tests-refusal]').scrollIntoView(); return null;",
        )
        .await;
    browser.screenshot(&format!("{name}-390")).await;
    browser.resize(1366, 900).await;
    browser.click("[data-testid=override-tests]").await;
    browser.wait_for("[data-testid=override-confirm]").await;
    browser.click("[data-testid=override-confirm]").await;
}

/// The preview's list of broken tests names `test` (heading: one test).
async fn previewed(browser: &Browser, scope: &str, test: &str) {
    let heading = browser
        .text(format!("{scope} [data-testid=broken-tests-heading]").as_str())
        .await;
    assert!(heading.contains("breaks 1 access test"), "{heading}");
    let listed = browser
        .text(format!("{scope} [data-testid=broken-test-name]").as_str())
        .await;
    assert_eq!(listed, test);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_action_that_breaks_a_test_is_previewed_refused_and_overridden_by_the_owner() {
    let mut studio = Studio::start().await;
    add_test(&studio, ict_at_most_editor()).await;
    let browser = Browser::start().await;
    browser.resize(1366, 900).await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;

    // Fleur Smit into ICT: previewed with the test she would break.
    browser
        .click("[data-testid=user-row][data-code='12345.FSmit'] [data-testid=select-user]")
        .await;
    browser.click("[data-testid=bulk-add-to-group]").await;
    browser.wait_for("[data-testid=bulk-dialog]").await;
    browser
        .select_label("[data-testid=bulk-group]", "ICT")
        .await;
    previewed(&browser, "[data-testid=bulk-dialog]", ICT_TEST).await;
    assert_eq!(
        browser.text("[data-testid=impact-tests]").await,
        "Breaks 1 access test"
    );

    // Saved: refused; the owner overrides.
    browser.click("[data-testid=bulk-save]").await;
    refused_then_overridden(&browser, ICT_TEST, "flows-bulk-refusal").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Saved: 1 person added to ICT"
    );
    browser
        .count_eventually("[data-testid=bulk-dialog]", 0)
        .await;
    assert!(ict_members(&studio).await.contains(&FLEUR.to_owned()));
    assert_eq!(overrides(&studio).await, 1);
    browser.close().await;

    // Fleur is not offered bulk actions, and the server refuses her override of a bulk
    // action's set (Ivo Mulder of ICT made Publisher of CRM Portal, which she owns).
    let fleur = Browser::start().await;
    fleur.sign_in(&studio.url("/users"), FLEUR).await;
    fleur.wait_for("[data-testid=user-row]").await;
    fleur.count_eventually("[data-testid=select-user]", 0).await;
    fleur.close().await;
    let set_role = |override_tests: bool| {
        json!({ "override_tests": override_tests, "changes": [{
            "op": "create_grant", "resource": "res-crm",
            "subject": { "type": "user", "id": "usr-12345-imulder" },
            "role": { "app": "publisher" }, "environments": ["production"],
        }]})
    };
    let (status, body) = post_as(&studio, FLEUR, "/changes", set_role(false)).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["field"], "override_tests", "{body}");
    let (status, body) = post_as(&studio, FLEUR, "/changes", set_role(true)).await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|e| e.contains("Only the account owner may override")),
        "{body}"
    );
    assert_eq!(overrides(&studio).await, 1);
    studio.stop().await;
}

/// Fleur Smit keeps Support and joins ICT.
const FLEUR_IN_ICT: &str = "code,groups\n12345.FSmit,Support|ICT\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_that_breaks_a_test_is_checked_refused_and_overridden_by_the_owner() {
    let mut studio = Studio::start().await;
    add_test(&studio, ict_at_most_editor()).await;
    let browser = Browser::start().await;
    browser.resize(1366, 900).await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    browser.click("[data-testid=import-users]").await;
    browser.wait_for("[data-testid=import-dialog]").await;

    // The check lists the test the file would break.
    browser
        .fill("[data-testid=import-text]", FLEUR_IN_ICT)
        .await;
    browser.click("[data-testid=import-check]").await;
    browser
        .text_containing("[data-testid=import-summary]", "1 changed")
        .await;
    previewed(&browser, "[data-testid=import-dialog]", ICT_TEST).await;
    let reason = browser.text("[data-testid=broken-test-reason]").await;
    assert!(reason.contains("Fleur Smit"), "{reason}");

    // Imported: refused; the owner overrides.
    browser.click("[data-testid=import-apply]").await;
    refused_then_overridden(&browser, ICT_TEST, "flows-import-refusal").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Imported: 1 user changed"
    );
    browser
        .count_eventually("[data-testid=import-dialog]", 0)
        .await;
    assert!(ict_members(&studio).await.contains(&FLEUR.to_owned()));
    assert_eq!(overrides(&studio).await, 1);
    browser.close().await;

    // Fleur is not offered the import, and the server refuses hers, override or not.
    let fleur = Browser::start().await;
    fleur.sign_in(&studio.url("/users"), FLEUR).await;
    fleur.wait_for("[data-testid=user-row]").await;
    fleur
        .count_eventually("[data-testid=import-users]", 0)
        .await;
    fleur.close().await;
    let file = json!({ "csv": "code,groups\n12345.FSmit,Support\n", "override_tests": true });
    let (status, body) = post_as(&studio, FLEUR, "/imports/users", file).await;
    assert_eq!(status, 403, "{body}");
    assert!(ict_members(&studio).await.contains(&FLEUR.to_owned()));
    studio.stop().await;
}

/// Members of Support have at least Editor on Timesheets in Production: under "most specific
/// wins" Britt Williams's own Preview Only there beats All Users' Editor, and breaks it.
const SUPPORT_TEST: &str = "Support edits timesheets";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_precedence_change_that_breaks_a_test_is_previewed_refused_and_overridden_by_the_owner() {
    let mut studio = Studio::start().await;
    add_test(
        &studio,
        json!({
            "name": SUPPORT_TEST,
            "subject": { "type": "group", "id": "grp-support" },
            "comparison": { "type": "at_least", "role": { "app": "editor" } },
            "resource": "res-timesheets",
            "environments": ["production"],
        }),
    )
    .await;
    let browser = Browser::start().await;
    browser.resize(1366, 900).await;
    browser.sign_in(&studio.url("/precedence"), OWNER).await;
    browser.wait_for("[data-testid=precedence-rules]").await;
    browser
        .click("[data-testid=precedence-rule][data-rule='Most specific wins'] input")
        .await;
    previewed(&browser, "", SUPPORT_TEST).await;
    let reason = browser.text("[data-testid=broken-test-reason]").await;
    assert!(reason.contains("Britt Williams"), "{reason}");
    browser.screenshot("flows-precedence-preview-1366").await;

    browser.click("[data-testid=precedence-save]").await;
    refused_then_overridden(&browser, SUPPORT_TEST, "flows-precedence-refusal").await;
    browser
        .text_containing("[data-testid=precedence]", "Most specific wins")
        .await;
    browser.wait_gone("[data-testid=tests-refusal]").await;
    assert_eq!(overrides(&studio).await, 1);
    browser.close().await;

    // Fleur reads the rule only, and the server refuses her change with an override.
    let fleur = Browser::start().await;
    fleur.sign_in(&studio.url("/precedence"), FLEUR).await;
    fleur.wait_for("[data-testid=precedence-read-only]").await;
    fleur
        .count_eventually("[data-testid=precedence-save]", 0)
        .await;
    fleur.close().await;
    let back = json!({ "override_tests": true, "changes": [
        { "op": "set_precedence", "precedence": "highest_wins" },
    ]});
    let (status, body) = post_as(&studio, FLEUR, "/changes", back).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(overrides(&studio).await, 1);
    studio.stop().await;
}

/// Members of Support have at least Preview Only on CRM Portal in every data environment,
/// including ones added later: a new one (no grant covers it) breaks it.
const EVERYWHERE_TEST: &str = "Support sees the CRM everywhere";

fn support_everywhere() -> Value {
    json!({
        "name": EVERYWHERE_TEST,
        "subject": { "type": "group", "id": "grp-support" },
        "comparison": { "type": "at_least", "role": { "app": "preview_only" } },
        "resource": "res-crm",
    })
}

const ROWS: &str = "[data-testid=data-environment]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_data_environment_change_that_breaks_a_test_is_refused_and_overridden_by_the_owner() {
    let mut studio = Studio::start().await;
    add_test(&studio, support_everywhere()).await;
    let browser = Browser::start().await;
    browser.resize(1366, 900).await;
    browser
        .sign_in(&studio.url("/data-environments"), OWNER)
        .await;
    browser.count_eventually(ROWS, 3).await;

    // Adding one: refused for the test; the owner overrides.
    browser.fill("[data-testid=new-name]", "Acceptance").await;
    browser.click("[data-testid=add]").await;
    refused_then_overridden(&browser, EVERYWHERE_TEST, "flows-data-environment-refusal").await;
    let rows = browser.count_eventually(ROWS, 4).await;
    assert!(rows[3].starts_with("Acceptance"), "{rows:?}");
    browser.wait_gone("[data-testid=tests-refusal]").await;
    assert_eq!(overrides(&studio).await, 1);

    // A test that names it: its deletion is previewed with the test it breaks, and refused.
    let id = browser
        .attr(format!("{ROWS}:nth-child(4)").as_str(), "data-id")
        .await
        .expect("the new row's id");
    add_test(
        &studio,
        json!({
            "name": "CRM capped in Acceptance",
            "subject": { "type": "group", "id": "grp-ict" },
            "comparison": { "type": "at_most", "role": { "app": "editor" } },
            "resource": "res-crm",
            "environments": [id],
        }),
    )
    .await;
    browser.reload().await;
    browser.count_eventually(ROWS, 4).await;
    browser
        .click(format!("{ROWS}:nth-child(4) [data-testid=delete]").as_str())
        .await;
    previewed(&browser, "", "CRM capped in Acceptance").await;
    assert_eq!(
        browser.text("[data-testid=impact-tests]").await,
        "Breaks 1 access test"
    );
    browser
        .screenshot("flows-data-environment-delete-preview-1366")
        .await;
    browser.click("[data-testid=delete-confirm]").await;
    let refusal = browser.text("[data-testid=tests-refusal]").await;
    assert!(refusal.contains("CRM capped in Acceptance"), "{refusal}");
    browser.count_eventually(ROWS, 4).await;
    browser.close().await;

    // Fleur reads the list only, and the server refuses her change with an override.
    let fleur = Browser::start().await;
    fleur
        .sign_in(&studio.url("/data-environments"), FLEUR)
        .await;
    fleur
        .wait_for("[data-testid=data-environments-read-only]")
        .await;
    fleur
        .count_eventually("[data-testid=add-data-environment]", 0)
        .await;
    fleur.close().await;
    let training = json!({ "override_tests": true, "changes": [
        { "op": "create_data_environment", "name": "Training" },
    ]});
    let (status, body) = post_as(&studio, FLEUR, "/changes", training).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(overrides(&studio).await, 1);
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_refuses_a_data_environment_that_breaks_a_test_and_takes_the_override() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser.resize(1366, 900).await;
    browser
        .sign_in(&format!("{base}/access-tests"), OWNER)
        .await;
    browser.click("[data-testid=add-first-test]").await;
    browser.wait_for("[data-testid=test-dialog]").await;
    browser
        .fill("[data-testid=test-name]", EVERYWHERE_TEST)
        .await;
    browser
        .select_value("[data-testid=test-subject-kind]", "group")
        .await;
    browser
        .select_value("[data-testid=test-group]", "grp-support")
        .await;
    browser
        .select_value("[data-testid=test-resource]", "res-crm")
        .await;
    browser
        .select_value("[data-testid=test-comparison]", "at_least")
        .await;
    browser
        .select_label("[data-testid=test-role]", "Preview Only")
        .await;
    browser.click("[data-testid=test-envs-all]").await;
    browser.click("[data-testid=test-save]").await;
    browser.wait_gone("[data-testid=test-dialog]").await;

    browser
        .click("nav.side-nav a[href$='/data-environments']")
        .await;
    browser.count_eventually(ROWS, 3).await;
    browser.fill("[data-testid=new-name]", "Acceptance").await;
    browser.click("[data-testid=add]").await;
    refused_then_overridden(
        &browser,
        EVERYWHERE_TEST,
        "flows-demo-data-environment-refusal",
    )
    .await;
    let rows = browser.count_eventually(ROWS, 4).await;
    assert!(rows[3].starts_with("Acceptance"), "{rows:?}");

    // The test now fails in the new data environment.
    browser.click("nav.side-nav a[href$='/access-tests']").await;
    let status = browser
        .text(
            format!(
                "[data-testid=test-card][data-test-name='{EVERYWHERE_TEST}'] [data-testid=test-status]"
            )
            .as_str(),
        )
        .await;
    assert_eq!(status, "Failing");
    browser.close().await;
    host.abort();
}
