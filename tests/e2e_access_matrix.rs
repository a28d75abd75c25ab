//! End to end: the Access matrix (#15) — every user × every resource, computed in the browser
//! from one policy snapshot: filters kept in the URL, a cell explained from the keyboard, the
//! data-environment picker, the CSV export, a phone-wide window, the static demo, and the
//! designed refusal for someone who may not read the policy.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use support::{static_host, Browser, Studio, OWNER};

const GRID: &str = "[data-testid=matrix-grid]";
const FLEUR_ON_CRM: &str =
    "[data-testid=matrix-cell][data-user='12345.FSmit'][data-resource=res-crm]";
const CARLOS_ON_CRM: &str =
    "[data-testid=matrix-cell][data-user='12345.CJansen'][data-resource=res-crm]";

/// The `data-col` of the focused element, if it is a matrix cell.
async fn focused_column(browser: &Browser) -> Option<String> {
    browser
        .script("const e = document.activeElement; return e && e.dataset ? e.dataset.col || null : null;")
        .await
        .as_str()
        .map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_filters_to_one_user_and_reads_a_cell_explained_from_the_keyboard() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.resize(1366, 900).await;
    browser.sign_in(&studio.url("/access-matrix"), OWNER).await;
    browser.wait_for(GRID).await;
    assert_eq!(
        browser.text("[data-testid=matrix-count]").await,
        "11 users × 6 resources · Data: Production"
    );
    browser.screenshot("access-matrix-1366").await;

    // Filter to Fleur Smit: one row, kept in the URL.
    browser
        .fill("[data-testid=matrix-user-search]", "FSmit")
        .await;
    browser
        .count_eventually("[data-testid=matrix-row]", 1)
        .await;
    browser
        .eventually("the search is in the URL", || async {
            browser
                .client
                .current_url()
                .await
                .is_ok_and(|u| u.query().unwrap_or_default().contains("q=FSmit"))
        })
        .await;
    assert_eq!(
        browser.attr(FLEUR_ON_CRM, "aria-label").await.as_deref(),
        Some("Fleur Smit on CRM Portal: Owner")
    );

    // Arrow keys move between cells: from the first column to the second.
    let first = "[data-testid=matrix-cell][data-user='12345.FSmit'][data-col='0']";
    browser.press(first, Key::Right).await;
    browser
        .eventually("the focus moves one cell right", || async {
            focused_column(&browser).await.as_deref() == Some("1")
        })
        .await;

    // Enter on the cell opens its explanation, in names.
    browser.press(FLEUR_ON_CRM, Key::Enter).await;
    browser.wait_for("[data-testid=matrix-detail]").await;
    assert_eq!(
        browser.text("#mx-detail-title").await,
        "Fleur Smit (12345.FSmit) on CRM Portal"
    );
    let winner = browser
        .text("[data-testid=matrix-decision][data-env=production] [data-testid=matrix-winner]")
        .await;
    assert!(
        winner.starts_with("Fleur Smit (12345.FSmit) · Owner · ") && winner.ends_with("no expiry"),
        "{winner}"
    );
    let shadowed = browser
        .text("[data-testid=matrix-decision][data-env=production] [data-testid=matrix-shadowed]")
        .await;
    assert!(shadowed.contains("All Users · Preview Only"), "{shadowed}");
    assert!(shadowed.contains("group Support · Editor"), "{shadowed}");
    assert!(!shadowed.contains("usr-"), "no ids: {shadowed}");
    assert_eq!(
        browser
            .attr("[data-testid=matrix-edit-link]", "href")
            .await
            .as_deref(),
        Some("/O12345AA/apps/res-crm/permissions")
    );
    browser.screenshot("access-matrix-detail-1366").await;

    // Escape closes the panel and gives the focus back to the cell.
    browser
        .press("[data-testid=matrix-detail] #mx-detail-title", Key::Escape)
        .await;
    browser.wait_gone("[data-testid=matrix-detail]").await;

    // A reload keeps the filter.
    browser.reload().await;
    browser.wait_for(GRID).await;
    assert_eq!(
        browser.value("[data-testid=matrix-user-search]").await,
        "FSmit"
    );
    browser
        .count_eventually("[data-testid=matrix-row]", 1)
        .await;

    // A filter nobody passes shows the designed empty state, and Clear filters undoes it.
    browser
        .fill("[data-testid=matrix-user-search]", "nobody-has-this-name")
        .await;
    browser.wait_for("[data-testid=empty-state]").await;
    browser.click("[data-testid=matrix-clear]").await;
    browser
        .count_eventually("[data-testid=matrix-row]", 11)
        .await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_environment_picker_changes_the_cells() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/access-matrix?q=CJansen&resource=CRM"), OWNER)
        .await;
    browser.wait_for(GRID).await;
    // Carlos has All Users' Preview Only in Production and his own Editor in Staging.
    assert_eq!(browser.text(CARLOS_ON_CRM).await, "Preview Only");
    browser
        .select_value("[data-testid=matrix-env]", "staging")
        .await;
    browser.text_containing(CARLOS_ON_CRM, "Editor").await;
    assert_eq!(
        browser.attr(CARLOS_ON_CRM, "aria-label").await.as_deref(),
        Some("Carlos Jansen on CRM Portal: Editor")
    );
    assert!(browser
        .text("[data-testid=matrix-count]")
        .await
        .ends_with("Data: Staging"));
    browser
        .select_value("[data-testid=matrix-env]", "development")
        .await;
    browser.text_containing(CARLOS_ON_CRM, "Preview Only").await;
    // "All" shows the highest role in any data environment.
    browser
        .select_value("[data-testid=matrix-env]", "all")
        .await;
    browser.text_containing(CARLOS_ON_CRM, "Editor").await;
    browser.click(CARLOS_ON_CRM).await;
    // The explanation then covers every data environment.
    browser
        .count_eventually("[data-testid=matrix-decision]", 3)
        .await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_export_holds_the_filtered_matrix() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/access-matrix"), OWNER).await;
    browser.wait_for(GRID).await;
    browser
        .select_value("[data-testid=matrix-group]", "grp-ict")
        .await;
    browser
        .count_eventually("[data-testid=matrix-row]", 3)
        .await;
    browser
        .select_value("[data-testid=matrix-kind]", "connector")
        .await;
    browser
        .text_containing("[data-testid=matrix-count]", "3 users × 3 resources")
        .await;
    // Catch the file the studio hands to the browser's download.
    browser
        .script(
            "window.__matrixCsv = null; const make = URL.createObjectURL; \
             URL.createObjectURL = (blob) => { blob.text().then((t) => { window.__matrixCsv = t; }); \
             return make.call(URL, blob); }; return true;",
        )
        .await;
    browser.click("[data-testid=matrix-export]").await;
    browser
        .eventually("the CSV is offered", || async {
            browser
                .script("return window.__matrixCsv;")
                .await
                .is_string()
        })
        .await;
    let csv = browser.script("return window.__matrixCsv;").await;
    let csv = csv.as_str().unwrap_or_default();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("user,code,Exact Ledger,HR Database,Salesforce Sync"),
        "{csv}"
    );
    assert_eq!(lines.len(), 4, "the three members of ICT: {csv}");
    for (line, who) in lines[1..].iter().zip([
        "Carlos Jansen,12345.CJansen,",
        "Emre Visser,12345.EVisser,",
        "Ivo Mulder,12345.IMulder,",
    ]) {
        assert!(line.starts_with(who), "{line} / {who}");
    }
    // ICT owns Salesforce Sync.
    assert!(lines[1].ends_with(",Owner"), "{csv}");
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_390_px_the_grid_scrolls_inside_and_the_page_does_not() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.resize(390, 844).await;
    browser.sign_in(&studio.url("/access-matrix"), OWNER).await;
    browser.wait_for(GRID).await;
    let sizes = browser
        .script(
            "const g = document.querySelector('[data-testid=matrix-grid]'); \
             return [document.documentElement.scrollWidth, document.documentElement.clientWidth, \
                     g.scrollWidth, g.clientWidth];",
        )
        .await;
    let n = |i: usize| sizes[i].as_i64().unwrap_or_default();
    assert!(n(0) <= n(1), "the page scrolls sideways: {sizes}");
    assert!(n(2) > n(3), "the grid scrolls inside its own box: {sizes}");
    browser.screenshot("access-matrix-390").await;

    // Scrolled to the far corner, the last row is rendered and both headers stay stuck.
    browser
        .script(
            "const g = document.querySelector('[data-testid=matrix-grid]'); \
             g.scrollTop = g.scrollHeight; g.scrollLeft = g.scrollWidth; return true;",
        )
        .await;
    browser
        .wait_for("[data-testid=matrix-row][data-user='12345.KPeters']")
        .await;
    let stuck = browser
        .script(
            "const g = document.querySelector('[data-testid=matrix-grid]').getBoundingClientRect(); \
             const corner = document.querySelector('.mx-corner').getBoundingClientRect(); \
             const head = document.querySelector(\"[data-testid=matrix-row][data-user='12345.KPeters'] \
               [role=rowheader]\").getBoundingClientRect(); \
             return [corner.top - g.top, head.left - g.left];",
        )
        .await;
    for offset in [&stuck[0], &stuck[1]] {
        let px = offset.as_f64().unwrap_or(f64::MAX);
        assert!((0.0..=2.0).contains(&px), "a header scrolled away: {stuck}");
    }
    browser.screenshot("access-matrix-390-scrolled").await;
    // Only the columns in view (and a margin) are rendered: CRM Portal, the first, is not.
    assert_eq!(
        browser
            .script("return document.querySelectorAll('[data-resource=res-crm]').length;")
            .await,
        0
    );
    browser
        .script(
            "const g = document.querySelector('[data-testid=matrix-grid]'); \
             g.scrollTop = 0; g.scrollLeft = 0; return true;",
        )
        .await;
    browser.click(FLEUR_ON_CRM).await;
    browser.wait_for("[data-testid=matrix-detail]").await;
    browser
        .assert_no_sideways_scroll("the page with the open explanation")
        .await;
    browser.screenshot("access-matrix-detail-390").await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_shows_the_matrix() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&format!("{base}/access-matrix?demo"), OWNER)
        .await;
    browser.wait_for("[data-testid=demo-banner]").await;
    browser.wait_for(GRID).await;
    assert_eq!(browser.text(FLEUR_ON_CRM).await, "Owner");
    browser.click(FLEUR_ON_CRM).await;
    let winner = browser
        .text("[data-testid=matrix-decision][data-env=production] [data-testid=matrix-winner]")
        .await;
    assert!(
        winner.starts_with("Fleur Smit (12345.FSmit) · Owner"),
        "{winner}"
    );
    browser.close().await;
    host.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_who_may_not_read_the_policy_gets_the_designed_refusal() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/access-matrix"), "12345.BWilliams")
        .await;
    let refusal = browser.text("[data-testid=matrix-no-access]").await;
    assert!(
        refusal.contains("The access matrix is for administrators"),
        "{refusal}"
    );
    assert!(
        refusal.contains("only the account owner and resource owners can read the whole policy"),
        "{refusal}"
    );
    browser.wait_gone(GRID).await;
    browser.screenshot("access-matrix-no-access").await;
    browser.close().await;
    studio.stop().await;
}
