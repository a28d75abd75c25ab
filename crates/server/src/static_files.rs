//! Serves the built studio: its files (the brotli or gzip copy `scripts/build-studio.sh` wrote
//! beside each one when the browser accepts it),
//! and `index.html` for every other path so deep links such as `/users/12345.BWilliams` load —
//! except a missing file (`/favicon.ico`, `/robots.txt`, a chunk of an earlier build), which is
//! a plain 404, never the studio page.
//! A build's own files (`/pkg-<hash>/…`, a new folder per build) may be cached for good; the
//! page and everything else is revalidated, so a redeploy reaches the next page load.

use std::path::PathBuf;

use axum::extract::Request;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse};
use axum::routing::{get, MethodRouter};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The fallback service: the studio if it was built, else a page saying how to build it.
pub fn service(dist: Option<PathBuf>) -> MethodRouter {
    match dist {
        Some(dist) => {
            let files = ServeDir::new(&dist).precompressed_br().precompressed_gzip();
            let pages = files
                .clone()
                .fallback(ServeFile::new(dist.join("index.html")));
            get(move |request: Request| async move {
                // A build's own files (`/pkg-<hash>/…`) are never the studio page: one that is
                // missing — asked for by a page from an earlier build — is a plain 404, so the
                // chunk loader fails cleanly instead of parsing HTML as code.
                let build_file = request.uri().path().starts_with("/pkg-");
                let mut response = if build_file || names_a_file(request.uri().path()) {
                    files.oneshot(request).await.into_response()
                } else {
                    pages.oneshot(request).await.into_response()
                };
                // A 304 carries the header too: it replaces the one the browser stored.
                let found =
                    response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
                let cache = if build_file && found {
                    FOREVER
                } else {
                    REVALIDATE
                };
                response
                    .headers_mut()
                    .insert(CACHE_CONTROL, HeaderValue::from_static(cache));
                response
            })
        }
        None => axum::routing::get(not_built),
    }
}

/// Whether `path` asks for a file rather than a studio view: its last segment ends in an
/// extension files have (`favicon.ico`, `robots.txt`). A view's last segment may hold a dot
/// too (a user code such as `12345.BWilliams`), so only known extensions count.
fn names_a_file(path: &str) -> bool {
    const FILE_EXTENSIONS: &[&str] = &[
        "ico",
        "png",
        "svg",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "txt",
        "xml",
        "json",
        "js",
        "mjs",
        "css",
        "wasm",
        "map",
        "webmanifest",
        "html",
        "woff",
        "woff2",
    ];
    let last = path.rsplit('/').next().unwrap_or_default();
    last.rsplit_once('.').is_some_and(|(_, ext)| {
        FILE_EXTENSIONS
            .iter()
            .any(|known| ext.eq_ignore_ascii_case(known))
    })
}

/// For a build's files: their folder's name changes with their content.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// For the page, `demo.json` and answers that are not a build's file (a 404 included): ask
/// the server again each time (it answers 304 when nothing changed).
const REVALIDATE: &str = "no-cache";

async fn not_built() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(
            "<!doctype html><title>Gatehouse</title><h1>The studio is not built</h1>\
             <p>Run <code>scripts/run.sh</code>, which builds it and starts the server. \
             The API answers under <a href=\"/api/v1/health\">/api/v1</a>.</p>",
        ),
    )
}
