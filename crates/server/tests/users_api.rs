//! The users API over real HTTP, on SQLite and PostgreSQL.

mod common;

use common::{spawn_app, spawn_app_with_dist, Backend, TestApp};
use gatehouse_wire::{ErrorBody, Health, UserList, UserStatus, UserSummary};
use reqwest::StatusCode;

const USERS: &str = "/api/v1/environments/O12345AA/users";

async fn error_of(response: reqwest::Response) -> ErrorBody {
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "errors are JSON"
    );
    response.json().await.expect("error body")
}

async fn user_count(app: &TestApp) -> usize {
    app.get(USERS)
        .await
        .json::<UserList>()
        .await
        .expect("user list")
        .total
}

on_both_backends!(
    health_names_the_database,
    lists_the_demo_users_with_status_and_groups,
    unknown_environment_is_a_json_404_naming_the_field,
    unknown_user_is_a_json_404_naming_the_code,
    reads_one_user_with_its_version_as_etag,
    malformed_json_is_a_400_saying_where,
    wrong_type_is_a_400_naming_the_field,
    unknown_field_is_rejected,
    malformed_user_code_is_a_422_on_code,
    user_code_of_another_participant_is_refused,
    pocket_without_windows_or_insite_is_refused,
    duplicate_email_is_a_409_and_writes_nothing,
    non_json_body_is_a_415,
    oversized_body_is_a_413,
    created_user_is_listed,
    unknown_api_path_is_a_json_404,
    environments_list_production_first,
    a_first_page_has_the_first_users_by_name_and_counts_all,
    a_limit_outside_its_range_is_refused_naming_limit,
);

async fn health_names_the_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let health: Health = app.get("/api/v1/health").await.json().await.unwrap();
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(health.database, expected);
}

async fn lists_the_demo_users_with_status_and_groups(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get(USERS).await;
    assert_eq!(response.status(), StatusCode::OK);
    let list: UserList = response.json().await.unwrap();
    assert_eq!(list.environment, "O12345AA");
    assert_eq!(list.total, 11);
    assert_eq!(list.items.len(), 11);
    let names: Vec<&str> = list.items.iter().map(|u| u.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "ordered by name");
    let hana = list.items.iter().find(|u| u.code == "12345.HBos").unwrap();
    assert_eq!(hana.status, UserStatus::Deactivated);
    let anna = list
        .items
        .iter()
        .find(|u| u.code == "12345.AdeVries")
        .unwrap();
    assert!(anna.account_owner);
    let emre = list
        .items
        .iter()
        .find(|u| u.code == "12345.EVisser")
        .unwrap();
    let groups: Vec<&str> = emre.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, ["ICT", "Support"]);
    let jasmijn = list
        .items
        .iter()
        .find(|u| u.code == "12345.JDekker")
        .unwrap();
    assert_eq!(jasmijn.email, None);
}

async fn a_first_page_has_the_first_users_by_name_and_counts_all(backend: Backend) {
    let app = spawn_app(backend).await;
    let all: UserList = app.get(USERS).await.json().await.unwrap();
    let response = app.get(&format!("{USERS}?limit=4")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: UserList = response.json().await.unwrap();
    assert_eq!(page.total, 11, "total counts every user, not the page");
    assert_eq!(
        page.items,
        all.items[..4],
        "the first four of the full list, same order"
    );
    let beyond: UserList = app
        .get(&format!("{USERS}?limit=50"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((beyond.total, beyond.items.len()), (11, 11));
}

async fn a_limit_outside_its_range_is_refused_naming_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    for limit in ["0", "-3", "10001"] {
        let response = app.get(&format!("{USERS}?limit={limit}")).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "limit={limit}"
        );
        let error = error_of(response).await;
        assert_eq!(error.field.as_deref(), Some("limit"));
        assert!(
            error.error.contains("between 1 and 10000"),
            "{}",
            error.error
        );
    }
    let response = app.get(&format!("{USERS}?limit=many")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = app.get(&format!("{USERS}?page=2")).await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "unknown parameters are refused"
    );
}

async fn unknown_environment_is_a_json_404_naming_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/api/v1/environments/O99999ZZ/users").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error = error_of(response).await;
    assert_eq!(error.error, "no environment `O99999ZZ`");
    assert_eq!(error.field.as_deref(), Some("environment"));
}

async fn unknown_user_is_a_json_404_naming_the_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get(&format!("{USERS}/12345.Nobody")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error = error_of(response).await;
    assert_eq!(error.error, "no user `12345.Nobody`");
    assert_eq!(error.field.as_deref(), Some("code"));
}

async fn reads_one_user_with_its_version_as_etag(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get(&format!("{USERS}/12345.BWilliams")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get("etag").unwrap(), "\"1\"");
    let user: UserSummary = response.json().await.unwrap();
    assert_eq!(user.name, "Britt Williams");
    assert_eq!(user.groups.len(), 1);
}

async fn malformed_json_is_a_400_saying_where(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post_json(USERS, r#"{"code": "12345.New", "name": "#)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error = error_of(response).await;
    assert!(
        error.error.starts_with("malformed JSON at line 1 column"),
        "{}",
        error.error
    );
}

async fn wrong_type_is_a_400_naming_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = r#"{"code": "12345.New", "name": "New", "flags": {"windows": "yes", "insite": false, "pocket": false}}"#;
    let response = app.post_json(USERS, body).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error = error_of(response).await;
    assert_eq!(error.field.as_deref(), Some("flags.windows"));
    assert!(error.error.contains("invalid type"), "{}", error.error);
}

async fn unknown_field_is_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post_json(
            USERS,
            r#"{"code": "12345.New", "name": "New", "role": "admin"}"#,
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error = error_of(response).await;
    assert!(
        error.error.contains("unknown field `role`"),
        "{}",
        error.error
    );
}

async fn malformed_user_code_is_a_422_on_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post_json(USERS, r#"{"code": "BWilliams", "name": "B"}"#)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = error_of(response).await;
    assert_eq!(error.field.as_deref(), Some("code"));
    assert!(error.error.contains("`BWilliams`"), "{}", error.error);
    assert_eq!(user_count(&app).await, 11);
}

async fn user_code_of_another_participant_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post_json(USERS, r#"{"code": "98765.Someone", "name": "S"}"#)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = error_of(response).await;
    assert_eq!(
        error.error,
        "user code 98765.Someone does not belong to this organisation, whose codes start with 12345"
    );
}

async fn pocket_without_windows_or_insite_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = r#"{"code": "12345.Pocket", "name": "P", "flags": {"windows": false, "insite": false, "pocket": true}}"#;
    let response = app.post_json(USERS, body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(response).await.field.as_deref(),
        Some("flags.pocket")
    );
}

async fn duplicate_email_is_a_409_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = r#"{"code": "12345.Copy", "name": "Copy", "email": "b.williams@northwind.example"}"#;
    let response = app.post_json(USERS, body).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let error = error_of(response).await;
    assert_eq!(error.field.as_deref(), Some("email"), "{error:?}");
    assert_eq!(user_count(&app).await, 11);
}

async fn non_json_body_is_a_415(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .client
        .post(app.url(USERS))
        .header("x-gatehouse-csrf", "1")
        .body("code=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(error_of(response).await.error.contains("application/json"));
}

async fn oversized_body_is_a_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let name = "x".repeat(400 * 1024);
    let response = app
        .post_json(
            USERS,
            &format!(r#"{{"code": "12345.Big", "name": "{name}"}}"#),
        )
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(error_of(response).await.error.contains("too large"));
    assert_eq!(user_count(&app).await, 11);
}

async fn created_user_is_listed(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = r#"{"code": "12345.LNieuw", "name": "Lotte Nieuw", "email": "Lotte@Northwind.example", "flags": {"windows": true, "insite": false, "pocket": true}}"#;
    let response = app.post_json(USERS, body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers().get("etag").unwrap(), "\"1\"");
    let created: UserSummary = response.json().await.unwrap();
    assert_eq!(created.status, UserStatus::Active);
    assert!(created.flags.pocket);
    let list: UserList = app.get(USERS).await.json().await.unwrap();
    assert_eq!(list.total, 12);
    assert!(list.items.iter().any(|u| u.code == "12345.LNieuw"));
}

async fn unknown_api_path_is_a_json_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/api/v1/nothing-here").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        error_of(response).await.error,
        "no API endpoint `GET /api/v1/nothing-here`"
    );
}

async fn environments_list_production_first(backend: Backend) {
    let app = spawn_app(backend).await;
    let envs: Vec<gatehouse_wire::EnvironmentInfo> =
        app.get("/api/v1/environments").await.json().await.unwrap();
    let codes: Vec<&str> = envs.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["O12345AA", "A12345AA", "T12345AA"]);
}

#[tokio::test]
async fn demo_data_loads_once_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let config = gatehouse_server::Config::local(
        format!("sqlite://{}", dir.path().join("again.db").display()),
        dir.path().join("dist"),
    );
    for _ in 0..2 {
        let state = gatehouse_server::prepare(&config).await.unwrap();
        assert_eq!(state.store.list_users("O12345AA").await.unwrap().len(), 11);
        state.store.close().await;
    }
}

/// A `dist/` folder holding only the studio page, `<title>studio</title>`.
fn built_studio() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>studio</title>",
    )
    .unwrap();
    dist
}

#[tokio::test]
async fn deep_links_serve_the_studio_page() {
    let dist = built_studio();
    let app = spawn_app_with_dist(Backend::Sqlite, Some(dist.path().to_path_buf())).await;
    let response = app.get("/users/12345.BWilliams").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("<title>studio</title>"));
}

#[tokio::test]
async fn a_missing_file_of_a_build_is_a_404_not_the_studio_page() {
    let dist = built_studio();
    let pkg = dist.path().join("pkg-0123456789abcdef");
    std::fs::create_dir(&pkg).unwrap();
    std::fs::write(pkg.join("gatehouse-studio_bg.wasm"), b"\0asm").unwrap();
    let app = spawn_app_with_dist(Backend::Sqlite, Some(dist.path().to_path_buf())).await;

    let present = app
        .get("/pkg-0123456789abcdef/gatehouse-studio_bg.wasm")
        .await;
    assert_eq!(present.status(), StatusCode::OK);
    assert_eq!(
        present.headers().get("content-type").unwrap(),
        "application/wasm"
    );
    // A chunk of an earlier build, asked for by a page loaded before a redeploy.
    let stale = app
        .get("/pkg-fedcba9876543210/split_data_area_1.wasm")
        .await;
    assert_eq!(stale.status(), StatusCode::NOT_FOUND);
    assert!(!stale
        .text()
        .await
        .unwrap()
        .contains("<title>studio</title>"));
    // Every other unknown path is still a deep link into the studio.
    let page = app.get("/tables/tbl-1").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("<title>studio</title>"));
}

#[tokio::test]
async fn a_missing_file_such_as_the_favicon_is_a_404_and_a_user_code_is_still_a_view() {
    let dist = built_studio();
    std::fs::write(
        dist.path().join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let app = spawn_app_with_dist(Backend::Sqlite, Some(dist.path().to_path_buf())).await;
    for missing in ["/favicon.ico", "/robots.txt", "/apple-touch-icon.PNG"] {
        let response = app.get(missing).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
        assert!(
            !response
                .text()
                .await
                .unwrap()
                .contains("<title>studio</title>"),
            "{missing}"
        );
    }
    let icon = app.get("/favicon.svg").await;
    assert_eq!(icon.status(), StatusCode::OK);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    // A user code has a dot, but is no file: the studio page.
    for view in [
        "/users/12345.BWilliams",
        "/users/12345.BWilliams/permissions",
    ] {
        let page = app.get(view).await;
        assert_eq!(page.status(), StatusCode::OK, "{view}");
        assert!(page.text().await.unwrap().contains("<title>studio</title>"));
    }
}

#[tokio::test]
async fn a_builds_files_are_cached_for_good_and_the_page_is_asked_for_again() {
    let dist = built_studio();
    std::fs::write(dist.path().join("demo.json"), "{}").unwrap();
    let pkg = dist.path().join("pkg-0123456789abcdef");
    std::fs::create_dir(&pkg).unwrap();
    std::fs::write(pkg.join("gatehouse-studio.js"), "export {}").unwrap();
    let app = spawn_app_with_dist(Backend::Sqlite, Some(dist.path().to_path_buf())).await;
    let cache = |response: &reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned())
    };

    let file = app.get("/pkg-0123456789abcdef/gatehouse-studio.js").await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(
        cache(&file).as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    // Asked again (a forced reload), the 304 keeps the file cached for good.
    let since = file.headers().get("last-modified").unwrap().clone();
    let again = app
        .client
        .get(app.url("/pkg-0123456789abcdef/gatehouse-studio.js"))
        .header("if-modified-since", since)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(
        cache(&again).as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    // A missing file of a build must not be remembered: it may be published later.
    let missing = app.get("/pkg-0123456789abcdef/chunk_1.wasm").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(cache(&missing).as_deref(), Some("no-cache"));
    // The page names the current build, so it is always asked for again.
    for path in ["/", "/users/12345.BWilliams", "/index.html", "/demo.json"] {
        let page = app.get(path).await;
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert_eq!(cache(&page).as_deref(), Some("no-cache"), "{path}");
    }
}

#[tokio::test]
async fn json_answers_are_compressed_for_clients_that_accept_it() {
    let app = spawn_app(Backend::Sqlite).await;
    let response = app
        .client
        .get(app.url(USERS))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
}
