//! Parity: one scripted sequence of change sets — grants, groups, users and their
//! properties, data environments; accepted ones, stale ones, refused ones — applied to the real server and to the
//! static demo's store (its own write path, run natively on the demo data the server exports)
//! gives the same answers, the same grants, the same groups and the same users.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeSet;

use gatehouse_studio::api::ApiFailure;
use gatehouse_studio::demo::{apply_change_set, data_environment_views, DemoState};
use gatehouse_wire::{
    ChangeSetRequest, ChangeSetResult, DataEnvironmentView, GroupDetail, GroupSummary,
    ResourcePermissions, UserList, UserSummary,
};
use serde_json::json;
use support::{Studio, DEMO_PASSWORD, OWNER};

const ENV: &str = "/api/v1/environments/O12345AA";
const RESOURCES: [&str; 6] = [
    "res-crm",
    "res-timesheets",
    "res-insights",
    "res-salesforce",
    "res-ledger",
    "res-hrdb",
];

/// What either side answered, in comparable form: the impact, or the status and sentence.
#[derive(Debug, PartialEq)]
enum Answer {
    Applied(Vec<String>),
    Refused(u16, String, Option<String>),
}

fn impact(result: &ChangeSetResult) -> Vec<String> {
    let mut cells: Vec<String> = result
        .impact
        .iter()
        .map(|c| format!("{} {} {} {} → {}", c.user, c.resource, c.env, c.old, c.new))
        .collect();
    cells.sort();
    cells
}

async fn on_server(client: &reqwest::Client, base: &str, set: &serde_json::Value) -> Answer {
    let response = client
        .post(format!("{base}{ENV}/changes"))
        .header("x-gatehouse-csrf", "1")
        .json(set)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.expect("json body");
    if status == 200 {
        let result: ChangeSetResult = serde_json::from_value(body).expect("result");
        Answer::Applied(impact(&result))
    } else {
        Answer::Refused(
            status,
            body["error"].as_str().unwrap_or_default().to_owned(),
            body["field"].as_str().map(str::to_owned),
        )
    }
}

fn in_demo(state: &mut DemoState, set: &serde_json::Value) -> Answer {
    let request: ChangeSetRequest = serde_json::from_value(set.clone()).expect("request");
    match apply_change_set(state, &request) {
        Ok(result) => Answer::Applied(impact(&result)),
        Err(ApiFailure::Refused { status, body }) => {
            Answer::Refused(status, body.error, body.field)
        }
        Err(ApiFailure::Stale { message, .. }) => Answer::Refused(412, message, None),
        Err(other) => panic!("the demo store failed: {other:?}"),
    }
}

/// (resource, subject, role, environments) of every grant.
type GrantSet = BTreeSet<(String, String, String, Vec<String>)>;

async fn server_grants(client: &reqwest::Client, base: &str) -> GrantSet {
    let mut grants = GrantSet::new();
    for resource in RESOURCES {
        let perms: ResourcePermissions = client
            .get(format!("{base}{ENV}/resources/{resource}/permissions"))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("permissions");
        for g in perms.grants {
            grants.insert((
                g.resource,
                g.subject.name,
                g.role.to_string(),
                g.environments,
            ));
        }
    }
    grants
}

/// (id, name, description, member names, version) of every group.
type GroupSet = BTreeSet<(String, String, String, Vec<String>, i64)>;

async fn server_groups(client: &reqwest::Client, base: &str) -> GroupSet {
    let list: Vec<GroupSummary> = get(client, &format!("{base}{ENV}/groups")).await;
    let mut groups = GroupSet::new();
    for summary in list {
        let g: GroupDetail = get(client, &format!("{base}{ENV}/groups/{}", summary.id)).await;
        let members = g.members.into_iter().map(|m| m.name).collect();
        groups.insert((g.id, g.name, g.description, members, g.version));
    }
    groups
}

/// (code, name, email, flags, status, version) of every user.
type UserSet = BTreeSet<(String, String, Option<String>, String, String, i64)>;

fn user_row(u: &UserSummary) -> (String, String, Option<String>, String, String, i64) {
    (
        u.code.clone(),
        u.name.clone(),
        u.email.clone(),
        format!("{:?}", u.flags),
        format!("{:?}", u.status),
        u.version,
    )
}

async fn server_users(client: &reqwest::Client, base: &str) -> UserSet {
    let list: UserList = get(client, &format!("{base}{ENV}/users")).await;
    list.items.iter().map(user_row).collect()
}

fn demo_users(state: &DemoState) -> UserSet {
    state.data.users.iter().map(user_row).collect()
}

async fn get<T: serde::de::DeserializeOwned>(client: &reqwest::Client, url: &str) -> T {
    client
        .get(url)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

fn demo_groups(state: &DemoState) -> GroupSet {
    state
        .data
        .groups
        .iter()
        .map(|g| {
            let members = g.members.iter().map(|m| m.name.clone()).collect();
            (
                g.id.clone(),
                g.name.clone(),
                g.description.clone(),
                members,
                g.version,
            )
        })
        .collect()
}

fn demo_grants(state: &DemoState) -> GrantSet {
    state
        .data
        .grants
        .iter()
        .map(|g| {
            let mut envs = g.environments.clone();
            envs.sort();
            (
                g.resource.clone(),
                g.subject.name.clone(),
                g.role.to_string(),
                envs,
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_and_the_demo_store_decide_a_scripted_sequence_alike() {
    let mut studio = Studio::start().await;
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
    let mut demo = DemoState {
        data: gatehouse_server::export::demo_snapshot()
            .await
            .expect("the server's demo data"),
        session: Some(OWNER.to_owned()),
        next_id: 0,
        data_environment_versions: Default::default(),
        audit: Vec::new(),
        access_tests: Vec::new(),
    };
    assert_eq!(
        server_grants(&client, &studio.base).await,
        demo_grants(&demo),
        "both start from the same grants"
    );

    let ivo = json!({ "type": "user", "id": "usr-12345-imulder" });
    let script = [
        // Accepted: two edits in one set.
        json!({ "changes": [
            { "op": "update_grant", "grant": "grant-3", "version": 1,
              "role": { "app": "publisher" }, "environments": ["production", "staging"] },
            { "op": "create_grant", "resource": "res-timesheets", "subject": ivo,
              "role": { "app": "editor" }, "environments": ["staging"] } ] }),
        // Stale: the same grant at the version it had before.
        json!({ "changes": [
            { "op": "update_grant", "grant": "grant-3", "version": 1,
              "role": { "app": "editor" }, "environments": ["production"] } ] }),
        // Refused by the guard: CRM Portal's only Owner removed on its own.
        json!({ "changes": [ { "op": "delete_grant", "grant": "grant-2", "version": 1 } ] }),
        // Refused: an unknown data environment, after a valid change.
        json!({ "changes": [
            { "op": "update_grant", "grant": "grant-4", "version": 1,
              "role": { "app": "preview_only" }, "environments": ["staging"] },
            { "op": "create_grant", "resource": "res-crm", "subject": ivo,
              "role": { "app": "editor" }, "environments": ["moon"] } ] }),
        // Refused: a deactivated user's grants are frozen.
        json!({ "changes": [
            { "op": "create_grant", "resource": "res-crm",
              "subject": { "type": "user", "id": "usr-12345-hbos" },
              "role": { "app": "editor" }, "environments": ["staging"] } ] }),
        // Accepted in this order: the Owner handed over within one set.
        json!({ "changes": [
            { "op": "delete_grant", "grant": "grant-2", "version": 1 },
            { "op": "create_grant", "resource": "res-crm", "subject": ivo,
              "role": { "app": "owner" }, "environments": ["production", "staging", "development"] } ] }),
        // A dry run changes nothing on either side.
        json!({ "dry_run": true, "changes": [
            { "op": "delete_grant", "grant": "grant-5", "version": 1 } ] }),
        // Accepted: a group created with a member and a grant, naming it before it exists.
        json!({ "changes": [
            { "op": "add_member", "group": "grp-auditors", "user": "usr-12345-imulder" },
            { "op": "create_grant", "resource": "res-insights",
              "subject": { "type": "group", "id": "grp-auditors" },
              "role": { "app": "editor" }, "environments": ["staging"] },
            { "op": "create_group", "group": "grp-auditors", "name": " Auditors ",
              "description": "Reviewers" } ] }),
        // Refused: a name another group has, in other letter case.
        json!({ "changes": [ { "op": "create_group", "name": "ict" } ] }),
        // Stale: a rename at a version the group no longer has.
        json!({ "changes": [
            { "op": "rename_group", "group": "grp-support", "version": 9, "name": "Helpdesk" } ] }),
        // Refused: a group deleted and named again in one set.
        json!({ "changes": [
            { "op": "delete_group", "group": "grp-auditors", "version": 1 },
            { "op": "remove_member", "group": "grp-auditors", "user": "usr-12345-imulder" } ] }),
        // Accepted: renamed and a member taken out in one set.
        json!({ "changes": [
            { "op": "rename_group", "group": "grp-auditors", "version": 1, "name": "Reviewers" },
            { "op": "remove_member", "group": "grp-auditors", "user": "usr-12345-imulder" } ] }),
        // Refused by the guard: ICT is the only Owner of Salesforce Sync.
        json!({ "changes": [ { "op": "delete_group", "group": "grp-ict", "version": 1 } ] }),
        // Accepted: a new user, in Support from the start.
        json!({ "changes": [
            { "op": "add_member", "group": "grp-support", "user": "usr-12345-lnieuw" },
            { "op": "create_user", "user": "usr-12345-lnieuw", "code": "12345.LNieuw",
              "name": "Lotte Nieuw", "email": "l.nieuw@northwind.example" } ] }),
        // Refused: the code and the email are taken (letter case aside).
        json!({ "changes": [
            { "op": "create_user", "code": "12345.lnieuw", "name": "Lotte Twee",
              "email": "L.Nieuw@northwind.example" } ] }),
        // Accepted: the organisation's precedence rule (Britt's own Preview Only now wins).
        json!({ "changes": [ { "op": "set_precedence", "precedence": "most_specific_wins" } ] }),
        // Refused by the guard: Gijs is HR Database's only Owner.
        json!({ "changes": [
            { "op": "set_user_status", "user": "usr-12345-gmeijer", "version": 1,
              "status": "deactivated" } ] }),
        // Accepted: Koen renamed (his email in another case), Carlos switched off.
        json!({ "changes": [
            { "op": "update_user", "user": "usr-12345-kpeters", "version": 1,
              "name": " Koen Pieters ", "email": "Koen.Peters@northwind.example",
              "flags": { "windows": true, "insite": false, "pocket": true }, "status": "active" },
            { "op": "set_user_status", "user": "usr-12345-cjansen", "version": 1,
              "status": "deactivated" } ] }),
        // Stale: Koen is at version 2 now.
        json!({ "changes": [
            { "op": "set_user_status", "user": "usr-12345-kpeters", "version": 1,
              "status": "deactivated" } ] }),
        // Refused: Dirk's email taken by Koen (letter case aside).
        json!({ "changes": [
            { "op": "update_user", "user": "usr-12345-dbakker", "version": 1,
              "name": "Dirk Bakker", "email": "KOEN.PETERS@northwind.example",
              "flags": { "windows": true, "insite": false, "pocket": false }, "status": "active" } ] }),
        // Accepted: a data environment, granted in the same set.
        json!({ "changes": [
            { "op": "create_grant", "resource": "res-salesforce", "subject": ivo,
              "role": { "connector": "use_only" }, "environments": ["acceptance", "production"] },
            { "op": "create_data_environment", "environment": "acceptance", "name": " Acceptance " } ] }),
        // Refused: a name another data environment has, in other letter case.
        json!({ "changes": [ { "op": "create_data_environment", "name": "STAGING" } ] }),
        // Stale: a rename at a version it does not have.
        json!({ "changes": [
            { "op": "rename_data_environment", "environment": "acceptance", "version": 9,
              "name": "Pre-production" } ] }),
        // Refused: a built-in stays.
        json!({ "changes": [
            { "op": "delete_data_environment", "environment": "staging", "version": 1 } ] }),
        // Accepted: renamed, then deleted (Ivo keeps Use Only in Production only).
        json!({ "changes": [
            { "op": "rename_data_environment", "environment": "acceptance", "version": 1,
              "name": "Pre-production" },
            { "op": "create_grant", "resource": "res-ledger", "subject": ivo,
              "role": { "connector": "editor" }, "environments": ["acceptance"] } ] }),
        json!({ "changes": [
            { "op": "delete_data_environment", "environment": "acceptance", "version": 2 } ] }),
    ];
    // What each step must come to (200 = applied), so the two sides cannot agree vacuously.
    let expected = [
        200, 412, 409, 422, 409, 200, 200, 200, 409, 412, 422, 200, 409, 200, 409, 200, 409, 200,
        412, 409, 200, 409, 412, 409, 200, 200,
    ];
    for (step, set) in script.iter().enumerate() {
        let server = on_server(&client, &studio.base, set).await;
        let store = in_demo(&mut demo, set);
        let status = match &server {
            Answer::Applied(cells) => {
                assert!(!cells.is_empty(), "step {step} changes someone's access");
                200
            }
            Answer::Refused(status, _, _) => *status,
        };
        assert_eq!(status, expected[step], "step {step}: {server:?}");
        match (&server, &store) {
            // The server's 412 names the If-Match field, the store's carries none; the
            // sentence (naming what went stale, and both versions) is the same.
            (Answer::Refused(412, server, _), Answer::Refused(412, store, _)) => {
                assert_eq!(server, store, "step {step}: {set}");
            }
            _ => assert_eq!(server, store, "step {step}: {set}"),
        }
        assert_eq!(
            server_grants(&client, &studio.base).await,
            demo_grants(&demo),
            "grants after step {step}"
        );
        assert_eq!(
            server_groups(&client, &studio.base).await,
            demo_groups(&demo),
            "groups after step {step}"
        );
        assert_eq!(
            server_users(&client, &studio.base).await,
            demo_users(&demo),
            "users after step {step}"
        );
        assert_eq!(
            get::<Vec<DataEnvironmentView>>(
                &client,
                &format!("{}{ENV}/data-environments", studio.base)
            )
            .await,
            data_environment_views(&demo),
            "data environments after step {step}"
        );
    }
    studio.stop().await;
}
