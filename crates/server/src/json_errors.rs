//! The safety net that keeps every API error JSON: answers that axum or tower make themselves
//! (405 for a method a path does not have, a body over the limit, a path that is not valid
//! UTF-8, …) come as plain text or empty; this turns them into `{ "error", "field" }` with the
//! same status, so a client parses one shape whatever went wrong.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use gatehouse_wire::ErrorBody;

use crate::extract::BODY_LIMIT;

/// The most of a non-JSON error body that is kept as the message.
const MESSAGE_LIMIT: usize = 4 * 1024;

/// Rewrites non-JSON error answers of the API as JSON errors.
pub async fn ensure_json(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api") {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = match to_bytes(body, MESSAGE_LIMIT).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        Err(_) => String::new(),
    };
    let allow = parts
        .headers
        .get(ALLOW)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let error = ErrorBody {
        error: message(status, &method, allow.as_deref(), &text),
        field: named_field(&text),
    };
    let json = serde_json::to_vec(&error).unwrap_or_default();
    parts.headers.remove(CONTENT_LENGTH);
    parts
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Response::from_parts(parts, Body::from(json))
}

/// A JSON 405 for `method`, naming the methods the path `allow`s (and saying so in `Allow`).
pub fn method_not_allowed(method: &Method, allow: &str) -> Response {
    let error = ErrorBody {
        error: message(StatusCode::METHOD_NOT_ALLOWED, method, Some(allow), ""),
        field: None,
    };
    let mut response = Response::new(Body::from(serde_json::to_vec(&error).unwrap_or_default()));
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Ok(allow) = HeaderValue::from_str(allow) {
        response.headers_mut().insert(ALLOW, allow);
    }
    response
}

/// The sentence for a status the framework answered by itself.
fn message(status: StatusCode, method: &Method, allow: Option<&str>, text: &str) -> String {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => match allow.filter(|a| !a.is_empty()) {
            Some(allow) => format!("{method} is not allowed on this path; it allows {allow}"),
            None => format!("{method} is not allowed on this path"),
        },
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!("request body is too large (limit {BODY_LIMIT} bytes)")
        }
        _ if !text.is_empty() => first_upper_to_lower(text),
        _ => status
            .canonical_reason()
            .unwrap_or("the request failed")
            .to_lowercase(),
    }
}

/// The parameter axum's text names ("Invalid UTF-8 in `code`"), if any.
fn named_field(text: &str) -> Option<String> {
    let start = text.find(" in `")? + " in `".len();
    let rest = &text[start..];
    let name = &rest[..rest.find('`')?];
    (!name.is_empty()).then(|| name.to_owned())
}

/// axum's texts start with a capital ("Failed to …"); the API's sentences do not.
fn first_upper_to_lower(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_not_allowed_lists_the_allowed_methods() {
        let text = message(
            StatusCode::METHOD_NOT_ALLOWED,
            &Method::PATCH,
            Some("GET,HEAD,PUT"),
            "",
        );
        assert_eq!(
            text,
            "PATCH is not allowed on this path; it allows GET,HEAD,PUT"
        );
    }

    #[test]
    fn a_path_parameter_named_by_axum_is_the_field() {
        assert_eq!(
            named_field("Invalid URL: Invalid UTF-8 in `code`").as_deref(),
            Some("code")
        );
        assert_eq!(named_field("Failed to buffer the request body"), None);
    }

    #[test]
    fn framework_texts_become_sentences() {
        let text = message(
            StatusCode::BAD_REQUEST,
            &Method::GET,
            None,
            "Invalid URL: Cannot parse `x` to a `u32`",
        );
        assert_eq!(text, "invalid URL: Cannot parse `x` to a `u32`");
        assert_eq!(
            message(StatusCode::NOT_FOUND, &Method::GET, None, ""),
            "not found"
        );
    }
}
