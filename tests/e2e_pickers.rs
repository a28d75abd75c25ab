//! End to end, the searchable pickers (#16 items 8 and 9): "Add a grant for" and a group's
//! "Add people" are comboboxes used by keyboard alone (the environment switcher stays a native
//! select, which keeps the picker's code out of the first screen); with
//! 10,000 people only a window of options is in the DOM and End still reaches the last one;
//! deactivated people are not offered; axe finds nothing on an open picker; at 390 px the open
//! picker stays within the screen.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use gatehouse_server::store::users::UserInsert;
use gatehouse_server::Store;
use gatehouse_wire::{UserFlags, UserStatus};
use support::{axe_source, Browser, Studio, OWNER};

/// The text of the option the combobox `id` points at, or "" when none.
async fn active_label(browser: &Browser, id: &str) -> String {
    let js = format!(
        "const i = document.getElementById('{id}');
         const o = document.getElementById(i.getAttribute('aria-activedescendant') || '');
         return o ? o.querySelector('.picker-label').textContent : '';"
    );
    browser
        .script(&js)
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Focuses the combobox `id` the way Tab would (no click: the keys do the rest).
async fn focus(browser: &Browser, id: &str) {
    browser.wait_for(format!("#{id}").as_str()).await;
    browser
        .script(&format!("document.getElementById('{id}').focus();"))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_is_added_by_keyboard_alone() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/apps/res-crm/permissions"), OWNER)
        .await;
    browser.wait_for("[data-testid=grants-table]").await;

    // Typing filters; nothing is active until ArrowDown; Enter adds the row.
    focus(&browser, "add-subject").await;
    browser.type_into("#add-subject", "mulde").await;
    assert_eq!(
        browser
            .attr("#add-subject", "aria-expanded")
            .await
            .as_deref(),
        Some("true")
    );
    browser
        .count_eventually("#add-subject-list [role=option]", 1)
        .await;
    let count = browser.text("[data-testid=add-subject-count]").await;
    assert!(count.starts_with("1 of "), "{count}");
    assert_eq!(active_label(&browser, "add-subject").await, "");
    browser.press("#add-subject", Key::Down).await;
    assert_eq!(active_label(&browser, "add-subject").await, "Ivo Mulder");
    browser.screenshot("pickers-add-subject").await;
    browser.press("#add-subject", Key::Enter).await;
    browser.wait_for("tr[data-subject='Ivo Mulder']").await;
    // The focus is back in the picker, which no longer offers him.
    browser
        .eventually("the focus is back in the picker", || async {
            browser.script("return document.activeElement.id;").await == "add-subject"
        })
        .await;
    browser.settled().await;
    browser.type_in_picker("add-subject", "mulde").await;
    browser.wait_for("[data-testid=picker-empty]").await;

    // Escape closes the list and keeps the text; a second Escape clears it.
    browser.press("#add-subject", Key::Escape).await;
    assert_eq!(
        browser
            .attr("#add-subject", "aria-expanded")
            .await
            .as_deref(),
        Some("false")
    );
    assert_eq!(browser.value("#add-subject").await, "mulde");
    browser.press("#add-subject", Key::Escape).await;
    assert_eq!(browser.value("#add-subject").await, "");

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_are_added_and_removed_by_keyboard_with_the_impact_shown() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/groups/grp-support"), OWNER)
        .await;
    let summary = "[data-testid=member-impact] [data-testid=impact-summary]";
    assert_eq!(browser.text(summary).await, "No unsaved changes");

    // Hana Bos is deactivated: not offered.
    focus(&browser, "member-add").await;
    browser.type_into("#member-add", "hana").await;
    browser.wait_for("[data-testid=picker-empty]").await;
    assert!(browser
        .texts("#member-add-list [role=option]")
        .await
        .is_empty());
    browser.press("#member-add", Key::Escape).await;
    browser.press("#member-add", Key::Escape).await;

    // Add Jasmijn Dekker: the preview names her.
    browser.type_into("#member-add", "jasm").await;
    browser.press("#member-add", Key::Down).await;
    browser.press("#member-add", Key::Enter).await;
    let added = browser
        .text_containing("[data-testid=member-list]", "Jasmijn Dekker")
        .await;
    assert!(added.contains("Added"), "{added}");
    let text = browser
        .text_containing(summary, "effective access changes")
        .await;
    assert_eq!(text, "1 person's effective access changes");

    // Remove Fleur Smit with the keyboard: her Remove button, Enter.
    let remove = "[data-testid=member-remove][aria-label='Remove Fleur Smit (12345.FSmit)']";
    browser.wait_for(remove).await;
    browser
        .script(&format!("document.querySelector(\"{remove}\").focus();"))
        .await;
    browser.press_key(Key::Enter).await;
    browser
        .wait_for("[data-testid=member-undo][aria-label='Put back Fleur Smit (12345.FSmit)']")
        .await;
    // Her other grants keep her access: the preview still shows the edit's effect.
    browser
        .text_containing(summary, "effective access changes")
        .await;
    browser.screenshot("pickers-group-members").await;
    browser.click("[data-testid=save-members]").await;
    browser
        .text_containing("h2.section-title", "Members (4)")
        .await;
    let members = browser.texts("[data-testid=member]").await;
    assert!(
        members.iter().any(|m| m.contains("Jasmijn Dekker")),
        "{members:?}"
    );
    assert!(
        !members.iter().any(|m| m.contains("Fleur Smit")),
        "{members:?}"
    );

    browser.close().await;
    studio.stop().await;
}

/// 10,000 more people in the demo environment, straight into the store.
async fn ten_thousand_people(studio: &Studio) {
    let store = &studio.server.as_ref().expect("server").state.store;
    let mut tx = store.begin_write().await.expect("begin a write");
    for i in 0..10_000 {
        let user = UserInsert {
            id: format!("usr-many-{i:05}"),
            environment: "O12345AA".into(),
            code: format!("12345.U{i:05}"),
            name: format!("User {i:05}"),
            email: None,
            status: UserStatus::Active,
            account_owner: false,
            flags: UserFlags::default(),
        };
        Store::insert_user(&mut tx, &user).await.expect("insert");
    }
    tx.commit().await.expect("commit the users");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_people_are_windowed_and_the_last_is_reachable() {
    let mut studio = Studio::start().await;
    ten_thousand_people(&studio).await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/groups/grp-ict"), OWNER).await;
    focus(&browser, "member-add").await;
    browser.press("#member-add", Key::Down).await;
    let count = browser.text("[data-testid=member-add-count]").await;
    // The 10,000 and the demo's active people outside ICT.
    let offered: usize = count
        .trim_end_matches(" people")
        .replace(',', "")
        .parse()
        .unwrap_or(0);
    assert!((10_001..10_020).contains(&offered), "{count}");
    let rendered = browser.texts("#member-add-list [role=option]").await.len();
    assert!(
        (8..=30).contains(&rendered),
        "{rendered} options in the DOM"
    );

    // End reaches the last one, rendered and scrolled into view.
    browser.press("#member-add", Key::End).await;
    browser.settled().await;
    assert_eq!(active_label(&browser, "member-add").await, "User 09999");
    let shows = browser
        .script(
            "const l = document.getElementById('member-add-list').getBoundingClientRect();
             const o = document.getElementById(document.getElementById('member-add')
               .getAttribute('aria-activedescendant')).getBoundingClientRect();
             return o.top >= l.top && o.bottom <= l.bottom + 1;",
        )
        .await;
    assert_eq!(shows, true, "the active option is in view");
    let rendered = browser.texts("#member-add-list [role=option]").await.len();
    assert!(rendered <= 30, "{rendered} options in the DOM at the end");

    // A query narrows to 1,000, still windowed; PageDown moves a page.
    browser.type_in_picker("member-add", "user 04").await;
    let count = browser
        .text_containing("[data-testid=member-add-count]", "of")
        .await;
    assert!(count.starts_with("1,000 of 10,0"), "{count}");
    browser.press("#member-add", Key::Down).await;
    browser.press("#member-add", Key::PageDown).await;
    assert_eq!(active_label(&browser, "member-add").await, "User 04008");
    browser.press("#member-add", Key::Enter).await;
    browser
        .text_containing("[data-testid=member-list]", "User 04008")
        .await;

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_picker_passes_axe_and_fits_a_phone() {
    let axe = axe_source();
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    let mut found = Vec::new();
    browser
        .sign_in(&studio.url("/groups/grp-support"), OWNER)
        .await;
    for (width, height) in [(1366, 900), (390, 844)] {
        browser.resize(width, height).await;
        browser.open(&studio.url("/groups/grp-support")).await;
        for id in ["member-add"] {
            focus(&browser, id).await;
            browser.press(format!("#{id}").as_str(), Key::Down).await;
            browser.press(format!("#{id}").as_str(), Key::Down).await;
            assert_eq!(
                browser
                    .attr(format!("#{id}").as_str(), "aria-expanded")
                    .await
                    .as_deref(),
                Some("true")
            );
            for v in browser.axe_violations(&axe).await {
                found.push(format!("{id} at {width} px: {v}"));
            }
            let fits = browser
                .script(&format!(
                    "const w = document.documentElement.clientWidth;
                     const p = document.querySelector('#{id}').closest('.picker')
                       .querySelector('.picker-popup').getBoundingClientRect();
                     return document.documentElement.scrollWidth <= w && p.right <= w && p.left >= 0;"
                ))
                .await;
            assert_eq!(fits, true, "{id} open at {width} px overflows");
            browser.screenshot(&format!("pickers-{id}-{width}")).await;
            browser.press(format!("#{id}").as_str(), Key::Escape).await;
        }
    }
    assert!(
        found.is_empty(),
        "axe on open pickers:\n{}",
        found.join("\n")
    );

    browser.close().await;
    studio.stop().await;
}
