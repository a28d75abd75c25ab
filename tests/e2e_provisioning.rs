//! End to end: SCIM provisioning (`/provisioning`). The account owner creates a token, an
//! identity provider (reqwest here) provisions a user and a group with its secret, the calls
//! list and the Users and Groups views show them, the audit log names the token, and once the
//! token is revoked through its dialog the SCIM service refuses it. Anyone else is not shown
//! the view; it reflows at 390 px; the static demo explains that it cannot provision.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use serde_json::{json, Value};
use support::{static_host, Browser, Studio, DEMO_PASSWORD, OWNER};

/// The name the identity provider's token gets.
const ENTRA: &str = "Microsoft Entra ID";

/// A user with no ownership (not the account owner).
const PLAIN_USER: &str = "12345.BWilliams";

/// The SCIM media type (RFC 7644 §3.1).
const SCIM_JSON: &str = "application/scim+json";

/// `POST {base}{path}` as an identity provider calls it.
async fn scim_post(base: &str, path: &str, secret: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}{path}"))
        .header("authorization", format!("Bearer {secret}"))
        .header("content-type", SCIM_JSON)
        .header("accept", SCIM_JSON)
        .body(body.to_string())
        .send()
        .await
        .expect("the SCIM service answers")
}

/// The SCIM body of a new user.
fn new_user(user_name: &str, display_name: &str, external_id: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "displayName": display_name,
        "emails": [{ "value": user_name, "primary": true }],
        "externalId": external_id,
    })
}

/// The current element's `data-testid` or id, to follow the focus.
async fn focused(browser: &Browser) -> String {
    browser
        .script(
            "const e = document.activeElement; \
             return e ? (e.dataset.testid || e.id || e.tagName.toLowerCase()) : '';",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_identity_provider_provisions_with_a_token_until_it_is_revoked() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), OWNER).await;
    browser.click("nav.side-nav a[href$='/provisioning']").await;
    assert_eq!(browser.text("#page-title").await, "Provisioning");

    // Empty states: no tokens, no calls; the base URL is absolute.
    let empty = browser.texts("[data-testid=empty-state]").await;
    assert_eq!(empty.len(), 2, "{empty:?}");
    assert!(empty[0].contains("No provisioning tokens yet"), "{empty:?}");
    assert!(empty[1].contains("No calls yet"), "{empty:?}");
    let base = browser.value("[data-testid=scim-base-url]").await;
    assert_eq!(base, studio.url("/scim/v2/O12345AA"));

    // A name left empty is refused beside the field; a good one shows the secret once.
    browser.click("[data-testid=create-scim-token]").await;
    let refusal = browser.text("[data-testid=scim-token-name-error]").await;
    assert!(!refusal.is_empty(), "the server's reason is shown");
    assert_eq!(
        browser
            .attr("[data-testid=scim-token-name]", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    browser.fill("[data-testid=scim-token-name]", ENTRA).await;
    browser.click("[data-testid=create-scim-token]").await;
    browser.wait_for("[data-testid=scim-secret-panel]").await;
    let warning = browser.text("[data-testid=scim-secret-warning]").await;
    assert!(warning.contains("will not be shown again"), "{warning}");
    let secret = browser.value("[data-testid=scim-secret]").await;
    assert!(secret.starts_with("gh_scim_"), "{secret}");
    assert_eq!(browser.value("[data-testid=scim-tenant-url]").await, base);
    assert_eq!(focused(&browser).await, "scim-secret-title");
    browser.click("[data-testid=scim-secret-copy]").await;
    let copied = browser.text("[data-testid=scim-secret-copied]").await;
    assert!(
        copied == "Copied" || copied.starts_with("Selected"),
        "{copied}"
    );
    let row = format!("[data-testid=scim-token-row][data-name='{ENTRA}']");
    let listed = browser.text_containing(&row, "Active").await;
    assert!(listed.contains("Never"), "not used yet: {listed}");
    assert!(listed.contains(&secret[..12]), "the prefix: {listed}");
    assert!(listed.contains("Anna de Vries"), "created by: {listed}");
    browser.screenshot("provisioning").await;

    // Dismissed: the secret is gone from the page.
    browser.click("[data-testid=scim-secret-done]").await;
    browser.wait_gone("[data-testid=scim-secret-panel]").await;
    let page = browser.text("main").await;
    assert!(!page.contains(&secret), "the secret left the page");
    let html = browser
        .script("return document.documentElement.outerHTML;")
        .await;
    assert!(!html.as_str().unwrap_or_default().contains(&secret));

    // The identity provider provisions a user and a group with that secret.
    let created = scim_post(
        &base,
        "/Users",
        &secret,
        &new_user("j.jansen@contoso.com", "Jan Jansen", "e-42"),
    )
    .await;
    assert_eq!(created.status(), 201);
    let user: Value = created.json().await.expect("the user as SCIM");
    let user_id = user["id"].as_str().expect("an id").to_owned();
    let group = scim_post(
        &base,
        "/Groups",
        &secret,
        &json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Field Service",
            "members": [{ "value": user_id }],
        }),
    )
    .await;
    assert_eq!(group.status(), 201);

    // Both calls are listed, newest first, with the token's name.
    browser.reload().await;
    let calls = browser
        .count_eventually("[data-testid=scim-call-row]", 2)
        .await;
    assert!(calls[0].contains("/Groups"), "{calls:?}");
    assert!(calls[1].contains("/Users"), "{calls:?}");
    for call in &calls {
        assert!(call.contains(ENTRA), "{call}");
        assert!(call.contains("POST"), "{call}");
        assert!(call.contains("201 Created"), "{call}");
    }
    let used = browser.text(&row).await;
    assert!(!used.contains("Never"), "last used is set: {used}");
    browser
        .script("document.querySelector('[data-testid=scim-calls-table]').scrollIntoView(); return true;")
        .await;
    browser.screenshot("provisioning-calls").await;

    // The Users and Groups views show what was provisioned.
    browser.open(&studio.url("/users")).await;
    browser
        .fill("[data-testid=user-search]", "Jan Jansen")
        .await;
    browser
        .text_containing("[data-testid=user-row]", "Jan Jansen")
        .await;
    browser.open(&studio.url("/groups")).await;
    browser
        .click("[data-testid=group-row][data-name='Field Service'] a")
        .await;
    assert_eq!(browser.text("#page-title").await, "Field Service");
    browser
        .text_containing("h2.section-title", "Members (1)")
        .await;
    let members = browser.count_eventually("[data-testid=member]", 1).await;
    assert!(members[0].contains("Jan Jansen"), "{members:?}");

    // The audit log names the token as the actor.
    let owner = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let signed_in = owner
        .post(studio.url("/api/v1/session"))
        .header("x-gatehouse-csrf", "1")
        .json(&json!({ "code": OWNER, "password": DEMO_PASSWORD }))
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), 200);
    let audit: Value = owner
        .get(studio.url("/api/v1/environments/O12345AA/audit?per_page=20"))
        .send()
        .await
        .expect("audit")
        .json()
        .await
        .expect("audit page");
    let by_scim: Vec<&Value> = audit["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["actor"] == format!("scim:{ENTRA}"))
        .collect();
    assert!(
        by_scim.iter().any(|e| e["entity"] == "user"),
        "the user's creation is audited as the token: {audit}"
    );
    assert!(
        by_scim.iter().any(|e| e["entity"] == "group"),
        "the group's creation is audited as the token: {audit}"
    );

    // Revoke through the dialog: Escape closes it and gives focus back, then confirm.
    browser.open(&studio.url("/provisioning")).await;
    let revoke = format!("{row} [data-testid=revoke-scim-token]");
    browser.click(&revoke).await;
    browser.wait_for("[data-testid=revoke-scim-dialog]").await;
    assert_eq!(focused(&browser).await, "revoke-scim-cancel");
    browser.press_key(Key::Escape).await;
    browser.wait_gone("[data-testid=revoke-scim-dialog]").await;
    browser
        .eventually("focus back on Revoke", || async {
            focused(&browser).await == "revoke-scim-token"
        })
        .await;
    browser.click(&revoke).await;
    browser.click("[data-testid=revoke-scim-confirm]").await;
    browser.wait_gone("[data-testid=revoke-scim-dialog]").await;
    browser.text_containing(&row, "Revoked on").await;
    browser.count_eventually(&revoke, 0).await;
    browser
        .eventually("focus on the tokens heading", || async {
            focused(&browser).await == "scim-tokens-heading"
        })
        .await;

    // The SCIM service refuses the revoked token.
    let refused = scim_post(
        &base,
        "/Users",
        &secret,
        &new_user("p.pieters@contoso.com", "Piet Pieters", "e-43"),
    )
    .await;
    assert_eq!(refused.status(), 401);
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_account_owner_sees_provisioning() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.sign_in(&studio.url("/users"), PLAIN_USER).await;
    browser.wait_for("nav.side-nav a[href$='/tokens']").await;
    let listed = browser
        .script("return [...document.querySelectorAll('nav.side-nav a')].filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'));")
        .await;
    let listed: Vec<String> = serde_json::from_value(listed).expect("links");
    assert!(
        listed.contains(&"/O12345AA/tokens".to_owned()),
        "{listed:?}"
    );
    assert!(
        !listed.contains(&"/O12345AA/provisioning".to_owned()),
        "{listed:?}"
    );

    browser.open(&studio.url("/provisioning")).await;
    let state = browser.text("[data-testid=provisioning-owner-only]").await;
    assert!(
        state.contains("Only the account owner manages provisioning"),
        "{state}"
    );
    assert_eq!(
        browser.texts("[data-testid=scim-base-url]").await.len(),
        0,
        "no base URL"
    );
    browser.screenshot("provisioning-not-owner").await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provisioning_reflows_at_390_px() {
    let mut studio = Studio::start().await;
    let browser = Browser::start().await;
    browser.resize(390, 844).await;
    browser.sign_in(&studio.url("/provisioning"), OWNER).await;
    browser.wait_for("[data-testid=scim-base-url]").await;
    browser.fill("[data-testid=scim-token-name]", ENTRA).await;
    browser.click("[data-testid=create-scim-token]").await;
    browser.wait_for("[data-testid=scim-secret-panel]").await;
    let secret = browser.value("[data-testid=scim-secret]").await;
    let base = browser.value("[data-testid=scim-base-url]").await;
    // A refused call too, so the calls table has a long row.
    let refused = scim_post(
        &base,
        "/Users?filter=userName%20eq%20%22someone.with.a.long.name@contoso.com%22",
        "gh_scim_not-a-token",
        &json!({}),
    )
    .await;
    assert_eq!(refused.status(), 401);
    let created = scim_post(
        &base,
        "/Users",
        &secret,
        &new_user("j.jansen@contoso.com", "Jan Jansen", "e-42"),
    )
    .await;
    assert_eq!(created.status(), 201);
    browser.click("[data-testid=refresh-scim-calls]").await;
    browser
        .text_containing("[data-testid=scim-call-row]", "201 Created")
        .await;
    browser.settled().await;
    browser
        .assert_no_sideways_scroll("provisioning at 390 px")
        .await;
    browser.screenshot("provisioning-390").await;
    browser
        .script("document.querySelector('[data-testid=scim-calls-table]').scrollIntoView(); return true;")
        .await;
    browser.screenshot("provisioning-390-calls").await;
    browser.close().await;
    studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_demo_shows_the_page_and_cannot_provision() {
    let (base, host) = static_host().await;
    let browser = Browser::start().await;
    browser
        .sign_in(&format!("{base}/provisioning"), OWNER)
        .await;
    assert_eq!(browser.text("#page-title").await, "Provisioning");
    assert_eq!(
        browser.value("[data-testid=scim-base-url]").await,
        format!("{base}/scim/v2/O12345AA")
    );
    assert_eq!(browser.texts("[data-testid=empty-state]").await.len(), 2);
    browser.fill("[data-testid=scim-token-name]", ENTRA).await;
    browser.click("[data-testid=create-scim-token]").await;
    let refusal = browser.text("[data-testid=scim-demo-refusal]").await;
    assert!(
        refusal.contains("static demo cannot provision"),
        "{refusal}"
    );
    assert!(refusal.contains("scripts/run.sh"), "{refusal}");
    assert_eq!(
        browser.texts("[data-testid=scim-secret-panel]").await.len(),
        0
    );
    browser.screenshot("provisioning-demo").await;
    browser.close().await;
    host.abort();
}
