//! CSRF defence: every state-changing API request must carry the `x-gatehouse-csrf` header.
//!
//! Browsers do not let another site's page add a custom header without a CORS preflight, which
//! this server never grants, so a forged form post or cross-site fetch cannot pass. Together with
//! the SameSite=Strict session cookie this is the double defence OWASP recommends.

use axum::extract::Request;
use axum::http::header::ALLOW;
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The header the studio sends on every write.
pub const CSRF_HEADER: &str = "x-gatehouse-csrf";

/// Refuses unsafe methods under `/api/` without the CSRF header (bearer-token calls excepted:
/// they carry no cookie). A path that does not exist still answers 404, and a method the path
/// does not have 405 with `Allow`, before any CSRF refusal: the router is asked first with an
/// `OPTIONS` probe, which no route handles, so it only ever reaches the router's own 404/405.
pub async fn require_csrf_header(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api") {
        return next.run(request).await;
    }
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let has_bearer = request
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    if unsafe_method && !has_bearer && !request.headers().contains_key(CSRF_HEADER) {
        let (method, uri) = (request.method().clone(), request.uri().clone());
        if let Some(answer) = no_such_route(method, uri, next).await {
            return answer;
        }
        return ApiError::Forbidden(format!(
            "missing the `{CSRF_HEADER}` header that every change must send"
        ))
        .into_response();
    }
    next.run(request).await
}

/// The router's 404 or 405 for `method` on `uri`, if it has no such route.
async fn no_such_route(method: Method, uri: Uri, next: Next) -> Option<Response> {
    let mut probe = Request::new(axum::body::Body::empty());
    *probe.method_mut() = Method::OPTIONS;
    *probe.uri_mut() = uri.clone();
    let answer = next.run(probe).await;
    match answer.status() {
        StatusCode::NOT_FOUND => Some(
            ApiError::NotFound {
                what: "API endpoint",
                id: format!("{method} {}", uri.path()),
                field: "path",
            }
            .into_response(),
        ),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = answer
                .headers()
                .get(ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let has_method = allowed.split(',').any(|m| m.trim() == method.as_str());
            (!has_method).then(|| crate::json_errors::method_not_allowed(&method, &allowed))
        }
        _ => None,
    }
}
