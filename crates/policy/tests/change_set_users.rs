//! New users in change sets: added by the account owner with their groups and grants in one
//! set; the code's participant, unique codes and emails (regardless of case, also within the
//! set) and the Pocket rule decided in one place.

mod common;

use common::*;
use gatehouse_policy::{
    decide, user_from_input, Actor, AppRole, Grant, Participant, Policy, PreparedPolicy,
    RefusalKind, Role, SetChange, User, UserFlags, UserInput,
};

/// Participant 12345: Anna is account owner (code 12345.ADeVries, anna@example.com); Support.
fn org() -> Policy {
    let mut policy = Build::new()
        .group("support", "Support")
        .account_owner("anna")
        .user("fleur", &[])
        .app("crm", "CRM Portal")
        .grant(user("fleur"), "crm", app(AppRole::Owner), &ALL_ENVS)
        .grant(
            group("support"),
            "crm",
            app(AppRole::Editor),
            &["production"],
        )
        .done();
    policy.participant = Some(Participant::parse("12345").unwrap());
    let anna = policy.user_mut(&uid("anna")).unwrap();
    anna.code = Some(gatehouse_policy::UserCode::parse("12345.ADeVries").unwrap());
    anna.email = Some(email("anna@example.com"));
    policy
}

fn prepared() -> PreparedPolicy {
    PreparedPolicy::new(org(), NOW).unwrap()
}

fn anna() -> Actor {
    Actor::User(uid("anna"))
}

fn input<'a>(id: &'a str, code: &'a str, email: Option<&'a str>) -> UserInput<'a> {
    UserInput {
        id,
        code,
        name: " Kim Jansen ",
        email,
        flags: UserFlags::default(),
    }
}

fn new_user(id: &str, code: &str, email: Option<&str>) -> User {
    user_from_input(0, input(id, code, email)).unwrap()
}

#[test]
fn a_user_is_added_with_a_group_in_one_set_and_gains_its_access() {
    let changes = [
        SetChange::AddMember {
            user: uid("kim"),
            group: gid("support"),
        },
        SetChange::CreateUser {
            user: new_user("kim", "12345.KJansen", Some("kim@example.com")),
        },
    ];
    let decided = decide(&prepared(), &anna(), &changes).unwrap();
    let kim = decided.after.policy().user(&uid("kim")).unwrap();
    assert_eq!(kim.name, "Kim Jansen");
    assert!(kim.groups.contains(&gid("support")));
    // The impact names the new user's access, from nothing.
    assert!(decided.impact.iter().any(|c| c.user == uid("kim")
        && c.resource == rid("crm")
        && c.new == Role::App(AppRole::Editor)));
    // A grant to the new user in the same set is fine too.
    let grant = SetChange::CreateGrant {
        grant: Grant::new(
            user("kim"),
            rid("crm"),
            Role::App(AppRole::PreviewOnly),
            vec![env("staging")],
        ),
    };
    let create = SetChange::CreateUser {
        user: new_user("kim", "12345.KJansen", None),
    };
    assert!(decide(&prepared(), &anna(), &[grant, create]).is_ok());
}

#[test]
fn only_the_account_owner_adds_users() {
    let refusals = decide(
        &prepared(),
        &Actor::User(uid("fleur")),
        &[SetChange::CreateUser {
            user: new_user("kim", "12345.KJansen", None),
        }],
    )
    .unwrap_err();
    assert_eq!(refusals[0].kind, RefusalKind::Forbidden);
}

#[test]
fn the_code_must_belong_to_the_organisation_and_be_unused() {
    let foreign = decide(
        &prepared(),
        &anna(),
        &[SetChange::CreateUser {
            user: new_user("kim", "99999.KJansen", None),
        }],
    )
    .unwrap_err();
    assert_eq!(foreign[0].field.as_deref(), Some("code"));
    assert_eq!(
        foreign[0].message,
        "user code 99999.KJansen does not belong to this organisation, whose codes start with 12345"
    );
    let taken = decide(
        &prepared(),
        &anna(),
        &[SetChange::CreateUser {
            user: new_user("kim", "12345.adevries", None),
        }],
    )
    .unwrap_err();
    assert_eq!(taken[0].kind, RefusalKind::Conflict);
    assert_eq!(
        taken[0].message,
        "code 12345.adevries is already used by 12345.ADeVries"
    );
}

#[test]
fn emails_are_unique_regardless_of_case_also_within_the_set() {
    let taken = decide(
        &prepared(),
        &anna(),
        &[SetChange::CreateUser {
            user: new_user("kim", "12345.KJansen", Some("ANNA@example.com")),
        }],
    )
    .unwrap_err();
    assert_eq!(taken[0].field.as_deref(), Some("email"));
    assert_eq!(
        taken[0].message,
        "email ANNA@example.com is already used by 12345.ADeVries"
    );
    // The same address exactly: refused the same way (the new user is left out of the
    // snapshot the rest of the set is judged on).
    let same = decide(
        &prepared(),
        &anna(),
        &[
            SetChange::CreateUser {
                user: new_user("kim", "12345.KJansen", Some("anna@example.com")),
            },
            SetChange::AddMember {
                user: uid("fleur"),
                group: gid("support"),
            },
        ],
    )
    .unwrap_err();
    assert_eq!(same.len(), 1, "{same:?}");
    assert_eq!(same[0].field.as_deref(), Some("email"));
    let twins = decide(
        &prepared(),
        &anna(),
        &[
            SetChange::CreateUser {
                user: new_user("kim", "12345.KJansen", Some("same@example.com")),
            },
            SetChange::CreateUser {
                user: new_user("lea", "12345.LJansen", Some("Same@example.com")),
            },
        ],
    )
    .unwrap_err();
    assert_eq!(
        twins.iter().map(|r| r.index).collect::<Vec<_>>(),
        [Some(0), Some(1)]
    );
}

#[test]
fn bad_fields_are_refused_naming_them() {
    let pocket = user_from_input(
        2,
        UserInput {
            flags: UserFlags {
                windows: false,
                insite: false,
                pocket: true,
            },
            ..input("kim", "12345.KJansen", None)
        },
    )
    .unwrap_err();
    assert_eq!(
        (pocket.index, pocket.field.as_deref()),
        (Some(2), Some("flags.pocket"))
    );
    let email =
        user_from_input(0, input("kim", "12345.KJansen", Some("not-an-address"))).unwrap_err();
    assert_eq!(email.field.as_deref(), Some("email"));
    let code = user_from_input(0, input("kim", "KJansen", None)).unwrap_err();
    assert_eq!(code.field.as_deref(), Some("code"));
    let name = user_from_input(
        0,
        UserInput {
            name: "\u{202E}",
            ..input("kim", "12345.KJansen", None)
        },
    )
    .unwrap_err();
    assert_eq!(name.field.as_deref(), Some("name"));
    // A user built by hand that is not how new users start is refused by decide itself.
    let mut odd = new_user("kim", "12345.KJansen", None);
    odd.account_owner = true;
    let refusals =
        decide(&prepared(), &anna(), &[SetChange::CreateUser { user: odd }]).unwrap_err();
    assert_eq!(refusals[0].kind, RefusalKind::Invalid);
}

/// A provisioning token of the environment.
fn provisioner() -> Actor {
    Actor::Provisioner(gatehouse_policy::TokenId::parse("tok-entra").unwrap())
}

#[test]
fn a_provisioning_token_changes_people_and_groups_and_nothing_else() {
    let changes = [
        SetChange::CreateUser {
            user: new_user("kim", "12345.KJansen", Some("kim@example.com")),
        },
        SetChange::AddMember {
            user: uid("kim"),
            group: gid("support"),
        },
    ];
    let decided = decide(&prepared(), &provisioner(), &changes).unwrap();
    assert!(decided.after.policy().user(&uid("kim")).is_some());
    // Grants are not its business, whoever they are for.
    let grant = SetChange::CreateGrant {
        grant: Grant::new(
            user("anna"),
            rid("crm"),
            Role::App(AppRole::Editor),
            vec![env("production")],
        ),
    };
    let refused = decide(&prepared(), &provisioner(), &[grant]).unwrap_err();
    assert_eq!(refused[0].kind, RefusalKind::Forbidden);
    assert!(
        refused[0].message.contains("provisioning token"),
        "{}",
        refused[0].message
    );
    // The lock-out guard holds for it as for anyone: Fleur is CRM Portal's only Owner.
    let off = SetChange::SetUserStatus {
        user: uid("fleur"),
        status: gatehouse_policy::UserStatus::Deactivated,
    };
    let guarded = decide(&prepared(), &provisioner(), &[off]).unwrap_err();
    assert_eq!(guarded[0].kind, RefusalKind::Conflict);
    assert_eq!(guarded[0].index, None);
}
