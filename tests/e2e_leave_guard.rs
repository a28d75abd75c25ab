//! End to end (#16 item 7): a draft with unsaved edits asks before it is left — a link (side
//! navigation, breadcrumb), the browser's Back, the environment switcher — in the studio's own
//! dialog (Stay focused first, Esc stays, focus goes back), and arms the browser's
//! `beforeunload` prompt only while something is unsaved; against the real server and in the
//! static demo.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use support::{static_host, Browser, Studio, OWNER};

const PERMISSIONS: &str = "/apps/res-crm/permissions";
/// A grant row of CRM Portal and its role.
const ROLE: &str = "tr[data-subject='Carlos Jansen'] [data-testid=role-select]";
const DIALOG: &str = "[data-testid=leave-dialog]";
const NAV_USERS: &str = "nav.side-nav a[href$='/users']";

/// The page's path after the environment (`/O12345AA/users` → `/users`) and query, as the
/// address bar shows them.
async fn address(browser: &Browser) -> String {
    let value = browser
        .script(
            "return location.pathname.replace(/^\\/[A-Z][0-9]{5}[A-Z]{2}(?=\\/)/, '') \
               + location.search;",
        )
        .await;
    value.as_str().unwrap_or_default().to_owned()
}

/// Waits until the address bar shows `path`.
async fn arrives_at(browser: &Browser, path: &str) {
    browser
        .eventually(&format!("the address to be {path}"), || async {
            address(browser).await == path
        })
        .await;
}

/// Whether closing or reloading the tab would ask now: a cancelable `beforeunload` dispatched
/// at the window comes back with its default prevented.
async fn unload_asks(browser: &Browser) -> bool {
    browser
        .script(
            "const event = new Event('beforeunload', { cancelable: true }); \
             window.dispatchEvent(event); return event.defaultPrevented;",
        )
        .await
        .as_bool()
        .unwrap_or_default()
}

/// What has the focus: its `data-testid`, else its `href`, else its tag.
async fn focused(browser: &Browser) -> String {
    let value = browser
        .script(
            "const el = document.activeElement; \
             const href = el && el.getAttribute('href') \
               && el.getAttribute('href').replace(/^\\/[A-Z][0-9]{5}[A-Z]{2}(?=\\/)/, ''); \
             return el ? (el.getAttribute('data-testid') || href || el.tagName) : '';",
        )
        .await;
    value.as_str().unwrap_or_default().to_owned()
}

/// Waits until the element described as by [`focused`] is `what`.
async fn focus_is(browser: &Browser, what: &str) {
    browser
        .eventually(&format!("the focus to be on {what}"), || async {
            focused(browser).await == what
        })
        .await;
}

/// One unsaved change on CRM Portal's permissions: Carlos Jansen becomes Publisher.
async fn edit_one_grant(browser: &Browser) {
    browser.select_value(ROLE, "publisher").await;
    browser
        .text_containing("[data-testid=impact-summary]", "effective access")
        .await;
}

/// Opens the question with a click on `link` and checks what it says and where the focus is.
async fn ask_with_click(browser: &Browser, link: &str) {
    browser.click(link).await;
    browser.wait_for(DIALOG).await;
    let message = browser.text("[data-testid=leave-message]").await;
    assert!(
        message.contains("1 unsaved change on the permissions of CRM Portal")
            && message.ends_with("Leaving discards it."),
        "{message}"
    );
    focus_is(browser, "leave-stay").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dirty_edit_permissions_asks_before_a_link_or_back_leaves_it() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/apps"), OWNER).await;

    // Clean: links and Back go without asking, and closing the tab would not ask.
    browser.click("a[href$='/apps/res-crm/permissions']").await;
    browser.wait_for(ROLE).await;
    assert!(!unload_asks(&browser).await, "nothing unsaved yet");
    browser.click(NAV_USERS).await;
    arrives_at(&browser, "/users").await;
    browser.client.back().await.expect("back");
    arrives_at(&browser, PERMISSIONS).await;
    browser.wait_for(ROLE).await;
    assert!(
        browser.texts(DIALOG).await.is_empty(),
        "a clean draft never asks"
    );

    // Dirty: closing the tab asks (the browser's prompt), a side-nav link asks in the studio.
    edit_one_grant(&browser).await;
    assert!(
        unload_asks(&browser).await,
        "beforeunload armed while dirty"
    );
    ask_with_click(&browser, NAV_USERS).await;
    browser.screenshot("leave-dialog").await;

    // Stay keeps the view, the draft and the focus on the link that asked.
    browser.click("[data-testid=leave-stay]").await;
    browser.wait_gone(DIALOG).await;
    assert_eq!(address(&browser).await, PERMISSIONS);
    assert_eq!(browser.value(ROLE).await, "publisher", "the draft is kept");
    focus_is(&browser, "/users").await;

    // Back asks too, and Stay keeps the address and the draft.
    browser.client.back().await.expect("back");
    browser.wait_for(DIALOG).await;
    browser.click("[data-testid=leave-stay]").await;
    browser.wait_gone(DIALOG).await;
    assert_eq!(address(&browser).await, PERMISSIONS);
    assert_eq!(browser.value(ROLE).await, "publisher");

    // Keyboard only: Enter on the link asks, Esc stays and gives the focus back.
    browser
        .script("document.querySelector(\"nav.side-nav a[href$='/users']\").focus(); return true;")
        .await;
    browser.press_key(Key::Enter).await;
    browser.wait_for(DIALOG).await;
    focus_is(&browser, "leave-stay").await;
    browser.press_key(Key::Escape).await;
    browser.wait_gone(DIALOG).await;
    focus_is(&browser, "/users").await;
    assert_eq!(address(&browser).await, PERMISSIONS);
    assert_eq!(browser.value(ROLE).await, "publisher");

    // Keyboard only, leaving: Enter, Tab to "Discard changes and leave", Enter.
    browser.press_key(Key::Enter).await;
    browser.wait_for(DIALOG).await;
    browser.press_key(Key::Tab).await;
    focus_is(&browser, "leave-discard").await;
    browser.press_key(Key::Enter).await;
    arrives_at(&browser, "/users").await;
    browser.wait_gone(DIALOG).await;
    assert!(
        !unload_asks(&browser).await,
        "nothing unsaved after leaving"
    );

    // The edit was thrown away, not saved: back on the view, Carlos is still Editor.
    browser.client.back().await.expect("back");
    arrives_at(&browser, PERMISSIONS).await;
    assert_eq!(
        browser.value(ROLE).await,
        "editor",
        "the draft was discarded"
    );
    assert!(browser.texts(DIALOG).await.is_empty());

    // Back with a dirty draft, then leaving: the browser goes back after all (to the list
    // the view was opened from; the earlier Back that stayed put the view's entry back).
    edit_one_grant(&browser).await;
    browser.client.back().await.expect("back");
    browser.wait_for(DIALOG).await;
    assert_eq!(
        address(&browser).await,
        PERMISSIONS,
        "the address stays while asking"
    );
    browser.click("[data-testid=leave-discard]").await;
    arrives_at(&browser, "/apps").await;
    browser.wait_gone(DIALOG).await;
    assert!(!unload_asks(&browser).await);

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_or_cancelling_clears_the_guard_and_switching_environment_asks() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url(PERMISSIONS), OWNER).await;

    // Cancel clears it.
    edit_one_grant(&browser).await;
    browser.click("[data-testid=cancel]").await;
    assert!(!unload_asks(&browser).await, "cancelled");

    // Switching environment asks; Stay keeps the environment (the switcher shows it again).
    edit_one_grant(&browser).await;
    browser.pick("environment-select", "A12345AA").await;
    browser.wait_for(DIALOG).await;
    browser.click("[data-testid=leave-stay]").await;
    browser.wait_gone(DIALOG).await;
    assert_eq!(
        browser.value("[data-testid=environment-select]").await,
        "O12345AA"
    );
    assert_eq!(browser.value(ROLE).await, "publisher");

    // Saving clears it: the link then goes without asking.
    browser.click("[data-testid=save]").await;
    assert_eq!(browser.text("[data-testid=toast]").await, "Saved 1 change");
    assert!(!unload_asks(&browser).await, "saved");
    browser.click(NAV_USERS).await;
    arrives_at(&browser, "/users").await;
    assert!(browser.texts(DIALOG).await.is_empty());

    // Leaving through the switcher drops the draft and switches.
    browser.client.back().await.expect("back");
    arrives_at(&browser, PERMISSIONS).await;
    browser.select_value(ROLE, "owner").await;
    browser.pick("environment-select", "A12345AA").await;
    browser.wait_for(DIALOG).await;
    browser.click("[data-testid=leave-discard]").await;
    browser.wait_gone(DIALOG).await;
    browser
        .prop_eventually("[data-testid=environment-select]", "value", "A12345AA")
        .await;
    assert!(
        !unload_asks(&browser).await,
        "the draft went with the switch"
    );

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_draft_editor_registers_its_unsaved_edits() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/groups/grp-support"), OWNER)
        .await;

    // A group's members: "Undo changes" clears it.
    browser.click("[data-testid=member-remove]").await;
    assert!(unload_asks(&browser).await, "a member edit is unsaved");
    browser.click(NAV_USERS).await;
    browser.wait_for(DIALOG).await;
    let message = browser.text("[data-testid=leave-message]").await;
    assert!(message.contains("on group Support"), "{message}");
    browser.click("[data-testid=leave-stay]").await;
    browser.wait_gone(DIALOG).await;
    browser.click("[data-testid=cancel-members]").await;
    assert!(!unload_asks(&browser).await, "undone");

    // A user's permissions, from the breadcrumb (any link asks, not only the side nav).
    browser
        .open(&studio.url("/users/12345.IMulder/permissions"))
        .await;
    browser
        .select_value(
            "tr[data-resource=res-crm] [data-testid=subject-role]",
            "editor",
        )
        .await;
    browser.click("nav.breadcrumb a").await;
    browser.wait_for(DIALOG).await;
    let message = browser.text("[data-testid=leave-message]").await;
    assert!(
        message.contains("on the permissions of Ivo Mulder"),
        "{message}"
    );
    browser.click("[data-testid=leave-discard]").await;
    arrives_at(&browser, "/users/12345.IMulder").await;

    // A user's properties (a dialog): Back asks; leaving closes the dialog with the edits.
    browser.click("[data-testid=edit-properties]").await;
    browser
        .fill("[data-testid=prop-name]", "Ivo Mulder-Smit")
        .await;
    assert!(unload_asks(&browser).await, "a property edit is unsaved");
    browser.client.back().await.expect("back");
    browser.wait_for(DIALOG).await;
    let message = browser.text("[data-testid=leave-message]").await;
    assert!(
        message.contains("on the properties of Ivo Mulder"),
        "{message}"
    );
    browser.click("[data-testid=leave-discard]").await;
    arrives_at(&browser, "/users/12345.IMulder/permissions").await;
    browser.wait_gone("[data-testid=properties-dialog]").await;
    assert!(!unload_asks(&browser).await);

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_asks_the_same_way_and_the_dialog_fits_a_phone() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser.resize(390, 844).await;
    browser
        .sign_in(&format!("{base}{PERMISSIONS}"), OWNER)
        .await;
    browser.wait_for("[data-testid=demo-banner]").await;

    edit_one_grant(&browser).await;
    assert!(unload_asks(&browser).await);
    ask_with_click(&browser, "nav.breadcrumb a").await;
    let sizes = browser
        .script(
            "const d = document.querySelector('[data-testid=leave-dialog]').getBoundingClientRect(); \
             return [document.documentElement.scrollWidth, document.documentElement.clientWidth, Math.ceil(d.right)];",
        )
        .await;
    let width = sizes[1].as_i64().unwrap_or_default();
    assert!(
        sizes[0].as_i64() <= Some(width) && sizes[2].as_i64() <= Some(width),
        "the dialog fits 390 px: {sizes}"
    );
    browser.screenshot("leave-dialog-390").await;
    browser.press_key(Key::Escape).await;
    browser.wait_gone(DIALOG).await;
    focus_is(&browser, "/apps").await;
    assert_eq!(browser.value(ROLE).await, "publisher");

    ask_with_click(&browser, "nav.breadcrumb a").await;
    browser.click("[data-testid=leave-discard]").await;
    arrives_at(&browser, "/apps").await;
    assert!(!unload_asks(&browser).await);

    browser.close().await;
    host.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_connector_and_access_test_forms_ask_before_their_edits_are_left() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;

    // A new app connector with a name typed in: a link away asks, Stay keeps the form.
    browser.sign_in(&studio.url("/app-connectors"), OWNER).await;
    browser.click("[data-testid=new-app-connector]").await;
    browser
        .type_into("[data-testid=ac-name]", "Payroll export")
        .await;
    browser.click(NAV_USERS).await;
    browser.wait_for(DIALOG).await;
    let message = browser.text("[data-testid=leave-message]").await;
    assert!(
        message.contains("unsaved change") && message.contains("the new app connector"),
        "{message}"
    );
    focus_is(&browser, "leave-stay").await;
    browser.click("[data-testid=leave-stay]").await;
    browser.wait_gone(DIALOG).await;
    assert_eq!(
        browser.value("[data-testid=ac-name]").await,
        "Payroll export"
    );
    arrives_at(&browser, "/app-connectors").await;

    // Discard leaves, and the form is gone.
    browser.click(NAV_USERS).await;
    browser.click("[data-testid=leave-discard]").await;
    arrives_at(&browser, "/users").await;
    assert!(!unload_asks(&browser).await, "nothing left unsaved");

    // An untouched new access test leaves without a question; one with a name asks (reached
    // by a link, so Back stays inside the page).
    browser.click("nav.side-nav a[href$='/access-tests']").await;
    browser.click("[data-testid=add-test]").await;
    browser.wait_for("[data-testid=test-name]").await;
    browser.press_key(Key::Escape).await;
    browser.wait_gone("[data-testid=test-name]").await;
    browser.click("[data-testid=add-test]").await;
    browser
        .type_into("[data-testid=test-name]", "Support stays below Owner")
        .await;
    assert!(unload_asks(&browser).await, "closing the tab asks");
    browser.script("history.back(); return true;").await;
    browser.wait_for(DIALOG).await;
    let message = browser.text("[data-testid=leave-message]").await;
    assert!(message.contains("the new access test"), "{message}");
    browser.click("[data-testid=leave-stay]").await;
    browser.wait_gone(DIALOG).await;
    assert_eq!(
        browser.value("[data-testid=test-name]").await,
        "Support stays below Owner"
    );

    browser.close().await;
    studio.stop().await;
}
