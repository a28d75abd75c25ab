//! Request extractors whose rejections are JSON errors naming the problem.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
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

/// Parses JSON, naming the field path and the problem on failure.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let field = (path != "." && !path.is_empty()).then_some(path);
        let message = match inner.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!(
                    "malformed JSON at line {} column {}",
                    inner.line(),
                    inner.column()
                )
            }
            _ => {
                let detail = strip_position(&inner.to_string());
                match &field {
                    Some(field) => format!("invalid `{field}`: {detail}"),
                    None => detail,
                }
            }
        };
        ApiError::BadRequest { message, field }
    })
}

/// serde_json appends " at line 1 column 20"; the field path says more.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
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

    #[test]
    fn malformed_json_names_line_and_column() {
        let err = parse_json::<Probe>(b"{\"name\": ").unwrap_err();
        assert!(
            err.to_string().starts_with("malformed JSON at line 1"),
            "{err}"
        );
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
