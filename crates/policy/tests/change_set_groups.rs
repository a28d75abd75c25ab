//! Groups in change sets: created, renamed and deleted by the account owner, with their
//! members and grants in the same set; names unique regardless of case after the whole set;
//! deleting a group goes through the lock-out guard.

mod common;

use common::*;
use gatehouse_policy::{
    decide, group_from_input, Actor, AppRole, Grant, Group, Policy, PreparedPolicy, RefusalKind,
    Role, SetChange,
};

/// Anna is account owner; Support (Bob) edits CRM, Owners (Fleur) owns HR through the group.
fn org() -> Policy {
    Build::new()
        .group("support", "Support")
        .group("owners", "Owners")
        .account_owner("anna")
        .user("fleur", &["owners"])
        .user("bob", &["support"])
        .user("carl", &[])
        .app("crm", "CRM Portal")
        .app("hr", "HR Portal")
        .grant(user("anna"), "crm", app(AppRole::Owner), &ALL_ENVS)
        .grant(
            group("support"),
            "crm",
            app(AppRole::Editor),
            &["production"],
        )
        .grant(group("owners"), "hr", app(AppRole::Owner), &ALL_ENVS)
        .done()
}

fn prepared() -> PreparedPolicy {
    PreparedPolicy::new(org(), NOW).unwrap()
}

fn anna() -> Actor {
    Actor::User(uid("anna"))
}

fn new_group(id: &str, name: &str) -> Group {
    group_from_input(0, id, name, "").unwrap()
}

#[test]
fn a_group_is_created_with_members_and_a_grant_in_one_set() {
    let changes = [
        SetChange::AddMember {
            user: uid("carl"),
            group: gid("auditors"),
        },
        SetChange::CreateGrant {
            grant: Grant::new(
                group("auditors"),
                rid("crm"),
                Role::App(AppRole::PreviewOnly),
                vec![env("production")],
            ),
        },
        SetChange::CreateGroup {
            group: new_group("auditors", "  Auditors "),
        },
    ];
    let decided = decide(&prepared(), &anna(), &changes).unwrap();
    let after = decided.after.policy();
    assert_eq!(after.group(&gid("auditors")).unwrap().name, "Auditors");
    assert!(after
        .user(&uid("carl"))
        .unwrap()
        .groups
        .contains(&gid("auditors")));
    assert!(decided
        .impact
        .iter()
        .any(|c| c.user == uid("carl") && c.resource == rid("crm")));
}

#[test]
fn only_the_account_owner_changes_groups() {
    let refusals = decide(
        &prepared(),
        &Actor::User(uid("fleur")),
        &[SetChange::CreateGroup {
            group: new_group("auditors", "Auditors"),
        }],
    )
    .unwrap_err();
    assert_eq!(refusals[0].kind, RefusalKind::Forbidden);
    // The organisation's account owner from their own environment needs no user row here.
    let owner = Actor::OrganisationOwner(uid("someone-elsewhere"));
    assert!(decide(
        &prepared(),
        &owner,
        &[SetChange::CreateGroup {
            group: new_group("auditors", "Auditors"),
        }],
    )
    .is_ok());
}

#[test]
fn names_are_unique_regardless_of_case_after_the_whole_set() {
    let taken = decide(
        &prepared(),
        &anna(),
        &[SetChange::CreateGroup {
            group: new_group("help", "SUPPORT"),
        }],
    )
    .unwrap_err();
    assert_eq!(taken[0].field.as_deref(), Some("name"));
    assert_eq!(taken[0].kind, RefusalKind::Conflict);
    assert_eq!(
        taken[0].message,
        "another group is already called SUPPORT; choose another name"
    );
    // Two groups may swap names in one set.
    let mut support = new_group("support", "Owners");
    support.description = String::new();
    let swap = [
        SetChange::RenameGroup { group: support },
        SetChange::RenameGroup {
            group: new_group("owners", "Support"),
        },
    ];
    assert!(decide(&prepared(), &anna(), &swap).is_ok());
    // A name freed by a deletion in the same set may be taken.
    let reuse = [
        SetChange::DeleteGroup {
            group: gid("support"),
        },
        SetChange::CreateGroup {
            group: new_group("help", "Support"),
        },
    ];
    assert!(decide(&prepared(), &anna(), &reuse).is_ok());
    // Two new groups with one name: both changes are refused.
    let twins = decide(
        &prepared(),
        &anna(),
        &[
            SetChange::CreateGroup {
                group: new_group("a", "Twins"),
            },
            SetChange::CreateGroup {
                group: new_group("b", "twins"),
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
fn bad_names_are_refused_naming_the_field() {
    let built_in = group_from_input(3, "x", "all users", "").unwrap_err();
    assert_eq!(built_in.index, Some(3));
    assert_eq!(built_in.field.as_deref(), Some("name"));
    assert_eq!(
        built_in.message,
        "All Users is the built-in group; choose another name"
    );
    let invisible = group_from_input(0, "x", "\u{200B}", "").unwrap_err();
    assert!(
        invisible.message.contains("U+200B"),
        "{}",
        invisible.message
    );
    let long = group_from_input(0, "x", "ok", &"d".repeat(501)).unwrap_err();
    assert_eq!(long.field.as_deref(), Some("description"));
    // A group built by hand with spaces around its name is refused by decide itself.
    let sloppy = Group::new(gid("x"), " Spaced ");
    let refusals = decide(
        &prepared(),
        &anna(),
        &[SetChange::CreateGroup { group: sloppy }],
    )
    .unwrap_err();
    assert_eq!(refusals[0].kind, RefusalKind::Invalid);
}

#[test]
fn deleting_a_group_removes_its_grants_and_members_through_the_guard() {
    // Owners is the only owner of HR Portal: deleting it alone is refused.
    let refusals = decide(
        &prepared(),
        &anna(),
        &[SetChange::DeleteGroup {
            group: gid("owners"),
        }],
    )
    .unwrap_err();
    assert_eq!(refusals[0].index, None);
    assert!(
        refusals[0]
            .message
            .contains("would leave HR Portal without an owner"),
        "{}",
        refusals[0].message
    );
    // With Fleur given Owner in the same set it goes through.
    let decided = decide(
        &prepared(),
        &anna(),
        &[
            SetChange::DeleteGroup {
                group: gid("owners"),
            },
            SetChange::CreateGrant {
                grant: Grant::new(
                    user("fleur"),
                    rid("hr"),
                    Role::App(AppRole::Owner),
                    vec![env("production"), env("staging"), env("development")],
                ),
            },
        ],
    )
    .unwrap();
    let after = decided.after.policy();
    assert!(after.group(&gid("owners")).is_none());
    assert!(after.grants.iter().all(|g| g.subject != group("owners")));
    assert!(after
        .users
        .iter()
        .all(|u| !u.groups.contains(&gid("owners"))));
    // Support's deletion: Bob loses Editor on CRM.
    let decided = decide(
        &prepared(),
        &anna(),
        &[SetChange::DeleteGroup {
            group: gid("support"),
        }],
    )
    .unwrap();
    assert!(decided
        .impact
        .iter()
        .any(|c| c.user == uid("bob") && c.resource == rid("crm")));
}

#[test]
fn a_deleted_group_may_not_be_named_by_another_change_of_the_set() {
    let refusals = decide(
        &prepared(),
        &anna(),
        &[
            SetChange::DeleteGroup {
                group: gid("support"),
            },
            SetChange::AddMember {
                user: uid("carl"),
                group: gid("support"),
            },
        ],
    )
    .unwrap_err();
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].index, Some(1));
    assert!(refusals[0]
        .message
        .starts_with("group Support is deleted in this set"));
}

#[test]
fn a_group_linked_to_an_app_connector_cannot_be_deleted() {
    let mut policy = org();
    policy.app_connectors.push(gatehouse_policy::AppConnector {
        id: gatehouse_policy::AppConnectorId::parse("ac-sync").unwrap(),
        name: "Nightly sync".to_owned(),
        group: gid("support"),
        connectors: Default::default(),
        blocked: false,
    });
    let before = PreparedPolicy::new(policy, NOW).unwrap();
    let refusals = decide(
        &before,
        &anna(),
        &[SetChange::DeleteGroup {
            group: gid("support"),
        }],
    )
    .unwrap_err();
    assert_eq!(refusals[0].kind, RefusalKind::Conflict);
    assert_eq!(
        refusals[0].message,
        "group Support is linked to app connector Nightly sync; link that app connector to another group first"
    );
}

#[test]
fn unknown_groups_are_not_found_and_existing_ids_cannot_be_created_again() {
    let gone = decide(
        &prepared(),
        &anna(),
        &[SetChange::RenameGroup {
            group: new_group("gone", "Gone"),
        }],
    )
    .unwrap_err();
    assert_eq!(gone[0].kind, RefusalKind::NotFound);
    assert_eq!(gone[0].field.as_deref(), Some("group"));
    let again = decide(
        &prepared(),
        &anna(),
        &[SetChange::CreateGroup {
            group: new_group("support", "Support two"),
        }],
    )
    .unwrap_err();
    assert_eq!(again[0].kind, RefusalKind::Conflict);
}
