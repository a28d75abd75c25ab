//! Filter authorisation over HTTP on both databases: the seed page's ICT / Support / manager /
//! general manager example, switching filter mode (who loses access), filters with group
//! activations and user deviations, validation naming the field, and who may manage tables.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{
    AccessLoss, ErrorBody, FilterView, RowGain, TableDetail, TableModeResult, TableSummary,
    TableVisibility, Value, VisibilityState,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

const ENV: &str = "/api/v1/environments/O12345AA";
const DOSSIER: &str = "/api/v1/environments/O12345AA/tables/tbl-dossier-items";

on_both_backends!(
    the_seed_example_shows_each_user_the_right_dossier_items,
    tables_list_with_mode_fields_and_row_counts,
    switching_filter_mode_on_reports_who_loses_access,
    switching_to_all_rows_reports_who_sees_more,
    filters_activations_and_deviations_change_what_users_see,
    bad_filter_input_names_the_field,
    only_owners_of_the_serving_connector_manage_a_table,
);

async fn preview(app: &TestApp, client: &reqwest::Client, user: &str) -> TableVisibility {
    let response = client
        .get(app.url(&format!("{DOSSIER}/visible?user={user}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{user}");
    response.json().await.unwrap()
}

fn numbers(visibility: &TableVisibility) -> Vec<String> {
    visibility
        .rows
        .iter()
        .map(|r| match r.row.values.get("number") {
            Some(Value::Text(number)) => number.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

async fn the_seed_example_shows_each_user_the_right_dossier_items(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = &app.client;
    // ICT employees: only ICT requests.
    for ict in ["12345.CJansen", "12345.IMulder"] {
        let seen = preview(&app, c, ict).await;
        assert_eq!(seen.state, VisibilityState::Filtered);
        assert_eq!(numbers(&seen), ["D-1001", "D-1004", "D-1006"], "{ict}");
        assert!(seen.rows.iter().all(|r| r.filters == ["ict"]));
    }
    // Support employees: only support requests.
    for support in ["12345.BWilliams", "12345.FSmit", "12345.KPeters"] {
        let seen = preview(&app, c, support).await;
        assert_eq!(numbers(&seen), ["D-1002", "D-1005"], "{support}");
    }
    // The ICT/Support manager: the sum of both filters, each row naming its filter.
    let manager = preview(&app, c, "12345.DBakker").await;
    let why: Vec<(String, Vec<String>)> = numbers(&manager)
        .into_iter()
        .zip(manager.rows.iter().map(|r| r.filters.clone()))
        .collect();
    let expected = [
        ("D-1001", "ict"),
        ("D-1002", "support"),
        ("D-1004", "ict"),
        ("D-1005", "support"),
        ("D-1006", "ict"),
    ]
    .map(|(n, f)| (n.to_owned(), vec![f.to_owned()]));
    assert_eq!(why, expected);
    let active: Vec<&str> = manager
        .filters
        .iter()
        .filter(|f| f.active)
        .map(|f| f.filter.as_str())
        .collect();
    assert_eq!(active, ["ict", "support"]);
    // The general manager: everything, through the All filter.
    let general = preview(&app, c, "12345.GMeijer").await;
    assert_eq!(general.rows.len(), 7);
    assert_eq!(general.total_rows, 7);
    assert!(general.rows.iter().any(|r| r.filters == ["all"]));
    // No active filter: nothing, and said so.
    let owner = preview(&app, c, "12345.AdeVries").await;
    assert_eq!(owner.state, VisibilityState::NoActiveFilter);
    assert!(owner.rows.is_empty());
    let deactivated = preview(&app, c, "12345.HBos").await;
    assert_eq!(deactivated.state, VisibilityState::Deactivated);
}

async fn tables_list_with_mode_fields_and_row_counts(backend: Backend) {
    let app = spawn_app(backend).await;
    let tables: Vec<TableSummary> = app
        .get(&format!("{ENV}/tables"))
        .await
        .json()
        .await
        .unwrap();
    let shown: Vec<(&str, &str, usize, usize)> = tables
        .iter()
        .map(|t| {
            let mode = match t.mode {
                gatehouse_wire::FilterMode::AllRows => "all_rows",
                gatehouse_wire::FilterMode::AccordingToFilter => "according_to_filter",
            };
            (t.name.as_str(), mode, t.row_count, t.filter_count)
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Dossier items", "according_to_filter", 7, 3),
            ("Employees", "all_rows", 6, 1)
        ]
    );
    assert_eq!(tables[0].fields, ["number", "kind", "subject", "requester"]);
    assert_eq!(tables[0].connectors[0].name, "HR Database");
    let detail = app.get(DOSSIER).await;
    assert_eq!(detail.headers()["etag"], "\"1\"");
    let detail: TableDetail = detail.json().await.unwrap();
    assert_eq!(detail.rows.len(), 7);
    let filters: Vec<(&str, bool, usize)> = detail
        .filters
        .iter()
        .map(|f| (f.id.as_str(), f.builtin, f.groups.len()))
        .collect();
    assert_eq!(
        filters,
        [("all", true, 0), ("ict", false, 2), ("support", false, 2)]
    );
    assert_eq!(detail.filters[0].deviations[0].user.code, "12345.GMeijer");
}

async fn switching_to_all_rows_reports_who_sees_more(backend: Backend) {
    let app = spawn_app(backend).await;
    let gain: RowGain = app
        .get(&format!("{DOSSIER}/row-gain"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(gain.table, "tbl-dossier-items");
    assert!(gain.rows > 0);
    // Everyone listed sees fewer rows now, exactly what their own preview shows; the account
    // owner and Jasmijn (no active filter) see none.
    for person in &gain.users {
        assert!(person.sees_now < gain.rows, "{person:?}");
        let now = preview(&app, &app.client, &person.user.code).await;
        assert_eq!(now.rows.len(), person.sees_now, "{}", person.user.code);
    }
    let none: Vec<&str> = gain
        .users
        .iter()
        .filter(|p| p.sees_now == 0)
        .map(|p| p.user.code.as_str())
        .collect();
    assert_eq!(none, ["12345.AdeVries", "12345.JDekker"]);
    // Someone who sees a part (Gijs's deviation or a filter) is listed with that part.
    assert!(gain.users.iter().any(|p| p.sees_now > 0), "{gain:?}");
    let names: Vec<&str> = gain.users.iter().map(|p| p.user.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "by name");

    // A table that shows all rows already: nobody gains.
    let employees: RowGain = app
        .get(&format!("{ENV}/tables/tbl-employees/row-gain"))
        .await
        .json()
        .await
        .unwrap();
    assert!(employees.users.is_empty(), "{employees:?}");
    assert_eq!(employees.rows, 6);
}

async fn switching_filter_mode_on_reports_who_loses_access(backend: Backend) {
    let app = spawn_app(backend).await;
    // Dossier items: the account owner and Jasmijn (no group) see nothing in filter mode.
    let loss: AccessLoss = app
        .get(&format!("{DOSSIER}/access-loss"))
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = loss.users.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["12345.AdeVries", "12345.JDekker"]);

    // Employees has no filters yet: switching on cuts off every active user.
    let employees = format!("{ENV}/tables/tbl-employees");
    let before = app
        .get(&format!("{employees}/visible?user=12345.BWilliams"))
        .await;
    let before: TableVisibility = before.json().await.unwrap();
    assert_eq!(before.state, VisibilityState::AllRows);
    assert_eq!(before.rows.len(), 6);
    let missing = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{employees}/mode"),
            None,
            Some(json!({ "mode": "according_to_filter" })),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::PRECONDITION_REQUIRED);
    let switched = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{employees}/mode"),
            Some(1),
            Some(json!({ "mode": "according_to_filter" })),
        )
        .await;
    assert_eq!(switched.status(), StatusCode::OK);
    let result: TableModeResult = switched.json().await.unwrap();
    assert_eq!(result.table.version, 2);
    assert_eq!(result.loses_access.len(), 10, "every active user");
    assert!(result.loses_access.iter().all(|u| u.code != "12345.HBos"));
    let after: TableVisibility = app
        .get(&format!("{employees}/visible?user=12345.BWilliams"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after.state, VisibilityState::NoActiveFilter);

    let stale = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{employees}/mode"),
            Some(1),
            Some(json!({ "mode": "all_rows" })),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let back = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{employees}/mode"),
            Some(2),
            Some(json!({ "mode": "all_rows" })),
        )
        .await;
    let back: TableModeResult = back.json().await.unwrap();
    assert!(back.loses_access.is_empty());
}

async fn filters_activations_and_deviations_change_what_users_see(backend: Backend) {
    let app = spawn_app(backend).await;
    let created = app
        .send(
            &app.client,
            Method::POST,
            &format!("{DOSSIER}/filters"),
            None,
            Some(json!({
                "name": "Purchasing and sales",
                "predicate": { "op": "in", "field": "kind", "values": ["Purchasing", "Sales"] },
            })),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let filter: FilterView = created.json().await.unwrap();
    assert_eq!(
        (filter.id.as_str(), filter.version),
        ("purchasing-and-sales", 1)
    );
    let path = format!("{DOSSIER}/filters/{}", filter.id);

    // Activate it for Support: Britt now sees support, purchasing and sales requests.
    let groups = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{path}/groups"),
            Some(1),
            Some(json!({ "groups": ["grp-support"] })),
        )
        .await;
    assert_eq!(groups.status(), StatusCode::OK);
    let britt = preview(&app, &app.client, "12345.BWilliams").await;
    assert_eq!(numbers(&britt), ["D-1002", "D-1003", "D-1005", "D-1007"]);

    // A force-off deviation narrows Britt back; force-on widens Jasmijn (no groups).
    let off = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{path}/deviations/12345.BWilliams"),
            Some(2),
            Some(json!({ "deviation": "force_off" })),
        )
        .await;
    assert_eq!(off.status(), StatusCode::OK);
    assert_eq!(
        numbers(&preview(&app, &app.client, "12345.BWilliams").await),
        ["D-1002", "D-1005"]
    );
    let on = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{path}/deviations/12345.JDekker"),
            Some(3),
            Some(json!({ "deviation": "force_on" })),
        )
        .await;
    let view: FilterView = on.json().await.unwrap();
    assert_eq!(view.deviations.len(), 2);
    assert_eq!(
        numbers(&preview(&app, &app.client, "12345.JDekker").await),
        ["D-1003", "D-1007"]
    );
    let inherit = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{path}/deviations/12345.BWilliams"),
            Some(4),
            Some(json!({ "deviation": "inherit" })),
        )
        .await;
    assert_eq!(
        inherit.json::<FilterView>().await.unwrap().deviations.len(),
        1
    );

    // Rename and re-define, then delete.
    let updated = app
        .send(&app.client, Method::PUT, &path, Some(5), Some(json!({ "name": "Sales", "predicate": { "op": "eq", "field": "kind", "value": "Sales" } })))
        .await;
    assert_eq!(updated.status(), StatusCode::OK);
    assert_eq!(
        numbers(&preview(&app, &app.client, "12345.JDekker").await),
        ["D-1007"]
    );
    let stale = app
        .send(&app.client, Method::DELETE, &path, Some(5), None)
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let deleted = app
        .send(&app.client, Method::DELETE, &path, Some(6), None)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        preview(&app, &app.client, "12345.JDekker").await.state,
        VisibilityState::NoActiveFilter
    );
}

async fn bad_filter_input_names_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let filters = format!("{DOSSIER}/filters");
    let cases = [
        (
            json!({ "name": "X", "predicate": { "op": "eq", "field": "colour", "value": "red" } }),
            422,
            "predicate",
        ),
        (
            json!({ "name": "X", "predicate": { "op": "like", "field": "kind", "value": "I%" } }),
            400,
            "predicate.op",
        ),
        (
            json!({ "name": "X", "predicate": { "op": "in", "field": "kind", "values": [] } }),
            422,
            "predicate",
        ),
        (
            json!({ "name": "X", "predicate": { "op": "filter", "filter": "nope" } }),
            422,
            "predicate",
        ),
        (
            json!({ "name": "", "predicate": { "op": "all" } }),
            422,
            "name",
        ),
        (
            json!({ "name": "ICT filter", "predicate": { "op": "all" } }),
            409,
            "name",
        ),
    ];
    for (body, status, field) in cases {
        let response = app
            .send(
                &app.client,
                Method::POST,
                &filters,
                None,
                Some(body.clone()),
            )
            .await;
        assert_eq!(response.status().as_u16(), status, "{body}");
        let error: ErrorBody = response.json().await.unwrap();
        assert_eq!(error.field.as_deref(), Some(field), "{body}: {error:?}");
    }
    let no_user = app.get(&format!("{DOSSIER}/visible")).await;
    assert_eq!(no_user.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        no_user.json::<ErrorBody>().await.unwrap().field.as_deref(),
        Some("user")
    );
    // A cycle: ict → support → ict.
    let first = app
        .send(&app.client, Method::PUT, &format!("{filters}/ict"), Some(1), Some(json!({ "name": "ICT filter", "predicate": { "op": "or", "of": [{ "op": "eq", "field": "kind", "value": "ICT" }, { "op": "filter", "filter": "support" }] } })))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let cycle = app
        .send(&app.client, Method::PUT, &format!("{filters}/support"), Some(1), Some(json!({ "name": "Support filter", "predicate": { "op": "filter", "filter": "ict" } })))
        .await;
    assert_eq!(cycle.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: ErrorBody = cycle.json().await.unwrap();
    assert_eq!(error.field.as_deref(), Some("predicate"));
    assert!(error.error.contains("cycle"), "{}", error.error);
    // A referenced filter cannot be deleted; the built-in All filter never.
    let used = app
        .send(
            &app.client,
            Method::DELETE,
            &format!("{filters}/support"),
            Some(1),
            None,
        )
        .await;
    assert_eq!(used.status(), StatusCode::CONFLICT);
    let all = app
        .send(
            &app.client,
            Method::DELETE,
            &format!("{filters}/all"),
            Some(1),
            None,
        )
        .await;
    assert_eq!(all.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Wrong enums, unknown groups and users.
    let mode = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{DOSSIER}/mode"),
            Some(1),
            Some(json!({ "mode": "sometimes" })),
        )
        .await;
    assert_eq!(mode.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        mode.json::<ErrorBody>().await.unwrap().field.as_deref(),
        Some("mode")
    );
    let group = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{filters}/support/groups"),
            Some(1),
            Some(json!({ "groups": ["grp-support", "grp-nope"] })),
        )
        .await;
    assert_eq!(group.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        group.json::<ErrorBody>().await.unwrap().field.as_deref(),
        Some("groups[1]")
    );
    let deviation = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{filters}/support/deviations/12345.BWilliams"),
            Some(1),
            Some(json!({ "deviation": "maybe" })),
        )
        .await;
    assert_eq!(deviation.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        deviation
            .json::<ErrorBody>()
            .await
            .unwrap()
            .field
            .as_deref(),
        Some("deviation")
    );
    let nobody = app
        .send(
            &app.client,
            Method::PUT,
            &format!("{filters}/support/deviations/12345.Nobody"),
            Some(1),
            Some(json!({ "deviation": "force_on" })),
        )
        .await;
    assert_eq!(nobody.status(), StatusCode::NOT_FOUND);
}

async fn only_owners_of_the_serving_connector_manage_a_table(backend: Backend) {
    let app = spawn_app(backend).await;
    let britt = app.client_for("12345.BWilliams").await;
    let listed: Vec<TableSummary> = britt
        .get(app.url(&format!("{ENV}/tables")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        listed.is_empty(),
        "tables Britt cannot manage are not listed"
    );
    let filters = format!("{DOSSIER}/filters");
    let attempts = [
        (Method::GET, DOSSIER.to_owned(), None, None),
        (Method::GET, format!("{DOSSIER}/access-loss"), None, None),
        (Method::GET, format!("{DOSSIER}/row-gain"), None, None),
        (
            Method::GET,
            format!("{DOSSIER}/visible?user=12345.FSmit"),
            None,
            None,
        ),
        (
            Method::PUT,
            format!("{DOSSIER}/mode"),
            Some(1),
            Some(json!({ "mode": "all_rows" })),
        ),
        (
            Method::POST,
            filters.clone(),
            None,
            Some(json!({ "name": "Mine", "predicate": { "op": "all" } })),
        ),
        (
            Method::PUT,
            format!("{filters}/ict"),
            Some(1),
            Some(json!({ "name": "ICT", "predicate": { "op": "all" } })),
        ),
        (Method::DELETE, format!("{filters}/ict"), Some(1), None),
        (
            Method::PUT,
            format!("{filters}/ict/groups"),
            Some(1),
            Some(json!({ "groups": [] })),
        ),
        (
            Method::PUT,
            format!("{filters}/all/deviations/12345.BWilliams"),
            Some(1),
            Some(json!({ "deviation": "force_on" })),
        ),
    ];
    for (method, path, version, body) in attempts {
        let response = app.send(&britt, method.clone(), &path, version, body).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {path}");
        let reason: ErrorBody = response.json().await.unwrap();
        assert!(reason.error.contains("HR Database"), "{}", reason.error);
    }
    // Britt may preview her own rows.
    assert_eq!(
        numbers(&preview(&app, &britt, "12345.BWilliams").await),
        ["D-1002", "D-1005"]
    );
    // Gijs owns the HR Database connector, so he manages Dossier items.
    let gijs = app.client_for("12345.GMeijer").await;
    let mode = app
        .send(
            &gijs,
            Method::PUT,
            &format!("{DOSSIER}/mode"),
            Some(1),
            Some(json!({ "mode": "all_rows" })),
        )
        .await;
    assert_eq!(mode.status(), StatusCode::OK);
    let employees = gijs
        .get(app.url(&format!("{ENV}/tables/tbl-employees")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        employees.status(),
        StatusCode::FORBIDDEN,
        "Salesforce Sync is ICT's"
    );
}
