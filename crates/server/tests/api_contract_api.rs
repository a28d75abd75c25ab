//! The API contract over real HTTP (#17): every error is JSON `{error, field}` — also those the
//! framework makes (a bad query string, a method the path does not have, a body over the
//! limit); 405 comes before the CSRF refusal; paging bounds are refused, not clamped; a JSON
//! value of the wrong shape is not called malformed JSON; a variant tag must be a name; an
//! `If-Match` is exactly one version; and the OpenAPI document states enums, bounds, the 503
//! and the links between operations.

mod common;

use common::{spawn_app, Backend, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

on_both_backends!(
    framework_errors_are_json_with_the_field,
    a_missing_method_is_405_before_the_csrf_check,
    paging_bounds_are_refused_not_clamped,
    bodies_are_read_as_their_schema_says,
    if_match_is_exactly_one_version,
);

const ENV: &str = "/api/v1/environments/O12345AA";

async fn error_of(response: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("application/json"), "content type {kind}");
    let body: Value = response.json().await.expect("a JSON body");
    assert!(body["error"].is_string(), "{body}");
    body
}

async fn framework_errors_are_json_with_the_field(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    let body = error_of(
        app.get(&format!("{ENV}/users?limit=abc")).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(body["field"], "limit", "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("invalid `limit`"),
        "{body}"
    );

    let body = error_of(
        app.get(&format!("{ENV}/users?limt=3")).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(body["error"], "unknown query parameter `limt`");
    assert_eq!(body["field"], "limt");

    let body = error_of(
        app.get(&format!("{ENV}/resources?kind=table")).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(body["field"], "kind", "{body}");

    // A path parameter that is not UTF-8: the framework's refusal, as JSON naming it.
    let body = error_of(
        app.get(&format!("{ENV}/users/%FF")).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(body["field"], "code", "{body}");

    // A body over the limit: the framework's own refusal, as JSON.
    let huge = format!("{{\"name\": \"{}\"}}", "a".repeat(300 * 1024));
    let body = error_of(
        app.post_json(&format!("{ENV}/groups"), &huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert!(
        body["error"].as_str().unwrap().contains("too large"),
        "{body}"
    );
}

async fn a_missing_method_is_405_before_the_csrf_check(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    // No CSRF header: the path has no PATCH, so that is what the caller learns.
    let response = app
        .client
        .request(Method::PATCH, app.url(&format!("{ENV}/groups")))
        .send()
        .await
        .unwrap();
    let allow = response.headers()["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    let body = error_of(response, StatusCode::METHOD_NOT_ALLOWED).await;
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("PATCH is not allowed"),
        "{body}"
    );

    // With the header it is the same 405.
    let response = app
        .send(
            &app.client,
            Method::PATCH,
            &format!("{ENV}/groups"),
            None,
            None,
        )
        .await;
    error_of(response, StatusCode::METHOD_NOT_ALLOWED).await;

    // An unknown path is 404 without the header too.
    let response = app
        .client
        .post(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    let body = error_of(response, StatusCode::NOT_FOUND).await;
    assert_eq!(body["field"], "path");

    // A method the path has, without the header: still the CSRF refusal.
    let response = app
        .client
        .post(app.url(&format!("{ENV}/groups")))
        .send()
        .await
        .unwrap();
    let body = error_of(response, StatusCode::FORBIDDEN).await;
    assert!(
        body["error"].as_str().unwrap().contains("x-gatehouse-csrf"),
        "{body}"
    );
}

async fn paging_bounds_are_refused_not_clamped(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    for (query, field) in [
        ("per_page=0", "per_page"),
        ("per_page=201", "per_page"),
        ("per_page=2147483648", "per_page"),
        ("page=0", "page"),
    ] {
        let response = app.get(&format!("{ENV}/audit?{query}")).await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
            "{query}: {status} {body}"
        );
        assert_eq!(body["field"], field, "{query}: {body}");
    }
    assert_eq!(
        app.get(&format!("{ENV}/audit?per_page=200")).await.status(),
        200
    );
    assert_eq!(
        app.get(&format!("{ENV}/audit?unknown=1")).await.status(),
        400
    );
}

async fn bodies_are_read_as_their_schema_says(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    // Well-formed JSON whose role has no ladder: a shape error naming `role`.
    let response = app
        .post_json(
            &format!("{ENV}/resources/res-crm/grants"),
            r#"{"subject": {"type": "all_users"}, "role": {}, "environments": ["production"]}"#,
        )
        .await;
    let body = error_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["field"], "role", "{body}");
    assert!(
        !body["error"].as_str().unwrap().contains("malformed"),
        "{body}"
    );

    // A variant tag given as a number is not read as the variant's index.
    let response = app
        .post_json(
            &format!("{ENV}/changes"),
            r#"{"changes": [{"op": 0, "name": "Zero"}]}"#,
        )
        .await;
    let body = error_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["field"], "changes[0].op", "{body}");

    // An unknown field beside a predicate's `all` is refused, not ignored.
    let response = app
        .post_json(
            &format!("{ENV}/tables/tbl-employees/filters"),
            r#"{"name": "Everyone", "predicate": {"op": "not", "of": {"op": "all", "extra": 1}}}"#,
        )
        .await;
    let body = error_of(response, StatusCode::BAD_REQUEST).await;
    assert!(body["error"].as_str().unwrap().contains("extra"), "{body}");

    // A number with a zero fraction is the integer it equals (JSON Schema's `integer`).
    let response = app
        .post_json(
            &format!("{ENV}/changes"),
            r#"{"dry_run": true, "changes": [
                {"op": "create_group", "group": "grp-floaty", "name": "Floaty"},
                {"op": "create_grant", "resource": "res-crm", "subject": {"type": "group", "id": "grp-floaty"},
                 "role": {"app": "preview_only"}, "environments": ["production"], "expires_at": 4102444800.0}
            ]}"#,
        )
        .await;
    assert!(
        response.status().is_success(),
        "{}",
        response.text().await.unwrap()
    );
}

async fn if_match_is_exactly_one_version(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    for tag in ["\"1", "*", "1234567890123456789", "W/\"1\""] {
        let response = app
            .client
            .put(app.url(&format!("{ENV}/groups/grp-support")))
            .header("x-gatehouse-csrf", "1")
            .header("if-match", tag)
            .json(&json!({"name": "Support"}))
            .send()
            .await
            .unwrap();
        let body = error_of(response, StatusCode::BAD_REQUEST).await;
        assert_eq!(body["field"], "if-match", "{tag}: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_states_enums_bounds_the_503_and_links() {
    let app: TestApp = spawn_app(Backend::Sqlite).await;
    let document: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let schemas = &document["components"]["schemas"];
    // Roles and subjects are described, not bare objects.
    assert_eq!(schemas["RoleSchema"]["oneOf"].as_array().unwrap().len(), 2);
    assert_eq!(
        schemas["SubjectSchema"]["oneOf"].as_array().unwrap().len(),
        3
    );
    assert_eq!(
        schemas["ConnectorKindSchema"]["enum"],
        json!(["get", "update"])
    );
    // Names are bounded and patterned; request objects are closed; ids constrained.
    let group = &schemas["GroupFields"];
    assert_eq!(group["properties"]["name"]["maxLength"], 80);
    assert_eq!(group["properties"]["name"]["minLength"], 1);
    assert!(group["properties"]["name"]["pattern"].is_string());
    let token = &schemas["NewToken"];
    assert_eq!(token["additionalProperties"], false);
    assert_eq!(token["properties"]["user"]["maxLength"], 128);
    // Every operation may answer the load shedder's 503.
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                operation["responses"].get("503").is_some(),
                "{method} {path} does not document 503"
            );
        }
    }
    // Paging bounds.
    let audit = &document["paths"]["/api/v1/environments/{env}/audit"]["get"]["parameters"];
    let per_page = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "per_page")
        .unwrap();
    assert_eq!(per_page["schema"]["maximum"], 200);
    assert_eq!(per_page["schema"]["minimum"], 1);
    // Creating a group links to reading, renaming and deleting it.
    let links = &document["paths"]["/api/v1/environments/{env}/groups"]["post"]["responses"]["201"]
        ["links"];
    assert_eq!(links["GetGroup"]["operationId"], "get_group");
    assert_eq!(
        links["RenameGroup"]["parameters"]["id"],
        "$response.body#/id"
    );
}
