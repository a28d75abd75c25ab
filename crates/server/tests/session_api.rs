//! Sign-in, sessions, throttling and the CSRF guard over real HTTP, on both databases.

mod common;

use common::{cookie_client, spawn_app, Backend, OWNER, PASSWORD};
use gatehouse_wire::{ErrorBody, SessionInfo};
use reqwest::StatusCode;

const USERS: &str = "/api/v1/environments/O12345AA/users";

async fn sign_in(
    app: &common::TestApp,
    client: &reqwest::Client,
    code: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/api/v1/session"))
        .header("x-gatehouse-csrf", "1")
        .json(&serde_json::json!({ "code": code, "password": password }))
        .send()
        .await
        .unwrap()
}

on_both_backends!(
    anonymous_requests_are_told_to_sign_in,
    sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it,
    wrong_password_and_unknown_user_get_the_same_answer,
    deactivated_accounts_cannot_sign_in,
    repeated_failures_are_throttled,
    failures_from_another_address_do_not_lock_the_user_out,
    writes_without_the_csrf_header_are_refused,
    only_the_account_owner_adds_users,
);

async fn anonymous_requests_are_told_to_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = reqwest::get(app.url(USERS)).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.json::<ErrorBody>().await.unwrap().error,
        "sign in first"
    );
}

async fn sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = cookie_client();
    let response = sign_in(&app, &client, "12345.BWilliams", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("gatehouse_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // Beside it, a hint the studio may read (no secret: only that a session was opened), so a
    // signed-out page need not ask for the session; sign-out removes both.
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    assert_eq!(
        cookies[1],
        "gatehouse_signed_in=1; Path=/; SameSite=Strict; Max-Age=43200"
    );
    let session: SessionInfo = response.json().await.unwrap();
    assert_eq!(session.user.code, "12345.BWilliams");
    assert_eq!(session.environment.code, "O12345AA");

    let me: SessionInfo = client
        .get(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.user.name, "Britt Williams");

    let out = client
        .delete(app.url("/api/v1/session"))
        .header("x-gatehouse-csrf", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let cleared: Vec<&str> = out
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("gatehouse_session=;") && c.contains("Max-Age=0"))
            && cleared
                .iter()
                .any(|c| c.starts_with("gatehouse_signed_in=;") && c.contains("Max-Age=0")),
        "{cleared:?}"
    );
    let after = client.get(app.url(USERS)).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

async fn wrong_password_and_unknown_user_get_the_same_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = cookie_client();
    let wrong = sign_in(&app, &client, "12345.BWilliams", "nope").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let unknown = sign_in(&app, &client, "12345.Nobody", PASSWORD).await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let (a, b) = (
        wrong.json::<ErrorBody>().await.unwrap(),
        unknown.json::<ErrorBody>().await.unwrap(),
    );
    assert_eq!(a, b);
    assert_eq!(a.error, "unknown user code or wrong password");
    let malformed = sign_in(&app, &client, "BWilliams", PASSWORD).await;
    assert_eq!(malformed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        malformed
            .json::<ErrorBody>()
            .await
            .unwrap()
            .field
            .as_deref(),
        Some("code")
    );
}

async fn deactivated_accounts_cannot_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = sign_in(&app, &cookie_client(), "12345.HBos", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.json::<ErrorBody>().await.unwrap().error,
        "account `12345.HBos` is deactivated"
    );
}

/// Someone who knows the account owner's code fails five times from their own address: they
/// are throttled there, and the account owner still signs in from hers.
async fn failures_from_another_address_do_not_lock_the_user_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let from = |address: &str| {
        reqwest::Client::builder()
            .cookie_store(true)
            .local_address(address.parse::<std::net::IpAddr>().ok())
            .build()
            .unwrap()
    };
    let attacker = from("127.0.0.2");
    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, &attacker, OWNER, "guess").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        sign_in(&app, &attacker, OWNER, PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the guesser is throttled"
    );
    let owner = from("127.0.0.1");
    assert_eq!(
        sign_in(&app, &owner, OWNER, PASSWORD).await.status(),
        StatusCode::OK,
        "the account owner signs in from her own address"
    );
}

async fn repeated_failures_are_throttled(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = cookie_client();
    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, &client, "12345.CJansen", "guess")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let blocked = sign_in(&app, &client, "12345.CJansen", PASSWORD).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers().get("retry-after").is_some());
    // Other accounts are not affected.
    assert_eq!(
        sign_in(&app, &client, "12345.DBakker", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

async fn writes_without_the_csrf_header_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .client
        .post(app.url(USERS))
        .json(&serde_json::json!({ "code": "12345.Forged", "name": "Forged" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response
        .json::<ErrorBody>()
        .await
        .unwrap()
        .error
        .contains("`x-gatehouse-csrf`"));
    let list: gatehouse_wire::UserList = app.get(USERS).await.json().await.unwrap();
    assert_eq!(list.total, 11, "nothing was written");
}

async fn only_the_account_owner_adds_users(backend: Backend) {
    let app = spawn_app(backend).await;
    let britt = app.client_for("12345.BWilliams").await;
    let response = britt
        .post(app.url(USERS))
        .header("x-gatehouse-csrf", "1")
        .json(&serde_json::json!({ "code": "12345.New", "name": "New" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.json::<ErrorBody>().await.unwrap().error,
        "only the account owner may make this change, and you are not the account owner. \
         Ask Anna de Vries (account owner)."
    );
}
