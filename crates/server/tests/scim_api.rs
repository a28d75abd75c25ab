//! SCIM 2.0 provisioning over real HTTP on SQLite and PostgreSQL: a token created in the
//! studio's API provisions users and groups through the change-set path (codes made by the
//! organisation's prefix rule, emails unique, the lock-out guard, the audit log with the
//! token as the actor); deleting a user deactivates it; revoked and foreign tokens are
//! refused; PATCH as Microsoft Entra ID sends it; stale versions and bad filters are named.

mod common;

use common::{spawn_app, Backend, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ENV: &str = "/api/v1/environments/O12345AA";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

on_both_backends!(
    users_and_groups_are_provisioned_through_the_write_path,
    codes_follow_the_prefix_rule_and_names_and_emails_stay_unique,
    deleting_deactivates_and_the_guard_keeps_the_last_owner,
    only_live_tokens_of_the_environment_get_in,
    entra_patches_apply_and_stale_versions_and_bad_filters_are_named,
    the_same_user_provisioned_at_once_is_created_once,
    the_accept_environment_is_provisioned_with_its_own_token,
    a_bulk_request_runs_each_operation_on_its_own_and_resolves_bulk_ids,
);

/// A provisioning token's secret, created through the studio's API.
async fn token(app: &TestApp, name: &str) -> (String, String) {
    let response = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/provisioning/tokens"),
            None,
            Some(json!({ "name": name })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let issued: Value = response.json().await.unwrap();
    let secret = issued["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("gh_scim_"));
    (secret, issued["token"]["id"].as_str().unwrap().to_owned())
}

/// A SCIM call with the bearer token; the status and the JSON body (null when none).
async fn scim(
    app: &TestApp,
    secret: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .request(method, app.url(&format!("/scim/v2/O12345AA{path}")))
        .bearer_auth(secret);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/scim+json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("request failed");
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn jan() -> Value {
    json!({
        "schemas": [USER],
        "userName": "j.jansen@contoso.com",
        "displayName": "Jan Jansen",
        "name": {"givenName": "Jan", "familyName": "Jansen"},
        "emails": [{"value": "j.jansen@contoso.com", "type": "work", "primary": true}],
        "externalId": "e-42",
    })
}

async fn users_and_groups_are_provisioned_through_the_write_path(backend: Backend) {
    let app = spawn_app(backend).await;
    let (secret, _) = token(&app, "Entra").await;
    let (status, user) = scim(&app, &secret, Method::POST, "/Users", Some(jan())).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    let id = user["id"].as_str().unwrap().to_owned();
    assert_eq!(user["userName"], "j.jansen@contoso.com");
    assert_eq!(user["name"]["givenName"], "Jan");
    assert!(
        user.get("active").is_none(),
        "sent without, read without: {user}"
    );
    // Gatehouse made the code by the prefix rule and keeps the user like any other.
    let users: Value = app.get(&format!("{ENV}/users")).await.json().await.unwrap();
    let listed = users["items"]
        .as_array()
        .and_then(|list| list.iter().find(|u| u["id"] == id.as_str()))
        .cloned()
        .unwrap_or_else(|| panic!("{id} not in {users}"));
    assert_eq!(listed["code"], "12345.jjansen");
    assert_eq!(listed["email"], "j.jansen@contoso.com");
    // Found by userName regardless of case, as identity providers look users up.
    let (status, found) = scim(
        &app,
        &secret,
        Method::GET,
        "/Users?filter=userName%20eq%20%22J.JANSEN%40contoso.com%22",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["totalResults"], 1);
    assert_eq!(found["Resources"][0]["id"], id.as_str());
    // A group with the new user and a seeded one as members.
    let group = json!({
        "schemas": [GROUP],
        "displayName": "Field Service",
        "members": [{"value": id}, {"value": "usr-12345-bwilliams"}],
    });
    let (status, created) = scim(&app, &secret, Method::POST, "/Groups", Some(group)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["members"].as_array().map(Vec::len), Some(2));
    let (_, read) = scim(&app, &secret, Method::GET, &format!("/Users/{id}"), None).await;
    assert_eq!(read["groups"][0]["display"], "Field Service");
    // Audited with the token as the actor: the user, and the group with its members.
    let audit: Value = app
        .get(&format!("{ENV}/audit?actor=scim:Entra"))
        .await
        .json()
        .await
        .unwrap();
    let entities: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entity"].as_str().unwrap())
        .collect();
    assert_eq!(entities, ["group", "user"], "{audit}");
}

async fn codes_follow_the_prefix_rule_and_names_and_emails_stay_unique(backend: Backend) {
    let app = spawn_app(backend).await;
    let (secret, _) = token(&app, "Okta").await;
    let with = |user_name: &str, email: &str| {
        json!({"schemas": [USER], "userName": user_name, "displayName": "Someone",
               "emails": [{"value": email, "primary": true}]})
    };
    let cases = [
        (
            with("54321.JJansen", "a@x.nl"),
            StatusCode::BAD_REQUEST,
            "invalidValue",
        ),
        (
            with("12345.AdeVries", "b@x.nl"),
            StatusCode::CONFLICT,
            "uniqueness",
        ),
        (
            with("someone@x.nl", "anna.devries@northwind.example"),
            StatusCode::CONFLICT,
            "uniqueness",
        ),
        (
            json!({"schemas": [USER], "displayName": "No login"}),
            StatusCode::BAD_REQUEST,
            "invalidValue",
        ),
    ];
    for (body, status, scim_type) in cases {
        let (got, error) = scim(&app, &secret, Method::POST, "/Users", Some(body.clone())).await;
        assert_eq!(got, status, "{body} → {error}");
        assert_eq!(error["scimType"], scim_type, "{error}");
        assert_eq!(
            error["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
    }
    let (status, _) = scim(&app, &secret, Method::POST, "/Users", Some(jan())).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = scim(&app, &secret, Method::POST, "/Users", Some(jan())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    // A bare code gets the organisation's number.
    let (status, bare) = scim(
        &app,
        &secret,
        Method::POST,
        "/Users",
        Some(with("PKlaassen", "p@x.nl")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{bare}");
    assert_eq!(bare["userName"], "PKlaassen");
}

async fn deleting_deactivates_and_the_guard_keeps_the_last_owner(backend: Backend) {
    let app = spawn_app(backend).await;
    let (secret, _) = token(&app, "Entra").await;
    // Fleur is the only Owner of CRM Portal: she stays.
    let (status, error) = scim(
        &app,
        &secret,
        Method::DELETE,
        "/Users/usr-12345-fsmit",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["scimType"], "mutability");
    assert!(
        error["detail"].as_str().unwrap().contains("CRM Portal"),
        "{error}"
    );
    let (status, fleur) = scim(&app, &secret, Method::GET, "/Users/usr-12345-fsmit", None).await;
    assert_eq!(
        (status, fleur["active"].clone()),
        (StatusCode::OK, json!(true))
    );
    // Emre is deactivated, kept in Gatehouse, and no longer a SCIM resource.
    let (status, _) = scim(
        &app,
        &secret,
        Method::DELETE,
        "/Users/usr-12345-evisser",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = scim(&app, &secret, Method::GET, "/Users/usr-12345-evisser", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let emre: Value = app
        .get(&format!("{ENV}/users/12345.EVisser"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(emre["status"], "deactivated", "{emre}");
}

async fn only_live_tokens_of_the_environment_get_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let (secret, id) = token(&app, "Entra").await;
    let plain = reqwest::Client::new();
    let no_token = plain
        .get(app.url("/scim/v2/O12345AA/Users"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
    let elsewhere = plain
        .get(app.url("/scim/v2/A12345AA/Users"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = scim(&app, &secret, Method::GET, "/ServiceProviderConfig", None).await;
    assert_eq!(status, StatusCode::OK);
    let revoked = app
        .send(
            &app.client,
            Method::POST,
            &format!("{ENV}/provisioning/tokens/{id}/revoke"),
            None,
            None,
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let (status, error) = scim(&app, &secret, Method::GET, "/Users", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        error["detail"].as_str().unwrap().contains("revoked"),
        "{error}"
    );
    // The studio lists the calls, the refused ones too (the one without a token came first;
    // the one to another environment is that environment's).
    let overview: Value = app
        .get(&format!("{ENV}/provisioning"))
        .await
        .json()
        .await
        .unwrap();
    let calls: Vec<(i64, bool)> = overview["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["status"].as_i64().unwrap(), c["token"].is_string()))
        .collect();
    assert_eq!(
        calls,
        [(401, true), (200, true), (401, false)],
        "{overview}"
    );
    assert!(overview["base_url"]
        .as_str()
        .unwrap()
        .ends_with("/scim/v2/O12345AA"));
    // A plain user sees none of it.
    let britt = app.client_for("12345.BWilliams").await;
    let refused = britt
        .get(app.url(&format!("{ENV}/provisioning")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

async fn entra_patches_apply_and_stale_versions_and_bad_filters_are_named(backend: Backend) {
    let app = spawn_app(backend).await;
    let (secret, _) = token(&app, "Entra").await;
    let (_, user) = scim(&app, &secret, Method::POST, "/Users", Some(jan())).await;
    let id = user["id"].as_str().unwrap().to_owned();
    let off = json!({"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]});
    let (status, patched) = scim(
        &app,
        &secret,
        Method::PATCH,
        &format!("/Users/{id}"),
        Some(off),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["active"], false);
    let (_, group) = scim(
        &app,
        &secret,
        Method::POST,
        "/Groups",
        Some(json!({"schemas": [GROUP], "displayName": "Night Shift"})),
    )
    .await;
    let gid = group["id"].as_str().unwrap().to_owned();
    let add = json!({"schemas": [PATCH], "Operations": [{"op": "Add", "path": "members", "value": [{"value": "usr-12345-bwilliams"}, {"value": "usr-12345-cjansen"}]}]});
    let (status, added) = scim(
        &app,
        &secret,
        Method::PATCH,
        &format!("/Groups/{gid}"),
        Some(add),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["members"].as_array().map(Vec::len), Some(2));
    let remove = json!({"schemas": [PATCH], "Operations": [{"op": "remove", "path": "members[value eq \"usr-12345-bwilliams\"]"}]});
    let (_, removed) = scim(
        &app,
        &secret,
        Method::PATCH,
        &format!("/Groups/{gid}"),
        Some(remove),
    )
    .await;
    assert_eq!(
        removed["members"][0]["value"], "usr-12345-cjansen",
        "{removed}"
    );
    // A write against an older version is refused, and changes nothing.
    let stale = reqwest::Client::new()
        .put(app.url(&format!("/scim/v2/O12345AA/Groups/{gid}")))
        .bearer_auth(&secret)
        .header("if-match", group["meta"]["version"].as_str().unwrap())
        .header("content-type", "application/scim+json")
        .body(json!({"schemas": [GROUP], "displayName": "Day Shift"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let (_, still) = scim(&app, &secret, Method::GET, &format!("/Groups/{gid}"), None).await;
    assert_eq!(still["displayName"], "Night Shift");
    let (status, error) = scim(
        &app,
        &secret,
        Method::GET,
        "/Users?filter=userName%20eqq%20%22x%22",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["scimType"], "invalidFilter");
    // Deleting the group takes it away.
    let (status, _) = scim(
        &app,
        &secret,
        Method::DELETE,
        &format!("/Groups/{gid}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = scim(&app, &secret, Method::GET, &format!("/Groups/{gid}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn the_same_user_provisioned_at_once_is_created_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (secret, _) = token(&app, "Entra").await;
    let url = app.url("/scim/v2/O12345AA/Users");
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let (url, secret) = (url.clone(), secret.clone());
            tokio::spawn(async move {
                reqwest::Client::new()
                    .post(url)
                    .bearer_auth(secret)
                    .header("content-type", "application/scim+json")
                    .body(jan().to_string())
                    .send()
                    .await
                    .expect("request failed")
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for call in calls {
        statuses.push(call.await.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409, 409, 409]);
    let (_, found) = scim(
        &app,
        &secret,
        Method::GET,
        "/Users?filter=externalId%20eq%20%22e-42%22",
        None,
    )
    .await;
    assert_eq!(found["totalResults"], 1, "{found}");
}

async fn the_accept_environment_is_provisioned_with_its_own_token(backend: Backend) {
    let app = spawn_app(backend).await;
    // The account owner administers the accept environment from her own sign-in.
    let response = app
        .send(
            &app.client,
            Method::POST,
            "/api/v1/environments/A12345AA/provisioning/tokens",
            None,
            Some(json!({ "name": "Entra (accept)" })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let secret = response.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let accept = |path: &str| app.url(&format!("/scim/v2/A12345AA{path}"));
    let created = reqwest::Client::new()
        .post(accept("/Users"))
        .bearer_auth(&secret)
        .header("content-type", "application/scim+json")
        .body(jan().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let user: Value = created.json().await.unwrap();
    assert!(user["meta"]["location"]
        .as_str()
        .unwrap()
        .contains("/scim/v2/A12345AA/Users/"));
    let users: Value = app
        .get("/api/v1/environments/A12345AA/users")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        users["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["code"] == "12345.jjansen"),
        "{users}"
    );
    // Production knows nothing of it, and the accept token does not open production.
    let (status, _) = scim(&app, &secret, Method::GET, "/Users", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn a_bulk_request_runs_each_operation_on_its_own_and_resolves_bulk_ids(backend: Backend) {
    let app = spawn_app(backend).await;
    let (secret, _) = token(&app, "Entra").await;
    let bulk = |fail_on_errors: Option<u32>| {
        let mut body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations": [
                {"method": "POST", "path": "/Users", "bulkId": "jan", "data": jan()},
                {"method": "POST", "path": "/Groups", "bulkId": "crew", "data": {
                    "schemas": [GROUP], "displayName": "Crew", "members": [{"value": "bulkId:jan"}]}},
                {"method": "POST", "path": "/Users", "bulkId": "twin", "data": jan()},
                {"method": "DELETE", "path": "/Users/usr-12345-evisser"},
            ],
        });
        if let Some(n) = fail_on_errors {
            body["failOnErrors"] = json!(n);
        }
        body
    };
    let (status, answer) = scim(&app, &secret, Method::POST, "/Bulk", Some(bulk(None))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let statuses: Vec<&str> = answer["Operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    // The twin fails alone; the operations around it stand.
    assert_eq!(statuses, ["201", "201", "409", "204"], "{answer}");
    let crew = answer["Operations"][1]["location"].as_str().unwrap();
    let gid = crew.rsplit('/').next().unwrap();
    let (_, group) = scim(&app, &secret, Method::GET, &format!("/Groups/{gid}"), None).await;
    let jan_id = answer["Operations"][0]["location"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap();
    assert_eq!(group["members"][0]["value"], jan_id, "{group}");
    assert_eq!(
        answer["Operations"][2]["response"]["scimType"],
        "uniqueness"
    );
    // With failOnErrors 1 the first failure stops the rest.
    let (_, stopped) = scim(&app, &secret, Method::POST, "/Bulk", Some(bulk(Some(1)))).await;
    assert_eq!(
        stopped["Operations"].as_array().map(Vec::len),
        Some(1),
        "{stopped}"
    );
    assert_eq!(stopped["Operations"][0]["status"], "409");
}
