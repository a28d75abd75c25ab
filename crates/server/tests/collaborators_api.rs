//! Collaborator users, user properties and the nightly sync over real HTTP, on SQLite and
//! PostgreSQL.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_server::sync::{run_sync, RunOutcome};
use gatehouse_server::{start, Config};
use gatehouse_wire::{
    CollaborationView, CollaboratorSource, ErrorBody, LicenceOverview, SyncOutcome, SyncRunDetail,
    SyncRunList, SyncTrigger, UserKind, UserList, UserSummary,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

const PROVIDER_OWNER: &str = "12345.AdeVries";
const CLIENT_OWNER: &str = "98765.MOosterhuis";
const DELTA_OWNER: &str = "54321.LVos";
const NEW_EMAIL: &str = "b.jansen-williams@northwind.example";

on_both_backends!(
    properties_edit_name_email_flags_and_status,
    properties_refuse_bad_input_and_stale_versions,
    deactivation_ends_sessions_and_cannot_hit_yourself,
    activation_follows_the_licence_and_windows_rules,
    a_client_adds_and_converts_a_collaborator,
    a_collaborators_identity_is_read_only_in_the_client,
    the_sync_copies_production_changes_and_reports_conflicts,
    a_scheduled_slot_runs_once,
    two_servers_on_one_database_run_a_slot_once,
    licences_count_collaborators_for_the_provider,
    only_account_owners_reach_collaborator_endpoints,
    a_collaborator_works_in_its_clients_environments,
);

async fn a_collaborator_works_in_its_clients_environments(backend: Backend) {
    let app = spawn_app(backend).await;
    let britt = app.client_for("12345.BWilliams").await;
    let environments: Vec<gatehouse_wire::EnvironmentInfo> = britt
        .get(app.url("/api/v1/environments"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = environments.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        ["O12345AA", "A12345AA", "T12345AA", "O54321AA", "O98765AA", "T98765AA"]
    );
    let list = britt.get(app.url(&users("O98765AA"))).send().await.unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    // She is not the client's account owner: its users are not hers to manage.
    let pieter = user(&app, &britt, "O98765AA", "98765.PKok").await;
    let mut renamed = properties(&pieter);
    renamed["name"] = json!("P. Kok");
    let refused = put_properties(&app, &britt, "O98765AA", &pieter, renamed).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let created = app
        .send(
            &britt,
            Method::POST,
            &users("O98765AA"),
            None,
            Some(json!({ "code": "98765.New", "name": "New", "flags": { "windows": true, "insite": false, "pocket": false } })),
        )
        .await;
    assert_eq!(created.status(), StatusCode::FORBIDDEN);
    // Once the client deactivates her there, the environment is out of reach.
    let client = app.client_for(CLIENT_OWNER).await;
    let copy = user(&app, &client, "O98765AA", "12345.BWilliams").await;
    let mut off = properties(&copy);
    off["status"] = json!("deactivated");
    let response = put_properties(&app, &client, "O98765AA", &copy, off).await;
    assert_eq!(response.status(), StatusCode::OK);
    let list = britt.get(app.url(&users("O98765AA"))).send().await.unwrap();
    assert_eq!(list.status(), StatusCode::FORBIDDEN);
}

fn users(env: &str) -> String {
    format!("/api/v1/environments/{env}/users")
}

async fn user(app: &TestApp, client: &reqwest::Client, env: &str, code: &str) -> UserSummary {
    let response = client
        .get(app.url(&format!("{}/{code}", users(env))))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "read {code} in {env}");
    response.json().await.unwrap()
}

async fn error(response: reqwest::Response, status: StatusCode) -> ErrorBody {
    assert_eq!(response.status(), status);
    response.json().await.expect("error body")
}

fn properties(user: &UserSummary) -> serde_json::Value {
    json!({
        "name": user.name,
        "email": user.email,
        "flags": user.flags,
        "status": user.status,
    })
}

async fn put_properties(
    app: &TestApp,
    client: &reqwest::Client,
    env: &str,
    current: &UserSummary,
    body: serde_json::Value,
) -> reqwest::Response {
    let path = format!("{}/{}/properties", users(env), current.code);
    app.send(
        client,
        Method::PUT,
        &path,
        Some(current.version),
        Some(body),
    )
    .await
}

async fn properties_edit_name_email_flags_and_status(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = user(&app, &app.client, "O12345AA", "12345.JDekker").await;
    let mut body = properties(&before);
    body["name"] = json!("Jasmijn Dekker-Vos");
    body["email"] = json!("jasmijn@northwind.example");
    body["flags"] = json!({ "windows": true, "insite": true, "pocket": true });
    let response = put_properties(&app, &app.client, "O12345AA", &before, body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let after: UserSummary = response.json().await.unwrap();
    assert_eq!(etag, format!("\"{}\"", before.version + 1));
    let reread = user(&app, &app.client, "O12345AA", "12345.JDekker").await;
    assert_eq!(reread, after);
    assert_eq!(reread.name, "Jasmijn Dekker-Vos");
    assert_eq!(reread.email.as_deref(), Some("jasmijn@northwind.example"));
    assert!(reread.flags.pocket);
    let audit: serde_json::Value = app
        .get("/api/v1/environments/O12345AA/audit?entity=user")
        .await
        .json()
        .await
        .unwrap();
    let entry = &audit["items"][0];
    assert_eq!(entry["entity_id"], "12345.JDekker");
    assert_eq!(entry["before"]["email"], serde_json::Value::Null);
    assert_eq!(entry["after"]["email"], "jasmijn@northwind.example");
}

async fn properties_refuse_bad_input_and_stale_versions(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = user(&app, &app.client, "O12345AA", "12345.KPeters").await;
    let mut taken = properties(&before);
    taken["email"] = json!("anna.devries@northwind.example");
    let err = error(
        put_properties(&app, &app.client, "O12345AA", &before, taken).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(err.field.as_deref(), Some("email"));
    assert!(err.error.contains("12345.AdeVries"), "{}", err.error);

    let mut pocket = properties(&before);
    pocket["flags"] = json!({ "windows": false, "insite": false, "pocket": true });
    let err = error(
        put_properties(&app, &app.client, "O12345AA", &before, pocket).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(err.field.as_deref(), Some("flags.pocket"));

    let mut bad = properties(&before);
    bad["email"] = json!("not-an-address");
    let err = error(
        put_properties(&app, &app.client, "O12345AA", &before, bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(err.field.as_deref(), Some("email"));

    let mut blank = properties(&before);
    blank["name"] = json!("   ");
    let err = error(
        put_properties(&app, &app.client, "O12345AA", &before, blank).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(err.field.as_deref(), Some("name"));

    let path = format!("{}/12345.KPeters/properties", users("O12345AA"));
    let missing = app
        .send(
            &app.client,
            Method::PUT,
            &path,
            None,
            Some(properties(&before)),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::PRECONDITION_REQUIRED);

    let mut renamed = properties(&before);
    renamed["name"] = json!("Koen Peters Sr.");
    let ok = put_properties(&app, &app.client, "O12345AA", &before, renamed).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let mut again = properties(&before);
    again["name"] = json!("Koen Peters Jr.");
    let stale = put_properties(&app, &app.client, "O12345AA", &before, again).await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let body: serde_json::Value = stale.json().await.unwrap();
    assert_eq!(body["current"]["name"], "Koen Peters Sr.");
    let now = user(&app, &app.client, "O12345AA", "12345.KPeters").await;
    assert_eq!(
        now.name, "Koen Peters Sr.",
        "the stale write changed nothing"
    );
}

async fn deactivation_ends_sessions_and_cannot_hit_yourself(backend: Backend) {
    let app = spawn_app(backend).await;
    let koen = app.client_for("12345.KPeters").await;
    let session = koen.get(app.url("/api/v1/session")).send().await.unwrap();
    assert_eq!(session.status(), StatusCode::OK);
    let before = user(&app, &app.client, "O12345AA", "12345.KPeters").await;
    let mut off = properties(&before);
    off["status"] = json!("deactivated");
    let response = put_properties(&app, &app.client, "O12345AA", &before, off).await;
    assert_eq!(response.status(), StatusCode::OK);
    let session = koen.get(app.url("/api/v1/session")).send().await.unwrap();
    assert_eq!(session.status(), StatusCode::UNAUTHORIZED);

    let me = user(&app, &app.client, "O12345AA", PROVIDER_OWNER).await;
    let mut off = properties(&me);
    off["status"] = json!("deactivated");
    let err = error(
        put_properties(&app, &app.client, "O12345AA", &me, off).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(err.field.as_deref(), Some("status"));
    assert!(err.error.contains("your own account"), "{}", err.error);
}

async fn activate(app: &TestApp, code: &str) -> reqwest::Response {
    let current = user(app, &app.client, "O12345AA", code).await;
    let path = format!("{}/{code}/collaborator", users("O12345AA"));
    app.send(
        &app.client,
        Method::POST,
        &path,
        Some(current.version),
        None,
    )
    .await
}

async fn activation_follows_the_licence_and_windows_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let dana = user(&app, &app.client, "O12345AA", "12345.DBakker").await;
    assert!(!dana.collaborator);
    let mut no_windows = properties(&dana);
    no_windows["flags"] = json!({ "windows": false, "insite": true, "pocket": false });
    let response = put_properties(&app, &app.client, "O12345AA", &dana, no_windows).await;
    assert_eq!(response.status(), StatusCode::OK);
    let err = error(activate(&app, "12345.DBakker").await, StatusCode::CONFLICT).await;
    assert!(err.error.contains("windows"), "{}", err.error);

    let ivo = activate(&app, "12345.IMulder").await;
    assert_eq!(ivo.status(), StatusCode::OK);
    let ivo: UserSummary = ivo.json().await.unwrap();
    assert!(ivo.collaborator);

    // A client without the licence cannot activate its own users.
    let client = app.client_for(CLIENT_OWNER).await;
    let pieter = user(&app, &client, "O98765AA", "98765.PKok").await;
    let path = format!("{}/98765.PKok/collaborator", users("O98765AA"));
    let err = error(
        app.send(&client, Method::POST, &path, Some(pieter.version), None)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        err.error.contains("no collaborator licence"),
        "{}",
        err.error
    );
    // Named as people read it: the organisation's name, no code in backticks.
    assert!(
        err.error.contains("Zuidas Bakery (98765)") && !err.error.contains('`'),
        "{}",
        err.error
    );
    // Not in a test environment.
    let test_path = format!("{}/98765.PKok/collaborator", users("T98765AA"));
    let err = error(
        app.send(&client, Method::POST, &test_path, Some(1), None)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        err.error.contains("not a production environment"),
        "{}",
        err.error
    );

    // Deactivating a collaborator who still works for clients is refused, naming them.
    let britt = user(&app, &app.client, "O12345AA", "12345.BWilliams").await;
    let path = format!("{}/12345.BWilliams/collaborator", users("O12345AA"));
    let err = error(
        app.send(
            &app.client,
            Method::DELETE,
            &path,
            Some(britt.version),
            None,
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(err.error.contains("O98765AA"), "{}", err.error);
}

async fn a_client_adds_and_converts_a_collaborator(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = app.client_for(CLIENT_OWNER).await;
    let lookup = |code: &str| {
        client
            .get(app.url(&format!(
                "/api/v1/environments/O98765AA/collaborators/sources/{code}"
            )))
            .send()
    };
    let err = error(lookup("12345.DBakker").await.unwrap(), StatusCode::CONFLICT).await;
    assert!(err.error.contains("not activated"), "{}", err.error);
    let err = error(lookup("12345.CJansen").await.unwrap(), StatusCode::CONFLICT).await;
    assert!(err.error.contains("already exists"), "{}", err.error);

    assert_eq!(
        activate(&app, "12345.DBakker").await.status(),
        StatusCode::OK
    );
    let source: CollaboratorSource = lookup("12345.DBakker").await.unwrap().json().await.unwrap();
    assert_eq!(source.name, "Dana Bakker");
    assert_eq!(source.source_environment, "O12345AA");
    assert_eq!(source.provider_name, "Northwind Advisory");

    let add = "/api/v1/environments/O98765AA/collaborators";
    let err = error(
        app.send(
            &client,
            Method::POST,
            add,
            None,
            Some(json!({ "code": "12345.DBakker", "kind": "normal" })),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(err.field.as_deref(), Some("person"));
    let created = app
        .send(
            &client,
            Method::POST,
            add,
            None,
            Some(json!({ "code": "12345.DBakker", "kind": "system" })),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: UserSummary = created.json().await.unwrap();
    assert_eq!(created.kind, UserKind::System);
    assert_eq!(
        created.name, "Dana Bakker",
        "the name comes from the source"
    );
    let list: UserList = client
        .get(app.url(&users("O98765AA")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(list.items.iter().any(|u| u.code == "12345.DBakker"));

    let convert = format!("{}/12345.DBakker/conversion", users("O98765AA"));
    let converted = app
        .send(
            &client,
            Method::POST,
            &convert,
            Some(created.version),
            Some(json!({ "person": "P-98765-044" })),
        )
        .await;
    assert_eq!(converted.status(), StatusCode::OK);
    let converted: UserSummary = converted.json().await.unwrap();
    assert_eq!(converted.kind, UserKind::Normal);
    assert_eq!(converted.person.as_deref(), Some("P-98765-044"));
    let err = error(
        app.send(
            &client,
            Method::POST,
            &convert,
            Some(converted.version),
            Some(json!({ "person": "P-1" })),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(err.error.contains("already a normal user"), "{}", err.error);
}

async fn a_collaborators_identity_is_read_only_in_the_client(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = app.client_for(CLIENT_OWNER).await;
    let britt = user(&app, &client, "O98765AA", "12345.BWilliams").await;
    let mut renamed = properties(&britt);
    renamed["email"] = json!("britt@zuidas-bakery.example");
    let err = error(
        put_properties(&app, &client, "O98765AA", &britt, renamed).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(
        err.error.contains(
            "collaborator from organisation 12345: only that organisation changes their email"
        ),
        "{}",
        err.error
    );
    // Flags are the client's to set.
    let mut flags = properties(&britt);
    flags["flags"] = json!({ "windows": true, "insite": true, "pocket": true });
    let ok = put_properties(&app, &client, "O98765AA", &britt, flags).await;
    assert_eq!(ok.status(), StatusCode::OK);

    let view: CollaborationView = client
        .get(app.url(&format!(
            "{}/12345.BWilliams/collaboration",
            users("O98765AA")
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!view.identity_editable);
    assert!(view.read_only_reason.unwrap().contains("12345"));
    assert_eq!(
        view.insite_address.as_deref(),
        Some("https://98765.afasinsite.nl")
    );
    assert!(!view.single_sign_on);
    assert_eq!(view.source_environment.as_deref(), Some("O12345AA"));
}

async fn the_sync_copies_production_changes_and_reports_conflicts(backend: Backend) {
    let app = spawn_app(backend).await;
    // A change in the provider's test environment is never synchronised.
    let created = app
        .send(
            &app.client,
            Method::POST,
            &users("T12345AA"),
            None,
            Some(json!({
                "code": "12345.BWilliams", "name": "Britt Test", "email": "britt.test@northwind.example",
                "flags": { "windows": true, "insite": false, "pocket": false }
            })),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    // The production change is.
    let britt = user(&app, &app.client, "O12345AA", "12345.BWilliams").await;
    let mut changed = properties(&britt);
    changed["email"] = json!(NEW_EMAIL);
    let response = put_properties(&app, &app.client, "O12345AA", &britt, changed).await;
    assert_eq!(response.status(), StatusCode::OK);

    let run = app
        .send(&app.client, Method::POST, "/api/v1/sync/runs", None, None)
        .await;
    assert_eq!(run.status(), StatusCode::CREATED);
    let run: SyncRunDetail = run.json().await.unwrap();
    assert_eq!(run.run.trigger, SyncTrigger::Manual);
    assert_eq!(run.run.triggered_by.as_deref(), Some(PROVIDER_OWNER));
    let updated: Vec<&str> = run
        .results
        .iter()
        .filter(|r| r.outcome == SyncOutcome::Updated)
        .map(|r| r.environment.as_str())
        .collect();
    assert_eq!(updated, ["O98765AA", "T98765AA"]);
    let conflict = run
        .results
        .iter()
        .find(|r| r.outcome == SyncOutcome::Conflict)
        .expect("the conflict in O54321AA");
    assert_eq!(conflict.environment, "O54321AA");
    assert!(
        conflict.message.contains(&format!(
            "{NEW_EMAIL} already belongs to 54321.BJansen in O54321AA"
        )),
        "{}",
        conflict.message
    );
    assert!(conflict.message.contains("clear that user's email"));

    let client = app.client_for(CLIENT_OWNER).await;
    let copy = user(&app, &client, "O98765AA", "12345.BWilliams").await;
    assert_eq!(copy.email.as_deref(), Some(NEW_EMAIL));
    assert_ne!(copy.email.as_deref(), Some("britt.test@northwind.example"));
    let delta = app.client_for(DELTA_OWNER).await;
    let skipped = user(&app, &delta, "O54321AA", "12345.BWilliams").await;
    assert_eq!(
        skipped.email.as_deref(),
        Some("b.williams@northwind.example")
    );

    // Delta Care sees only what concerns it: the conflict in its environment.
    let seen: SyncRunDetail = delta
        .get(app.url(&format!("/api/v1/sync/runs/{}", run.run.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen.results.len(), 1);
    assert_eq!(seen.run.conflicts, 1);
    assert_eq!(seen.run.updated, 0);
    let history: SyncRunList = delta
        .get(app.url("/api/v1/sync/runs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(history.items.len(), 1);
    assert_eq!(history.schedule.time, "23:00");
    assert_eq!(history.schedule.timezone, "Europe/Amsterdam");

    // Running again changes nothing more; the conflict stays until the email is cleared.
    let again: SyncRunDetail = app
        .send(&app.client, Method::POST, "/api/v1/sync/runs", None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again.run.updated, 0);
    assert_eq!(again.run.conflicts, 1);
}

async fn a_scheduled_slot_runs_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let state = &app.server.state;
    let (a, b) = tokio::join!(
        run_sync(state, "schedule:1767301200", SyncTrigger::Schedule, None),
        run_sync(state, "schedule:1767301200", SyncTrigger::Schedule, None),
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    let ran = outcomes
        .iter()
        .filter(|o| matches!(o, RunOutcome::Ran(_)))
        .count();
    assert_eq!(ran, 1, "{outcomes:?}");
    assert!(outcomes.contains(&RunOutcome::AlreadyRun));
    let history: SyncRunList = app.get("/api/v1/sync/runs").await.json().await.unwrap();
    assert_eq!(history.items.len(), 1);
    assert_eq!(history.items[0].trigger, SyncTrigger::Schedule);
    assert_eq!(history.items[0].triggered_by, None);
}

async fn two_servers_on_one_database_run_a_slot_once(backend: Backend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("shared.db").display()),
        Backend::Postgres => common::fresh_postgres_database().await,
    };
    let config = Config::local(url, dir.path().join("no-dist"));
    let first = start(&config, false).await.expect("first server");
    let second = start(&config, false).await.expect("second server");
    let slot = "schedule:1767301200";
    let (a, b) = tokio::join!(
        run_sync(&first.state, slot, SyncTrigger::Schedule, None),
        run_sync(&second.state, slot, SyncTrigger::Schedule, None),
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, RunOutcome::Ran(_)))
            .count(),
        1,
        "{outcomes:?}"
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_runs")
        .fetch_one(first.state.store.pool())
        .await
        .unwrap();
    assert_eq!(count, 1);
    first.stop().await;
    second.stop().await;
}

async fn licences_count_collaborators_for_the_provider(backend: Backend) {
    let app = spawn_app(backend).await;
    let overview: LicenceOverview = app.get("/api/v1/licences").await.json().await.unwrap();
    let own = &overview.organisations[0];
    assert_eq!(own.participant, "12345");
    assert!(own.collaborator_licence);
    assert_eq!(own.collaborators, 2);
    assert_eq!(own.users, 11);
    let zuidas = overview
        .organisations
        .iter()
        .find(|o| o.participant == "98765")
        .expect("a client of ours");
    // Mila and Pieter, plus Britt as a normal user with InSite (a client's InSite licence).
    assert_eq!(zuidas.users, 2);
    assert_eq!(zuidas.insite, 3);
    let mut placed: Vec<(String, String)> = overview
        .placements
        .iter()
        .map(|p| (p.code.clone(), p.environment.clone()))
        .collect();
    placed.sort();
    assert_eq!(
        placed,
        [
            ("12345.BWilliams".to_owned(), "O54321AA".to_owned()),
            ("12345.BWilliams".to_owned(), "O98765AA".to_owned()),
            ("12345.BWilliams".to_owned(), "T98765AA".to_owned()),
            ("12345.CJansen".to_owned(), "O98765AA".to_owned()),
        ]
    );
}

async fn only_account_owners_reach_collaborator_endpoints(backend: Backend) {
    let app = spawn_app(backend).await;
    let carlos = app.client_for("12345.CJansen").await;
    for path in ["/api/v1/licences", "/api/v1/sync/runs"] {
        let response = carlos.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let run = app
        .send(&carlos, Method::POST, "/api/v1/sync/runs", None, None)
        .await;
    assert_eq!(run.status(), StatusCode::FORBIDDEN);
    let ivo = user(&app, &carlos, "O12345AA", "12345.IMulder").await;
    let path = format!("{}/12345.IMulder/collaborator", users("O12345AA"));
    let refused = app
        .send(&carlos, Method::POST, &path, Some(ivo.version), None)
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let after = user(&app, &app.client, "O12345AA", "12345.IMulder").await;
    assert!(!after.collaborator, "a refused activation changed nothing");
    // An organisation where Carlos does not work is out of reach.
    let foreign = carlos
        .get(app.url(&users("O54321AA")))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let mut body = properties(&ivo);
    body["name"] = json!("Ivo M.");
    let refused = put_properties(&app, &carlos, "O12345AA", &ivo, body).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
