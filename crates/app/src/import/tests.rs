use std::collections::{BTreeSet, HashMap};

use gatehouse_policy::{
    EmailAddress, Group, GroupId, Participant, Policy, RefusalKind, SetRefusal, User, UserCode,
    UserFlags, UserId,
};
use gatehouse_wire::{ChangeRequest, ImportOutcome};

use super::*;
use crate::users_csv;

const ENV: &str = "O12345AA";

fn user(id: &str, code: &str, name: &str, email: Option<&str>, groups: &[&str]) -> User {
    let mut user = User::new(UserId::parse(id).unwrap(), name);
    user.code = Some(UserCode::parse(code).unwrap());
    user.email = email.map(|e| EmailAddress::parse(e).unwrap());
    user.groups = groups.iter().map(|g| GroupId::parse(g).unwrap()).collect();
    user
}

/// Northwind: Fleur (Support, Windows), Bram (no email), the account owner, and a
/// collaborator from 98765; groups Support, Sales and "R|D".
fn northwind() -> Policy {
    let mut policy = Policy::new();
    policy.participant = Some(Participant::parse("12345").unwrap());
    for (id, name) in [
        ("grp-support", "Support"),
        ("grp-sales", "Sales"),
        ("grp-rd", "R|D"),
    ] {
        policy
            .groups
            .push(Group::new(GroupId::parse(id).unwrap(), name));
    }
    let mut fleur = user(
        "usr-fleur",
        "12345.FSmit",
        "Fleur Smit",
        Some("fleur@northwind.example"),
        &["grp-support"],
    );
    fleur.flags.windows = true;
    let bram = user("usr-bram", "12345.BJansen", "Bram Jansen", None, &[]);
    let mut owner = user(
        "usr-owner",
        "12345.AdeVries",
        "Anna de Vries",
        Some("anna@northwind.example"),
        &[],
    );
    owner.account_owner = true;
    let guest = user(
        "usr-guest",
        "98765.BWilliams",
        "Bob Williams",
        Some("bob@accountant.example"),
        &["grp-sales"],
    );
    policy.users = vec![fleur, bram, owner, guest];
    policy
}

fn versions() -> HashMap<String, i64> {
    ["usr-fleur", "usr-bram", "usr-owner", "usr-guest"]
        .into_iter()
        .map(|id| (id.to_owned(), 3))
        .collect()
}

fn plan(csv: &str) -> ImportPlan {
    plan_user_import(csv.as_bytes(), &northwind(), &versions(), ENV).expect("a readable file")
}

fn file_error(csv: &[u8]) -> ImportError {
    plan_user_import(csv, &northwind(), &versions(), ENV).expect_err("an unreadable file")
}

/// The first error, as the API says it.
fn first_error(csv: &str) -> String {
    plan(csv).first_error().expect("an error").to_string()
}

fn outcomes(plan: &ImportPlan) -> Vec<(usize, &str, &LineOutcome)> {
    plan.lines
        .iter()
        .map(|l| (l.line, l.code.as_str(), &l.outcome))
        .collect()
}

#[test]
fn each_line_is_new_changed_or_unchanged_with_its_line_number() {
    let plan = plan(
        "code,name,email,groups\n\
         12345.FSmit,Fleur Smit,fleur@northwind.example,Support\n\
         12345.BJansen,Bram Jansen,bram@northwind.example,Support|Sales\n\
         12345.LNieuw,Lotte Nieuw,,Sales\n",
    );
    assert_eq!(
        outcomes(&plan),
        vec![
            (2, "12345.FSmit", &LineOutcome::Unchanged),
            (
                3,
                "12345.BJansen",
                &LineOutcome::Changed(vec![Column::Email, Column::Groups])
            ),
            (4, "12345.LNieuw", &LineOutcome::New),
        ]
    );
    assert_eq!(plan.first_error(), None);
}

#[test]
fn the_requests_create_users_with_their_own_ids_and_name_them_in_memberships() {
    let plan = plan(
        "code,name,email,groups\n\
         12345.BJansen,Bram Jansen,bram@northwind.example,Support|Sales\n\
         12345.LNieuw,Lotte Nieuw,,Sales\n",
    );
    let user = |id: &str| id.to_owned();
    assert_eq!(
        plan.requests(),
        &[
            ChangeRequest::UpdateUser {
                user: user("usr-bram"),
                version: 3,
                name: "Bram Jansen".to_owned(),
                email: Some("bram@northwind.example".to_owned()),
                flags: gatehouse_wire::UserFlags::default(),
                status: gatehouse_wire::UserStatus::Active,
            },
            ChangeRequest::AddMember {
                group: "grp-sales".to_owned(),
                user: user("usr-bram"),
            },
            ChangeRequest::AddMember {
                group: "grp-support".to_owned(),
                user: user("usr-bram"),
            },
            ChangeRequest::CreateUser {
                user: Some(user("usr-O12345AA-12345.LNieuw")),
                code: "12345.LNieuw".to_owned(),
                name: "Lotte Nieuw".to_owned(),
                email: None,
                flags: gatehouse_wire::UserFlags::default(),
            },
            ChangeRequest::AddMember {
                group: "grp-sales".to_owned(),
                user: user("usr-O12345AA-12345.LNieuw"),
            },
        ]
    );
}

#[test]
fn a_column_left_out_keeps_what_is_stored_and_groups_is_the_complete_list() {
    // No email column: Fleur keeps hers. Groups empty: she leaves Support.
    let plan = plan("code,groups,windows\n12345.FSmit,,yes\n");
    assert_eq!(
        plan.lines[0].outcome,
        LineOutcome::Changed(vec![Column::Groups])
    );
    assert_eq!(
        plan.requests(),
        &[ChangeRequest::RemoveMember {
            group: "grp-support".to_owned(),
            user: "usr-fleur".to_owned(),
        }]
    );
    let kept = plan_user_import(b"code\n12345.FSmit\n", &northwind(), &versions(), ENV).unwrap();
    assert_eq!(kept.lines[0].outcome, LineOutcome::Unchanged);
    assert!(kept.requests().is_empty());
}

#[test]
fn an_export_imports_back_unchanged() {
    let csv = users_csv(&northwind());
    assert!(csv.starts_with("code,name,email,status,groups,windows,insite,pocket\r\n"));
    assert!(
        csv.contains("12345.FSmit,Fleur Smit,fleur@northwind.example,active,Support,yes,no,no\r\n")
    );
    let plan = plan(&csv);
    assert!(plan.requests().is_empty(), "{:?}", plan.requests());
    assert!(plan
        .lines
        .iter()
        .all(|l| l.outcome == LineOutcome::Unchanged));
}

#[test]
fn a_bom_semicolons_and_crlf_are_read_as_spreadsheets_write_them() {
    let csv = "\u{FEFF}Code;Name;E-mail\r\n";
    assert_eq!(
        plan_user_import(csv.as_bytes(), &northwind(), &versions(), ENV)
            .unwrap_err()
            .to_string(),
        "line 1, E-mail: unknown column E-mail; the columns are code, name, email, status, groups, windows, insite, pocket"
    );
    let plan = plan(
        "\u{FEFF} Code ;NAME;email;Windows\r\n12345.FSmit;Fleur Smit;FLEUR@Northwind.example;JA\r\n12345.BJansen;\"Jansen; Bram\";;No\r\n\r\n\r\n",
    );
    assert_eq!(
        plan.lines[0].outcome,
        LineOutcome::Error {
            field: Some("windows".to_owned()),
            message: "windows must be yes or no (or true/false, 1/0), not JA".to_owned()
        }
    );
    assert_eq!(
        plan.lines[1].outcome,
        LineOutcome::Changed(vec![Column::Name])
    );
    assert_eq!(plan.lines.len(), 2, "blank lines at the end are no lines");
}

#[test]
fn quoted_fields_hold_separators_quotes_and_line_breaks_and_lines_count_physically() {
    let plan = plan(
        "code,name,email\n\
         12345.LOne,\"One, \"\"the first\"\"\",\n\
         12345.LTwo,\"Two\non two lines\",\n\
         12345.LThree,Three,not-an-email\n",
    );
    assert_eq!(plan.lines[0].outcome, LineOutcome::New);
    assert_eq!(plan.lines[1].line, 3);
    // A name may not break lines: the policy's naming rule says so.
    assert!(matches!(&plan.lines[1].outcome,
        LineOutcome::Error { field: Some(f), message } if f == "name" && message.contains("U+000A")));
    assert_eq!(plan.lines[2].line, 5, "the quoted break counts as a line");
    assert_eq!(
        plan.first_error().unwrap().line,
        Some(3),
        "the first error is the first line in error"
    );
    assert_eq!(
        plan.lines[2].outcome,
        LineOutcome::Error {
            field: Some("email".to_owned()),
            message: "email address not-an-email must contain exactly one @".to_owned()
        }
    );
}

#[test]
fn header_errors_are_on_line_1_and_name_the_column() {
    let unknown = file_error(b"code,name,phone\n12345.FSmit,Fleur,1\n");
    assert_eq!(unknown.line, Some(1));
    assert_eq!(unknown.field.as_deref(), Some("phone"));
    let twice = file_error(b"code,Email,email\n");
    assert_eq!(
        twice.to_string(),
        "line 1, email: column email appears twice in the header"
    );
    let no_code = file_error(b"name,email\nFleur,f@x.example\n");
    assert_eq!(no_code.field.as_deref(), Some("code"));
    assert!(no_code.message.contains("no code column"), "{no_code}");
    let unnamed = file_error(b"code,,name\n");
    assert!(unnamed.message.contains("column 2"), "{unnamed}");
    let empty = file_error(b"\n\n");
    assert!(empty.message.contains("empty"), "{empty}");
}

#[test]
fn a_file_that_is_not_utf8_is_refused_naming_the_line() {
    let latin1 = b"code,name\n12345.FSmit,Fleur Smit\n12345.LNieuw,Jos\xe9\n";
    let err = file_error(latin1);
    assert_eq!(err.line, Some(3));
    assert!(err.message.contains("UTF-8"), "{err}");
    let decoded = file_error("code,name\n12345.LNieuw,Jos\u{FFFD}\n".as_bytes());
    assert_eq!(decoded.line, Some(2), "as a browser decodes it");
    let utf16 = file_error(&[0xFF, 0xFE, b'c', 0]);
    assert!(utf16.message.contains("UTF-16"), "{utf16}");
}

#[test]
fn too_many_lines_or_bytes_are_refused_saying_the_limit_and_what_was_given() {
    let mut csv = String::from("code\n");
    for n in 0..=MAX_IMPORT_LINES {
        csv.push_str(&format!("12345.U{n}\n"));
    }
    let lines = file_error(csv.as_bytes());
    assert_eq!(
        lines.to_string(),
        "the file has 10,001 data lines; an import takes at most 10,000: split it"
    );
    let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
    assert_eq!(
        file_error(&big).to_string(),
        "the file is 10,485,761 bytes; an import takes at most 10 MiB (10,485,760 bytes): split it"
    );
}

#[test]
fn an_email_another_user_keeps_is_refused_naming_that_user() {
    assert_eq!(
        first_error("code,name,email\n12345.LNieuw,Lotte,Fleur@Northwind.example\n"),
        "line 2, email: already used by Fleur Smit (12345.FSmit)"
    );
    // Two users may swap addresses in one file.
    let swap = plan(
        "code,email\n12345.FSmit,anna@northwind.example\n12345.AdeVries,fleur@northwind.example\n",
    );
    assert_eq!(swap.first_error(), None);
}

#[test]
fn a_code_or_an_email_on_two_lines_names_the_earlier_line() {
    assert_eq!(
        first_error("code,name\n12345.LNieuw,Lotte\n12345.lnieuw,Lotte\n"),
        "line 3, code: 12345.lnieuw is also on line 2: give each user one line"
    );
    assert_eq!(
        first_error(
            "code,name,email\n12345.LOne,One,same@x.example\n12345.LTwo,Two,SAME@x.example\n"
        ),
        "line 3, email: SAME@x.example is also on line 2"
    );
}

#[test]
fn groups_are_named_by_display_name_and_all_users_is_implicit() {
    assert_eq!(
        first_error("code,groups\n12345.FSmit,Support|Marketing\n"),
        "line 2, groups: there is no group Marketing here"
    );
    assert_eq!(
        first_error("code,groups\n12345.FSmit,all users\n"),
        "line 2, groups: all users holds every user already: leave it out of groups"
    );
    // Letter case aside, spaces trimmed, and a name holding `|` itself.
    let plan = plan("code,groups\n12345.FSmit, support | R|D |\n");
    assert_eq!(
        plan.lines[0].outcome,
        LineOutcome::Changed(vec![Column::Groups])
    );
    assert_eq!(
        plan.requests(),
        &[ChangeRequest::AddMember {
            group: "grp-rd".to_owned(),
            user: "usr-fleur".to_owned(),
        }]
    );
}

#[test]
fn values_that_are_no_value_of_their_column_are_refused() {
    assert_eq!(
        first_error("code,status\n12345.FSmit,gone\n"),
        "line 2, status: status must be active or deactivated, not gone"
    );
    assert_eq!(
        first_error("code,pocket\n12345.BJansen,maybe\n"),
        "line 2, pocket: pocket must be yes or no (or true/false, 1/0), not maybe"
    );
    let flags = plan("code,windows,insite,pocket,status\n12345.BJansen,TRUE,0,Yes,Deactivated\n");
    assert_eq!(
        flags.lines[0].outcome,
        LineOutcome::Changed(vec![Column::Status, Column::Windows, Column::Pocket])
    );
}

#[test]
fn pocket_needs_windows_or_insite_as_the_policy_says() {
    assert_eq!(
        first_error("code,windows,pocket\n12345.FSmit,no,yes\n"),
        "line 2, pocket: Pocket can only be on together with Windows or InSite"
    );
}

#[test]
fn new_users_need_a_name_our_participant_and_start_active() {
    assert_eq!(
        first_error("code\n12345.LNieuw\n"),
        "line 2, name: 12345.LNieuw is a new user, who needs a name: add a name column"
    );
    assert_eq!(
        first_error("code,name\n12345.LNieuw,  \n"),
        "line 2, name: name must not be empty"
    );
    assert_eq!(
        first_error("code,name\n98765.Other,Other\n"),
        "line 2, code: user code 98765.Other does not belong to this organisation, whose codes start with 12345"
    );
    assert!(
        first_error("code,name,status\n12345.LNieuw,Lotte,deactivated\n")
            .starts_with("line 2, status: 12345.LNieuw is a new user, who starts active")
    );
    // An existing collaborator from 98765 is this environment's user all the same.
    assert_eq!(
        plan("code,groups\n98765.BWilliams,Sales\n").lines[0].outcome,
        LineOutcome::Unchanged
    );
}

#[test]
fn malformed_codes_and_short_lines_are_refused_on_their_line() {
    assert_eq!(
        first_error("code,name\n12345-FSmit,Fleur\n"),
        "line 2, code: user code 12345-FSmit must look like <participant>.<code>, e.g. 12345.BWilliams"
    );
    assert_eq!(
        first_error("code,name\n,Fleur\n"),
        "line 2, code: the user code is missing"
    );
    assert_eq!(
        first_error("code,name,email\n12345.FSmit,Fleur Smit\n"),
        "line 2: has 2 fields where the header has 3"
    );
    // A quote left open swallows the rest of the file into one field.
    let open = plan("code,name,email\n12345.LOne,\"One,a@x.example\n12345.LTwo,Two,b@x.example\n");
    assert_eq!(open.lines.len(), 1);
    assert_eq!(
        open.first_error().unwrap().to_string(),
        "line 2: has 2 fields where the header has 3 (a quote that is not closed joins the lines after it)"
    );
}

#[test]
fn a_user_whose_version_is_unknown_cannot_be_changed() {
    let plan = plan_user_import(
        b"code,name\n12345.FSmit,Fleur de Smit\n",
        &northwind(),
        &HashMap::new(),
        ENV,
    )
    .unwrap();
    assert!(plan.first_error().unwrap().message.contains("reload"));
}

#[test]
fn refusals_of_the_decided_set_go_back_to_their_lines() {
    let mut plan = plan("code,name,groups\n12345.LNieuw,Lotte,Sales\n12345.FSmit,Fleur,Support\n");
    assert_eq!(plan.requests().len(), 3);
    let whole = plan.refuse(&[
        SetRefusal {
            index: Some(2),
            kind: RefusalKind::Forbidden,
            field: Some("name".to_owned()),
            message: "only `98765` changes it".to_owned(),
        },
        SetRefusal {
            index: None,
            kind: RefusalKind::Conflict,
            field: None,
            message: "CRM would lose its last Owner".to_owned(),
        },
    ]);
    assert_eq!(whole.as_deref(), Some("CRM would lose its last Owner"));
    assert_eq!(plan.lines[0].outcome, LineOutcome::New);
    assert_eq!(
        plan.first_error().unwrap().to_string(),
        "line 3, name: only 98765 changes it"
    );
}

#[test]
fn the_wire_result_counts_every_outcome() {
    let plan = plan(
        "code,name,email\n12345.FSmit,Fleur Smit,fleur@northwind.example\n12345.BJansen,Bram,\n12345.LNieuw,Lotte,\n12345.X!,Bad,\n",
    );
    let result = plan.result(true, None);
    assert_eq!(
        (
            result.new,
            result.changed,
            result.unchanged,
            result.errors,
            result.applied
        ),
        (1, 1, 1, 1, 0)
    );
    let changed = &result.lines[1];
    assert_eq!(changed.outcome, ImportOutcome::Changed);
    assert_eq!(changed.fields, vec!["name".to_owned()]);
    let error = &result.lines[3];
    assert_eq!(
        (error.line, error.outcome, error.field.as_deref()),
        (5, ImportOutcome::Error, Some("code"))
    );
    assert!(error.message.as_deref().unwrap().contains("X!"));
}

#[test]
fn the_plan_does_not_depend_on_the_order_of_the_snapshot() {
    let csv = "code,name,email,groups\n12345.LNieuw,Lotte,,Sales|Support\n12345.FSmit,Fleur,f2@x.example,\n";
    let mut shuffled = northwind();
    shuffled.users.reverse();
    shuffled.groups.reverse();
    let a = plan_user_import(csv.as_bytes(), &northwind(), &versions(), ENV).unwrap();
    let b = plan_user_import(csv.as_bytes(), &shuffled, &versions(), ENV).unwrap();
    assert_eq!(a, b);
    let groups: BTreeSet<_> = shuffled.groups.iter().map(|g| g.id.clone()).collect();
    assert_eq!(groups.len(), 3);
    assert_eq!(UserFlags::default(), northwind().users[1].flags);
}

#[test]
fn a_groups_cell_as_the_export_writes_it_reads_as_those_groups_whatever_bars_names_hold() {
    let mut policy = northwind();
    for (id, name) in [("grp-a", "A"), ("grp-b", "B"), ("grp-ab", "A|B")] {
        policy
            .groups
            .push(Group::new(GroupId::parse(id).unwrap(), name));
    }
    let ids = |ids: &[&str]| -> BTreeSet<GroupId> {
        ids.iter().map(|g| GroupId::parse(g).unwrap()).collect()
    };
    policy.users[0].groups = ids(&["grp-a", "grp-b"]);
    policy.users[1].groups = ids(&["grp-ab"]);
    let csv = users_csv(&policy);
    assert!(csv.contains("12345.FSmit,Fleur Smit,fleur@northwind.example,active,A|B,"));
    assert!(csv.contains("12345.BJansen,Bram Jansen,,active,A|B,"));
    let plan = plan_user_import(csv.as_bytes(), &policy, &versions(), ENV).unwrap();
    assert!(plan.requests().is_empty(), "{:?}", plan.requests());
    // Typed by hand, the longest name wins.
    let typed = plan_user_import(
        b"code,name,groups\n12345.LNieuw,Lotte,a|b\n",
        &policy,
        &versions(),
        ENV,
    )
    .unwrap();
    assert_eq!(
        typed.requests()[1],
        ChangeRequest::AddMember {
            group: "grp-ab".to_owned(),
            user: "usr-O12345AA-12345.LNieuw".to_owned(),
        }
    );
}
