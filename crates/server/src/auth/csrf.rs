//! CSRF defence: every state-changing API request must carry the `x-gatehouse-csrf` header.
//!
//! Browsers do not let another site's page add a custom header without a CORS preflight, which
//! this server never grants, so a forged form post or cross-site fetch cannot pass. Together with
//! the SameSite=Strict session cookie this is the double defence OWASP recommends.

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The header the studio sends on every write.
pub const CSRF_HEADER: &str = "x-gatehouse-csrf";

/// Refuses unsafe methods under `/api/` without the CSRF header (bearer-token calls excepted:
/// they carry no cookie).
pub async fn require_csrf_header(request: Request, next: Next) -> Response {
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
        return ApiError::Forbidden(format!(
            "missing the `{CSRF_HEADER}` header that every change must send"
        ))
        .into_response();
    }
    next.run(request).await
}
