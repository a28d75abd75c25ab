//! Parity: with the same access test saved, the real server and the static demo's store (its
//! own write path, run natively on the demo data the server exports) judge a change set that
//! breaks it alike — the dry run lists the same broken tests; the save is refused with the same
//! status and body; a resource owner's override is refused with 403; the account owner's
//! override saves and reports the tests it overrode.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use gatehouse_policy::{access_test_from_input, AccessTestInput};
use gatehouse_studio::api::ApiFailure;
use gatehouse_studio::demo::{apply_change_set, DemoState, DemoTest};
use gatehouse_wire::{AccessTestView, BrokenTestView, BrokenTestsBody, ChangeSetRequest};
use serde_json::json;
use support::{Studio, OWNER};

const ENV: &str = "/api/v1/environments/O12345AA";

/// Fleur Smit: Owner of CRM Portal, not the account owner.
const FLEUR: &str = "12345.FSmit";

/// What either side answered: the tests a saved (or previewed) set broke, or the refusal.
#[derive(Debug, PartialEq)]
enum Answer {
    Applied(Vec<BrokenTestView>),
    Refused(u16, BrokenTestsBody),
}

async fn on_server(studio: &Studio, client: &reqwest::Client, set: &serde_json::Value) -> Answer {
    let response = client
        .post(studio.url(&format!("{ENV}/changes")))
        .header("x-gatehouse-csrf", "1")
        .json(set)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.expect("json body");
    if status == 200 {
        let broken = serde_json::from_value(body["broken_tests"].clone()).expect("broken tests");
        Answer::Applied(broken)
    } else {
        Answer::Refused(status, serde_json::from_value(body).expect("refusal body"))
    }
}

fn in_demo(state: &mut DemoState, set: &serde_json::Value) -> Answer {
    let request: ChangeSetRequest = serde_json::from_value(set.clone()).expect("request");
    match apply_change_set(state, &request) {
        Ok(result) => Answer::Applied(result.broken_tests),
        Err(ApiFailure::TestsBroken { status, body }) => Answer::Refused(status, body),
        Err(other) => panic!("the demo store answered otherwise: {other:?}"),
    }
}

/// Support's grant on CRM Portal (the seed's third) becomes Publisher: Emre Visser, in ICT and
/// in Support, then has Publisher in Production.
fn support_publisher(dry_run: bool, override_tests: bool) -> serde_json::Value {
    json!({ "dry_run": dry_run, "override_tests": override_tests, "changes": [
        { "op": "update_grant", "grant": "grant-3", "version": 1,
          "role": { "app": "publisher" }, "environments": ["production", "staging"] },
    ]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_and_the_demo_preview_refuse_and_override_a_breaking_set_alike() {
    let mut studio = Studio::start().await;
    let owner = studio.api_client(OWNER).await;
    let fleur = studio.api_client(FLEUR).await;
    let input = json!({
        "name": "ICT at most Editor on CRM",
        "subject": { "type": "group", "id": "grp-ict" },
        "comparison": { "type": "at_most", "role": { "app": "editor" } },
        "resource": "res-crm",
        "environments": ["production"],
    });
    let response = owner
        .post(studio.url(&format!("{ENV}/access-tests")))
        .header("x-gatehouse-csrf", "1")
        .json(&input)
        .send()
        .await
        .expect("add a test");
    assert_eq!(response.status(), 201);
    let saved: AccessTestView = response.json().await.expect("test");

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
    let input: AccessTestInput = serde_json::from_value(input).expect("input");
    let test = access_test_from_input(&demo.policy(), &saved.id, &input).expect("the same test");
    demo.access_tests.push(DemoTest { test, version: 1 });

    // The preview lists the broken test, with the same reasons.
    let preview = on_server(&studio, &owner, &support_publisher(true, false)).await;
    let Answer::Applied(broken) = &preview else {
        panic!("a dry run is answered: {preview:?}");
    };
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].reasons[0].contains("Emre Visser"), "{broken:?}");
    assert_eq!(in_demo(&mut demo, &support_publisher(true, false)), preview);

    // Saving is refused (409) with the same body.
    let refused = on_server(&studio, &owner, &support_publisher(false, false)).await;
    assert!(matches!(refused, Answer::Refused(409, _)), "{refused:?}");
    assert_eq!(
        in_demo(&mut demo, &support_publisher(false, false)),
        refused
    );

    // A resource owner's override is refused (403) with the same body.
    demo.session = Some(FLEUR.to_owned());
    let forbidden = on_server(&studio, &fleur, &support_publisher(false, true)).await;
    assert!(
        matches!(forbidden, Answer::Refused(403, _)),
        "{forbidden:?}"
    );
    assert_eq!(
        in_demo(&mut demo, &support_publisher(false, true)),
        forbidden
    );

    // The account owner's override saves, reporting the test it overrode, and is logged.
    demo.session = Some(OWNER.to_owned());
    let saved = on_server(&studio, &owner, &support_publisher(false, true)).await;
    assert_eq!(saved, preview);
    assert_eq!(in_demo(&mut demo, &support_publisher(false, true)), saved);
    let overrides: Vec<_> = demo
        .audit
        .iter()
        .filter(|e| e.action == "override")
        .map(|e| (e.entity.as_str(), e.entity_id.as_str()))
        .collect();
    assert_eq!(overrides, vec![("access_test", broken[0].test.as_str())]);

    studio.stop().await;
}
