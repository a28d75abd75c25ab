//! Access tests in the flows beside Edit Permissions, over real HTTP on SQLite and
//! PostgreSQL: a CSV import whose change set breaks a test is listed by its check, refused on
//! save with nothing written, refused for a non-owner and saved with the account owner's
//! override (audited); undoing a test's own audit entry (added, changed, deleted) puts it
//! back as it was, is refused when the test moved on since (naming who), and only once.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{
    AccessTestView, AuditPage, BrokenTestsBody, GroupDetail, ImportResult, UndoResult,
};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";

on_both_backends!(
    an_import_that_breaks_a_test_is_checked_refused_and_saved_only_with_the_owners_override,
    undoing_a_tests_own_entries_puts_it_back_as_it_was,
    undoing_a_test_that_moved_on_since_is_refused_naming_who,
);

/// "Members of ICT have at most Editor on CRM Portal in Production", named `name`.
fn ict_at_most_editor(name: &str) -> Value {
    json!({
        "name": name,
        "subject": { "type": "group", "id": "grp-ict" },
        "comparison": { "type": "at_most", "role": { "app": "editor" } },
        "resource": "res-crm",
        "environments": ["production"],
    })
}

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    body: Value,
) -> reqwest::Response {
    app.send(
        client,
        Method::POST,
        &format!("{ENV}{path}"),
        None,
        Some(body),
    )
    .await
}

async fn added(app: &TestApp, body: Value) -> AccessTestView {
    let response = post(app, &app.client, "/access-tests", body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn tests(app: &TestApp) -> Vec<AccessTestView> {
    app.get(&format!("{ENV}/access-tests"))
        .await
        .json()
        .await
        .unwrap()
}

async fn ict_members(app: &TestApp) -> Vec<String> {
    let group: GroupDetail = app
        .get(&format!("{ENV}/groups/grp-ict"))
        .await
        .json()
        .await
        .unwrap();
    group.members.into_iter().map(|m| m.code).collect()
}

/// Fleur Smit (Owner of CRM Portal, in Support) also in ICT: she breaks the test.
const FLEUR_IN_ICT: &str = "code,groups\n12345.FSmit,Support|ICT\n";

fn import(dry_run: bool, override_tests: bool) -> Value {
    json!({ "csv": FLEUR_IN_ICT, "dry_run": dry_run, "override_tests": override_tests })
}

async fn an_import_that_breaks_a_test_is_checked_refused_and_saved_only_with_the_owners_override(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let test = added(&app, ict_at_most_editor("ICT at most Editor on CRM")).await;
    let members = ict_members(&app).await;
    assert!(!members.contains(&"12345.FSmit".to_owned()), "{members:?}");

    // The check (a dry run) lists the test and why.
    let checked = post(&app, &app.client, "/imports/users", import(true, false)).await;
    assert_eq!(checked.status(), StatusCode::OK);
    let checked: ImportResult = checked.json().await.unwrap();
    assert_eq!(checked.changed, 1, "{checked:?}");
    let broken = &checked
        .result
        .as_ref()
        .expect("the set's preview")
        .broken_tests;
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0].test, test.id);
    assert!(
        broken[0].reasons[0].starts_with("Fleur Smit (12345.FSmit)"),
        "{:?}",
        broken[0].reasons
    );

    // Imported without an override: refused for the test, nothing written.
    let refused = post(&app, &app.client, "/imports/users", import(false, false)).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: BrokenTestsBody = refused.json().await.unwrap();
    assert_eq!(body.field.as_deref(), Some("override_tests"));
    assert_eq!(&body.broken_tests, broken);
    assert_eq!(ict_members(&app).await, members, "nothing was written");

    // Someone other than the account owner imports nothing, override or not.
    let fleur = app.client_for("12345.FSmit").await;
    let hers = post(&app, &fleur, "/imports/users", import(false, true)).await;
    assert_eq!(hers.status(), StatusCode::FORBIDDEN);
    assert_eq!(ict_members(&app).await, members, "nothing was written");

    // The account owner overrides: imported, the override audited, the test failing.
    let saved = post(&app, &app.client, "/imports/users", import(false, true)).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: ImportResult = saved.json().await.unwrap();
    assert_eq!(
        saved.result.expect("the set's result").broken_tests.len(),
        1
    );
    assert!(ict_members(&app).await.contains(&"12345.FSmit".to_owned()));
    let query = format!("action=override&entity_id={}", test.id);
    assert_eq!(app.audit_total(ENV, &query).await, 1);
    assert_eq!(
        tests(&app).await[0].status,
        gatehouse_wire::TestStatus::Failed
    );
}

/// The newest audit entry of the test `id` with `action`.
async fn entry_of(app: &TestApp, id: &str, action: &str) -> gatehouse_wire::AuditEntry {
    let page: AuditPage = app
        .get(&format!(
            "{ENV}/audit?entity=access_test&entity_id={id}&action={action}"
        ))
        .await
        .json()
        .await
        .unwrap();
    page.items.into_iter().next().expect("an entry")
}

async fn undo(app: &TestApp, entry: &str, dry_run: bool) -> reqwest::Response {
    post(
        app,
        &app.client,
        "/audit/undo",
        json!({ "entry": entry, "dry_run": dry_run }),
    )
    .await
}

async fn undone(app: &TestApp, entry: &str) -> UndoResult {
    let response = undo(app, entry, false).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn undoing_a_tests_own_entries_puts_it_back_as_it_was(backend: Backend) {
    let app = spawn_app(backend).await;
    let test = added(&app, ict_at_most_editor("ICT at most Editor")).await;
    let path = format!("{ENV}/access-tests/{}", test.id);

    // A change of the test, undone: its name and expectation as they were.
    let renamed = app
        .send(
            &app.client,
            Method::PUT,
            &path,
            Some(1),
            Some(ict_at_most_editor("Renamed")),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let update = entry_of(&app, &test.id, "update").await;
    let preview = undo(&app, &update.id, true).await;
    assert_eq!(preview.status(), StatusCode::OK);
    let preview: UndoResult = preview.json().await.unwrap();
    assert!(preview.changes.is_empty(), "{preview:?}");
    assert_eq!(
        preview.access_tests,
        vec!["Puts back the access test 'ICT at most Editor' as it was".to_owned()]
    );
    assert_eq!(
        tests(&app).await[0].name,
        "Renamed",
        "a dry run writes nothing"
    );
    let result = undone(&app, &update.id).await;
    assert_eq!(result.undo_of, update.change_set);
    let now = tests(&app).await;
    assert_eq!(
        (now[0].name.as_str(), now[0].version),
        ("ICT at most Editor", 3)
    );
    // The undo is audited as the undo of the change, and not made twice.
    let put_back = entry_of(&app, &test.id, "update").await;
    assert_eq!(
        put_back.undo_of.as_deref(),
        Some(update.change_set.as_str())
    );
    let again = undo(&app, &update.id, false).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    // A deletion, undone: the test back with its id.
    let deleted = app
        .send(&app.client, Method::DELETE, &path, Some(3), None)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(tests(&app).await.is_empty());
    let delete = entry_of(&app, &test.id, "delete").await;
    let result = undone(&app, &delete.id).await;
    assert_eq!(
        result.access_tests,
        vec!["Adds back the access test 'ICT at most Editor'".to_owned()]
    );
    let now = tests(&app).await;
    assert_eq!(now.len(), 1);
    assert_eq!(
        (now[0].id.as_str(), now[0].name.as_str()),
        (test.id.as_str(), "ICT at most Editor")
    );

    // A creation, undone: the test deleted.
    let other = added(&app, ict_at_most_editor("Added by mistake")).await;
    let create = entry_of(&app, &other.id, "create").await;
    let result = undone(&app, &create.id).await;
    assert_eq!(
        result.access_tests,
        vec!["Deletes the access test 'Added by mistake'".to_owned()]
    );
    let names: Vec<String> = tests(&app).await.into_iter().map(|t| t.name).collect();
    assert_eq!(names, vec!["ICT at most Editor".to_owned()]);
}

async fn undoing_a_test_that_moved_on_since_is_refused_naming_who(backend: Backend) {
    let app = spawn_app(backend).await;
    let test = added(&app, ict_at_most_editor("ICT at most Editor")).await;
    let create = entry_of(&app, &test.id, "create").await;
    let path = format!("{ENV}/access-tests/{}", test.id);
    let renamed = app
        .send(
            &app.client,
            Method::PUT,
            &path,
            Some(1),
            Some(ict_at_most_editor("ICT capped")),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);

    for dry_run in [true, false] {
        let refused = undo(&app, &create.id, dry_run).await;
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        let body: Value = refused.json().await.unwrap();
        let error = body["error"].as_str().unwrap_or_default();
        assert!(
            error.starts_with(
                "the access test 'ICT at most Editor' was changed since, by 12345.AdeVries at "
            ),
            "{error}"
        );
        assert_eq!(body["field"], "entry");
    }
    let now = tests(&app).await;
    assert_eq!(
        (now.len(), now[0].name.as_str(), now[0].version),
        (1, "ICT capped", 2)
    );

    // A set that broke the test with the owner's override does not move the test on: the
    // rename is undone, and the overriding set too.
    let fleur_in_ict = json!({ "changes": [
        { "op": "add_member", "group": "grp-ict", "user": "usr-12345-fsmit" },
    ], "override_tests": true });
    let saved = app.post_changes(ENV, fleur_in_ict).await;
    assert_eq!(
        saved.status(),
        StatusCode::OK,
        "{}",
        saved.text().await.unwrap()
    );
    let rename = entry_of(&app, &test.id, "update").await;
    undone(&app, &rename.id).await;
    assert_eq!(tests(&app).await[0].name, "ICT at most Editor");
    let overridden = entry_of(&app, &test.id, "override").await;
    let result = post(
        &app,
        &app.client,
        "/audit/undo",
        json!({ "change_set": overridden.change_set }),
    )
    .await;
    assert_eq!(
        result.status(),
        StatusCode::OK,
        "{}",
        result.text().await.unwrap()
    );
    assert!(!ict_members(&app).await.contains(&"12345.FSmit".to_owned()));
}
