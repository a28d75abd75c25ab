//! Access tests over real HTTP on SQLite and PostgreSQL: added, listed with how each fares,
//! changed and deleted at their versions (audited); bad fields named; only the account owner
//! writes them; a change set that breaks one is listed in its preview, refused on save with
//! nothing written, refused for a non-owner's override and saved with the account owner's
//! (audited); a set that leaves a failing test failing is saved; deleting what a test names
//! is refused.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{
    AccessTestView, BrokenTestsBody, ChangeSetResult, GrantView, ResourcePermissions, TestStatus,
};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    tests_are_added_listed_changed_and_deleted_at_their_versions,
    bad_test_fields_are_named,
    only_the_account_owner_writes_tests,
    a_set_that_breaks_a_test_is_previewed_refused_and_saved_only_with_the_owners_override,
    a_set_that_leaves_a_failing_test_failing_is_saved,
    deleting_what_a_test_names_is_refused,
    tests_belong_to_their_environment_and_guard_it_in_acceptance_too,
);

/// "Members of Support have `comparison` `role` on CRM Portal in Production".
fn support(name: &str, comparison: &str, role: &str) -> Value {
    json!({
        "name": name,
        "subject": { "type": "group", "id": "grp-support" },
        "comparison": { "type": comparison, "role": { "app": role } },
        "resource": "res-crm",
        "environments": ["production"],
    })
}

async fn add(app: &TestApp, client: &reqwest::Client, body: Value) -> reqwest::Response {
    app.send(
        client,
        Method::POST,
        &format!("{ENV}/access-tests"),
        None,
        Some(body),
    )
    .await
}

async fn added(app: &TestApp, body: Value) -> AccessTestView {
    let response = add(app, &app.client, body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["etag"], "\"1\"");
    response.json().await.unwrap()
}

async fn list(app: &TestApp) -> Vec<AccessTestView> {
    let response = app.get(&format!("{ENV}/access-tests")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn support_grant(app: &TestApp) -> GrantView {
    let perms: ResourcePermissions = app
        .get(&format!("{ENV}/resources/res-crm/permissions"))
        .await
        .json()
        .await
        .unwrap();
    perms
        .grants
        .into_iter()
        .find(|g| g.subject.name == "Support")
        .expect("Support's grant on CRM Portal")
}

/// A set lowering Support to Preview Only on CRM Portal in Production and Staging.
fn lower_support(grant: &GrantView, extra: Value) -> Value {
    let mut body = json!({ "changes": [
        { "op": "update_grant", "grant": grant.id, "version": grant.version,
          "role": { "app": "preview_only" }, "environments": grant.environments },
    ]});
    if let (Some(target), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        target.extend(extra.clone());
    }
    body
}

async fn changes(app: &TestApp, client: &reqwest::Client, body: Value) -> reqwest::Response {
    app.send(
        client,
        Method::POST,
        &format!("{ENV}/changes"),
        None,
        Some(body),
    )
    .await
}

async fn tests_are_added_listed_changed_and_deleted_at_their_versions(backend: Backend) {
    let app = spawn_app(backend).await;
    assert!(list(&app).await.is_empty());
    let test = added(&app, support("Support edits the CRM", "at_least", "editor")).await;
    assert!(test.id.starts_with("tst-"), "{}", test.id);
    assert_eq!(test.status, TestStatus::Passed, "{test:?}");
    assert_eq!(
        test.sentence,
        "every member of Support has at least Editor on CRM Portal in Production"
    );
    assert_eq!(list(&app).await, vec![test.clone()]);

    let path = format!("{ENV}/access-tests/{}", test.id);
    let stricter = support("Support is exactly Editor", "exactly", "editor");
    let no_version = app
        .send(
            &app.client,
            Method::PUT,
            &path,
            None,
            Some(stricter.clone()),
        )
        .await;
    assert_eq!(no_version.status(), StatusCode::PRECONDITION_REQUIRED);
    let stale = app
        .send(
            &app.client,
            Method::PUT,
            &path,
            Some(7),
            Some(stricter.clone()),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let changed = app
        .send(&app.client, Method::PUT, &path, Some(1), Some(stricter))
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(changed.headers()["etag"], "\"2\"");
    let changed: AccessTestView = changed.json().await.unwrap();
    assert_eq!(changed.status, TestStatus::Failed);
    assert_eq!(changed.version, 2);
    // Fleur Smit (a member of Support) is Owner of CRM Portal.
    let violators: Vec<&str> = changed
        .violations
        .iter()
        .map(|v| v.user_name.as_str())
        .collect();
    assert_eq!(changed.violation_count, 1, "{violators:?}");
    assert!(
        violators.contains(&"Fleur Smit (12345.FSmit)"),
        "{violators:?}"
    );
    assert!(changed.violations.iter().all(
        |v| v.environment == "production" && v.sentence.contains("'Support is exactly Editor'")
    ));

    let stale_delete = app
        .send(&app.client, Method::DELETE, &path, Some(1), None)
        .await;
    assert_eq!(stale_delete.status(), StatusCode::PRECONDITION_FAILED);
    let deleted = app
        .send(&app.client, Method::DELETE, &path, Some(2), None)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(list(&app).await.is_empty());
    let gone = app
        .send(&app.client, Method::DELETE, &path, Some(2), None)
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.audit_total(ENV, "entity=access_test").await, 3);
    assert_eq!(
        app.audit_total(ENV, "entity=access_test&action=update")
            .await,
        1
    );
}

async fn bad_test_fields_are_named(backend: Backend) {
    let app = spawn_app(backend).await;
    added(&app, support("Support edits the CRM", "at_least", "editor")).await;
    let cases: Vec<(Value, StatusCode, &str, &str)> = vec![
        (
            support("Support edits the CRM", "at_least", "editor"),
            StatusCode::CONFLICT,
            "name",
            "already called",
        ),
        (
            support("support EDITS the crm", "at_least", "editor"),
            StatusCode::CONFLICT,
            "name",
            "already called",
        ),
        (
            support("  ", "at_least", "editor"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "name",
            "name",
        ),
        (
            json!({ "name": "x", "subject": { "type": "everyone" },
                    "comparison": { "type": "at_least", "role": { "connector": "use_only" } },
                    "resource": "res-crm" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "comparison",
            "Use Only is a connector role, but CRM Portal is an app",
        ),
        (
            json!({ "name": "x", "subject": { "type": "everyone" },
                    "comparison": { "type": "no_access" }, "resource": "res-nope" }),
            StatusCode::NOT_FOUND,
            "resource",
            "no such resource",
        ),
        (
            json!({ "name": "x", "subject": { "type": "group", "id": "grp-nope" },
                    "comparison": { "type": "no_access" }, "resource": "res-hrdb" }),
            StatusCode::NOT_FOUND,
            "subject",
            "no such group",
        ),
        (
            json!({ "name": "x", "subject": { "type": "everyone" },
                    "comparison": { "type": "no_access" }, "resource": "res-hrdb",
                    "environments": [] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "environments",
            "at least one environment",
        ),
        (
            json!({ "name": "x", "subject": { "type": "everyone" },
                    "comparison": { "type": "no_access" }, "resource": "res-hrdb",
                    "environments": ["moon"] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "environments",
            "moon",
        ),
    ];
    for (body, status, field, words) in cases {
        let response = add(&app, &app.client, body.clone()).await;
        assert_eq!(response.status(), status, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["field"], field, "{body}: {error}");
        let text = error["error"].as_str().unwrap_or_default();
        assert!(text.contains(words), "{body}: {text}");
    }
    let unknown_field = add(
        &app,
        &app.client,
        json!({ "name": "x", "subject": { "type": "everyone" },
                "comparison": { "type": "no_access" }, "resource": "res-hrdb", "colour": "red" }),
    )
    .await;
    assert_eq!(unknown_field.status(), StatusCode::BAD_REQUEST);
    assert_eq!(list(&app).await.len(), 1, "nothing half-written");
}

async fn only_the_account_owner_writes_tests(backend: Backend) {
    let app = spawn_app(backend).await;
    let test = added(&app, support("Support edits the CRM", "at_least", "editor")).await;
    // Fleur Smit owns CRM Portal: she reads the tests, but may not write them.
    let fleur = app.client_for("12345.FSmit").await;
    let read = fleur
        .get(app.url(&format!("{ENV}/access-tests")))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    let seen: Vec<AccessTestView> = read.json().await.unwrap();
    assert_eq!(seen, vec![test.clone()]);
    let write = add(&app, &fleur, support("Mine", "exactly", "owner")).await;
    assert_eq!(write.status(), StatusCode::FORBIDDEN);
    let path = format!("{ENV}/access-tests/{}", test.id);
    let delete = app.send(&fleur, Method::DELETE, &path, Some(1), None).await;
    assert_eq!(delete.status(), StatusCode::FORBIDDEN);
    // Jasmijn Dekker owns nothing: she does not read them either.
    let jasmijn = app.client_for("12345.JDekker").await;
    let read = jasmijn
        .get(app.url(&format!("{ENV}/access-tests")))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::FORBIDDEN);
    assert_eq!(list(&app).await, vec![test]);
}

async fn a_set_that_breaks_a_test_is_previewed_refused_and_saved_only_with_the_owners_override(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let test = added(&app, support("Support edits the CRM", "at_least", "editor")).await;
    let grant = support_grant(&app).await;

    // The preview lists the test and why.
    let preview = changes(
        &app,
        &app.client,
        lower_support(&grant, json!({ "dry_run": true })),
    )
    .await;
    assert_eq!(preview.status(), StatusCode::OK);
    let preview: ChangeSetResult = preview.json().await.unwrap();
    assert_eq!(preview.broken_tests.len(), 1, "{preview:?}");
    let broken = &preview.broken_tests[0];
    assert_eq!(broken.test, test.id);
    assert_eq!(broken.name, "Support edits the CRM");
    assert!(
        broken
            .reasons
            .iter()
            .any(|r| r.starts_with("Britt Williams (12345.BWilliams)")
                && r.contains("has Preview Only on CRM Portal in Production")),
        "{:?}",
        broken.reasons
    );

    // Saved without an override: refused, nothing written.
    let refused = changes(&app, &app.client, lower_support(&grant, json!({}))).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: BrokenTestsBody = refused.json().await.unwrap();
    assert_eq!(body.field.as_deref(), Some("override_tests"));
    assert_eq!(body.broken_tests, preview.broken_tests);
    assert!(
        body.error
            .starts_with("this change set breaks the access test 'Support edits the CRM'"),
        "{}",
        body.error
    );
    assert_eq!(support_grant(&app).await, grant, "nothing was written");

    // Fleur Smit may edit CRM Portal's grants, but not override a test.
    let fleur = app.client_for("12345.FSmit").await;
    let hers = changes(&app, &fleur, lower_support(&grant, json!({}))).await;
    assert_eq!(hers.status(), StatusCode::CONFLICT);
    let overriding = changes(
        &app,
        &fleur,
        lower_support(&grant, json!({ "override_tests": true })),
    )
    .await;
    assert_eq!(overriding.status(), StatusCode::FORBIDDEN);
    let body: BrokenTestsBody = overriding.json().await.unwrap();
    assert!(
        body.error.contains("Only the account owner may override"),
        "{}",
        body.error
    );
    assert_eq!(support_grant(&app).await, grant, "nothing was written");
    assert_eq!(app.audit_total(ENV, "action=override").await, 0);

    // The account owner overrides: saved, the override audited, the test now failing.
    let saved = changes(
        &app,
        &app.client,
        lower_support(&grant, json!({ "override_tests": true })),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: ChangeSetResult = saved.json().await.unwrap();
    assert_eq!(saved.broken_tests.len(), 1);
    assert_eq!(support_grant(&app).await.version, grant.version + 1);
    assert_eq!(
        app.audit_total(ENV, &format!("action=override&entity_id={}", test.id))
            .await,
        1
    );
    let now = list(&app).await;
    assert_eq!(now[0].status, TestStatus::Failed);
    assert!(now[0]
        .violations
        .iter()
        .any(|v| v.user_name == "Koen Peters (12345.KPeters)"));
}

async fn a_set_that_leaves_a_failing_test_failing_is_saved(backend: Backend) {
    let app = spawn_app(backend).await;
    // Already failing: Fleur Smit (a member of Support) is Owner of CRM Portal.
    let test = added(
        &app,
        support("Support is exactly Editor", "exactly", "editor"),
    )
    .await;
    assert_eq!(test.status, TestStatus::Failed);
    let unrelated = changes(
        &app,
        &app.client,
        json!({ "changes": [
            { "op": "create_grant", "resource": "res-timesheets",
              "subject": { "type": "user", "id": "usr-12345-imulder" },
              "role": { "app": "publisher" }, "environments": ["staging"] },
        ]}),
    )
    .await;
    assert_eq!(unrelated.status(), StatusCode::OK);
    let result: ChangeSetResult = unrelated.json().await.unwrap();
    assert!(result.broken_tests.is_empty());
    // A new failing cell is refused: Koen Peters (of Support) made Owner in Production.
    let promote = changes(
        &app,
        &app.client,
        json!({ "changes": [
            { "op": "create_grant", "resource": "res-crm",
              "subject": { "type": "user", "id": "usr-12345-kpeters" },
              "role": { "app": "owner" }, "environments": ["production"] },
        ]}),
    )
    .await;
    assert_eq!(promote.status(), StatusCode::CONFLICT);
    let body: BrokenTestsBody = promote.json().await.unwrap();
    assert_eq!(body.broken_tests[0].reasons.len(), 1, "{body:?}");
    assert!(
        body.broken_tests[0].reasons[0].starts_with("Koen Peters (12345.KPeters) has Owner"),
        "{body:?}"
    );
}

async fn deleting_what_a_test_names_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let created = changes(
        &app,
        &app.client,
        json!({ "changes": [
            { "op": "create_group", "group": "grp-auditors", "name": "Auditors" },
            { "op": "add_member", "group": "grp-auditors", "user": "usr-12345-imulder" },
        ]}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::OK);
    added(
        &app,
        json!({ "name": "Auditors stay out of HR",
                "subject": { "type": "group", "id": "grp-auditors" },
                "comparison": { "type": "no_access" }, "resource": "res-hrdb" }),
    )
    .await;
    let group: Value = app
        .get(&format!("{ENV}/groups/grp-auditors"))
        .await
        .json()
        .await
        .unwrap();
    let delete = json!({ "changes": [
        { "op": "delete_group", "group": "grp-auditors", "version": group["version"] },
    ]});
    let refused = changes(&app, &app.client, delete).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let text = refused.text().await.unwrap();
    let body: BrokenTestsBody = serde_json::from_str(&text).expect(&text);
    assert!(
        body.broken_tests[0]
            .reasons
            .iter()
            .any(|r| r.contains("group Auditors, which no longer exists")),
        "{body:?}"
    );
    let still = app.get(&format!("{ENV}/groups/grp-auditors")).await;
    assert_eq!(still.status(), StatusCode::OK);
}

/// The acceptance environment A12345AA (administered by the organisation's account owner from
/// her own sign-in) keeps its own tests: production's do not apply there, and its own guard its
/// saves.
async fn tests_belong_to_their_environment_and_guard_it_in_acceptance_too(backend: Backend) {
    let app = spawn_app(backend).await;
    added(&app, support("Support edits the CRM", "at_least", "editor")).await;
    let accept = "/api/v1/environments/A12345AA";
    let listed: Vec<AccessTestView> = app
        .get(&format!("{accept}/access-tests"))
        .await
        .json()
        .await
        .unwrap();
    assert!(listed.is_empty(), "production's tests are not acceptance's");
    let nobody_in_hr = json!({ "name": "Nobody uses HR yet",
        "subject": { "type": "everyone" }, "comparison": { "type": "no_access" },
        "resource": "res-a12345aa-hrdb" });
    let created = app
        .send(
            &app.client,
            Method::POST,
            &format!("{accept}/access-tests"),
            None,
            Some(nobody_in_hr),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let test: AccessTestView = created.json().await.unwrap();
    assert_eq!(test.status, TestStatus::Passed, "{test:?}");
    // Acceptance has no users yet: the set adds one, whom the All Users grant reaches.
    let everyone_uses_hr = json!({ "changes": [
        { "op": "create_user", "user": "usr-a12345aa-lnieuw", "code": "12345.LNieuw",
          "name": "Lotte Nieuw", "email": "l.nieuw@northwind.example",
          "flags": { "windows": true, "insite": false, "pocket": false } },
        { "op": "create_grant", "resource": "res-a12345aa-hrdb", "subject": { "type": "all_users" },
          "role": { "connector": "use_only" }, "environments": ["production"] },
    ]});
    let refused = app
        .send(
            &app.client,
            Method::POST,
            &format!("{accept}/changes"),
            None,
            Some(everyone_uses_hr),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: BrokenTestsBody = refused.json().await.unwrap();
    assert_eq!(body.broken_tests[0].test, test.id);
    assert_eq!(
        app.audit_total(accept, "entity=grant").await,
        0,
        "nothing written"
    );
}
