//! `GET /api/v1/openapi.json`: the OpenAPI 3 description of the API, generated from the
//! handlers' `#[utoipa::path]` annotations and the wire types' schemas.
//!
//! A handler is in the document once it carries `#[utoipa::path]` and is listed in
//! [`V1`]'s `paths(...)`; `tests/openapi_api.rs` fails for every route that is not.

mod common;
mod tighten;

use std::sync::OnceLock;

use axum::routing::get;
use axum::{Json, Router};
use gatehouse_wire::ErrorBody;
use utoipa::openapi::Components;
use utoipa::{Modify, OpenApi};

pub(crate) use common::{EnvParam, IfMatch, JsonBody, SignedIn};

use crate::AppState;

/// The document route.
pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json))
}

/// This document
///
/// The OpenAPI 3 description of every documented endpoint, with the wire types as schemas.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    security(()),
    responses((status = 200, description = "the OpenAPI document", body = Object)),
)]
async fn openapi_json() -> Json<&'static serde_json::Value> {
    Json(document())
}

/// The whole document, built once.
fn document() -> &'static serde_json::Value {
    static DOCUMENT: OnceLock<serde_json::Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut document = ApiDoc::openapi().nest("/api/v1", V1::openapi());
        common::add_operation_extras(&mut document);
        let mut json = serde_json::to_value(&document).unwrap_or_default();
        camel_case_links(&mut json);
        tighten::tighten_requests(&mut json);
        describe_refusals(&mut json);
        json
    })
}

/// A refused change set's error body also lists every refusal (`refusals`); the wire type
/// `ErrorBody` the studio reads has only `error` and `field`, so the document adds it here.
fn describe_refusals(document: &mut serde_json::Value) {
    let Some(properties) = document
        .pointer_mut("/components/schemas/ErrorBody/properties")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    properties.insert(
        "refusals".to_owned(),
        serde_json::json!({
            "description": "when a change set (or a route that is one) is refused: every refusal, \
                            in the order of the changes",
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["index", "kind", "field", "message"],
                "properties": {
                    "index": {"type": ["integer", "null"], "minimum": 0,
                              "description": "the refused change's index in `changes`; null for the set as a whole"},
                    "kind": {"type": "string", "enum": ["forbidden", "not_found", "conflict", "invalid"]},
                    "field": {"type": ["string", "null"], "description": "the change's field it is about"},
                    "message": {"type": "string", "description": "a sentence naming people, groups and resources by name"}
                }
            }
        }),
    );
}

/// utoipa 5 writes a link's `operationId` and `operationRef` in snake case, which no OpenAPI
/// tool reads; this spells them as the specification does.
fn camel_case_links(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(links)) = map.get_mut("links") {
                for link in links.values_mut() {
                    if let serde_json::Value::Object(link) = link {
                        for (from, to) in [
                            ("operation_id", "operationId"),
                            ("operation_ref", "operationRef"),
                        ] {
                            if let Some(v) = link.remove(from) {
                                link.insert(to.to_owned(), v);
                            }
                        }
                    }
                }
            }
            map.values_mut().for_each(camel_case_links);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(camel_case_links),
        _ => {}
    }
}

/// The operations, with paths relative to `/api/v1` as the route modules write them.
#[derive(OpenApi)]
#[openapi(paths(
    openapi_json,
    super::health::health,
    super::session::sign_in,
    super::session::current_session,
    super::session::sign_out,
    super::environments::list_environments,
    super::environments::administrators,
    super::data_environments::list_data_environments,
    super::data_environments::compare_data_environments,
    super::data_environments::create_data_environment,
    super::data_environments::rename_data_environment,
    super::data_environments::delete_data_environment,
    super::users::list_users,
    super::users::create_user,
    super::users::get_user,
    super::imports::import_users,
    super::imports::export_users,
    super::user_properties::update_properties,
    super::groups::reads::list_groups,
    super::groups::writes::create_group,
    super::groups::reads::get_group,
    super::groups::writes::rename_group,
    super::groups::writes::delete_group,
    super::groups::members::set_members,
    super::resources::list_resources,
    super::resources::resource_permissions,
    super::subject_permissions::user_permissions,
    super::subject_permissions::group_permissions,
    super::grants::writes::create_grant,
    super::grants::writes::update_grant,
    super::grants::writes::delete_grant,
    super::changes::apply_changes,
    super::access::user_access,
    super::access::lint,
    super::access::what_if,
    super::audit::audit_log,
    super::audit::change_sets,
    super::audit::undo,
    super::access_tests::list_tests,
    super::access_tests::create_test,
    super::access_tests::replace_test,
    super::access_tests::delete_test,
    super::access::policy_snapshot,
    super::access::compact_policy_snapshot,
    super::app_connectors::reads::list_app_connectors,
    super::app_connectors::writes::create_app_connector,
    super::app_connectors::reads::get_app_connector,
    super::app_connectors::writes::update_app_connector,
    super::app_connectors::writes::delete_app_connector,
    super::app_connectors::writes::set_blocked,
    super::tokens::list_tokens,
    super::tokens::issue_token,
    super::tokens::revoke_token,
    super::provisioning::provisioning_overview,
    super::provisioning::create_scim_token,
    super::provisioning::revoke_scim_token,
    super::connect::connect,
    super::tables::list_tables,
    super::tables::get_table,
    super::tables::set_mode,
    super::tables::access_loss,
    super::tables::row_gain,
    super::tables::preview,
    super::filters::create_filter,
    super::filters::update_filter,
    super::filters::delete_filter,
    super::filters::set_groups,
    super::filters::set_deviation,
    super::collaborators::activation::activate,
    super::collaborators::activation::deactivate,
    super::collaborators::placement::convert,
    super::collaborators::views::collaboration,
    super::collaborators::placement::add,
    super::collaborators::placement::source,
    super::collaborators::views::licences,
    super::sync::list_runs,
    super::sync::run_now,
    super::sync::get_run,
))]
struct V1;

/// Everything around the operations: info, tags, shared components, security schemes.
#[derive(OpenApi)]
#[openapi(
    info(title = "Gatehouse API", description = DESCRIPTION),
    components(schemas(ErrorBody)),
    modifiers(&Common),
    tags(
        (name = "meta", description = "The server itself"),
        (name = "session", description = "Signing in and out"),
        (name = "environments", description = "The organisation's environments and their data environments"),
        (name = "users", description = "Users of an environment"),
        (name = "groups", description = "User groups; only the account owner changes them"),
        (name = "resources", description = "Apps and connectors as the caller sees them"),
        (name = "grants", description = "Roles given on a resource; owners change them"),
        (name = "audit", description = "Who changed what, in change sets, and undoing them; the account owner only"),
        (name = "access tests", description = "Saved expectations about access that every change set is checked against"),
        (name = "access", description = "Effective access explained, lint, what-if, the policy snapshot"),
        (name = "app connectors", description = "Which group may call which connectors"),
        (name = "tokens", description = "App connector tokens: issue, list, revoke"),
        (name = "provisioning", description = "SCIM 2.0 provisioning: the base URL, provisioning tokens, the last calls (the SCIM service itself is under /scim/v2/{env})"),
        (name = "connect", description = "The connector call itself, with a bearer token"),
        (name = "tables", description = "Tables under filter authorisation"),
        (name = "filters", description = "Filters of a table, their groups and deviations"),
        (name = "collaborators", description = "Users a provider shares with client organisations; licences"),
        (name = "sync", description = "The nightly sync of collaborators' names and emails: schedule, runs"),
    ),
)]
struct ApiDoc;

const DESCRIPTION: &str = "The JSON API of Gatehouse, the permission administration studio.

Sign in with `POST /api/v1/session`: the answer sets the `gatehouse_session` cookie that every \
other call sends. Every change (any method but GET, HEAD and OPTIONS) must also send the \
`x-gatehouse-csrf` header, with any value; only bearer-token calls are exempt.

Reading a versioned item answers its version in `ETag`. A change to it sends that version back \
in `If-Match`: without it the answer is 428, and when someone else changed the item meanwhile \
it is 412 with the current version and state.

Every error answers `{\"error\": …, \"field\": …}`: a readable sentence and, when known, the \
input field it is about.";

/// Adds what the derive cannot express: reusable responses and security schemes.
struct Common;

impl Modify for Common {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        common::add_common_components(openapi.components.get_or_insert_with(Components::new));
    }
}
