//! End to end: editing filters (or-conditions and groups, the live count, the preview after
//! saving), the conflict panels for stale saves (filter editor, activation matrix, mode
//! switch), and a user's own filter settings — in headless Chromium against the real server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{nth, Browser, Studio, OWNER};

const DOSSIER: &str = "/tables/tbl-dossier-items";
const DIALOG: &str = "[data-testid=filter-edit-dialog]";
const ICT_ROW: &str = "[data-testid=filter-row][data-id=ict]";

/// Sets condition `n` (from 0) of the rule inside `scope` to `field` is `value`.
async fn set_condition(browser: &Browser, scope: &str, n: usize, field: &str, value: &str) {
    let fields = format!("{scope} [data-testid=cond-field]");
    browser.select_value(nth(&fields, n), field).await;
    let values = format!("{scope} [data-testid=cond-value]");
    browser.fill(nth(&values, n), value).await;
}

/// Scrolls the element matching `css` to the middle of the window (before a screenshot).
async fn scroll_to(browser: &Browser, css: &str) {
    browser.wait_for(css).await;
    let script = format!("document.querySelector('{css}').scrollIntoView({{block: 'center'}})");
    browser
        .client
        .execute(&script, Vec::new())
        .await
        .expect("scroll");
}

/// Opens the edit dialog of the ICT filter on the Dossier items table.
async fn open_ict_editor(browser: &Browser) {
    browser
        .click(&format!("{ICT_ROW} [data-testid=edit-filter]"))
        .await;
    browser.wait_for(DIALOG).await;
}

/// In the open dialog: "kind is ICT or kind is Purchasing".
async fn make_ict_or_purchasing(browser: &Browser) {
    browser
        .select_value(&format!("{DIALOG} [data-testid=filter-combine]"), "any")
        .await;
    browser
        .click(&format!("{DIALOG} [data-testid=add-condition]"))
        .await;
    set_condition(browser, DIALOG, 1, "kind", "Purchasing").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_the_ict_filter_to_ict_or_purchasing_widens_what_ict_members_see() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url(DOSSIER), OWNER).await;

    // The editor opens pre-filled: its name, "kind is ICT", 3 of 7 rows.
    open_ict_editor(&browser).await;
    assert_eq!(
        browser
            .value(&format!("{DIALOG} [data-testid=filter-name]"))
            .await,
        "ICT filter"
    );
    assert_eq!(
        browser
            .value(&format!("{DIALOG} [data-testid=cond-value]"))
            .await,
        "ICT"
    );
    let count = format!("{DIALOG} [data-testid=filter-count]");
    assert_eq!(browser.text(&count).await, "Passes 3 of 7 rows");
    assert!(
        !browser
            .enabled(&format!("{DIALOG} [data-testid=save-filter]"))
            .await,
        "nothing changed yet"
    );

    // Any of: kind is ICT, kind is Purchasing — the count follows as it is typed.
    make_ict_or_purchasing(&browser).await;
    browser.text_containing(&count, "Passes 4 of 7 rows").await;
    let changes = browser
        .text(&format!("{DIALOG} [data-testid=filter-changes]"))
        .await;
    assert_eq!(changes, "Changes: rule");
    assert_eq!(browser.text(&count).await, "Passes 4 of 7 rows (was 3)");
    browser.screenshot("filters-edit-or").await;

    browser
        .click(&format!("{DIALOG} [data-testid=save-filter]"))
        .await;
    browser
        .text_containing("[data-testid=toast]", "Saved ICT filter")
        .await;
    let predicate = format!("{ICT_ROW} [data-testid=filter-predicate]");
    assert_eq!(
        browser.text_containing(&predicate, "Purchasing").await,
        "kind is “ICT” or kind is “Purchasing”"
    );
    scroll_to(&browser, "[data-testid=filters-table]").await;
    browser.screenshot("filters-table-after-edit").await;

    // Carlos Jansen (ICT) now sees the Purchasing item too, let through by the ICT filter.
    browser
        .select_value("[data-testid=preview-user]", "12345.CJansen")
        .await;
    browser.wait_for("[data-testid=preview-rows]").await;
    let rows = browser.texts("[data-testid=preview-row]").await;
    assert_eq!(rows.len(), 4, "{rows:?}");
    let purchasing = browser
        .text("[data-testid=preview-row][data-id=D-1003]")
        .await;
    assert!(
        purchasing.contains("Purchasing") && purchasing.contains("ICT filter"),
        "{purchasing}"
    );
    scroll_to(&browser, "[data-testid=preview-row][data-id=D-1003]").await;
    browser.screenshot("filters-edit-preview").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_filter_edit_shows_the_conflict_and_overwrites_nothing() {
    let studio = Studio::start().await;
    let first = Browser::start().await;
    let second = Browser::start().await;
    first.sign_in(&studio.url(DOSSIER), OWNER).await;
    second.sign_in(&studio.url(DOSSIER), OWNER).await;
    open_ict_editor(&first).await;
    open_ict_editor(&second).await;

    // The first administrator saves "ICT or Purchasing".
    make_ict_or_purchasing(&first).await;
    first
        .click(&format!("{DIALOG} [data-testid=save-filter]"))
        .await;
    first
        .text_containing("[data-testid=toast]", "Saved ICT filter")
        .await;

    // The second, still at the old version, renames it: a conflict, not an overwrite.
    second
        .fill(
            &format!("{DIALOG} [data-testid=filter-name]"),
            "ICT requests",
        )
        .await;
    second
        .click(&format!("{DIALOG} [data-testid=save-filter]"))
        .await;
    let now = second.text("[data-testid=conflict-current]").await;
    assert_eq!(
        now,
        "ICT filter — lets through kind is “ICT” or kind is “Purchasing”"
    );
    let mine = second.text("[data-testid=conflict-mine]").await;
    assert_eq!(mine, "ICT requests — lets through kind is “ICT”");
    second.screenshot("filters-edit-conflict").await;

    // Nothing was overwritten: a fresh look shows the first administrator's filter.
    first.open(&studio.url(DOSSIER)).await;
    let row = first.text(ICT_ROW).await;
    assert!(
        row.contains("ICT filter") && row.contains("Purchasing"),
        "{row}"
    );

    // Reload and re-apply: my new name on top of their new rule, then save.
    second.click("[data-testid=conflict-reload]").await;
    assert_eq!(
        second
            .value(&format!("{DIALOG} [data-testid=filter-name]"))
            .await,
        "ICT requests"
    );
    second
        .text_containing(
            &format!("{DIALOG} [data-testid=filter-count]"),
            "Passes 4 of 7 rows",
        )
        .await;
    assert_eq!(
        second
            .value(&format!("{DIALOG} [data-testid=filter-combine]"))
            .await,
        "any"
    );
    second
        .click(&format!("{DIALOG} [data-testid=save-filter]"))
        .await;
    second
        .text_containing("[data-testid=toast]", "Saved ICT requests")
        .await;
    let row = second.text_containing(ICT_ROW, "ICT requests").await;
    assert!(
        row.contains("ICT requests") && row.contains("Purchasing"),
        "{row}"
    );
    first.close().await;
    second.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_of_or_conditions_inside_an_and_is_created_and_edited_back() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url(DOSSIER), OWNER).await;
    let form = "[data-testid=filter-editor]";
    browser.wait_for(form).await;

    // kind is ICT and (requester is Carlos Jansen or requester is Ivo Mulder).
    browser
        .type_into(
            &format!("{form} [data-testid=filter-name]"),
            "ICT of Carlos or Ivo",
        )
        .await;
    set_condition(&browser, form, 0, "kind", "ICT").await;
    browser
        .click(&format!("{form} [data-testid=add-group]"))
        .await;
    assert_eq!(
        browser
            .value(&format!("{form} [data-testid=group-combine]"))
            .await,
        "any"
    );
    set_condition(&browser, form, 1, "requester", "Carlos Jansen").await;
    set_condition(&browser, form, 2, "requester", "Ivo Mulder").await;
    browser
        .text_containing(
            &format!("{form} [data-testid=filter-count]"),
            "Passes 2 of 7 rows",
        )
        .await;
    browser.screenshot("filters-new-group").await;

    // An empty value is named at its condition before anything is sent.
    browser
        .click(&format!("{form} [data-testid=add-condition]"))
        .await;
    browser
        .click(&format!("{form} [data-testid=save-filter]"))
        .await;
    assert_eq!(
        browser
            .text(&format!("{form} [data-testid=cond-error]"))
            .await,
        "enter a value"
    );
    browser.screenshot("filters-new-empty-value").await;
    let removes = format!("{form} [data-testid=remove-condition]");
    browser.click(nth(&removes, 3)).await;
    browser
        .click(&format!("{form} [data-testid=save-filter]"))
        .await;
    let row = "[data-testid=filter-row]:last-child";
    browser
        .text_containing(
            &format!("{row} [data-testid=filter-predicate]"),
            "kind is “ICT” and (requester is “Carlos Jansen” or requester is “Ivo Mulder”)",
        )
        .await;

    // Editing it shows the group again.
    scroll_to(&browser, "[data-testid=filters-table]").await;
    browser.screenshot("filters-table-with-group").await;
    browser
        .click(&format!("{row} [data-testid=edit-filter]"))
        .await;
    browser.wait_for(DIALOG).await;
    let groups = browser
        .texts(&format!("{DIALOG} [data-testid=filter-group]"))
        .await;
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(
        browser
            .value(&format!("{DIALOG} [data-testid=group-combine]"))
            .await,
        "any"
    );
    assert_eq!(
        browser
            .text(&format!("{DIALOG} [data-testid=filter-count]"))
            .await,
        "Passes 2 of 7 rows"
    );
    browser.screenshot("filters-edit-group").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_the_editor_cannot_show_stays_read_only_and_survives_a_rename() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url(DOSSIER), OWNER).await;
    browser.wait_for("[data-testid=filters-table]").await;

    // A filter made through the API with "not (…)", which the editor has no condition for.
    let script = r#"
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/environments/O12345AA/tables/tbl-dossier-items/filters', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'accept': 'application/json', 'x-gatehouse-csrf': '1' },
            body: JSON.stringify({ name: 'Not ICT', predicate: { op: 'not', of: { op: 'eq', field: 'kind', value: 'ICT' } } }),
        }).then(r => done(r.status), e => done(String(e)));
    "#;
    let status = browser
        .client
        .execute_async(script, Vec::new())
        .await
        .expect("create through the API");
    assert_eq!(status, serde_json::json!(201));
    browser.reload().await;

    let row = "[data-testid=filter-row][data-id=not-ict]";
    browser
        .click(&format!("{row} [data-testid=edit-filter]"))
        .await;
    assert_eq!(
        browser
            .text(&format!("{DIALOG} [data-testid=stored-rule-why]"))
            .await,
        "This rule cannot be shown as conditions: it uses “not (…)”. It is kept exactly as it is when you save."
    );
    assert_eq!(
        browser
            .text(&format!("{DIALOG} [data-testid=filter-count]"))
            .await,
        "Passes 4 of 7 rows"
    );
    browser.screenshot("filters-edit-read-only").await;

    // Renaming keeps the rule exactly.
    browser
        .fill(
            &format!("{DIALOG} [data-testid=filter-name]"),
            "Everything but ICT",
        )
        .await;
    browser
        .click(&format!("{DIALOG} [data-testid=save-filter]"))
        .await;
    let saved = browser.text_containing(row, "Everything but ICT").await;
    assert!(saved.contains("not (kind is “ICT”)"), "{saved}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_activation_save_shows_both_versions_and_reapplies_my_change() {
    let studio = Studio::start().await;
    let first = Browser::start().await;
    let second = Browser::start().await;
    first.sign_in(&studio.url(DOSSIER), OWNER).await;
    second.sign_in(&studio.url(DOSSIER), OWNER).await;
    let cell =
        |group: &str| format!("[data-testid=activation][data-filter=ict][data-group={group}]");
    let save = "[data-testid=save-activation][data-filter=ict]";
    first.wait_for("[data-testid=activation-matrix]").await;
    second.wait_for("[data-testid=activation-matrix]").await;

    // The first administrator activates the ICT filter for Support too.
    first.click(&cell("grp-support")).await;
    first.click(save).await;
    first.text_containing(ICT_ROW, "Support").await;

    // The second, at the old version, deactivates it for Management: a conflict.
    second.click(&cell("grp-management")).await;
    second.click(save).await;
    let now = second.text("[data-testid=activation-current]").await;
    assert_eq!(now, "ICT, Management, Support");
    scroll_to(&second, "[data-testid=activation-conflict]").await;
    second.screenshot("filters-activation-conflict").await;

    // Re-apply: their Support stays, my Management removal is on top; then save.
    second.click("[data-testid=activation-reapply]").await;
    assert!(second.checked(&cell("grp-support")).await);
    assert!(!second.checked(&cell("grp-management")).await);
    second.click(save).await;
    second.text_containing(ICT_ROW, "ICT, Support").await;
    first.close().await;
    second.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_mode_switch_says_what_the_mode_is_now() {
    let studio = Studio::start().await;
    let first = Browser::start().await;
    let second = Browser::start().await;
    first.sign_in(&studio.url("/tables"), OWNER).await;
    second.sign_in(&studio.url("/tables"), OWNER).await;
    let row = "[data-testid=table-row][data-id=tbl-employees]";
    first.wait_for(row).await;
    second.wait_for(row).await;

    first
        .click(&format!("{row} [data-testid=switch-mode]"))
        .await;
    first.click("[data-testid=confirm-mode]").await;
    first
        .text_containing(
            &format!("{row} [data-testid=table-mode]"),
            "According to filter",
        )
        .await;

    second
        .click(&format!("{row} [data-testid=switch-mode]"))
        .await;
    second.click("[data-testid=confirm-mode]").await;
    let now = second.text("[data-testid=mode-current]").await;
    assert_eq!(now, "It now shows according to filter; you saw all rows.");
    scroll_to(&second, "[data-testid=mode-conflict]").await;
    second.screenshot("filters-mode-conflict").await;
    second.click("[data-testid=mode-reload]").await;
    second
        .text_containing(
            &format!("{row} [data-testid=table-mode]"),
            "According to filter",
        )
        .await;
    first.close().await;
    second.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_users_own_filter_settings_are_saved_with_their_version() {
    let studio = Studio::start().await;
    let first = Browser::start().await;
    let second = Browser::start().await;
    let page = studio.url("/users/12345.CJansen");
    first.sign_in(&page, OWNER).await;
    second.sign_in(&page, OWNER).await;
    let row = |filter: &str| {
        format!("[data-testid=deviation-table][data-table=tbl-dossier-items] [data-testid=deviation-row][data-filter={filter}]")
    };
    let sees =
        "[data-testid=deviation-table][data-table=tbl-dossier-items] [data-testid=deviation-sees]";

    // What Inherit means for Carlos (ICT) on each filter.
    assert_eq!(
        first
            .text(&format!("{} [data-testid=inherit-meaning]", row("ict")))
            .await,
        "Inherit: on through group ICT"
    );
    assert_eq!(
        first
            .text(&format!("{} [data-testid=inherit-meaning]", row("support")))
            .await,
        "Inherit: off — none of their groups has it"
    );
    first.text_containing(sees, "Sees 3 of 7 rows now.").await;
    first.screenshot("filters-user-deviations").await;
    // The second page has loaded the Support filter at its current version.
    second
        .wait_for(&format!(
            "{} [data-testid=deviation-choice]",
            row("support")
        ))
        .await;

    // Turning the Support filter on for Carlos alone.
    first
        .click(&format!(
            "{} [data-testid=deviation-choice][data-value=force_on]",
            row("support")
        ))
        .await;
    first
        .text_containing(
            &format!("{} [data-testid=deviation-effect]", row("support")),
            "Active — own setting",
        )
        .await;
    first.text_containing(sees, "Sees 5 of 7 rows now.").await;

    // The second page still has the old version: its change meets a conflict.
    second
        .click(&format!(
            "{} [data-testid=deviation-choice][data-value=force_off]",
            row("support")
        ))
        .await;
    let now = second.text("[data-testid=deviation-current]").await;
    assert_eq!(
        now,
        "Carlos's setting is now On; yours, Off, was not saved."
    );
    second.screenshot("filters-user-deviations-conflict").await;
    second.click("[data-testid=deviation-keep]").await;
    second
        .text_containing(
            &format!("{} [data-testid=deviation-effect]", row("support")),
            "Active — own setting",
        )
        .await;
    first.close().await;
    second.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_demo_a_users_filter_settings_say_they_need_the_server() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/users/12345.CJansen?demo"), OWNER)
        .await;
    let panel = "[data-testid=user-deviations] [data-testid=server-only]";
    let text = browser.text(panel).await;
    assert!(text.contains("need the Gatehouse server"), "{text}");
    scroll_to(&browser, panel).await;
    browser.screenshot("filters-user-deviations-demo").await;
    browser.close().await;
}
