//! What many operations share, named once: the `{env}` and `If-Match` parameters, the error
//! answers (reusable responses carrying the `{ "error", "field" }` body) and the security
//! schemes. Handlers list the markers (`SignedIn`, `JsonBody`, `IfMatch`, `EnvParam`) in their
//! `#[utoipa::path]` instead of repeating the same answers.

use std::collections::BTreeMap;

use serde_json::json;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    Components, Content, HeaderBuilder, KnownFormat, ObjectBuilder, Ref, RefOr, Required, Response,
    ResponseBuilder, SchemaFormat, Type,
};
use utoipa::{IntoParams, IntoResponses};

use crate::auth::csrf::CSRF_HEADER;
use crate::auth::SESSION_COOKIE;

/// The name of the session cookie's security scheme.
const SESSION_SCHEME: &str = SESSION_COOKIE;
/// The name of the CSRF header's security scheme.
const CSRF_SCHEME: &str = "gatehouse_csrf";
/// The name of the app connector token's security scheme (`/connect`).
const TOKEN_SCHEME: &str = "app_connector_token";

/// Answers of every call that works in an organisation environment with a session: 401, 403
/// and 404.
pub(crate) enum SignedIn {}

impl IntoResponses for SignedIn {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        refs(&[
            ("401", "Unauthorized"),
            ("403", "Forbidden"),
            ("404", "NotFound"),
        ])
    }
}

/// Answers to a JSON body the server cannot take: 400, 413, 415 and 422.
pub(crate) enum JsonBody {}

impl IntoResponses for JsonBody {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        refs(&[
            ("400", "BadRequest"),
            ("413", "PayloadTooLarge"),
            ("415", "UnsupportedMediaType"),
            ("422", "UnprocessableEntity"),
        ])
    }
}

/// Optimistic concurrency: the `If-Match` parameter, and the 400, 412 and 428 answers.
pub(crate) enum IfMatch {}

impl IntoParams for IfMatch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![ParameterBuilder::new()
            .name("If-Match")
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some(
                "the version you edited, as its `ETag` gave it (`\"3\"` or `3`); a weak tag \
                 (`W/\"3\"`) never matches and is refused with 400",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(r#"^("[0-9]{1,18}"|[0-9]{1,18})$"#)),
            ))
            .example(Some(json!("\"3\"")))
            .build()]
    }
}

impl IntoResponses for IfMatch {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        refs(&[
            ("400", "BadRequest"),
            ("412", "PreconditionFailed"),
            ("428", "PreconditionRequired"),
        ])
    }
}

/// The `{env}` path parameter: the organisation environment to work in.
pub(crate) enum EnvParam {}

impl IntoParams for EnvParam {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![ParameterBuilder::new()
            .name("env")
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some(
                "organisation environment code; it must belong to the caller's organisation",
            ))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .example(Some(json!("O12345AA")))
            .build()]
    }
}

fn refs(answers: &[(&str, &str)]) -> BTreeMap<String, RefOr<Response>> {
    answers
        .iter()
        .map(|(status, name)| {
            (
                (*status).to_owned(),
                RefOr::Ref(Ref::from_response_name(*name)),
            )
        })
        .collect()
}

/// Adds the reusable responses, the 412 body and the security schemes to `components`.
pub fn add_common_components(components: &mut Components) {
    let errors = [
        (
            "BadRequest",
            "malformed request: JSON that does not parse or has a wrong type or unknown field \
             (`field` holds its JSON path), or an unreadable `If-Match`",
        ),
        ("Unauthorized", "no valid session: sign in first"),
        (
            "Forbidden",
            "signed in, but not allowed: the sentence names the missing right; also for an \
             environment of another organisation and for a change without the \
             `x-gatehouse-csrf` header",
        ),
        (
            "NotFound",
            "no such environment or item; `field` names the path part or input that held the id",
        ),
        (
            "PayloadTooLarge",
            "the body is larger than the server accepts (256 KiB)",
        ),
        (
            "UnsupportedMediaType",
            "the body is not sent as `content-type: application/json`",
        ),
        (
            "UnprocessableEntity",
            "well-formed, but invalid: `field` names the input that is wrong",
        ),
        (
            "PreconditionRequired",
            "no `If-Match` header: send the version you edited",
        ),
    ];
    for (name, description) in errors {
        components
            .responses
            .insert(name.to_owned(), RefOr::T(error_response(description)));
    }
    components.responses.insert(
        "PreconditionFailed".to_owned(),
        RefOr::T(
            ResponseBuilder::new()
                .description(
                    "someone else changed it since the version in `If-Match`; the body holds \
                     the current version and state, `ETag` the current version",
                )
                .header("ETag", etag_header())
                .content(
                    "application/json",
                    Content::new(Some(Ref::from_schema_name("StaleBody"))),
                )
                .build(),
        ),
    );
    components
        .schemas
        .insert("StaleBody".to_owned(), stale_body());
    components.add_security_scheme(
        SESSION_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            SESSION_COOKIE,
            "the session cookie `POST /api/v1/session` sets (HttpOnly, SameSite=Strict)",
        ))),
    );
    components.add_security_scheme(
        CSRF_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            CSRF_HEADER,
            "any value (e.g. `1`); every change must send it, so another site's page cannot \
             forge one",
        ))),
    );
    components.add_security_scheme(
        TOKEN_SCHEME,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("gh_at_…")
                .description(Some("an app connector token's secret, as issued once"))
                .build(),
        ),
    );
}

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
        )
        .build()
}

fn etag_header() -> utoipa::openapi::Header {
    HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::String))
        .description(Some("the current version, e.g. `\"4\"`"))
        .build()
}

/// The body of a 412: the error, and what the item looks like now.
fn stale_body() -> RefOr<utoipa::openapi::Schema> {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    ObjectBuilder::new()
        .description(Some(
            "an error body with the current version and state of what was edited",
        ))
        .property("error", string())
        .required("error")
        .property("field", string().examples([json!("if-match")]))
        .required("field")
        .property(
            "current_version",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64))),
        )
        .required("current_version")
        .property(
            "current",
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .description(Some("the current state, as reading it answers")),
        )
        .required("current")
        .into()
}

/// The shared 503 every operation may answer: the load shedder (admission control) or no
/// database connection free in time. Never a failure: retry after `Retry-After` seconds.
fn unavailable_response() -> Response {
    ResponseBuilder::new()
        .description(
            "the server is at capacity (more requests in flight and queued than it admits, or \
             no database connection free in time): nothing was done; retry after `Retry-After` \
             seconds",
        )
        .header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer))
                .description(Some("seconds to wait before retrying"))
                .build(),
        )
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
        )
        .build()
}

/// One OpenAPI link: the answer of `from` with `status` feeds `target`'s parameters.
struct OperationLink {
    from: &'static str,
    status: &'static str,
    name: &'static str,
    target: &'static str,
    /// Parameter → runtime expression (`$response.body#/id`).
    parameters: &'static [(&'static str, &'static str)],
}

/// Where one operation's answer feeds another's input, as OpenAPI links.
const LINKS: &[OperationLink] = &[
    OperationLink {
        from: "create_group",
        status: "201",
        name: "GetGroup",
        target: "get_group",
        parameters: &[("env", "$request.path.env"), ("id", "$response.body#/id")],
    },
    OperationLink {
        from: "create_group",
        status: "201",
        name: "RenameGroup",
        target: "rename_group",
        parameters: &[
            ("env", "$request.path.env"),
            ("id", "$response.body#/id"),
            ("header.If-Match", "$response.header.ETag"),
        ],
    },
    OperationLink {
        from: "create_group",
        status: "201",
        name: "DeleteGroup",
        target: "delete_group",
        parameters: &[
            ("env", "$request.path.env"),
            ("id", "$response.body#/id"),
            ("header.If-Match", "$response.header.ETag"),
        ],
    },
    OperationLink {
        from: "create_user",
        status: "201",
        name: "GetUser",
        target: "get_user",
        parameters: &[
            ("env", "$request.path.env"),
            ("code", "$response.body#/code"),
        ],
    },
    OperationLink {
        from: "create_data_environment",
        status: "201",
        name: "RenameDataEnvironment",
        target: "rename_data_environment",
        parameters: &[
            ("env", "$request.path.env"),
            ("id", "$response.body#/id"),
            ("header.If-Match", "$response.header.ETag"),
        ],
    },
    OperationLink {
        from: "create_app_connector",
        status: "201",
        name: "GetAppConnector",
        target: "get_app_connector",
        parameters: &[("env", "$request.path.env"), ("id", "$response.body#/id")],
    },
    OperationLink {
        from: "issue_token",
        status: "201",
        name: "RevokeToken",
        target: "revoke_token",
        parameters: &[
            ("env", "$request.path.env"),
            ("id", "$response.body#/token/id"),
        ],
    },
];

/// Adds to every operation what all of them may answer (503), and the links between them.
pub fn add_operation_extras(document: &mut utoipa::openapi::OpenApi) {
    document
        .components
        .get_or_insert_with(Components::new)
        .responses
        .insert(
            "ServiceUnavailable".to_owned(),
            RefOr::T(unavailable_response()),
        );
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            operation.responses.responses.insert(
                "503".to_owned(),
                RefOr::Ref(Ref::from_response_name("ServiceUnavailable")),
            );
            let id = operation.operation_id.clone().unwrap_or_default();
            for link in LINKS.iter().filter(|l| l.from == id) {
                let Some(RefOr::T(response)) = operation.responses.responses.get_mut(link.status)
                else {
                    continue;
                };
                let built = link.parameters.iter().fold(
                    utoipa::openapi::link::LinkBuilder::new().operation_id(link.target),
                    |built, (parameter, expression)| built.parameter(*parameter, *expression),
                );
                response
                    .links
                    .insert(link.name.to_owned(), RefOr::T(built.build()));
            }
        }
    }
}
