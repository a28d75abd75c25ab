//! Property tests of the users import over random environments: an export imports back
//! unchanged; any input gives a plan or an error, never a panic; and importing another
//! environment's export, decided by the policy crate, leaves exactly that export behind.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeSet, HashMap};

use gatehouse_app::{plan_user_import, read_changes, users_csv, LineOutcome, Stored};
use gatehouse_policy::{
    decide, Actor, EmailAddress, Group, GroupId, Participant, Policy, Timestamp, User, UserCode,
    UserId, UserStatus,
};
use proptest::prelude::*;

const ENV: &str = "O12345AA";

/// Text people give names: letters, digits, spaces and what CSV and spreadsheets treat
/// specially (separators, quotes, `|`, formula starts).
const NAME: &str = "[A-Za-z0-9 ,;|\"'=+@éß-]{1,16}";

/// One user's choices.
#[derive(Debug, Clone)]
struct UserSpec {
    code: String,
    collaborator: bool,
    name: String,
    email: Option<String>,
    deactivated: bool,
    flags: (bool, bool, bool),
    groups: Vec<bool>,
}

fn user_spec(groups: usize) -> impl Strategy<Value = UserSpec> {
    (
        "[A-Za-z][A-Za-z0-9_-]{0,8}",
        prop::bool::weighted(0.15),
        NAME,
        prop::option::of("[A-Za-z]{1,4}@[a-z]{1,3}\\.example"),
        prop::bool::weighted(0.2),
        any::<(bool, bool, bool)>(),
        prop::collection::vec(any::<bool>(), groups),
    )
        .prop_map(
            |(code, collaborator, name, email, deactivated, flags, groups)| UserSpec {
                code,
                collaborator,
                name,
                email,
                deactivated,
                flags,
                groups,
            },
        )
}

/// Group names (unique letter case aside, never All Users) and users; the first user is the
/// active account owner.
fn environment() -> impl Strategy<Value = (Vec<String>, Vec<UserSpec>)> {
    prop::collection::vec(NAME, 0..5).prop_flat_map(|names| {
        let mut seen = BTreeSet::new();
        let names: Vec<String> = names
            .into_iter()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty() && n.to_lowercase() != "all users")
            .filter(|n| seen.insert(n.to_lowercase()))
            .collect();
        let groups = names.len();
        (Just(names), prop::collection::vec(user_spec(groups), 1..8))
    })
}

/// The policy the specs make: invalid or clashing choices dropped as the policy would refuse
/// them (a second user with a code or an email); a name blank once trimmed is `Someone`.
fn policy(names: &[String], users: &[UserSpec], id_prefix: &str) -> Policy {
    let mut policy = Policy::new();
    policy.participant = Some(Participant::parse("12345").unwrap());
    policy.groups = names
        .iter()
        .enumerate()
        .map(|(i, name)| Group::new(GroupId::parse(&format!("grp-{i}")).unwrap(), name))
        .collect();
    let (mut codes, mut emails) = (BTreeSet::new(), BTreeSet::new());
    for (i, spec) in users.iter().enumerate() {
        let participant = if spec.collaborator && i > 0 {
            "98765"
        } else {
            "12345"
        };
        let code = UserCode::parse(&format!("{participant}.{}", spec.code)).unwrap();
        let name = match spec.name.trim() {
            "" => "Someone",
            name => name,
        };
        if !codes.insert(code.to_string().to_lowercase()) {
            continue;
        }
        let id = UserId::parse(&format!("{id_prefix}{i}")).unwrap();
        let mut user = User::new(id, name);
        user.code = Some(code);
        user.email = spec
            .email
            .as_deref()
            .map(|e| EmailAddress::parse(e).unwrap())
            .filter(|e| emails.insert(e.mailbox_key()));
        let (windows, insite, pocket) = spec.flags;
        user.flags.windows = windows;
        user.flags.insite = insite;
        user.flags.pocket = pocket && (windows || insite);
        user.status = if spec.deactivated && i > 0 {
            UserStatus::Deactivated
        } else {
            UserStatus::Active
        };
        user.account_owner = i == 0;
        user.groups = spec
            .groups
            .iter()
            .enumerate()
            .filter(|(_, member)| **member)
            .map(|(g, _)| GroupId::parse(&format!("grp-{g}")).unwrap())
            .collect();
        policy.users.push(user);
    }
    policy
}

fn versions(policy: &Policy) -> HashMap<String, i64> {
    policy.users.iter().map(|u| (u.id.to_string(), 1)).collect()
}

/// `source` with `edits` applied to its users in order (a user's code stays; a
/// collaborator keeps name and email, the account owner everything but groups) and `extra`
/// users added, active, with codes of the organisation; an email later users would share
/// is taken from them.
fn edited(source: &Policy, edits: &[Option<UserSpec>], extra: &[UserSpec]) -> Policy {
    let mut target = source.clone();
    let groups: Vec<GroupId> = source.groups.iter().map(|g| g.id.clone()).collect();
    let home = Participant::parse("12345").unwrap();
    for (user, spec) in target.users.iter_mut().zip(edits) {
        let Some(spec) = spec else { continue };
        user.groups = groups
            .iter()
            .zip(&spec.groups)
            .filter(|(_, member)| **member)
            .map(|(g, _)| g.clone())
            .collect();
        if user.account_owner {
            continue;
        }
        let (windows, insite, pocket) = spec.flags;
        user.flags.windows = windows;
        user.flags.insite = insite;
        user.flags.pocket = pocket && (windows || insite);
        user.status = if spec.deactivated {
            UserStatus::Deactivated
        } else {
            UserStatus::Active
        };
        if user.code.as_ref().unwrap().participant() != home {
            continue;
        }
        if !spec.name.trim().is_empty() {
            user.name = spec.name.trim().to_owned();
        }
        user.email = spec
            .email
            .as_deref()
            .map(|e| EmailAddress::parse(e).unwrap());
    }
    let mut codes: BTreeSet<String> = target
        .users
        .iter()
        .map(|u| u.code.as_ref().unwrap().to_string().to_lowercase())
        .collect();
    for (i, spec) in extra.iter().enumerate() {
        let code = UserCode::parse(&format!("12345.{}", spec.code)).unwrap();
        if spec.name.trim().is_empty() || !codes.insert(code.to_string().to_lowercase()) {
            continue;
        }
        let mut user = User::new(
            UserId::parse(&format!("new-{i}")).unwrap(),
            spec.name.trim(),
        );
        user.code = Some(code);
        user.email = spec
            .email
            .as_deref()
            .map(|e| EmailAddress::parse(e).unwrap());
        let (windows, insite, pocket) = spec.flags;
        user.flags.windows = windows;
        user.flags.insite = insite;
        user.flags.pocket = pocket && (windows || insite);
        user.groups = groups
            .iter()
            .zip(&spec.groups)
            .filter(|(_, member)| **member)
            .map(|(g, _)| g.clone())
            .collect();
        target.users.push(user);
    }
    // Collaborators keep their addresses; the others give up one used before them.
    let mut emails: BTreeSet<String> = target
        .users
        .iter()
        .filter(|u| u.code.as_ref().unwrap().participant() != home || u.account_owner)
        .filter_map(|u| Some(u.email.as_ref()?.mailbox_key()))
        .collect();
    for user in &mut target.users {
        if user.code.as_ref().unwrap().participant() != home || user.account_owner {
            continue;
        }
        if let Some(email) = &user.email {
            if !emails.insert(email.mailbox_key()) {
                user.email = None;
            }
        }
    }
    target
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Exporting an environment's users and importing the file changes nothing.
    #[test]
    fn an_export_imports_back_unchanged((names, users) in environment()) {
        let policy = policy(&names, &users, "usr-");
        let csv = users_csv(&policy);
        let plan = plan_user_import(csv.as_bytes(), &policy, &versions(&policy), ENV)
            .expect("an export is readable");
        prop_assert_eq!(plan.lines.len(), policy.users.len());
        for line in &plan.lines {
            prop_assert_eq!(&line.outcome, &LineOutcome::Unchanged, "{}", csv);
        }
        prop_assert!(plan.requests().is_empty());
    }

    /// Any bytes give a plan or an error, never a panic; a plan's lines follow the file.
    #[test]
    fn any_bytes_give_a_plan_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let policy = policy(&["Support".to_owned()], &[], "usr-");
        match plan_user_import(&bytes, &policy, &HashMap::new(), ENV) {
            Ok(plan) => prop_assert!(plan.lines.windows(2).all(|w| w[0].line < w[1].line)),
            Err(err) => prop_assert!(!err.to_string().is_empty()),
        }
    }

    /// Text shaped like a users file, quotes and separators anywhere, gives a plan or an
    /// error; a plan counts every line once and its first error is a line of it.
    #[test]
    fn any_csv_like_text_gives_a_plan_or_an_error(
        (names, users) in environment(),
        header in prop::sample::subsequence(
            vec!["code", "name", "email", "status", "groups", "windows", "insite", "pocket"], 1..8),
        body in "[a-zA-Z0-9.,;|\"'=@ \r\n-]{0,400}",
    ) {
        let policy = policy(&names, &users, "usr-");
        let csv = format!("{}\n{body}", header.join(","));
        match plan_user_import(csv.as_bytes(), &policy, &versions(&policy), ENV) {
            Ok(plan) => {
                let result = plan.result(true, None);
                prop_assert_eq!(
                    result.new + result.changed + result.unchanged + result.errors,
                    plan.lines.len()
                );
                if let Some(first) = plan.first_error() {
                    prop_assert!(plan.lines.iter().any(|l| Some(l.line) == first.line));
                }
            }
            Err(err) => prop_assert!(!err.to_string().is_empty()),
        }
    }

    /// Importing another environment's export and deciding the requests with the policy
    /// crate (as the server and the demo do) leaves the export of that environment behind,
    /// and importing the same file again changes nothing.
    #[test]
    fn importing_an_export_makes_the_environment_that_export(
        (names, source) in environment(),
        edits in prop::collection::vec(prop::option::weighted(0.7, user_spec(5)), 8),
        extra in prop::collection::vec(user_spec(5), 0..5),
    ) {
        let before = policy(&names, &source, "usr-");
        let wanted = edited(&before, &edits, &extra);
        let csv = users_csv(&wanted);
        let plan = plan_user_import(csv.as_bytes(), &before, &versions(&before), ENV)
            .expect("an export is readable");
        prop_assert_eq!(plan.first_error(), None, "{}", csv);
        let after = if plan.requests().is_empty() {
            before.clone()
        } else {
            let stored = Stored {
                users: versions(&before),
                ..Stored::default()
            };
            let mut no_new_ids = |_: &str| String::new();
            let changes = read_changes(plan.requests(), &stored, &before, &mut no_new_ids)
                .expect("the requests read");
            let owner = Actor::User(before.users[0].id.clone());
            let prepared = before.prepare(Timestamp(0)).expect("a valid policy");
            let decided = decide(&prepared, &owner, &changes);
            prop_assert!(decided.is_ok(), "{:?}\n{}", decided.err(), csv);
            decided.expect("decided").after.policy().clone()
        };
        prop_assert_eq!(users_csv(&after), csv.clone());
        let again = plan_user_import(csv.as_bytes(), &after, &versions(&after), ENV)
            .expect("readable");
        prop_assert!(again.requests().is_empty());
    }
}
