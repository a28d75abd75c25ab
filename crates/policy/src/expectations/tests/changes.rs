//! The tests a change set would break, with the set decided for real by [`crate::decide`]:
//! what the preview lists and what the save refuses without the account owner's override.

use super::*;
use crate::change_set::{decide, SetChange};
use crate::grants::GrantKey;
use crate::Actor;

/// The organisation with Anna as account owner (Owner of everything, so she already breaks
/// every "nobody but" test), acting.
fn before() -> PreparedPolicy {
    let mut policy = org();
    let mut anna = user("anna", "Anna Bakker", &[]);
    anna.account_owner = true;
    policy.users.push(anna);
    PreparedPolicy::new(policy, NOW).unwrap()
}

fn named(mut test: AccessTest, id: &str, name: &str) -> AccessTest {
    test.id = AccessTestId::parse(id).unwrap();
    test.name = name.to_owned();
    test
}

/// Only Support edits CRM in Production; Fleur owns CRM; Support has at most Editor
/// (failing: Bob is Publisher in Staging); nobody outside ICT uses HR Database.
fn tests() -> Vec<AccessTest> {
    vec![
        named(
            test(
                TestSubject::EveryoneOutside(gid("grp-support")),
                Comparison::AtMost(app(AppRole::PreviewOnly)),
                "crm",
                &["production"],
            ),
            "tst-only-support",
            "Only Support edits CRM",
        ),
        named(
            test(
                user_subject("fleur"),
                Comparison::Exactly(app(AppRole::Owner)),
                "crm",
                &[],
            ),
            "tst-fleur",
            "FSmit owns CRM",
        ),
        named(
            test(
                TestSubject::Group(gid("grp-support")),
                Comparison::AtMost(app(AppRole::Editor)),
                "crm",
                &[],
            ),
            "tst-support",
            "Support edits at most",
        ),
        named(
            test(
                TestSubject::EveryoneOutside(gid("grp-ict")),
                Comparison::NoAccess,
                "hr",
                &[],
            ),
            "tst-hr",
            "HR for ICT only",
        ),
    ]
}

fn decided(changes: &[SetChange]) -> PreparedPolicy {
    decide(&before(), &Actor::User(uid("anna")), changes)
        .unwrap()
        .after
}

#[test]
fn a_set_lists_the_tests_it_newly_violates_with_only_the_new_cells() {
    let carl_edits = SetChange::CreateGrant {
        grant: grant(
            Subject::User(uid("carl")),
            "crm",
            app(AppRole::Editor),
            &["production"],
        ),
    };
    let after = decided(&[carl_edits]);
    let tests = tests();
    let broken = broken_by(&before(), &after, &tests);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0].test.as_str(), "tst-only-support");
    // Fleur and Anna broke it before the set; only Carl is new.
    assert_eq!(
        broken[0].describe(&after, &tests[0]),
        ["Carl Berg has Editor on CRM Portal in Production; the test 'Only Support edits CRM' expects at most Preview Only"]
    );
    // The same evaluation is what the tests page shows after saving.
    let page = evaluate_tests(&after, &tests);
    assert_eq!(page[0].violations().len(), 3);
    assert!(page[1].passed());
}

#[test]
fn a_set_that_leaves_failing_cells_failing_or_fixes_them_breaks_nothing() {
    let tests = tests();
    let bob_owner = SetChange::UpdateGrant {
        grant: grant(
            Subject::User(uid("bob")),
            "crm",
            app(AppRole::Owner),
            &["staging"],
        ),
    };
    // Bob's Staging cell breaks "Support edits at most" before and after (Publisher, then
    // Owner): nothing new.
    let after = decided(&[bob_owner]);
    assert_eq!(
        evaluate_tests(&after, &tests)[2].violations()[0].effective,
        app(AppRole::Owner)
    );
    assert!(broken_by(&before(), &after, &tests).is_empty());
    let fix = SetChange::DeleteGrant {
        key: GrantKey {
            subject: Subject::User(uid("bob")),
            resource: ResourceId::parse("crm").unwrap(),
        },
    };
    let after = decided(&[fix]);
    assert!(evaluate_tests(&after, &tests)[2].passed());
    assert!(broken_by(&before(), &after, &tests).is_empty());
}

#[test]
fn deleting_what_a_test_names_breaks_it_once() {
    let tests = tests();
    let after = decided(&[SetChange::DeleteGroup {
        group: gid("grp-ict"),
    }]);
    let broken = broken_by(&before(), &after, &tests);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0].test.as_str(), "tst-hr");
    assert!(matches!(broken[0].breakage, Breakage::NowStale { .. }));
    assert_eq!(
        broken[0].describe(&after, &tests[3]),
        ["the test 'HR for ICT only' names group ICT, which no longer exists"]
    );
    // Already broken before the next set: not listed again.
    assert!(broken_by(&after, &after, &tests).is_empty());
}
