//! End to end: bulk actions on the Users view — select users (click, Shift-click, keyboard,
//! select all shown), open an action, read its impact preview, save it as one change set; a
//! set the lock-out guard refuses cannot be saved; other users are not offered selection; the
//! static demo previews and saves alike.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use support::{static_host, Browser, Studio, OWNER};

/// The checkbox of the row of `code`.
fn checkbox(code: &str) -> String {
    format!("[data-testid=user-row][data-code='{code}'] [data-testid=select-user]")
}

/// Shift-clicks the checkbox of `code` (a click event with Shift held, as the browser sends it).
async fn shift_click(browser: &Browser, code: &str) {
    browser
        .script(&format!(
            "document.querySelector(\"{}\").dispatchEvent(new MouseEvent('click', {{bubbles: true, cancelable: true, shiftKey: true}}));",
            checkbox(code)
        ))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_users_selected_with_shift_click_are_added_to_a_group_in_one_change_set() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    browser.count_eventually("[data-testid=bulk-bar]", 0).await;

    // Carlos, then Shift on Emre: Carlos, Dana and Emre (sorted by name).
    browser.click(checkbox("12345.CJansen").as_str()).await;
    shift_click(&browser, "12345.EVisser").await;
    assert_eq!(
        browser.text("[data-testid=bulk-count]").await,
        "3 users selected"
    );
    assert!(browser.checked(checkbox("12345.DBakker").as_str()).await);
    assert!(!browser.checked(checkbox("12345.FSmit").as_str()).await);
    browser.screenshot("bulk-selected").await;

    browser.click("[data-testid=bulk-add-to-group]").await;
    browser.wait_for("[data-testid=bulk-dialog]").await;
    browser
        .select_label("[data-testid=bulk-group]", "Support")
        .await;
    // Emre is in Support already; Carlos and Dana get Support's Editor on CRM Portal.
    assert_eq!(
        browser.text("[data-testid=bulk-changes]").await,
        "2 people to change."
    );
    let unchanged = browser.text("[data-testid=bulk-unchanged]").await;
    assert!(unchanged.contains("Emre Visser"), "{unchanged}");
    assert_eq!(
        browser
            .text_containing(
                "[data-testid=bulk-impact] [data-testid=impact-summary]",
                "people"
            )
            .await,
        "2 people's effective access changes"
    );
    let list = browser
        .script("return [...document.querySelectorAll('[data-testid=bulk-impact] [data-testid=impact-list] li')].map(li => li.textContent)")
        .await;
    let list = list.to_string();
    assert!(
        list.contains("Dana Bakker · CRM Portal · Production"),
        "{list}"
    );
    assert!(
        list.contains("Carlos Jansen · CRM Portal · Production"),
        "{list}"
    );
    browser.screenshot("bulk-add-to-group-preview").await;

    browser.click("[data-testid=bulk-save]").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Saved: 2 people added to Support"
    );
    browser
        .count_eventually("[data-testid=bulk-dialog]", 0)
        .await;
    browser.count_eventually("[data-testid=bulk-bar]", 0).await;
    browser
        .text_containing(
            "[data-testid=user-row][data-code='12345.DBakker']",
            "Support",
        )
        .await;

    // The group's audit entry shows both new members, before and after.
    let audit = browser
        .script(
            "return fetch('/api/v1/environments/O12345AA/audit?per_page=5', {credentials: 'same-origin'}).then(r => r.json())",
        )
        .await;
    let entries = audit["items"].as_array().expect("audit entries").clone();
    let entry = entries
        .iter()
        .find(|e| e["entity_id"] == "grp-support")
        .expect("the group's entry");
    let members = |side: &str| -> Vec<String> {
        entry[side]["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| m["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert!(
        !members("before").contains(&"Dana Bakker".to_owned()),
        "{audit}"
    );
    for name in ["Carlos Jansen", "Dana Bakker", "Emre Visser"] {
        assert!(
            members("after").contains(&name.to_owned()),
            "{name}: {audit}"
        );
    }
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_deactivation_the_lock_out_guard_refuses_cannot_be_saved() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    // Keyboard: Space on a focused checkbox selects the row.
    browser
        .press(checkbox("12345.FSmit").as_str(), Key::Space)
        .await;
    browser
        .press(checkbox("12345.KPeters").as_str(), Key::Space)
        .await;
    assert_eq!(
        browser.text("[data-testid=bulk-count]").await,
        "2 users selected"
    );
    browser.click("[data-testid=bulk-deactivate]").await;
    browser.wait_for("[data-testid=bulk-dialog]").await;
    // Fleur Smit is the only Owner of CRM Portal.
    browser
        .text_containing(
            "[data-testid=bulk-impact] [data-testid=impact-refusal]",
            "CRM Portal without an owner",
        )
        .await;
    assert!(!browser.enabled("[data-testid=bulk-save]").await);
    browser.screenshot("bulk-deactivate-refused").await;
    // Esc closes; the selection stays for another try.
    browser.press_key(Key::Escape).await;
    browser
        .count_eventually("[data-testid=bulk-dialog]", 0)
        .await;
    assert_eq!(
        browser.text("[data-testid=bulk-count]").await,
        "2 users selected"
    );
    // Without Fleur, Koen is deactivated.
    browser.click(checkbox("12345.FSmit").as_str()).await;
    browser.click("[data-testid=bulk-deactivate]").await;
    browser.wait_for("[data-testid=bulk-dialog]").await;
    assert_eq!(
        browser.text("[data-testid=bulk-changes]").await,
        "1 person to change."
    );
    browser.click("[data-testid=bulk-save]").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Saved: 1 person deactivated"
    );
    browser
        .text_containing(
            "[data-testid=user-row][data-code='12345.KPeters']",
            "Deactivated",
        )
        .await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_is_set_for_everyone_a_search_matches() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    browser.fill("[data-testid=user-search]", "Jansen").await;
    browser.count_eventually("[data-testid=user-row]", 1).await;
    browser.click("[data-testid=select-all]").await;
    browser.fill("[data-testid=user-search]", "Dekker").await;
    browser.count_eventually("[data-testid=user-row]", 1).await;
    browser.click("[data-testid=bulk-select-all]").await;
    assert_eq!(
        browser.text("[data-testid=bulk-count]").await,
        "2 users selected (1 not shown by the search)"
    );
    browser.click("[data-testid=bulk-set-role]").await;
    browser.wait_for("[data-testid=bulk-dialog]").await;
    browser
        .select_label("[data-testid=bulk-resource]", "CRM Portal (app)")
        .await;
    browser
        .select_label("[data-testid=bulk-role]", "Preview Only")
        .await;
    // Carlos's own Editor grant (Staging) is replaced; Jasmijn gets a new one.
    assert_eq!(
        browser.text("[data-testid=bulk-changes]").await,
        "2 people to change."
    );
    browser.screenshot("bulk-set-role-preview").await;
    browser.click("[data-testid=bulk-save]").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Saved: Role set for 2 people"
    );
    let grants = browser
        .script(
            "return fetch('/api/v1/environments/O12345AA/resources/res-crm/permissions', {credentials: 'same-origin'}).then(r => r.json())",
        )
        .await;
    let text = grants.to_string();
    assert!(text.contains("Jasmijn Dekker"), "{text}");
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_account_owner_is_offered_selection() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), "12345.FSmit").await;
    browser.wait_for("[data-testid=user-row]").await;
    browser
        .count_eventually("[data-testid=select-user]", 0)
        .await;
    browser
        .count_eventually("[data-testid=select-all]", 0)
        .await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_previews_and_saves_a_bulk_action() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser.sign_in(&format!("{base}/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    browser.click(checkbox("12345.CJansen").as_str()).await;
    browser.click(checkbox("12345.DBakker").as_str()).await;
    browser.click("[data-testid=bulk-add-to-group]").await;
    browser.wait_for("[data-testid=bulk-dialog]").await;
    browser
        .select_label("[data-testid=bulk-group]", "Support")
        .await;
    assert_eq!(
        browser
            .text_containing(
                "[data-testid=bulk-impact] [data-testid=impact-summary]",
                "people"
            )
            .await,
        "2 people's effective access changes"
    );
    browser.click("[data-testid=bulk-save]").await;
    assert_eq!(
        browser.text("[data-testid=toast]").await,
        "Saved: 2 people added to Support"
    );
    browser
        .text_containing(
            "[data-testid=user-row][data-code='12345.DBakker']",
            "Support",
        )
        .await;
    browser.close().await;
    host.abort();
}
