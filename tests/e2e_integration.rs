//! End to end: tokens and "Try a call" (rows, then the refusals for a blocked app connector
//! and a revoked token), switching a table's filter mode with the access-loss warning, and the
//! seed's ICT / Support preview — in headless Chromium against the real server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Studio, OWNER};

/// Pastes `secret` into "Try a call" and calls HR Database.
async fn try_call(browser: &Browser, secret: &str) {
    browser.fill("[data-testid=try-secret]", secret).await;
    browser
        .select_value("[data-testid=try-connector]", "res-hrdb")
        .await;
    browser.click("[data-testid=try-submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_calls_then_block_and_revoke_refuse_with_their_reason() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/tokens"), OWNER).await;

    // Issue a token for Support member Britt Williams: the secret is shown once.
    browser
        .select_value("[data-testid=token-user]", "12345.BWilliams")
        .await;
    browser
        .select_value("[data-testid=token-app-connector]", "ac-hr-portal")
        .await;
    browser.click("[data-testid=issue-token-submit]").await;
    let secret = browser.text("[data-testid=token-secret]").await;
    assert!(secret.starts_with("gh_at_"), "{secret}");
    let warning = browser.text("[data-testid=secret-warning]").await;
    assert!(warning.contains("will not be shown again"), "{warning}");
    let prefixes = browser
        .script(
            "return [...document.querySelectorAll('[data-testid=token-row]')]\
               .map(r => r.dataset.prefix);",
        )
        .await;
    let prefix = prefixes
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str())
        .find(|p| secret.starts_with(p))
        .unwrap_or_else(|| panic!("the new token's row among {prefixes}"))
        .to_owned();
    let last_used =
        format!("[data-testid=token-row][data-prefix='{prefix}'] [data-testid=token-last-used]");
    assert_eq!(browser.text(last_used.as_str()).await, "Never");
    browser.screenshot("tokens-issued").await;

    // Try a call with the token just issued (filled in): Britt's Support rows.
    browser
        .select_value("[data-testid=try-connector]", "res-hrdb")
        .await;
    browser.click("[data-testid=try-submit]").await;
    let summary = browser.text("[data-testid=call-summary]").await;
    assert_eq!(summary, "2 rows returned for 12345.BWilliams");
    let rows = browser.texts("[data-testid=call-row]").await;
    assert!(
        rows[0].contains("D-1002") && rows[1].contains("D-1005"),
        "{rows:?}"
    );
    let checks = browser.texts("[data-testid=check]").await;
    assert!(checks.iter().all(|c| c.starts_with('✓')), "{checks:?}");
    // The call stamped the token: its "Last used" follows without a reload, and the call's
    // result stays on screen.
    browser
        .eventually("the token's Last used to be set", || async {
            browser.text(last_used.as_str()).await != "Never"
        })
        .await;
    assert_eq!(
        browser.text("[data-testid=call-summary]").await,
        "2 rows returned for 12345.BWilliams"
    );
    browser.screenshot("try-call-rows").await;

    // Block the app connector: the next call is refused naming the block.
    browser.open(&studio.url("/app-connectors")).await;
    let card = "[data-testid=app-connector][data-name='HR Portal sync']";
    browser
        .click(&format!("{card} [data-testid=toggle-block]"))
        .await;
    browser
        .wait_for(&format!(
            "{card}[data-blocked=true] [data-testid=blocked-badge]"
        ))
        .await;
    browser.screenshot("app-connector-blocked").await;
    browser.open(&studio.url("/tokens")).await;
    assert!(
        browser.texts("[data-testid=token-secret]").await.is_empty(),
        "the secret is never shown again"
    );
    try_call(&browser, &secret).await;
    let reason = browser.text("[data-testid=refusal-reason]").await;
    assert!(reason.contains("blocked"), "{reason}");
    let failed = browser.text("[data-testid=check][data-state=fail]").await;
    assert!(failed.contains("not blocked"), "{failed}");
    browser.screenshot("try-call-blocked").await;

    // Revoke the token: the next call is refused naming the revocation.
    browser.click("[data-testid=revoke-token]").await;
    browser.click("[data-testid=confirm-revoke]").await;
    browser
        .text_containing("[data-testid=token-status]", "Revoked")
        .await;
    try_call(&browser, &secret).await;
    // The blocked call's answer may still be on screen until this one's arrives.
    let reason = browser
        .text_containing("[data-testid=refusal-reason]", "revoked")
        .await;
    assert!(reason.contains("revoked"), "{reason}");
    let failed = browser
        .text_containing("[data-testid=check][data-state=fail]", "Valid token")
        .await;
    assert!(failed.contains("Valid token"), "{failed}");
    browser.screenshot("try-call-revoked").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_filter_mode_on_warns_who_would_lose_all_access() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/tables"), OWNER).await;
    let row = "[data-testid=table-row][data-id=tbl-employees]";
    assert_eq!(
        browser
            .text(&format!("{row} [data-testid=table-mode]"))
            .await,
        "All rows"
    );

    browser
        .click(&format!("{row} [data-testid=switch-mode]"))
        .await;
    let count = browser.text("[data-testid=access-loss-count]").await;
    assert_eq!(
        count,
        "10 people would lose all access: no filter is active for them."
    );
    let losers = browser.texts("[data-testid=loses-access]").await;
    assert!(
        losers.iter().any(|u| u.contains("12345.BWilliams")),
        "{losers:?}"
    );
    browser.screenshot("tables-access-loss").await;

    browser.click("[data-testid=confirm-mode]").await;
    browser
        .text_containing(
            &format!("{row} [data-testid=table-mode]"),
            "According to filter",
        )
        .await;

    // Back to all rows is previewed too: everyone the filters cut off, with what they see now.
    browser
        .click(&format!("{row} [data-testid=switch-mode]"))
        .await;
    let count = browser.text("[data-testid=row-gain-count]").await;
    assert_eq!(
        count,
        "10 people would see all 6 rows instead of only the rows their filters let through."
    );
    let gainers = browser.texts("[data-testid=gains-rows]").await;
    assert!(
        gainers
            .iter()
            .any(|u| u.contains("12345.BWilliams") && u.contains("sees 0 of 6 now")),
        "{gainers:?}"
    );
    browser.screenshot("tables-row-gain").await;
    browser.click("[data-testid=confirm-mode]").await;
    browser
        .text_containing(&format!("{row} [data-testid=table-mode]"), "All rows")
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_support_member_previews_exactly_the_support_rows() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/tables/tbl-dossier-items"), OWNER)
        .await;
    browser.wait_for("[data-testid=activation-matrix]").await;

    browser
        .select_value("[data-testid=preview-user]", "12345.BWilliams")
        .await;
    browser.wait_for("[data-testid=preview-rows]").await;
    let rows = browser.texts("[data-testid=preview-row]").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].contains("D-1002") && rows[1].contains("D-1005"),
        "{rows:?}"
    );
    let why = browser.texts("[data-testid=row-filters]").await;
    assert!(why.iter().all(|w| w.contains("Support")), "{why:?}");
    browser.screenshot("tables-preview-support").await;

    // The account owner is in no group with an active filter: an explicit empty state.
    browser
        .select_value("[data-testid=preview-user]", "12345.AdeVries")
        .await;
    let empty = browser.text("[data-testid=preview-no-rows]").await;
    assert!(empty.contains("This user sees no rows"), "{empty}");
    browser.screenshot("tables-preview-none").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_connector_is_created_edited_and_deleted() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/app-connectors"), OWNER).await;
    browser.wait_for("[data-testid=app-connector]").await;

    // Create: name, linked group ICT, HR Database as get connector.
    browser.click("[data-testid=new-app-connector]").await;
    browser
        .type_into("[data-testid=ac-name]", "ICT reports")
        .await;
    browser.select_label("[data-testid=ac-group]", "ICT").await;
    browser
        .click("[data-testid=ac-connector][data-id=res-hrdb] input[type=checkbox]")
        .await;
    browser.screenshot("app-connector-form").await;
    browser.click("[data-testid=save-app-connector]").await;
    let card = "[data-testid=app-connector][data-name='ICT reports']";
    let group = browser
        .text(&format!("{card} [data-testid=linked-group]"))
        .await;
    assert_eq!(group, "ICT");
    let included = browser
        .text(&format!("{card} [data-testid=included-connectors]"))
        .await;
    assert_eq!(included, "HR Database get");

    // Edit: include Salesforce Sync as update connector too.
    browser
        .click(&format!("{card} [data-testid=edit-app-connector]"))
        .await;
    browser
        .click("[data-testid=ac-connector][data-id=res-salesforce] input[type=checkbox]")
        .await;
    browser
        .select_value(
            "[data-testid=ac-connector][data-id=res-salesforce] select",
            "update",
        )
        .await;
    browser.click("[data-testid=save-app-connector]").await;
    browser
        .text_containing(
            &format!("{card} [data-testid=included-connectors]"),
            "Salesforce Sync update",
        )
        .await;
    browser.screenshot("app-connector-created").await;

    // Delete, after confirming.
    browser
        .click(&format!("{card} [data-testid=delete-app-connector]"))
        .await;
    browser
        .click(&format!("{card} [data-testid=confirm-delete]"))
        .await;
    browser
        .text_containing("[data-testid=app-connector-count]", "1 app connector")
        .await;
    assert!(browser.texts(card).await.is_empty(), "deleted");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issuing_for_a_user_without_email_shows_the_servers_warning() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/tokens"), OWNER).await;
    browser
        .select_value("[data-testid=token-user]", "12345.JDekker")
        .await;
    browser.click("[data-testid=issue-token-submit]").await;
    let warnings = browser.text("[data-testid=token-warnings]").await;
    assert!(warnings.contains("email"), "{warnings}");
    browser.screenshot("tokens-warning").await;

    // The call is refused naming the email condition, and the check list marks it.
    browser
        .select_value("[data-testid=try-connector]", "res-hrdb")
        .await;
    browser.click("[data-testid=try-submit]").await;
    let failed = browser.text("[data-testid=check][data-state=fail]").await;
    assert!(failed.contains("email"), "{failed}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activating_a_filter_for_a_group_changes_the_preview() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/tables/tbl-dossier-items"), OWNER)
        .await;
    let save = "[data-testid=save-activation][data-filter=ict]";
    browser.wait_for("[data-testid=activation-matrix]").await;
    assert!(!browser.enabled(save).await, "nothing changed yet");

    // Activate the ICT filter for Support too, and save that filter.
    browser
        .click("[data-testid=activation][data-filter=ict][data-group=grp-support]")
        .await;
    browser.click(save).await;
    browser
        .text_containing("[data-testid=filter-row][data-id=ict]", "Support")
        .await;

    // Britt (Support) now sees the ICT rows too, each naming its filter.
    browser
        .select_value("[data-testid=preview-user]", "12345.BWilliams")
        .await;
    browser.wait_for("[data-testid=preview-rows]").await;
    let rows = browser.texts("[data-testid=preview-row]").await;
    assert_eq!(rows.len(), 5, "{rows:?}");
    browser.screenshot("tables-activation-saved").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_filter_shows_its_live_count_and_the_servers_errors() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&studio.url("/tables/tbl-dossier-items"), OWNER)
        .await;
    browser.wait_for("[data-testid=filter-editor]").await;
    assert_eq!(
        browser.text("[data-testid=filter-count]").await,
        "Passes 0 of 7 rows"
    );
    browser
        .select_value("[data-testid=cond-field]", "kind")
        .await;
    browser.type_into("[data-testid=cond-value]", "ICT").await;
    // Committing the value (focus moves on) updates the count.
    browser
        .type_into("[data-testid=filter-name]", "ICT filter")
        .await;
    browser
        .text_containing("[data-testid=filter-count]", "Passes 3 of 7 rows")
        .await;

    // A name already used in the table: the server's reason at the form.
    browser.click("[data-testid=save-filter]").await;
    let error = browser.text("[data-testid=filter-error]").await;
    assert!(
        error.contains("already has a filter called ICT filter"),
        "{error}"
    );
    browser.screenshot("tables-filter-editor").await;

    browser.fill("[data-testid=filter-name]", "ICT only").await;
    browser.click("[data-testid=save-filter]").await;
    browser
        .text_containing("[data-testid=filters-table]", "ICT only")
        .await;

    // Delete it again, after confirming.
    let last = "[data-testid=filter-row]:last-child";
    browser
        .click(&format!("{last} [data-testid=delete-filter]"))
        .await;
    browser
        .click(&format!("{last} [data-testid=confirm-delete-filter]"))
        .await;
    browser
        .eventually("the deleted filter leaves the table", || async {
            !browser
                .text("[data-testid=filters-table]")
                .await
                .contains("ICT only")
        })
        .await;
    let filters = browser.text("[data-testid=filters-table]").await;
    assert!(!filters.contains("ICT only"), "{filters}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_without_email_is_flagged_on_the_app_connector() {
    let studio = Studio::start().await;
    let browser = Browser::start().await;
    // Arrange: Jasmijn Dekker (no email address) joins Support, the linked group.
    browser
        .sign_in(&studio.url("/groups/grp-support"), OWNER)
        .await;
    browser.wait_for("#member-add").await;
    browser.pick("member-add", "Jasmijn Dekker").await;
    browser.click("[data-testid=save-members]").await;
    browser
        .text_containing(".section-title", "Members (5)")
        .await;

    // Assert: the app connector flags her.
    browser.open(&studio.url("/app-connectors")).await;
    let flagged = browser
        .text("[data-testid=ac-member][data-missing-email=true]")
        .await;
    assert!(flagged.contains("Jasmijn Dekker"), "{flagged}");
    assert!(flagged.contains("cannot use app connectors"), "{flagged}");
    browser.screenshot("app-connector-missing-email").await;
    browser.close().await;
}
