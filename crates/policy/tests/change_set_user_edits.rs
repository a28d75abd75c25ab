//! Changing a user's properties in change sets: name, email, flags and status decided in one
//! place — the email unique regardless of case (also against the set's other edits), the
//! Pocket and InSite rules, a collaborator's name and email only from their own organisation,
//! nobody deactivating their own account, and the lock-out guard on deactivation.

mod common;

use common::*;
use gatehouse_policy::{
    decide, edited_user, Actor, AppRole, Participant, Policy, PreparedPolicy, RefusalKind, Role,
    SetChange, SetRefusal, User, UserCode, UserEdit, UserFlags, UserStatus,
};

/// Participant 12345: Anna is account owner; Fleur (12345.FSmit, fleur@example.com) is the
/// only Owner of CRM Portal; Bram (12345.BWilliams) is a system user; Pieter (67890.PJanssen)
/// is a collaborator from another organisation.
fn org() -> Policy {
    let mut policy = Build::new()
        .account_owner("anna")
        .user("fleur", &[])
        .user("bram", &[])
        .user("pieter", &[])
        .app("crm", "CRM Portal")
        .grant(user("fleur"), "crm", app(AppRole::Owner), &ALL_ENVS)
        .done();
    policy.participant = Some(Participant::parse("12345").unwrap());
    for (id, code, mail, system) in [
        ("anna", "12345.ADeVries", "anna@example.com", false),
        ("fleur", "12345.FSmit", "fleur@example.com", false),
        ("bram", "12345.BWilliams", "bram@example.com", true),
        ("pieter", "67890.PJanssen", "pieter@example.com", false),
    ] {
        let u = policy.user_mut(&uid(id)).unwrap();
        u.code = Some(UserCode::parse(code).unwrap());
        u.email = Some(email(mail));
        u.system = system;
    }
    policy
}

fn prepared() -> PreparedPolicy {
    PreparedPolicy::new(org(), NOW).unwrap()
}

fn anna() -> Actor {
    Actor::User(uid("anna"))
}

/// User `id` of [`org`] with `change` applied to its properties.
fn edit(id: &str, change: impl FnOnce(&mut UserEdit<'_>)) -> SetChange {
    let policy = org();
    let stored = policy.user(&uid(id)).unwrap();
    let mut typed = UserEdit {
        name: &stored.name,
        email: stored.email.as_ref().map(|e| e.as_str()),
        flags: stored.flags,
        status: stored.status,
    };
    change(&mut typed);
    SetChange::EditUser {
        user: edited_user(0, stored, typed).unwrap(),
    }
}

fn refused(changes: &[SetChange]) -> Vec<SetRefusal> {
    decide(&prepared(), &anna(), changes).unwrap_err()
}

#[test]
fn name_email_and_flags_change_in_one_set_and_nothing_else() {
    let changes = [edit("bram", |e| {
        e.name = "  Bram Willems ";
        e.email = Some("Bram.Willems@Example.com");
        e.flags = UserFlags {
            windows: true,
            insite: false,
            pocket: true,
        };
    })];
    let decided = decide(&prepared(), &anna(), &changes).unwrap();
    let bram = decided.after.policy().user(&uid("bram")).unwrap();
    assert_eq!(bram.name, "Bram Willems");
    assert_eq!(bram.email, Some(email("Bram.Willems@Example.com")));
    assert!(bram.flags.windows && bram.flags.pocket);
    assert_eq!(bram.code, org().user(&uid("bram")).unwrap().code);
    assert!(decided.impact.is_empty(), "properties give no access");
}

#[test]
fn only_the_account_owner_changes_properties() {
    let changes = [edit("bram", |e| e.name = "Bram Willems")];
    let refusals = decide(&prepared(), &Actor::User(uid("fleur")), &changes).unwrap_err();
    assert_eq!(refusals[0].kind, RefusalKind::Forbidden);
}

#[test]
fn an_email_is_unique_regardless_of_case_also_among_the_edits() {
    let taken = refused(&[edit("bram", |e| e.email = Some("FLEUR@example.com"))]);
    assert_eq!(taken[0].kind, RefusalKind::Conflict);
    assert_eq!(taken[0].field.as_deref(), Some("email"));
    assert!(
        taken[0].message.contains("12345.FSmit"),
        "{}",
        taken[0].message
    );
    // Swapping two addresses in one set is fine: judged after the set.
    let swap = [
        edit("bram", |e| e.email = Some("fleur@example.com")),
        edit("fleur", |e| e.email = Some("bram@example.com")),
    ];
    decide(&prepared(), &anna(), &swap).unwrap();
    // Two edits giving the same new address are both refused.
    let both = refused(&[
        edit("bram", |e| e.email = Some("new@example.com")),
        edit("fleur", |e| e.email = Some("NEW@example.com")),
    ]);
    assert_eq!(both.len(), 2, "{both:?}");
    // Keeping one's own address in another case is no clash.
    decide(
        &prepared(),
        &anna(),
        &[edit("bram", |e| e.email = Some("BRAM@example.com"))],
    )
    .unwrap();
}

#[test]
fn a_collaborators_name_and_email_come_from_their_own_organisation() {
    let name = refused(&[edit("pieter", |e| e.name = "Piet Janssen")]);
    assert_eq!(name[0].kind, RefusalKind::Forbidden);
    assert_eq!(name[0].field.as_deref(), Some("name"));
    assert!(name[0].message.contains("PIETER"), "{}", name[0].message);
    let mail = refused(&[edit("pieter", |e| e.email = None)]);
    assert_eq!(mail[0].field.as_deref(), Some("email"));
    // Their flags and status are this organisation's to set.
    decide(
        &prepared(),
        &anna(),
        &[edit("pieter", |e| {
            e.flags.windows = true;
            e.status = UserStatus::Deactivated;
        })],
    )
    .unwrap();
}

#[test]
fn insite_needs_a_person_and_pocket_needs_windows_or_insite() {
    let system = refused(&[edit("bram", |e| e.flags.insite = true)]);
    assert_eq!(system[0].field.as_deref(), Some("flags.insite"));
    assert!(system[0].message.contains("system user"));
    decide(
        &prepared(),
        &anna(),
        &[edit("fleur", |e| e.flags.insite = true)],
    )
    .unwrap();
    let stored = org();
    let bram = stored.user(&uid("bram")).unwrap();
    let pocket = edited_user(
        3,
        bram,
        UserEdit {
            name: "Bram",
            email: None,
            flags: UserFlags {
                pocket: true,
                ..UserFlags::default()
            },
            status: UserStatus::Active,
        },
    )
    .unwrap_err();
    assert_eq!(pocket.index, Some(3));
    assert_eq!(pocket.field.as_deref(), Some("flags.pocket"));
    let blank = edited_user(
        0,
        bram,
        UserEdit {
            name: " \u{200b} ",
            email: Some("not an address"),
            flags: UserFlags::default(),
            status: UserStatus::Active,
        },
    )
    .unwrap_err();
    assert_eq!(blank.field.as_deref(), Some("name"));
}

#[test]
fn deactivation_is_guarded_and_never_of_oneself() {
    let own = refused(&[edit("anna", |e| e.status = UserStatus::Deactivated)]);
    assert_eq!(own[0].field.as_deref(), Some("status"));
    assert!(own[0].message.contains("your own account"));
    let own = refused(&[SetChange::SetUserStatus {
        user: uid("anna"),
        status: UserStatus::Deactivated,
    }]);
    assert!(own[0].message.contains("your own account"));
    // Fleur is CRM Portal's only Owner: switching her off alone is refused by the guard...
    let lockout = refused(&[edit("fleur", |e| e.status = UserStatus::Deactivated)]);
    assert!(lockout[0].message.contains("CRM Portal"), "{lockout:?}");
    // ...and allowed with a new Owner in the same set, whose access the impact shows.
    let changes = [
        edit("fleur", |e| e.status = UserStatus::Deactivated),
        SetChange::CreateGrant {
            grant: gatehouse_policy::Grant::new(
                user("bram"),
                rid("crm"),
                app(AppRole::Owner),
                ALL_ENVS.iter().map(|e| env(e)),
            ),
        },
    ];
    let decided = decide(&prepared(), &anna(), &changes).unwrap();
    assert!(decided.impact.iter().any(
        |c| c.user == uid("fleur") && c.new == Role::none(gatehouse_policy::ResourceKind::App)
    ));
}

#[test]
fn a_user_is_changed_once_per_set_and_only_in_its_properties() {
    let twice = refused(&[
        edit("bram", |e| e.name = "Bram W"),
        SetChange::SetUserStatus {
            user: uid("bram"),
            status: UserStatus::Deactivated,
        },
    ]);
    assert!(
        twice.iter().any(|r| r.message.contains("changed twice")),
        "{twice:?}"
    );
    let mut sneaky: User = org().user(&uid("bram")).unwrap().clone();
    sneaky.account_owner = true;
    let refusals = refused(&[SetChange::EditUser { user: sneaky }]);
    assert_eq!(refusals[0].kind, RefusalKind::Invalid);
    let mut ghost = org().user(&uid("bram")).unwrap().clone();
    ghost.id = uid("nobody");
    assert_eq!(
        refused(&[SetChange::EditUser { user: ghost }])[0].kind,
        RefusalKind::NotFound
    );
}
