//! Change sets decided as a whole: all refusals at once, the lock-out guard on the set (so
//! the order of changes never matters), authorisation per change, messages with names.

mod common;

use common::*;
use gatehouse_policy::{
    decide, Actor, AppRole, Grant, GrantKey, Policy, PreparedPolicy, RefusalKind, Role, SetChange,
    Subject,
};
use proptest::prelude::*;

/// Anna is account owner; Fleur owns CRM; Bob is a member of Support; Hana is deactivated.
fn org() -> Policy {
    Build::new()
        .group("support", "Support")
        .account_owner("anna")
        .user("fleur", &[])
        .user("bob", &["support"])
        .user("carl", &[])
        .deactivated("hana")
        .app("crm", "CRM Portal")
        .app("hr", "HR Portal")
        .grant(user("fleur"), "crm", app(AppRole::Owner), &ALL_ENVS)
        .grant(
            group("support"),
            "crm",
            app(AppRole::Editor),
            &["production"],
        )
        .grant(
            user("hana"),
            "crm",
            app(AppRole::PreviewOnly),
            &["production"],
        )
        .grant(user("anna"), "hr", app(AppRole::Owner), &ALL_ENVS)
        .done()
}

fn prepared(policy: Policy) -> PreparedPolicy {
    PreparedPolicy::new(policy, NOW).unwrap()
}

fn grant(subject: Subject, resource: &str, role: AppRole, envs: &[&str]) -> Grant {
    Grant::new(
        subject,
        rid(resource),
        Role::App(role),
        envs.iter().map(|e| env(e)).collect::<Vec<_>>(),
    )
}

fn key(subject: Subject, resource: &str) -> GrantKey {
    GrantKey {
        subject,
        resource: rid(resource),
    }
}

fn fleur() -> Actor {
    Actor::User(uid("fleur"))
}

/// Fleur hands CRM Portal over to Carl: Carl becomes Owner, Fleur's grant goes.
fn hand_over() -> [SetChange; 2] {
    [
        SetChange::DeleteGrant {
            key: key(user("fleur"), "crm"),
        },
        SetChange::CreateGrant {
            grant: grant(user("carl"), "crm", AppRole::Owner, &ALL_ENVS),
        },
    ]
}

#[test]
fn swapping_the_only_owner_in_one_set_is_allowed_in_either_order() {
    let before = prepared(org());
    for changes in [
        hand_over().to_vec(),
        hand_over().into_iter().rev().collect(),
    ] {
        let decided = decide(&before, &fleur(), &changes).expect("the set is valid as a whole");
        let after = decided.after.policy();
        assert!(after.grant(&key(user("fleur"), "crm")).is_none());
        assert!(after.grant(&key(user("carl"), "crm")).is_some());
        assert!(decided
            .impact
            .iter()
            .any(|c| c.user == uid("carl") && c.new == Role::App(AppRole::Owner)));
    }
}

#[test]
fn the_same_swap_sent_one_change_at_a_time_in_the_wrong_order_is_refused_by_the_guard() {
    let before = prepared(org());
    let [remove, _] = hand_over();
    let refusals = decide(&before, &fleur(), &[remove]).unwrap_err();
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].kind, RefusalKind::Conflict);
    assert_eq!(refusals[0].index, None, "the set as a whole");
    assert!(
        refusals[0].message.contains("CRM Portal without an owner"),
        "{}",
        refusals[0].message
    );
}

#[test]
fn every_refused_change_is_reported_with_its_position_field_and_names() {
    let before = prepared(org());
    let changes = [
        // 0: fine on its own.
        SetChange::UpdateGrant {
            grant: grant(group("support"), "crm", AppRole::Publisher, &["production"]),
        },
        // 1: Fleur does not own HR Portal and cannot even see it.
        SetChange::CreateGrant {
            grant: grant(user("bob"), "hr", AppRole::Editor, &["production"]),
        },
        // 2: a data environment that does not exist.
        SetChange::CreateGrant {
            grant: grant(user("carl"), "crm", AppRole::Editor, &["moon"]),
        },
        // 3: Hana is deactivated.
        SetChange::DeleteGrant {
            key: key(user("hana"), "crm"),
        },
        // 4: the grant of change 0 again.
        SetChange::CreateGrant {
            grant: grant(group("support"), "crm", AppRole::Editor, &["staging"]),
        },
    ];
    let refusals = decide(&before, &fleur(), &changes).unwrap_err();
    let summary: Vec<_> = refusals
        .iter()
        .map(|r| (r.index, r.kind, r.field.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            (Some(1), RefusalKind::NotFound, Some("resource")),
            (Some(2), RefusalKind::Invalid, Some("environments")),
            (Some(3), RefusalKind::Conflict, Some("subject")),
            (Some(4), RefusalKind::Invalid, None),
        ],
        "{refusals:#?}"
    );
    assert!(refusals[2].message.contains("HANA is deactivated"));
    for refusal in &refusals {
        for id in ["usr-", "res-", "grp-", "`"] {
            assert!(!refusal.message.contains(id), "{}", refusal.message);
        }
    }
}

#[test]
fn a_non_owner_is_forbidden_and_the_account_owner_is_not() {
    let before = prepared(org());
    let change = [SetChange::CreateGrant {
        grant: grant(user("carl"), "crm", AppRole::Editor, &["staging"]),
    }];
    let refusals = decide(&before, &Actor::User(uid("bob")), &change).unwrap_err();
    assert_eq!(refusals[0].kind, RefusalKind::Forbidden);
    assert!(refusals[0].message.contains("only an owner of"));
    assert!(decide(&before, &Actor::User(uid("anna")), &change).is_ok());
    assert!(decide(
        &before,
        &Actor::OrganisationOwner(uid("elsewhere")),
        &change
    )
    .is_ok());
}

#[test]
fn memberships_change_in_sets_and_a_repeat_is_refused() {
    let before = prepared(org());
    let anna = Actor::User(uid("anna"));
    let add = SetChange::AddMember {
        user: uid("carl"),
        group: gid("support"),
    };
    let decided = decide(&before, &anna, std::slice::from_ref(&add)).unwrap();
    assert!(decided
        .impact
        .iter()
        .any(|c| c.user == uid("carl") && c.resource == rid("crm")));
    let twice = decide(&before, &anna, &[add.clone(), add]).unwrap_err();
    assert_eq!(twice[0].index, Some(1));
    assert!(twice[0].message.contains("changed twice"));
    let again = decide(
        &before,
        &anna,
        &[SetChange::AddMember {
            user: uid("bob"),
            group: gid("support"),
        }],
    )
    .unwrap_err();
    assert!(again[0]
        .message
        .contains("already a member of group Support"));
    let not_owner = decide(
        &before,
        &fleur(),
        &[SetChange::RemoveMember {
            user: uid("bob"),
            group: gid("support"),
        }],
    )
    .unwrap_err();
    assert_eq!(not_owner[0].kind, RefusalKind::Forbidden);
}

#[test]
fn an_empty_set_is_refused() {
    let refusals = decide(&prepared(org()), &fleur(), &[]).unwrap_err();
    assert_eq!(refusals[0].field.as_deref(), Some("changes"));
}

fn any_change() -> impl Strategy<Value = SetChange> {
    let subjects = prop_oneof![
        Just(user("carl")),
        Just(user("bob")),
        Just(user("fleur")),
        Just(group("support")),
        Just(Subject::AllUsers),
    ];
    let roles = prop_oneof![
        Just(AppRole::PreviewOnly),
        Just(AppRole::Editor),
        Just(AppRole::Owner)
    ];
    (subjects, roles, 0..3u8).prop_map(|(subject, role, op)| {
        let exists = org().grant(&key(subject.clone(), "crm")).is_some();
        match (op, exists) {
            (0, true) => SetChange::DeleteGrant {
                key: key(subject, "crm"),
            },
            (_, true) => SetChange::UpdateGrant {
                grant: grant(subject, "crm", role, &["production", "staging"]),
            },
            (_, false) => SetChange::CreateGrant {
                grant: grant(subject, "crm", role, &["production"]),
            },
        }
    })
}

proptest! {
    /// Whether a set is allowed, and what it leads to, never depends on the order of its
    /// changes.
    #[test]
    fn the_order_of_a_sets_changes_never_matters(
        changes in proptest::collection::vec(any_change(), 1..5),
        seed in any::<u64>(),
    ) {
        let before = prepared(org());
        let mut shuffled = changes.clone();
        let len = shuffled.len();
        for i in 0..len {
            let j = (seed.rotate_left(i as u32 * 7) % len as u64) as usize;
            shuffled.swap(i, j);
        }
        let a = decide(&before, &fleur(), &changes);
        let b = decide(&before, &fleur(), &shuffled);
        match (a, b) {
            (Ok(a), Ok(b)) => {
                let mut ga = a.after.policy().grants.clone();
                let mut gb = b.after.policy().grants.clone();
                ga.sort_by_key(Grant::key);
                gb.sort_by_key(Grant::key);
                prop_assert_eq!(ga, gb);
                prop_assert_eq!(a.impact, b.impact);
            }
            (Err(a), Err(b)) => {
                let kinds = |r: &[gatehouse_policy::SetRefusal]| {
                    let mut k: Vec<_> = r.iter().map(|r| (r.kind, r.message.clone())).collect();
                    k.sort_by(|x, y| x.1.cmp(&y.1));
                    k
                };
                // Duplicates are reported at the second occurrence, which moves with the
                // order; everything else is the same.
                if a.iter().all(|r| !r.message.contains("changed twice")) {
                    prop_assert_eq!(kinds(&a), kinds(&b));
                }
            }
            (a, b) => prop_assert!(false, "one order allowed, the other refused: {a:?} / {b:?}"),
        }
    }
}

#[test]
fn deactivating_the_only_owner_is_refused_unless_the_same_set_names_another() {
    let before = prepared(org());
    let anna = Actor::User(uid("anna"));
    let deactivate = SetChange::SetUserStatus {
        user: uid("fleur"),
        status: gatehouse_policy::UserStatus::Deactivated,
    };
    let alone = decide(&before, &anna, std::slice::from_ref(&deactivate)).unwrap_err();
    assert!(
        alone[0].message.contains("CRM Portal without an owner"),
        "{alone:?}"
    );
    let with_successor = [
        deactivate,
        SetChange::CreateGrant {
            grant: grant(user("carl"), "crm", AppRole::Owner, &ALL_ENVS),
        },
    ];
    assert!(decide(&before, &anna, &with_successor).is_ok());
    let anna_off = [SetChange::SetUserStatus {
        user: uid("anna"),
        status: gatehouse_policy::UserStatus::Deactivated,
    }];
    let herself = decide(&before, &anna, &anna_off).unwrap_err();
    assert!(
        herself[0].message.contains("your own account"),
        "{herself:?}"
    );
    // The organisation's account owner acting from their own environment may not switch off
    // this environment's last account owner either.
    let from_elsewhere = Actor::OrganisationOwner(uid("owner-elsewhere"));
    let last_owner = decide(&before, &from_elsewhere, &anna_off).unwrap_err();
    assert!(last_owner[0].message.contains("without an account owner"));
    let not_owner = decide(
        &before,
        &fleur(),
        &[SetChange::SetUserStatus {
            user: uid("bob"),
            status: gatehouse_policy::UserStatus::Deactivated,
        }],
    )
    .unwrap_err();
    assert_eq!(not_owner[0].kind, RefusalKind::Forbidden);
}

#[test]
fn the_account_owner_sets_the_precedence_rule_and_sees_whose_access_changes() {
    // Hana is deactivated; Support (Bob) has Editor in production; nobody has a grant below
    // a group's, so make one: Bob's own Preview Only, shadowed by Support's Editor.
    let mut policy = org();
    policy.grants.push(grant(
        user("bob"),
        "crm",
        AppRole::PreviewOnly,
        &["production"],
    ));
    let before = prepared(policy);
    let change = SetChange::SetPrecedence {
        precedence: gatehouse_policy::Precedence::MostSpecificWins,
    };
    let decided = decide(
        &before,
        &Actor::User(uid("anna")),
        std::slice::from_ref(&change),
    )
    .unwrap();
    assert_eq!(
        decided.after.policy().precedence,
        gatehouse_policy::Precedence::MostSpecificWins
    );
    // Under "most specific wins" Bob's own Preview Only beats Support's Editor.
    assert!(decided.impact.iter().any(|c| c.user == uid("bob")
        && c.resource == rid("crm")
        && c.old == Role::App(AppRole::Editor)
        && c.new == Role::App(AppRole::PreviewOnly)));
    let refused = decide(&before, &fleur(), &[change]).unwrap_err();
    assert_eq!(refused[0].kind, RefusalKind::Forbidden);
}

#[test]
fn a_grant_cannot_start_out_expired_but_an_expired_one_can_still_be_edited() {
    let before = prepared(org());
    let mut expired = grant(user("carl"), "crm", AppRole::Editor, &["production"]);
    expired.expires_at = Some(gatehouse_policy::Timestamp::from_unix_seconds(NOW.0 - 60));
    let refused = decide(
        &before,
        &fleur(),
        &[SetChange::CreateGrant {
            grant: expired.clone(),
        }],
    )
    .unwrap_err();
    assert_eq!(refused[0].field.as_deref(), Some("expires_at"));
    assert_eq!(refused[0].kind, RefusalKind::Invalid);
    // Stored already expired (it ran out): changing its environments keeps the expiry.
    let mut policy = org();
    policy.grants.push(expired.clone());
    let before = prepared(policy);
    let mut edited = expired;
    edited.environments = vec![env("staging")].into_iter().collect();
    assert!(decide(
        &before,
        &fleur(),
        &[SetChange::UpdateGrant { grant: edited }]
    )
    .is_ok());
}
