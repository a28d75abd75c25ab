//! Request extractors whose rejections are JSON errors naming the problem.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The largest JSON body the API accepts.
pub const BODY_LIMIT: usize = 256 * 1024;

/// Like `axum::Json`, but malformed input yields `{ "error", "field" }` with the JSON path of
/// the offending field.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::TooLarge { limit: BODY_LIMIT })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Like `axum::extract::Query`, but a bad query string yields a JSON 400 naming the parameter
/// (`?limit=abc` → `field: "limit"`), as every other error does.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or_default()).map(ApiQuery)
    }
}

/// Parses a query string, naming the parameter and the problem on failure.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let pairs = form_urlencoded::parse(query.as_bytes());
    let deserializer = serde_urlencoded::Deserializer::new(pairs);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = err.path().to_string();
        let detail = err.into_inner().to_string();
        let field = (path != "." && !path.is_empty()).then_some(path);
        let (message, field) = match (field, unknown_parameter(&detail)) {
            (_, Some(name)) => (
                format!("unknown query parameter `{name}`"),
                Some(name.to_owned()),
            ),
            (Some(field), None) => (format!("invalid `{field}`: {detail}"), Some(field)),
            (None, None) => match missing_parameter(&detail) {
                Some(name) => (
                    format!("query parameter `{name}` is required"),
                    Some(name.to_owned()),
                ),
                None => (format!("invalid query string: {detail}"), None),
            },
        };
        ApiError::BadRequest { message, field }
    })
}

/// The name in serde's "missing field `x`".
fn missing_parameter(detail: &str) -> Option<&str> {
    let rest = detail.strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// The name in serde's "unknown field `x`, expected …".
fn unknown_parameter(detail: &str) -> Option<&str> {
    let rest = detail.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// Parses JSON, naming the field path and the problem on failure. A number with a zero
/// fraction (`3.0`) counts as the integer it equals, as JSON Schema's `integer` says.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Read once as a JSON value (its syntax errors name line and column), checked and
    // normalised there, then decoded into `T` naming the field path of any shape error.
    let mut value =
        serde_json::from_slice::<serde_json::Value>(bytes).map_err(|err| ApiError::BadRequest {
            message: format!(
                "malformed JSON at line {} column {}",
                err.line(),
                err.column()
            ),
            field: None,
        })?;
    if let Some(field) = numeric_tag(&value, "") {
        return Err(ApiError::BadRequest {
            message: format!("invalid `{field}`: expected a string naming the kind"),
            field: Some(field),
        });
    }
    integral_floats_to_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let field = (path != "." && !path.is_empty()).then_some(path);
        let detail = err.into_inner().to_string();
        let message = match &field {
            Some(field) => format!("invalid `{field}`: {detail}"),
            None => detail,
        };
        ApiError::BadRequest { message, field }
    })
}

/// The keys that name a variant (`op`, `type`, `as`, `by`). serde reads a number there as the
/// variant's index (`{"op": 0}` would be the first operation); only names are accepted.
const TAG_KEYS: [&str; 4] = ["op", "type", "as", "by"];

/// The path of the first variant tag that holds something other than a string.
fn numeric_tag(value: &serde_json::Value, path: &str) -> Option<String> {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        serde_json::Value::Object(map) => map.iter().find_map(|(key, v)| {
            if TAG_KEYS.contains(&key.as_str()) && !(v.is_string() || v.is_object() || v.is_array())
            {
                Some(join(key))
            } else {
                numeric_tag(v, &join(key))
            }
        }),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| numeric_tag(v, &format!("{path}[{i}]"))),
        _ => None,
    }
}

/// Turns every float with a zero fraction that fits an i64 into that integer.
fn integral_floats_to_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    #[expect(
                        clippy::cast_possible_truncation,
                        reason = "checked to be integral and in range"
                    )]
                    let whole = f as i64;
                    *value = serde_json::Value::from(whole);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_floats_to_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[expect(dead_code, reason = "the fields exist only to be deserialised")]
    struct Probe {
        name: String,
        count: u32,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Page {
        limit: Option<u32>,
    }

    #[test]
    fn a_bad_query_parameter_is_named() {
        match parse_query::<Page>("limit=abc").unwrap_err() {
            ApiError::BadRequest { field, message } => {
                assert_eq!(field.as_deref(), Some("limit"));
                assert!(message.starts_with("invalid `limit`"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        match parse_query::<Page>("limt=3").unwrap_err() {
            ApiError::BadRequest { field, message } => {
                assert_eq!(field.as_deref(), Some("limt"));
                assert_eq!(message, "unknown query parameter `limt`");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(parse_query::<Page>("limit=7").unwrap().limit, Some(7));
        assert_eq!(parse_query::<Page>("").unwrap().limit, None);
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let err = parse_json::<Probe>(b"{\"name\": ").unwrap_err();
        assert!(
            err.to_string().starts_with("malformed JSON at line 1"),
            "{err}"
        );
    }

    #[derive(Debug, serde::Deserialize)]
    #[expect(dead_code, reason = "the fields exist only to be deserialised")]
    enum Ladder {
        App(String),
        Connector(String),
    }

    #[derive(Debug, serde::Deserialize)]
    #[expect(dead_code, reason = "the fields exist only to be deserialised")]
    struct WithRole {
        role: Ladder,
    }

    #[test]
    fn well_formed_json_of_the_wrong_shape_is_not_called_malformed() {
        match parse_json::<WithRole>(br#"{"role": {}}"#).unwrap_err() {
            ApiError::BadRequest { field, message } => {
                assert_eq!(field.as_deref(), Some("role"));
                assert!(message.starts_with("invalid `role`"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_variant_tag_must_be_a_name() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(tag = "op", rename_all = "snake_case")]
        #[expect(dead_code, reason = "the variants exist only to be deserialised")]
        enum Op {
            All,
            Not { of: Box<Op> },
        }
        #[derive(Debug, serde::Deserialize)]
        #[expect(dead_code, reason = "the fields exist only to be deserialised")]
        struct Body {
            predicate: Op,
        }
        assert!(
            parse_json::<Body>(br#"{"predicate": {"op": "not", "of": {"op": "all"}}}"#).is_ok()
        );
        match parse_json::<Body>(br#"{"predicate": {"op": "not", "of": {"op": 0}}}"#).unwrap_err() {
            ApiError::BadRequest { field, .. } => {
                assert_eq!(field.as_deref(), Some("predicate.of.op"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn an_integral_float_is_the_integer_it_equals() {
        #[derive(Debug, serde::Deserialize)]
        struct Count {
            count: i64,
        }
        assert_eq!(parse_json::<Count>(br#"{"count": 3.0}"#).unwrap().count, 3);
        match parse_json::<Count>(br#"{"count": 3.5}"#).unwrap_err() {
            ApiError::BadRequest { field, .. } => assert_eq!(field.as_deref(), Some("count")),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_type_names_the_field() {
        let err = parse_json::<Probe>(br#"{"name": "a", "count": "x"}"#).unwrap_err();
        match err {
            ApiError::BadRequest { field, message } => {
                assert_eq!(field.as_deref(), Some("count"));
                assert!(message.contains("invalid type"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
