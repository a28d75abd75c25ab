//! The static demo's data (`demo/demo.json`, copied into the studio bundle) is exactly what the
//! server's seed exports — so the server-less demo can never drift from the real one.

#[tokio::test]
async fn committed_demo_json_matches_the_seed() {
    let exported = gatehouse_server::export::demo_snapshot()
        .await
        .expect("export");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/demo.json");
    let committed = std::fs::read_to_string(&path).expect("demo/demo.json exists");
    let committed: gatehouse_wire::demo::DemoSnapshot =
        serde_json::from_str(&committed).expect("valid demo json");
    assert_eq!(
        committed, exported,
        "demo/demo.json is stale: run `cargo run -p gatehouse-server --bin export-demo > demo/demo.json`"
    );
    assert_eq!(exported.users.len(), 11);
    assert!(exported
        .grants
        .iter()
        .any(|g| g.subject.name == "All Users"));
}
