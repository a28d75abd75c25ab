//! The routes as written in `src/routes/`: every `.route("<path>", get(..).post(..))` pair,
//! read from the sources when the test runs, so a new endpoint cannot slip past the matrix.

use std::path::{Path, PathBuf};

/// One method of one route, as declared in the sources.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceRoute {
    /// `GET`, `POST`, … or `ANY`.
    pub method: String,
    /// The path template as written, e.g. `/environments/{env}/users`.
    pub path: String,
    /// The file under `src/routes/` that declares it.
    pub file: String,
}

/// `src/routes/` of this crate.
pub fn routes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join("routes")
}

/// Every route declared in the `.rs` files under `dir` (recursively), with the file each is
/// in relative to `dir`, except in files for which `skip` says yes; an error names any route
/// the scanner cannot read.
pub fn scan(dir: &Path, skip: impl Fn(&str) -> bool) -> Result<Vec<SourceRoute>, String> {
    let mut files = Vec::new();
    collect_rs_files(dir, &mut files)?;
    files.sort();
    let mut routes = Vec::new();
    for file in files {
        let label = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        if skip(&label) {
            continue;
        }
        let source = std::fs::read_to_string(&file)
            .map_err(|err| format!("cannot read `{}`: {err}", file.display()))?;
        routes.extend(routes_in(&label, &source)?);
    }
    Ok(routes)
}

fn collect_rs_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|err| format!("cannot list `{}`: {err}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|err| err.to_string())?.path();
        if path.is_dir() {
            collect_rs_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The routes declared in one file's `source`.
pub fn routes_in(file: &str, source: &str) -> Result<Vec<SourceRoute>, String> {
    let code = without_comments(source);
    for unreadable in [".route_service(", ".nest_service("] {
        if code.contains(unreadable) {
            return Err(format!(
                "`{file}` uses `{unreadable}`, which this scanner cannot read; extend it"
            ));
        }
    }
    let mut routes = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find(".route(") {
        let open = at + ".route".len();
        let close = matching_paren(rest, open)
            .ok_or_else(|| format!("unbalanced `.route(` in `{file}`"))?;
        let args = &rest[open + 1..close];
        let (path, methods) = split_route_args(args)
            .ok_or_else(|| format!("cannot read the path of `.route({args})` in `{file}`"))?;
        for method in method_names(methods)
            .map_err(|call| format!("cannot read method `{call}` of route `{path}` in `{file}`"))?
        {
            routes.push(SourceRoute {
                method,
                path: path.clone(),
                file: file.to_owned(),
            });
        }
        rest = &rest[close + 1..];
    }
    Ok(routes)
}

/// `"<path>", <method router>` → the path and the method router expression.
fn split_route_args(args: &str) -> Option<(String, &str)> {
    let args = args.trim_start();
    let body = args.strip_prefix('"')?;
    let end = body.find('"')?;
    let path = body[..end].to_owned();
    let methods = body[end + 1..].trim_start().strip_prefix(',')?;
    Some((path, methods.trim().trim_end_matches(',')))
}

/// The HTTP methods of a method router chain such as `get(a).post(b)`: the name of each call
/// at the outer level (`axum::routing::put(x)` counts as `put`). Layers are skipped; any
/// other call is returned as the error.
fn method_names(expr: &str) -> Result<Vec<String>, String> {
    let mut methods = Vec::new();
    let mut name = String::new();
    let mut index = 0;
    while index < expr.len() {
        let c = expr[index..].chars().next().unwrap_or(' ');
        if c == '(' {
            let call = name.rsplit("::").next().unwrap_or_default().to_owned();
            match call.trim_end_matches("_service") {
                "get" | "post" | "put" | "delete" | "patch" | "head" | "options" | "trace" => {
                    methods.push(call.trim_end_matches("_service").to_uppercase());
                }
                "any" => methods.push("ANY".to_owned()),
                "layer" | "route_layer" | "with_state" => {}
                _ => return Err(call),
            }
            index = matching_paren(expr, index).ok_or_else(|| expr.to_owned())? + 1;
            name.clear();
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == ':' {
            name.push(c);
        } else if !c.is_whitespace() {
            name.clear();
        }
        index += c.len_utf8();
    }
    if methods.is_empty() {
        return Err(expr.to_owned());
    }
    Ok(methods)
}

/// The index of the `)` matching the `(` at `open`, skipping string and char literals.
fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut index = open;
    while index < bytes.len() {
        match bytes[index] {
            b'"' | b'\'' => {
                index += literal_len(&bytes[index..]);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// The length of the string literal (`"…"`) or char literal (`'x'`, `'\''`) that `rest`
/// starts with; 1 for a lifetime's quote.
fn literal_len(rest: &[u8]) -> usize {
    match rest {
        [b'"', tail @ ..] => {
            let mut index = 0;
            while index < tail.len() {
                match tail[index] {
                    b'\\' => index += 2,
                    b'"' => return index + 2,
                    _ => index += 1,
                }
            }
            rest.len()
        }
        [b'\'', b'\\', ..] => rest
            .iter()
            .skip(3)
            .position(|b| *b == b'\'')
            .map_or(1, |p| p + 4),
        [b'\'', ..] => {
            let text = String::from_utf8_lossy(&rest[1..rest.len().min(6)]);
            match text.chars().next() {
                Some(c) if text[c.len_utf8()..].starts_with('\'') => c.len_utf8() + 2,
                _ => 1,
            }
        }
        _ => 1,
    }
}

/// The source with `//` and `/* */` comments blanked out; string and char literals kept.
fn without_comments(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let rest = &bytes[index..];
        if rest.starts_with(b"//") {
            while index < bytes.len() && bytes[index] != b'\n' {
                index += 1;
            }
        } else if rest.starts_with(b"/*") {
            out.push(b' ');
            index = source[index + 2..]
                .find("*/")
                .map_or(bytes.len(), |end| index + 2 + end + 2);
        } else if rest[0] == b'"' || rest[0] == b'\'' {
            let len = literal_len(rest).min(rest.len());
            out.extend_from_slice(&rest[..len]);
            index += len;
        } else {
            out.push(rest[0]);
            index += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn the_scanner_reads_chains_paths_and_skips_comments() {
    let source = r#"
        // .route("/commented", get(nothing))
        fn router() -> Router<AppState> {
            let quote = '"';
            Router::new()
                .route("/a/{id}", get(read).put(write).delete(remove))
                .route(
                    "/b",
                    axum::routing::post(make).layer(limit("x)")),
                )
        }
    "#;
    let routes = routes_in("x.rs", source).unwrap();
    let pairs: Vec<(&str, &str)> = routes
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("GET", "/a/{id}"),
            ("PUT", "/a/{id}"),
            ("DELETE", "/a/{id}"),
            ("POST", "/b")
        ]
    );
    assert!(routes_in("y.rs", r#".route("/c", on(MethodFilter::GET, h))"#).is_err());
}
