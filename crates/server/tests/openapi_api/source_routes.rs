//! Reads the routes the server registers straight from the source of `src/routes`, so the
//! completeness test needs no list kept by hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The methods axum's `routing` functions are named after.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// `(METHOD, full path)` → source file, for every `.route("…", …)` in `src/routes`, read at
/// test time. `routes/mod.rs` nests every other route module under `/api/v1`.
pub fn routes_in_source() -> BTreeMap<(String, String), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut routes = BTreeMap::new();
    for file in files {
        let name = file
            .strip_prefix(&root)
            .expect("under src/routes")
            .display()
            .to_string();
        // The SCIM service is not part of /api/v1 nor of its document: SCIM's own discovery
        // endpoints describe it, and scripts/scim-compliance.sh checks them.
        if name.starts_with("scim/") {
            continue;
        }
        let source = std::fs::read_to_string(&file).expect("read a route file");
        let prefix = if name == "mod.rs" { "" } else { "/api/v1" };
        for (method, path) in route_calls(&name, &source) {
            routes.insert((method, format!("{prefix}{path}")), name.clone());
        }
    }
    routes
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/routes") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The `(METHOD, path)` pairs of the `.route("<path>", get(…).post(…))` calls in `source`.
pub fn route_calls(file: &str, source: &str) -> Vec<(String, String)> {
    let bytes = source.as_bytes();
    let code = code_mask(bytes);
    let mut calls = Vec::new();
    for (at, _) in source.match_indices(".route(").filter(|(at, _)| code[*at]) {
        let mut i = at + ".route(".len();
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        assert_eq!(
            bytes[i], b'"',
            "{file}: a `.route(` whose path is no literal"
        );
        let end = i + 1 + source[i + 1..].find('"').expect("closing quote");
        let path = &source[i + 1..end];
        let (mut depth, mut j, mut words) = (1, end + 1, Vec::new());
        while depth > 0 {
            if code[j] && bytes[j] == b'(' {
                if depth == 1 {
                    let start = source[..j]
                        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map_or(0, |k| k + 1);
                    words.push(&source[start..j]);
                }
                depth += 1;
            } else if code[j] && bytes[j] == b')' {
                depth -= 1;
            }
            j += 1;
        }
        if words == ["any"] && source[end..j].contains("unknown_endpoint") {
            continue; // the JSON 404 for unknown API paths, not an endpoint
        }
        for word in words {
            assert!(
                METHODS.contains(&word),
                "{file}: cannot tell the method of `{word}(…)` in `.route(\"{path}\", …)`; \
                 teach this test"
            );
            calls.push((word.to_uppercase(), path.to_owned()));
        }
    }
    calls
}

/// Which bytes of Rust source are code: not in a comment, string or character literal.
fn code_mask(src: &[u8]) -> Vec<bool> {
    let mut code = vec![true; src.len()];
    let mut i = 0;
    let skip = |code: &mut Vec<bool>, from: usize, to: usize| {
        let to = to.min(src.len());
        code[from..to].iter_mut().for_each(|c| *c = false);
        to
    };
    while i < src.len() {
        let rest = &src[i..];
        let after_ident = i > 0 && (src[i - 1].is_ascii_alphanumeric() || src[i - 1] == b'_');
        let hashes = rest.iter().skip(1).take_while(|&&b| b == b'#').count();
        let raw_string = rest[0] == b'r' && !after_ident && rest.get(1 + hashes) == Some(&b'"');
        i = if rest.starts_with(b"//") {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            skip(&mut code, i, i + end)
        } else if rest.starts_with(b"/*") {
            let end = rest
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(rest.len(), |e| e + 2);
            skip(&mut code, i, i + end)
        } else if raw_string {
            let close: Vec<u8> = std::iter::once(b'"').chain(vec![b'#'; hashes]).collect();
            let open = 1 + hashes + 1;
            let end = rest[open..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(rest.len(), |e| open + e + close.len());
            skip(&mut code, i, i + end)
        } else if rest[0] == b'"' {
            let mut end = 1;
            while end < rest.len() && rest[end] != b'"' {
                end += if rest[end] == b'\\' { 2 } else { 1 };
            }
            skip(&mut code, i, i + end + 1)
        } else if rest[0] == b'\'' && rest.get(1) == Some(&b'\\') {
            let end = rest[2..]
                .iter()
                .position(|&b| b == b'\'')
                .map_or(rest.len(), |e| e + 3);
            skip(&mut code, i, i + end)
        } else if rest[0] == b'\'' && rest.get(2) == Some(&b'\'') {
            skip(&mut code, i, i + 3)
        } else {
            i + 1
        };
    }
    code
}

#[test]
fn the_source_reader_skips_comments_strings_and_fallbacks() {
    let source = r#"
        // .route("/commented", get(nothing))
        let quote = '"';
        Router::new()
            .route("/a/{id}", get(read).put(write)) /* .route("/b", post(x)) */
            .route("/c", axum::routing::post(create))
            .route("/api/{*rest}", any(unknown_endpoint))
    "#;
    assert_eq!(
        route_calls("test.rs", source),
        [
            ("GET".to_owned(), "/a/{id}".to_owned()),
            ("PUT".to_owned(), "/a/{id}".to_owned()),
            ("POST".to_owned(), "/c".to_owned()),
        ]
    );
}
