//! Browser security headers on every response (OWASP ASVS 5.0, V3): a Content-Security-Policy
//! as strict as the studio allows, no framing by other sites, no MIME sniffing, no referrer
//! sent onwards, and HSTS when the session cookies are marked secure (served over HTTPS).
//!
//! The studio needs `'wasm-unsafe-eval'` (it is WebAssembly) and its one inline boot script;
//! that script is allowed by its SHA-256, read from the built `index.html` at start-up (the
//! build writes its folder name into it, so the hash changes with every build). Nothing else
//! inline runs: no `'unsafe-inline'` for scripts or styles.

use std::path::Path;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers every response carries.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    hsts: bool,
}

impl SecurityHeaders {
    /// The headers for a server serving the studio from `dist` (if built); HSTS only with
    /// `secure_cookies`.
    pub fn new(dist: Option<&Path>, secure_cookies: bool) -> Self {
        let index = dist.and_then(|d| std::fs::read_to_string(d.join("index.html")).ok());
        let csp = content_security_policy(index.as_deref());
        Self {
            csp: HeaderValue::from_str(&csp)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
            hsts: secure_cookies,
        }
    }
}

/// The Content-Security-Policy for a studio whose page is `index_html` (none: no inline
/// script is allowed at all).
pub fn content_security_policy(index_html: Option<&str>) -> String {
    let hashes: String = index_html
        .map(inline_scripts)
        .unwrap_or_default()
        .into_iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of every inline `<script>` of `html` (those without `src`), exactly as the browser
/// hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let open_tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !open_tag.contains("src=") {
            scripts.push(&body[..close]);
        }
        rest = &body[close + "</script>".len()..];
    }
    scripts
}

/// Adds the headers to a response (those a handler set itself are kept).
pub async fn add(State(headers): State<Arc<SecurityHeaders>>, mut response: Response) -> Response {
    let map = response.headers_mut();
    map.entry(CONTENT_SECURITY_POLICY)
        .or_insert_with(|| headers.csp.clone());
    map.entry(X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    map.entry(X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    map.entry(REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("no-referrer"));
    if headers.hsts {
        map.entry(STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(
                "max-age=31536000; includeSubDomains",
            ));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = "<script type=\"module\" src=\"/a.js\"></script>\n<script type=\"module\">\n  boot();\n</script>";
        assert_eq!(inline_scripts(html), ["\n  boot();\n"]);
        let csp = content_security_policy(Some(html));
        let expected =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"\n  boot();\n"));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(!content_security_policy(None).contains("sha256"));
    }
}
