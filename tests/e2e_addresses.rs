//! End to end: the address says where the administrator is. Every view's path starts with the
//! environment (`/A12345AA/users`), so a copied link opens that environment, not the one the
//! recipient last used; an address without one is sent on to the first environment; one the
//! administrator does not have gets a designed page; and a view's search, filters and
//! choices are in the query, so a reload keeps them.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use support::{axe_source, Browser, Studio, OWNER};

/// The address bar's path and query.
async fn address(browser: &Browser) -> String {
    let value = browser
        .script("return location.pathname + location.search;")
        .await;
    value.as_str().unwrap_or_default().to_owned()
}

/// Waits until the address bar shows `expected`.
async fn arrives_at(browser: &Browser, expected: &str) {
    browser
        .eventually(&format!("the address to be {expected}"), || async {
            address(browser).await == expected
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_environment_is_in_every_address_and_a_copied_link_opens_it() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;

    // An address without an environment opens the first one, in place of the address.
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.wait_for("[data-testid=user-row]").await;
    arrives_at(&browser, "/O12345AA/users").await;
    let back = browser.script("return history.length;").await;
    assert_eq!(
        back, 2,
        "the redirect replaces the address, Back does not bounce"
    );

    // Every link of the frame and the list carries the environment.
    let nav = browser.props("nav.side-nav a.nav-link", "href").await;
    assert!(nav.len() >= 16, "{nav:?}");
    for href in &nav {
        let href = href.as_deref().unwrap_or_default();
        assert!(
            href.starts_with(&studio.url("/O12345AA/")),
            "side navigation link {href}"
        );
    }
    let people = browser.props("[data-testid=user-link]", "href").await;
    assert!(people.iter().all(|h| h
        .as_deref()
        .unwrap_or_default()
        .contains("/O12345AA/users/")));

    // A copied link to another environment opens that environment (a fresh page load).
    browser.open(&studio.url("/A12345AA/users")).await;
    browser.wait_for("[data-testid=empty-state]").await;
    assert_eq!(
        browser.value("[data-testid=environment-select]").await,
        "A12345AA"
    );
    assert_eq!(
        browser.texts("[data-testid=environment-kind]").await,
        ["Accept"]
    );
    let nav = browser.props("nav.side-nav a.nav-link", "href").await;
    assert!(nav
        .iter()
        .all(|h| h.as_deref().unwrap_or_default().contains("/A12345AA/")));

    // Switching environment on a record's page goes to the same kind of view there.
    browser
        .open(&studio.url("/O12345AA/users/12345.FSmit"))
        .await;
    browser.wait_for("[data-testid=edit-permissions]").await;
    let edit = browser
        .attr("[data-testid=edit-permissions]", "href")
        .await
        .unwrap_or_default();
    assert_eq!(edit, "/O12345AA/users/12345.FSmit/permissions");
    browser
        .select_value("[data-testid=environment-select]", "T12345AA")
        .await;
    arrives_at(&browser, "/T12345AA/users").await;
    assert_eq!(
        browser.value("[data-testid=environment-select]").await,
        "T12345AA"
    );
    // Back returns to the user's page in production.
    browser.script("history.back(); return true;").await;
    arrives_at(&browser, "/O12345AA/users/12345.FSmit").await;
    browser.wait_for("[data-testid=edit-permissions]").await;
    assert_eq!(
        browser.value("[data-testid=environment-select]").await,
        "O12345AA"
    );

    // The environment alone opens its users.
    browser.open(&studio.url("/A12345AA")).await;
    arrives_at(&browser, "/A12345AA/users").await;

    // An environment the administrator does not have: a designed page offering theirs.
    browser.open(&studio.url("/X99999ZZ/groups")).await;
    let page = browser.text("[data-testid=unknown-environment]").await;
    assert!(page.contains("You have no environment X99999ZZ"), "{page}");
    let offers = browser
        .props("[data-testid=unknown-environment] a", "href")
        .await;
    assert!(
        offers
            .iter()
            .any(|h| h.as_deref() == Some(studio.url("/O12345AA/groups").as_str())),
        "{offers:?}"
    );
    assert_eq!(
        browser.value("[data-testid=environment-select]").await,
        "",
        "no environment shown as in use"
    );
    assert!(browser
        .texts("[data-testid=environment-kind]")
        .await
        .is_empty());
    let axe = axe_source();
    assert_eq!(browser.axe_violations(&axe).await, Vec::<String>::new());
    browser.screenshot("address-unknown-environment").await;
    browser.resize(390, 844).await;
    browser
        .assert_no_sideways_scroll("the page at 390 px")
        .await;
    browser.screenshot("address-unknown-environment-390").await;

    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filters_and_choices_survive_a_reload() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/O12345AA/users"), OWNER).await;
    browser.count_eventually("[data-testid=user-row]", 11).await;

    // Users: search, status and sort go into the query.
    browser.type_into("[data-testid=user-search]", "bos").await;
    browser
        .select_value("[data-testid=status-filter]", "deactivated")
        .await;
    arrives_at(&browser, "/O12345AA/users?q=bos&status=deactivated").await;
    browser.reload().await;
    browser.count_eventually("[data-testid=user-row]", 1).await;
    assert_eq!(browser.value("[data-testid=user-search]").await, "bos");
    assert_eq!(
        browser.value("[data-testid=status-filter]").await,
        "deactivated"
    );
    let row = browser.text("[data-testid=user-row]").await;
    assert!(row.contains("Hana Bos"), "{row}");

    // A group filter from a copied link is shown as chosen once the groups arrive.
    browser
        .open(&studio.url("/O12345AA/users?group=grp-support"))
        .await;
    browser.wait_for("[data-testid=user-row]").await;
    browser
        .eventually("the group filter to show Support", || async {
            browser.value("[data-testid=group-filter]").await == "grp-support"
        })
        .await;

    // Simulator: the person and resource chosen are kept.
    browser.open(&studio.url("/O12345AA/simulator")).await;
    browser.wait_for("[data-testid=decision]").await;
    browser
        .select_label("[data-testid=sim-user]", "Britt Williams")
        .await;
    let britt = browser.value("[data-testid=sim-user]").await;
    assert!(britt.starts_with("usr-"), "{britt}");
    browser
        .eventually("the simulator's choice in the address", || async {
            address(&browser).await.contains(&format!("user={britt}"))
        })
        .await;
    browser.reload().await;
    browser.wait_for("[data-testid=decision]").await;
    assert_eq!(browser.value("[data-testid=sim-user]").await, britt);

    // Audit log: the search is kept.
    browser.open(&studio.url("/O12345AA/audit?q=CRM")).await;
    browser.wait_for("[data-testid=audit-search]").await;
    assert_eq!(browser.value("[data-testid=audit-search]").await, "CRM");

    // Who has access: the search on a resource page is kept.
    browser
        .open(&studio.url("/O12345AA/apps/res-crm/permissions?who=smit"))
        .await;
    browser.wait_for("[data-testid=who-person]").await;
    let people = browser.texts("[data-testid=who-person]").await;
    assert_eq!(people, ["Fleur Smit"]);

    browser.close().await;
    studio.stop().await;
}

/// Forty more environments for organisation 12345, straight into the store.
async fn forty_environments(studio: &Studio) {
    let store = &studio.server.as_ref().expect("server").state.store;
    for i in 0..40 {
        sqlx::query(
            "INSERT INTO environments (code, participant, kind, name) VALUES ($1, $2, $3, $4)",
        )
        .bind(format!("X12345{:02}", i))
        .bind("12345")
        .bind("test")
        .bind(format!("Northwind sandbox {i}"))
        .execute(store.pool())
        .await
        .expect("insert an environment");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_environments_get_a_searchable_switcher() {
    let mut studio = Studio::start().await;
    forty_environments(&studio).await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/O12345AA/groups"), OWNER)
        .await;

    // A combobox instead of a select of 43, showing the environment in use.
    browser.wait_for("#environment-picker").await;
    assert_eq!(
        browser.attr("#environment-picker", "role").await.as_deref(),
        Some("combobox")
    );
    assert!(browser
        .value("#environment-picker")
        .await
        .contains("O12345AA"));
    assert!(browser
        .texts("[data-testid=environment-select]")
        .await
        .is_empty());

    // Type-ahead and Enter switch, keeping the kind of view.
    browser.type_in_picker("environment-picker", "T12345").await;
    browser
        .count_eventually("#environment-picker-list [role=option]", 1)
        .await;
    browser.screenshot("environment-picker-1366").await;
    browser.press("#environment-picker", Key::Down).await;
    browser.press("#environment-picker", Key::Enter).await;
    arrives_at(&browser, "/T12345AA/groups").await;
    browser
        .eventually("the picker to show the new environment", || async {
            browser
                .value("#environment-picker")
                .await
                .contains("T12345AA")
        })
        .await;
    assert_eq!(
        browser.texts("[data-testid=environment-kind]").await,
        ["Test"]
    );

    // Fits a phone, and axe finds nothing.
    browser.resize(390, 844).await;
    browser
        .assert_no_sideways_scroll("the page at 390 px")
        .await;
    let axe = axe_source();
    assert_eq!(browser.axe_violations(&axe).await, Vec::<String>::new());
    browser.screenshot("environment-picker-390").await;

    browser.close().await;
    studio.stop().await;
}
