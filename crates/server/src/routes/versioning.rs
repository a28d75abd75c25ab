//! Optimistic concurrency on the wire: versions travel as ETags and come back in `If-Match`.

use axum::http::{header, HeaderMap};
use serde::Serialize;

use crate::error::ApiError;

/// The version in `If-Match` (`"3"` or `3`): 428 when missing, 400 when unreadable or weak
/// (`W/"3"` never matches: RFC 9110 compares If-Match strongly).
pub fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let value = headers
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?;
    let text = value.to_str().unwrap_or_default().trim();
    if text.starts_with("W/") {
        // RFC 9110 §13.1.1: If-Match compares strongly; a weak tag never matches.
        return Err(ApiError::BadRequest {
            message: format!(
                "`If-Match` must be a strong entity tag such as \"3\": a weak one ({text}) never matches"
            ),
            field: Some("if-match".to_owned()),
        });
    }
    // Exactly `"N"` or `N`, N of 1–18 digits (always an i64), as the OpenAPI pattern says.
    let digits = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    let well_formed =
        (1..=18).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    match digits.parse() {
        Ok(version) if well_formed => Ok(version),
        _ => Err(ApiError::BadRequest {
            message: format!("`If-Match` must be a version such as \"3\", not `{text}`"),
            field: Some("if-match".to_owned()),
        }),
    }
}

pub fn etag(version: i64) -> [(header::HeaderName, String); 1] {
    [(header::ETAG, format!("\"{version}\""))]
}

/// The 412 for `entity` with its current state.
pub fn stale<T: Serialize>(entity: &str, sent: i64, current: i64, state: &T) -> ApiError {
    ApiError::Stale {
        entity: entity.to_owned(),
        sent,
        current,
        state: serde_json::to_value(state).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_refuses_what_is_not_one_version() {
        for value in [
            "\"3",
            "3\"",
            "*",
            "\"\"",
            "1234567890123456789",
            "-1",
            "3.0",
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_MATCH, value.parse().unwrap());
            assert!(if_match(&headers).is_err(), "{value} was accepted");
        }
    }

    #[test]
    fn if_match_accepts_quoted_and_bare_versions() {
        for value in ["\"3\"", "3"] {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_MATCH, value.parse().unwrap());
            assert_eq!(if_match(&headers).unwrap(), 3);
        }
    }

    #[test]
    fn a_weak_tag_never_matches() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MATCH, "W/\"3\"".parse().unwrap());
        assert!(
            matches!(if_match(&headers), Err(ApiError::BadRequest { field: Some(f), message })
                if f == "if-match" && message.contains("weak"))
        );
    }

    #[test]
    fn missing_if_match_is_precondition_required() {
        assert!(matches!(
            if_match(&HeaderMap::new()),
            Err(ApiError::PreconditionRequired)
        ));
    }

    #[test]
    fn unreadable_if_match_names_the_header() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MATCH, "\"abc\"".parse().unwrap());
        assert!(
            matches!(if_match(&headers), Err(ApiError::BadRequest { field: Some(f), .. }) if f == "if-match")
        );
    }
}
