//! Users imported from CSV and exported as CSV over real HTTP, on SQLite and PostgreSQL: a
//! dry run reports every line; a line in error writes nothing; an import is one audited
//! change set; the same file twice writes nothing the second time; spreadsheet files (`;`,
//! a byte-order mark) are read; the export imports back unchanged; the policy's refusals
//! come back on their lines; only the account owner imports; a body far over the limit is a
//! JSON 413.

mod common;

use common::{spawn_app, Backend, TestApp};
use gatehouse_wire::{AuditPage, ErrorBody, GroupDetail, ImportOutcome, ImportResult, UserList};
use reqwest::{Method, StatusCode};
use serde_json::json;

const ENV: &str = "/api/v1/environments/O12345AA";
const IMPORT: &str = "/api/v1/environments/O12345AA/imports/users";

on_both_backends!(
    a_dry_run_reports_every_line_with_its_number_and_writes_nothing,
    a_line_in_error_answers_422_naming_it_and_writes_nothing,
    an_import_is_one_audited_change_set_of_users_and_memberships,
    the_same_file_twice_writes_nothing_the_second_time,
    a_spreadsheet_file_with_semicolons_and_a_bom_is_read,
    the_export_is_a_download_that_imports_back_unchanged,
    refusals_of_the_policy_come_back_on_their_lines,
    an_open_quote_is_an_error_on_its_line,
    only_the_account_owner_imports,
    a_body_far_over_the_limit_is_a_json_413,
);

async fn import(app: &TestApp, csv: &str, dry_run: bool) -> reqwest::Response {
    import_as(app, &app.client, csv, dry_run).await
}

async fn import_as(
    app: &TestApp,
    client: &reqwest::Client,
    csv: &str,
    dry_run: bool,
) -> reqwest::Response {
    let body = json!({ "csv": csv, "dry_run": dry_run });
    app.send(client, Method::POST, IMPORT, None, Some(body))
        .await
}

async fn imported(app: &TestApp, csv: &str, dry_run: bool) -> ImportResult {
    let response = import(app, csv, dry_run).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("an import result")
}

async fn refused(response: reqwest::Response, status: StatusCode) -> ErrorBody {
    assert_eq!(response.status(), status);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("application/json"), "{kind}");
    response.json().await.expect("an error body")
}

async fn users(app: &TestApp) -> UserList {
    app.get(&format!("{ENV}/users")).await.json().await.unwrap()
}

async fn audit_total(app: &TestApp) -> usize {
    let page: AuditPage = app.get(&format!("{ENV}/audit")).await.json().await.unwrap();
    page.total
}

async fn group(app: &TestApp, id: &str) -> GroupDetail {
    app.get(&format!("{ENV}/groups/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

async fn a_dry_run_reports_every_line_with_its_number_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let audit_before = audit_total(&app).await;
    let result = imported(
        &app,
        "code,name,email,groups\n\
         12345.FSmit,Fleur Smit,fleur.smit@northwind.example,Support\n\
         12345.JDekker,Jasmijn Dekker,jasmijn@northwind.example,ICT\n\
         12345.LNieuw,\"Nieuw, Lotte\",lotte@northwind.example,Support|ICT\n\
         12345.MNog,Mo,anna.devries@northwind.example,\n\
         12345.OOnbekend,Olga,,Marketing\n",
        true,
    )
    .await;
    assert!(result.dry_run);
    let lines: Vec<(usize, &str, ImportOutcome)> = result
        .lines
        .iter()
        .map(|l| (l.line, l.code.as_str(), l.outcome))
        .collect();
    assert_eq!(
        lines,
        vec![
            (2, "12345.FSmit", ImportOutcome::Unchanged),
            (3, "12345.JDekker", ImportOutcome::Changed),
            (4, "12345.LNieuw", ImportOutcome::New),
            (5, "12345.MNog", ImportOutcome::Error),
            (6, "12345.OOnbekend", ImportOutcome::Error),
        ]
    );
    assert_eq!(result.lines[1].fields, ["email", "groups"]);
    assert_eq!(result.lines[3].field.as_deref(), Some("email"));
    assert_eq!(
        result.lines[3].message.as_deref(),
        Some("already used by Anna de Vries (12345.AdeVries)")
    );
    assert_eq!(
        result.lines[4].message.as_deref(),
        Some("there is no group Marketing here")
    );
    assert_eq!(
        (
            result.new,
            result.changed,
            result.unchanged,
            result.errors,
            result.applied
        ),
        (1, 1, 1, 2, 0)
    );
    // The lines that can be imported are decided too: their impact is previewed.
    assert!(result.result.is_some_and(|r| r.dry_run));
    assert_eq!(users(&app).await.total, 11);
    assert_eq!(audit_total(&app).await, audit_before);
}

async fn a_line_in_error_answers_422_naming_it_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let audit_before = audit_total(&app).await;
    let response = import(
        &app,
        "code,name,email\n\
         12345.LNieuw,Lotte Nieuw,lotte@northwind.example\n\
         12345.MNog,Mo,Fleur.Smit@Northwind.example\n",
        false,
    )
    .await;
    let error = refused(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        error.error,
        "line 3, email: already used by Fleur Smit (12345.FSmit)"
    );
    assert_eq!(error.field.as_deref(), Some("csv"));
    assert_eq!(users(&app).await.total, 11);
    assert_eq!(audit_total(&app).await, audit_before);
}

async fn an_import_is_one_audited_change_set_of_users_and_memberships(backend: Backend) {
    let app = spawn_app(backend).await;
    let audit_before = audit_total(&app).await;
    let result = imported(
        &app,
        "code,name,email,groups,windows,pocket\n\
         12345.LNieuw,Lotte Nieuw,lotte@northwind.example,Support|ICT,yes,yes\n\
         12345.MNog,Mo Nog,,ICT,no,no\n\
         12345.JDekker,Jasmijn Dekker,,Management,,\n",
        false,
    )
    .await;
    assert!(!result.dry_run);
    assert_eq!((result.new, result.changed, result.errors), (2, 1, 0));
    assert_eq!(result.lines[2].fields, ["groups"]);
    // Two users created, four memberships added.
    assert_eq!(result.applied, 6);
    let set = result.result.expect("the change set's result");
    assert!(set.users.iter().any(|u| u.code == "12345.LNieuw"));
    let list = users(&app).await;
    assert_eq!(list.total, 13);
    let lotte = list
        .items
        .iter()
        .find(|u| u.code == "12345.LNieuw")
        .unwrap();
    assert!(lotte.flags.windows && lotte.flags.pocket);
    let mut groups: Vec<&str> = lotte.groups.iter().map(|g| g.name.as_str()).collect();
    groups.sort_unstable();
    assert_eq!(groups, ["ICT", "Support"]);
    let ict = group(&app, "grp-ict").await;
    assert!(ict.members.iter().any(|m| m.code == "12345.MNog"));
    // One audit entry per user created and per group whose members changed.
    assert_eq!(audit_total(&app).await, audit_before + 2 + 3);
}

async fn the_same_file_twice_writes_nothing_the_second_time(backend: Backend) {
    let app = spawn_app(backend).await;
    let csv = "code,name,email,groups\n12345.LNieuw,Lotte Nieuw,lotte@northwind.example,Support\n12345.FSmit,Fleur de Smit,,Support|ICT\n";
    let first = imported(&app, csv, false).await;
    assert_eq!(first.applied, 4);
    let audit_between = audit_total(&app).await;
    let second = imported(&app, csv, false).await;
    assert_eq!((second.applied, second.unchanged), (0, 2));
    assert!(second.result.is_none());
    assert_eq!(audit_total(&app).await, audit_between);
}

async fn a_spreadsheet_file_with_semicolons_and_a_bom_is_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let result = imported(&app, "\u{FEFF}Code;Name;Email\r\n", true).await;
    assert_eq!(result.lines.len(), 0, "{result:?}");
    let error = refused(
        import(
            &app,
            "\u{FEFF}Code;Naam;Email\r\n12345.LNieuw;Lotte;\r\n",
            true,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        error.error.starts_with("line 1, Naam: unknown column Naam"),
        "{error:?}"
    );
    let result = imported(
        &app,
        "\u{FEFF}Code;Name;Email;Groups\r\n12345.LNieuw;\"Nieuw; Lotte\";lotte@northwind.example;Support\r\n\r\n",
        false,
    )
    .await;
    assert_eq!((result.new, result.applied), (1, 2));
    let list = users(&app).await;
    let lotte = list
        .items
        .iter()
        .find(|u| u.code == "12345.LNieuw")
        .unwrap();
    assert_eq!(lotte.name, "Nieuw; Lotte");
}

async fn the_export_is_a_download_that_imports_back_unchanged(backend: Backend) {
    let app = spawn_app(backend).await;
    // Someone who may list users may download them.
    let fleur = app.client_for("12345.FSmit").await;
    let response = fleur
        .get(app.url(&format!("{ENV}/users.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"users-O12345AA.csv\""
    );
    let csv = response.text().await.unwrap();
    assert!(csv.starts_with("code,name,email,status,groups,windows,insite,pocket\r\n"));
    assert_eq!(csv.lines().count(), 12);
    let dry = imported(&app, &csv, true).await;
    assert_eq!((dry.unchanged, dry.errors), (11, 0), "{dry:?}");
    let applied = imported(&app, &csv, false).await;
    assert_eq!(applied.applied, 0);
}

async fn refusals_of_the_policy_come_back_on_their_lines(backend: Backend) {
    let app = spawn_app(backend).await;
    // Nobody deactivates their own account: the policy's rule, on the owner's line.
    let result = imported(
        &app,
        "code,status\n12345.FSmit,active\n12345.AdeVries,deactivated\n",
        true,
    )
    .await;
    assert_eq!(result.lines[0].outcome, ImportOutcome::Unchanged);
    assert_eq!(result.lines[1].outcome, ImportOutcome::Error);
    assert_eq!(result.lines[1].field.as_deref(), Some("status"));
    assert_eq!(
        result.lines[1].message.as_deref(),
        Some("you cannot deactivate your own account")
    );
    let error = refused(
        import(&app, "code,status\n12345.AdeVries,deactivated\n", false).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        error.error,
        "line 2, status: you cannot deactivate your own account"
    );
    // A new user's code must be the organisation's.
    let error = refused(
        import(&app, "code,name\n98765.Other,Other\n", false).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(error
        .error
        .starts_with("line 2, code: user code 98765.Other does not belong"));
}

async fn an_open_quote_is_an_error_on_its_line(backend: Backend) {
    let app = spawn_app(backend).await;
    let error = refused(
        import(
            &app,
            "code,name,email\n12345.LOne,One,\n12345.LTwo,\"Two,two@x.example\n12345.LThree,Three,\n",
            false,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        error.error,
        "line 3: has 2 fields where the header has 3 (a quote that is not closed joins the lines after it)"
    );
    assert_eq!(users(&app).await.total, 11);
}

async fn only_the_account_owner_imports(backend: Backend) {
    let app = spawn_app(backend).await;
    let fleur = app.client_for("12345.FSmit").await;
    let response = import_as(&app, &fleur, "code,name\n12345.LNieuw,Lotte\n", true).await;
    let error = refused(response, StatusCode::FORBIDDEN).await;
    assert_eq!(
        error.error,
        "only the account owner imports users, and you are not the account owner"
    );
}

async fn a_body_far_over_the_limit_is_a_json_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, error) = post_huge(&app, 50 * 1024 * 1024).await;
    assert_eq!(status, 413, "{error}");
    let error: ErrorBody = serde_json::from_str(&error).expect("a JSON error");
    assert!(error.error.contains("too large"), "{error:?}");
    assert!(error.error.contains("12582912"), "{error:?}");
    // A file over 10 MiB inside the body's limit is refused saying the file's limit.
    let csv = format!("code\n12345.A,{}\n", "a".repeat(11 * 1024 * 1024));
    let error = refused(
        import(&app, &csv, true).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(error.error.contains("at most 10 MiB"), "{error:?}");
    assert_eq!(error.field.as_deref(), Some("csv"));
}

/// Posts a JSON body of `size` bytes to the import as the account owner over a plain TCP
/// connection, reading the answer while the body is still being sent (a server refuses such
/// a body before reading it; an HTTP client that stops at its first failed write would
/// report the closed connection instead of the answer). The status and the answer's body.
async fn post_huge(app: &TestApp, size: usize) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let signed_in = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .header("x-gatehouse-csrf", "1")
        .json(&json!({ "code": common::OWNER, "password": common::PASSWORD }))
        .send()
        .await
        .expect("sign in");
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let stream = tokio::net::TcpStream::connect(app.server.addr)
        .await
        .expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST {IMPORT} HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\n\
         content-length: {size}\r\nx-gatehouse-csrf: 1\r\ncookie: {cookie}\r\n\
         connection: close\r\n\r\n",
        app.server.addr
    );
    let sending = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..size / chunk.len() {
            writer.write_all(&chunk).await?;
        }
        Ok::<_, std::io::Error>(())
    });
    let mut answer = Vec::new();
    let mut buffer = [0u8; 8192];
    let read = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
            let text = String::from_utf8_lossy(&answer);
            if let Some((_, body)) = text.split_once("\r\n\r\n") {
                if body.trim_end().ends_with('}') {
                    break;
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 30 s");
    sending.abort();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .unwrap_or_default();
    (status, body.to_owned())
}
