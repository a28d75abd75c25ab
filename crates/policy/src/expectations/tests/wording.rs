//! Tests that name something deleted, and what tests and violations say.

use super::*;

#[test]
fn a_test_naming_something_deleted_is_broken_and_says_what() {
    let tests = [
        test(
            TestSubject::EveryoneOutside(gid("grp-ict")),
            Comparison::NoAccess,
            "hr",
            &[],
        ),
        test(
            user_subject("fleur"),
            Comparison::Exactly(app(AppRole::Owner)),
            "crm",
            &["qa", "staging"],
        ),
        test(
            TestSubject::Group(gid("grp-support")),
            Comparison::AtMost(app(AppRole::Editor)),
            "crm",
            &[],
        ),
    ];
    let mut policy = org();
    policy.resources.retain(|r| r.id.as_str() != "hr");
    policy.grants.retain(|g| g.resource.as_str() != "hr");
    policy.groups.retain(|g| g.id.as_str() != "grp-ict");
    for user in &mut policy.users {
        user.groups.remove(&gid("grp-ict"));
    }
    policy.users.retain(|u| u.id.as_str() != "fleur");
    policy
        .grants
        .retain(|g| g.subject != Subject::User(uid("fleur")));
    policy.environments.retain(|e| e.id.as_str() != "qa");
    let prepared = PreparedPolicy::new(policy, NOW).unwrap();
    let outcomes = evaluate_tests(&prepared, &tests);
    let said = |i: usize| -> Vec<String> {
        outcomes[i]
            .stale()
            .iter()
            .map(|s| s.describe(&tests[i]))
            .collect()
    };
    assert_eq!(
        said(0),
        [
            "the test 'the test' names HR Database, which no longer exists",
            "the test 'the test' names group ICT, which no longer exists",
        ]
    );
    assert_eq!(
        said(1),
        [
            "the test 'the test' names Fleur Smit (12345.FSmit), who is no longer a user here",
            "the test 'the test' names data environment QA, which no longer exists",
        ]
    );
    // Still judged: what it names is all there.
    assert_eq!(outcomes[2].violations().len(), 1, "{:?}", outcomes[2]);
    assert_eq!(
        tests[0].describe(&prepared),
        "nobody outside ICT has access to HR Database in every environment"
    );
}

#[test]
fn a_resource_of_the_other_kind_under_the_same_id_breaks_the_test() {
    let owner = test(
        user_subject("fleur"),
        Comparison::AtLeast(app(AppRole::Owner)),
        "crm",
        &[],
    );
    let mut policy = org();
    policy.grants.retain(|g| g.resource.as_str() != "crm");
    policy.resources[0].kind = ResourceKind::Connector;
    let prepared = PreparedPolicy::new(policy, NOW).unwrap();
    let outcome = &evaluate_tests(&prepared, std::slice::from_ref(&owner))[0];
    assert_eq!(
        outcome.verdict,
        Verdict::Broken {
            stale: vec![Stale::Ladder {
                role: app(AppRole::Owner),
                kind: ResourceKind::Connector
            }]
        }
    );
    assert_eq!(
        outcome.stale()[0].describe(&owner),
        "the test 'the test' expects Owner, an app role, but CRM Portal is now a connector"
    );
}

#[test]
fn violations_and_tests_read_as_sentences_with_display_names() {
    let mut policy = org();
    policy.grants[0].role = app(AppRole::Editor);
    policy.grants[0].environments = [env("production")].into();
    let prepared = PreparedPolicy::new(policy, NOW).unwrap();
    let mut owns = test(
        user_subject("fleur"),
        Comparison::Exactly(app(AppRole::Owner)),
        "crm",
        &[],
    );
    owns.name = "FSmit owns CRM".to_owned();
    let outcome = &evaluate_tests(&prepared, std::slice::from_ref(&owns))[0];
    let said: Vec<String> = outcome
        .violations()
        .iter()
        .map(|v| v.describe(&prepared, &owns))
        .collect();
    assert_eq!(
        said,
        [
            "Fleur Smit (12345.FSmit) has Editor on CRM Portal in Production; the test 'FSmit owns CRM' expects exactly Owner",
            "Fleur Smit (12345.FSmit) has no access to CRM Portal in Staging; the test 'FSmit owns CRM' expects exactly Owner",
            "Fleur Smit (12345.FSmit) has Preview Only on CRM Portal in Development; the test 'FSmit owns CRM' expects exactly Owner",
            "Fleur Smit (12345.FSmit) has no access to CRM Portal in QA; the test 'FSmit owns CRM' expects exactly Owner",
        ]
    );
    assert_eq!(
        owns.describe(&prepared),
        "Fleur Smit (12345.FSmit) has exactly Owner on CRM Portal in every environment"
    );
    let support = test(
        TestSubject::Group(gid("grp-support")),
        Comparison::AtMost(app(AppRole::Editor)),
        "crm",
        &["production", "staging", "qa"],
    );
    assert_eq!(
        support.describe(&prepared),
        "every member of Support has at most Editor on CRM Portal in Production, Staging and QA"
    );
    let nobody = test(
        TestSubject::Everyone,
        Comparison::NoAccess,
        "hr",
        &["production"],
    );
    assert_eq!(
        nobody.describe(&prepared),
        "nobody has access to HR Database in Production"
    );
}
