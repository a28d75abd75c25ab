//! Parity of the audit log: the same change sets applied to the real server and to the static
//! demo's store (natively, on the demo data the server exports) are recorded alike — the same
//! entities, actions, ids and before/after states, in the same order —, the logs read alike
//! through the same filters, and an undo is built, applied and refused alike.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use gatehouse_studio::api::{ApiFailure, AuditFilter};
use gatehouse_studio::demo::audit::{change_sets_of, entries_of, now_micros, undo_in, MAX_ENTRIES};
use gatehouse_studio::demo::{apply_change_set, DemoState};
use gatehouse_wire::{
    AuditChangeSetPage, AuditEntry, AuditPage, ChangeSetRequest, UndoRequest, UndoResult,
};
use serde_json::{json, Value};
use support::{Studio, DEMO_PASSWORD, OWNER};

const ENV: &str = "/api/v1/environments/O12345AA";

/// The server, signed in as the account owner.
struct Server {
    studio: Studio,
    client: reqwest::Client,
}

impl Server {
    async fn start() -> Self {
        let studio = Studio::start().await;
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let signed_in = client
            .post(studio.url("/api/v1/session"))
            .header("x-gatehouse-csrf", "1")
            .json(&json!({ "code": OWNER, "password": DEMO_PASSWORD }))
            .send()
            .await
            .expect("sign in");
        assert_eq!(signed_in.status(), 200);
        Self { studio, client }
    }

    /// POSTs `body` to `path`: the status and the JSON answer.
    async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}{ENV}{path}", self.studio.base))
            .header("x-gatehouse-csrf", "1")
            .json(body)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.expect("json body"))
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        self.client
            .get(format!("{}{ENV}{path}", self.studio.base))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json")
    }

    /// The entries of the newest change set, in the order written.
    async fn newest_set(&self) -> Vec<AuditEntry> {
        let sets: AuditChangeSetPage = self.get("/audit/change-sets?per_page=1").await;
        let id = &sets.items[0].id;
        let page: AuditPage = self
            .get(&format!("/audit?change_set={id}&per_page=200"))
            .await;
        page.items.into_iter().rev().collect()
    }
}

async fn demo_state() -> DemoState {
    DemoState {
        data: gatehouse_server::export::demo_snapshot()
            .await
            .expect("the server's demo data"),
        session: Some(OWNER.to_owned()),
        next_id: 0,
        data_environment_versions: Default::default(),
        audit: Vec::new(),
        access_tests: Vec::new(),
    }
}

fn demo_apply(demo: &mut DemoState, set: &Value) {
    let request: ChangeSetRequest = serde_json::from_value(set.clone()).expect("request");
    if let Err(err) = apply_change_set(demo, &request) {
        panic!("the demo store refused {set}: {err:?}");
    }
}

/// The demo's entries of its newest change set, in the order written.
fn demo_newest_set(demo: &DemoState) -> Vec<AuditEntry> {
    let newest = demo.audit.last().expect("an entry").change_set.clone();
    demo.audit
        .iter()
        .filter(|e| e.change_set == newest)
        .cloned()
        .collect()
}

/// A grant id a set created: the server's and the store's differ (a UUID, `grant-demo-<n>`);
/// the seeded ones (`grant-3`) are the same on both.
fn new_grant_id(id: &str) -> bool {
    id.starts_with("grant-demo-")
        || (id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'))
}

/// Entity, action, entity id, before, after.
type Comparable = (String, String, String, Option<Value>, Option<Value>);

/// An entry in comparable form: entity, action, entity id, before, after (new grant ids
/// blanked).
fn comparable(entry: &AuditEntry) -> Comparable {
    let blank = |id: &str| {
        if new_grant_id(id) {
            "new grant".to_owned()
        } else {
            id.to_owned()
        }
    };
    let state = |v: &Option<Value>| {
        v.clone().map(|mut v| {
            if entry.entity == "grant" {
                if let Some(id) = v.get("id").and_then(Value::as_str).map(blank) {
                    v["id"] = Value::String(id);
                }
            }
            v
        })
    };
    (
        entry.entity.clone(),
        entry.action.clone(),
        blank(&entry.entity_id),
        state(&entry.before),
        state(&entry.after),
    )
}

fn comparable_all(entries: &[AuditEntry]) -> Vec<Comparable> {
    entries.iter().map(comparable).collect()
}

/// The error sentence of a refused demo call.
fn refusal(result: Result<UndoResult, ApiFailure>) -> (u16, String) {
    match result {
        Err(ApiFailure::Refused { status, body }) => (status, body.error),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn undo_of(change_set: &str) -> UndoRequest {
    UndoRequest {
        override_tests: false,
        change_set: Some(change_set.to_owned()),
        entry: None,
        dry_run: false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_records_reads_and_undoes_change_sets_as_the_server_does() {
    let server = Server::start().await;
    let mut demo = demo_state().await;
    let started = now_micros();
    let ivo = json!({ "type": "user", "id": "usr-12345-imulder" });
    let script = [
        // A grant update.
        json!({ "changes": [
            { "op": "update_grant", "grant": "grant-3", "version": 1,
              "role": { "app": "publisher" }, "environments": ["production", "staging"] } ] }),
        // A member added to an existing group.
        json!({ "changes": [
            { "op": "add_member", "group": "grp-support", "user": "usr-12345-imulder" } ] }),
        // A group created with a member and a grant (naming it before it exists) …
        json!({ "changes": [
            { "op": "add_member", "group": "grp-auditors", "user": "usr-12345-imulder" },
            { "op": "create_grant", "resource": "res-insights",
              "subject": { "type": "group", "id": "grp-auditors" },
              "role": { "app": "editor" }, "environments": ["staging"] },
            { "op": "create_group", "group": "grp-auditors", "name": " Auditors ",
              "description": "Reviewers" } ] }),
        // … and deleted with its grant.
        json!({ "changes": [ { "op": "delete_group", "group": "grp-auditors", "version": 1 } ] }),
        // A user updated, another switched off, a new one.
        json!({ "changes": [
            { "op": "update_user", "user": "usr-12345-kpeters", "version": 1,
              "name": " Koen Pieters ", "email": "Koen.Peters@northwind.example",
              "flags": { "windows": true, "insite": false, "pocket": true }, "status": "active" },
            { "op": "set_user_status", "user": "usr-12345-cjansen", "version": 1,
              "status": "deactivated" },
            { "op": "create_user", "user": "usr-12345-lnieuw", "code": "12345.LNieuw",
              "name": "Lotte Nieuw", "email": "l.nieuw@northwind.example" } ] }),
        // The precedence rule.
        json!({ "changes": [ { "op": "set_precedence", "precedence": "most_specific_wins" } ] }),
        // A data environment with a grant, then deleted (the grant goes with it).
        json!({ "changes": [
            { "op": "create_grant", "resource": "res-salesforce", "subject": ivo,
              "role": { "connector": "use_only" }, "environments": ["acceptance"] },
            { "op": "create_data_environment", "environment": "acceptance", "name": "Acceptance" } ] }),
        json!({ "changes": [
            { "op": "delete_data_environment", "environment": "acceptance", "version": 1 } ] }),
    ];
    let mut sets = Vec::new();
    let mut server_sets = Vec::new();
    for (step, set) in script.iter().enumerate() {
        let (status, body) = server.post("/changes", set).await;
        assert_eq!(status, 200, "step {step}: {body}");
        demo_apply(&mut demo, set);
        let on_server = server.newest_set().await;
        let in_demo = demo_newest_set(&demo);
        assert!(!in_demo.is_empty(), "step {step} is recorded");
        assert_eq!(
            comparable_all(&in_demo),
            comparable_all(&on_server),
            "the entries of step {step}: {set}"
        );
        let change_set = &in_demo[0].change_set;
        assert!(in_demo
            .iter()
            .all(|e| &e.change_set == change_set && e.actor == OWNER));
        assert!(
            in_demo.windows(2).all(|w| w[0].at < w[1].at),
            "times increase"
        );
        sets.push(change_set.clone());
        server_sets.push(on_server[0].change_set.clone());
    }
    // The grant update, the member add, the group deleted with its grant, the user update.
    let kinds: Vec<(String, String)> = demo
        .audit
        .iter()
        .map(|e| (e.entity.clone(), e.action.clone()))
        .collect();
    for kind in [
        ("grant", "update"),
        ("group", "update"),
        ("group", "delete"),
        ("grant", "delete"),
        ("user", "update"),
        ("user", "create"),
        ("organisation", "update"),
        ("data_environment", "delete"),
    ] {
        assert!(
            kinds.contains(&(kind.0.to_owned(), kind.1.to_owned())),
            "{kind:?} recorded"
        );
    }

    // Both logs read alike through the same filters (the server's seed aside: from `started`).
    let filters = [
        AuditFilter {
            entity: "grant".into(),
            ..AuditFilter::default()
        },
        AuditFilter {
            action: "delete".into(),
            ..AuditFilter::default()
        },
        AuditFilter {
            q: "KOEN".into(),
            ..AuditFilter::default()
        },
        AuditFilter {
            actor: OWNER.into(),
            entity: "group".into(),
            ..AuditFilter::default()
        },
        AuditFilter {
            entity: "user".into(),
            page: 2,
            per_page: 1,
            ..AuditFilter::default()
        },
    ];
    for filter in filters {
        let filter = AuditFilter {
            from: Some(started),
            page: filter.page.max(1),
            per_page: if filter.per_page == 0 {
                50
            } else {
                filter.per_page
            },
            ..filter
        };
        let query = format!(
            "entity={}&action={}&q={}&actor={}&from={started}&page={}&per_page={}",
            filter.entity, filter.action, filter.q, filter.actor, filter.page, filter.per_page
        );
        let query = query
            .replace("entity=&", "")
            .replace("action=&", "")
            .replace("q=&", "")
            .replace("actor=&", "");
        let server_sets: AuditChangeSetPage =
            server.get(&format!("/audit/change-sets?{query}")).await;
        let demo_sets = change_sets_of(&demo.audit, &filter).expect("demo change sets");
        assert!(server_sets.total > 0, "{query} finds something");
        assert_eq!(
            demo_sets.total, server_sets.total,
            "change sets for {query}"
        );
        let shape = |page: &AuditChangeSetPage| {
            page.items
                .iter()
                .map(|s| {
                    (
                        s.entries,
                        s.matching,
                        s.actor.clone(),
                        comparable_all(&s.items),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            shape(&demo_sets),
            shape(&server_sets),
            "change sets for {query}"
        );
        let server_entries: AuditPage = server.get(&format!("/audit?{query}")).await;
        let demo_entries = entries_of(&demo.audit, &filter).expect("demo entries");
        assert_eq!(
            demo_entries.total, server_entries.total,
            "entries for {query}"
        );
        assert_eq!(
            comparable_all(&demo_entries.items),
            comparable_all(&server_entries.items),
            "entries for {query}"
        );
    }

    // Undo the grant update: the same inverse set, grant-3 back as it was.
    let (status, body) = server
        .post("/audit/undo", &json!({ "change_set": server_sets[0] }))
        .await;
    assert_eq!(status, 200, "{body}");
    let server_undo: UndoResult = serde_json::from_value(body).expect("undo result");
    let demo_undo = undo_in(&mut demo, &undo_of(&sets[0]), now_micros()).expect("undone");
    assert_eq!(demo_undo.undo_of, sets[0]);
    assert_eq!(demo_undo.changes, server_undo.changes);
    let grant = demo
        .data
        .grants
        .iter()
        .find(|g| g.id == "grant-3")
        .expect("grant-3");
    let original = demo.audit[0].before.clone().expect("grant-3 before");
    assert_eq!(json!(grant.role), original["role"]);
    assert_eq!(json!(grant.environments), original["environments"]);
    assert_eq!(grant.version, 3);
    let undo_entries = demo_newest_set(&demo);
    assert_eq!(
        comparable_all(&undo_entries),
        comparable_all(&server.newest_set().await),
        "the undo's entries"
    );
    assert!(undo_entries
        .iter()
        .all(|e| e.undo_of.as_deref() == Some(sets[0].as_str())));
    // The log says who undid what.
    let listed = change_sets_of(
        &demo.audit,
        &AuditFilter {
            change_set: sets[0].clone(),
            page: 1,
            per_page: 50,
            ..AuditFilter::default()
        },
    )
    .expect("the set");
    assert_eq!(
        listed.items[0].undone_by.as_deref(),
        Some(undo_entries[0].change_set.as_str())
    );

    // A second undo is refused: undone already.
    let (status, message) = refusal(undo_in(&mut demo, &undo_of(&sets[0]), now_micros()));
    assert_eq!(status, 409);
    assert!(message.contains("undone already"), "{message}");
    let (status, body) = server
        .post("/audit/undo", &json!({ "change_set": server_sets[0] }))
        .await;
    assert_eq!(status, 409);
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|m| m.contains("undone already")),
        "{body}"
    );

    // Changed since: Koen's update cannot be undone once he is changed again; the refusal
    // names who changed him.
    let koen_set = sets[4].clone();
    demo_apply(
        &mut demo,
        &json!({ "changes": [ { "op": "set_user_status", "user": "usr-12345-kpeters", "version": 2,
                                "status": "deactivated" } ] }),
    );
    let (status, message) = refusal(undo_in(&mut demo, &undo_of(&koen_set), now_micros()));
    assert_eq!(status, 409);
    assert!(
        message.contains("Koen Pieters")
            && message.contains(&format!("was changed since, by {OWNER}")),
        "{message}"
    );

    // Unknown, ambiguous, and someone else's.
    let (status, message) = refusal(undo_in(&mut demo, &undo_of("cs-0"), now_micros()));
    assert_eq!((status, message.as_str()), (404, "no change set `cs-0`"));
    let both = UndoRequest {
        override_tests: false,
        change_set: Some(sets[1].clone()),
        entry: Some("x".into()),
        dry_run: false,
    };
    assert_eq!(refusal(undo_in(&mut demo, &both, now_micros())).0, 422);
    demo.session = demo
        .data
        .users
        .iter()
        .find(|u| !u.account_owner && u.status == gatehouse_wire::UserStatus::Active)
        .map(|u| u.code.clone());
    assert_eq!(
        refusal(undo_in(&mut demo, &undo_of(&sets[1]), now_micros())).0,
        403
    );
    let mut server = server;
    server.studio.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_saved_before_the_log_was_kept_loads_with_an_empty_log() {
    let mut saved = serde_json::to_value(demo_state().await).expect("state");
    saved
        .as_object_mut()
        .expect("an object")
        .remove("audit")
        .expect("the log is saved");
    let loaded: DemoState = serde_json::from_value(saved).expect("an older state loads");
    assert!(loaded.audit.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_keeps_only_its_newest_entries() {
    let mut demo = demo_state().await;
    let old = |n: usize| AuditEntry {
        id: format!("old-{n}"),
        at: n as i64,
        actor: OWNER.to_owned(),
        action: "update".to_owned(),
        entity: "grant".to_owned(),
        entity_id: "grant-3".to_owned(),
        before: None,
        after: None,
        change_set: format!("old-set-{n}"),
        undo_of: None,
    };
    demo.audit = (0..MAX_ENTRIES).map(old).collect();
    demo_apply(
        &mut demo,
        &json!({ "changes": [
            { "op": "update_grant", "grant": "grant-3", "version": 1,
              "role": { "app": "publisher" }, "environments": ["production", "staging"] } ] }),
    );
    assert_eq!(demo.audit.len(), MAX_ENTRIES);
    assert_eq!(demo.audit[0].id, "old-1", "the oldest entry went");
    let newest = demo.audit.last().expect("the new entry");
    assert_eq!(
        (newest.entity.as_str(), newest.action.as_str()),
        ("grant", "update")
    );
    assert!(
        newest.at > (MAX_ENTRIES as i64),
        "stamped after the last entry"
    );
    // A filtered page of it, newest first.
    let filter = AuditFilter {
        entity: "grant".into(),
        page: 2,
        per_page: 10,
        ..AuditFilter::default()
    };
    let page = entries_of(&demo.audit, &filter).expect("a page");
    assert_eq!(page.total, MAX_ENTRIES);
    let ids: Vec<&str> = page.items.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids.first().copied(),
        Some(format!("old-{}", MAX_ENTRIES - 10).as_str())
    );
    assert_eq!(page.items.len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_undoes_an_access_test_change_as_the_server_does() {
    let server = Server::start().await;
    let test = |name: &str| {
        json!({
            "name": name,
            "subject": { "type": "group", "id": "grp-ict" },
            "comparison": { "type": "at_most", "role": { "app": "editor" } },
            "resource": "res-crm",
            "environments": ["production"],
        })
    };
    let (status, added) = server
        .post("/access-tests", &test("ICT at most Editor"))
        .await;
    assert_eq!(status, 201, "{added}");
    let id = added["id"].as_str().expect("the test's id").to_owned();
    let renamed = server
        .client
        .put(format!("{}{ENV}/access-tests/{id}", server.studio.base))
        .header("x-gatehouse-csrf", "1")
        .header("if-match", "\"1\"")
        .json(&test("ICT capped"))
        .send()
        .await
        .expect("rename");
    assert_eq!(renamed.status(), 200);

    // The demo store holds what the server holds: the test as renamed, and its two entries.
    let page: AuditPage = server.get("/audit?entity=access_test&per_page=10").await;
    let entries: Vec<AuditEntry> = page.items.into_iter().rev().collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
    let (created, changed) = (entries[0].clone(), entries[1].clone());
    let mut demo = demo_state().await;
    demo.audit = entries;
    demo.access_tests = vec![gatehouse_studio::demo::DemoTest {
        test: serde_json::from_value(changed.after.clone().expect("the test after"))
            .expect("an access test"),
        version: 2,
    }];
    let entry = |id: &str| UndoRequest {
        override_tests: false,
        change_set: None,
        entry: Some(id.to_owned()),
        dry_run: false,
    };

    // Its creation cannot be undone: it was changed since, by the account owner.
    let (status, message) = refusal(undo_in(&mut demo, &entry(&created.id), now_micros()));
    assert_eq!(status, 409);
    let (server_status, body) = server
        .post("/audit/undo", &json!({ "entry": created.id }))
        .await;
    assert_eq!(server_status, 409);
    let server_message = body["error"].as_str().unwrap_or_default();
    let prefix = |m: &str| m.split(" at ").next().unwrap_or_default().to_owned();
    assert_eq!(prefix(&message), prefix(server_message));
    assert!(
        message.starts_with(&format!(
            "the access test 'ICT at most Editor' was changed since, by {OWNER}"
        )),
        "{message}"
    );

    // The rename is undone alike: the same entries, the test back as it was.
    let undone = undo_in(&mut demo, &entry(&changed.id), now_micros()).expect("undone");
    let (server_status, server_undone) = server
        .post("/audit/undo", &json!({ "entry": changed.id }))
        .await;
    assert_eq!(server_status, 200, "{server_undone}");
    let server_undone: UndoResult = serde_json::from_value(server_undone).expect("undo");
    assert_eq!(undone.access_tests, server_undone.access_tests);
    assert_eq!(
        comparable_all(&demo_newest_set(&demo)),
        comparable_all(&server.newest_set().await)
    );
    assert_eq!(demo.access_tests[0].test.name, "ICT at most Editor");
    assert_eq!(demo.access_tests[0].version, 3);
    let mut server = server;
    server.studio.stop().await;
}
