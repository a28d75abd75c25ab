//! Every subject with every comparison, deactivated users, memberships, all or some
//! environments, each read cell by cell and by column.

use super::*;

#[test]
fn every_subject_with_every_comparison() {
    use Comparison::{AtLeast, AtMost, Exactly, NoAccess};
    let editor = app(AppRole::Editor);
    let support = || TestSubject::Group(gid("grp-support"));
    let outside = |g: &str| TestSubject::EveryoneOutside(gid(g));
    let cases: Vec<(AccessTest, &[&str])> = vec![
        (
            test(
                user_subject("fleur"),
                AtLeast(app(AppRole::Owner)),
                "crm",
                &[],
            ),
            &[],
        ),
        (
            test(user_subject("bob"), AtLeast(editor), "crm", &[]),
            &["bob/development/Preview Only", "bob/qa/None"],
        ),
        (
            test(user_subject("bob"), AtMost(editor), "crm", &[]),
            &["bob/staging/Publisher"],
        ),
        (
            test(
                user_subject("fleur"),
                Exactly(app(AppRole::Owner)),
                "crm",
                &[],
            ),
            &[],
        ),
        (
            test(user_subject("bob"), Exactly(editor), "crm", &[]),
            &[
                "bob/staging/Publisher",
                "bob/development/Preview Only",
                "bob/qa/None",
            ],
        ),
        (
            test(user_subject("carl"), NoAccess, "crm", &[]),
            &["carl/development/Preview Only"],
        ),
        (
            test(support(), AtLeast(editor), "crm", &[]),
            &[
                "bob/development/Preview Only",
                "bob/qa/None",
                "dina/staging/None",
                "dina/development/Preview Only",
                "dina/qa/None",
            ],
        ),
        (
            test(support(), AtMost(editor), "crm", &[]),
            &["bob/staging/Publisher"],
        ),
        (
            test(support(), Exactly(editor), "crm", &["production"]),
            &[],
        ),
        (
            test(support(), NoAccess, "crm", &["production"]),
            &["bob/production/Editor", "dina/production/Editor"],
        ),
        (
            test(
                TestSubject::Everyone,
                AtLeast(app(AppRole::PreviewOnly)),
                "crm",
                &["development"],
            ),
            &[],
        ),
        (
            test(
                TestSubject::Everyone,
                AtMost(app(AppRole::Publisher)),
                "crm",
                &[],
            ),
            &[
                "fleur/production/Owner",
                "fleur/staging/Owner",
                "fleur/development/Owner",
                "fleur/qa/Owner",
            ],
        ),
        (
            test(
                TestSubject::Everyone,
                Exactly(app(AppRole::PreviewOnly)),
                "crm",
                &["development"],
            ),
            &["fleur/development/Owner"],
        ),
        (
            test(TestSubject::Everyone, NoAccess, "crm", &["staging"]),
            &["fleur/staging/Owner", "bob/staging/Publisher"],
        ),
        (test(outside("grp-ict"), NoAccess, "hr", &[]), &[]),
        (
            test(
                outside("grp-ict"),
                AtLeast(connector(ConnectorRole::UseOnly)),
                "hr",
                &["production"],
            ),
            &["fleur/production/None", "bob/production/None"],
        ),
        (
            test(
                outside("grp-support"),
                AtMost(editor),
                "crm",
                &["production", "qa"],
            ),
            &["fleur/production/Owner", "fleur/qa/Owner"],
        ),
        (
            test(
                outside("grp-support"),
                Exactly(app(AppRole::PreviewOnly)),
                "crm",
                &["development"],
            ),
            &["fleur/development/Owner"],
        ),
    ];
    for (test, expected) in cases {
        assert_eq!(violations(org(), &test), expected, "{test:?}");
    }
}

#[test]
fn deactivated_users_never_violate_and_reactivated_ones_do() {
    let owner_at_most_preview = test(
        user_subject("hana"),
        Comparison::AtMost(app(AppRole::PreviewOnly)),
        "crm",
        &[],
    );
    let hana_is_owner = test(
        user_subject("hana"),
        Comparison::AtLeast(app(AppRole::Owner)),
        "crm",
        &[],
    );
    assert!(violations(org(), &owner_at_most_preview).is_empty());
    assert!(violations(org(), &hana_is_owner).is_empty());
    let mut active = org();
    active.users[4].status = UserStatus::Active;
    assert_eq!(
        violations(active.clone(), &owner_at_most_preview),
        ["hana/production/Owner"]
    );
    // Reactivated, she is a member of Support again.
    let support = test(
        TestSubject::Group(gid("grp-support")),
        Comparison::NoAccess,
        "crm",
        &["production"],
    );
    assert_eq!(
        violations(active, &support),
        [
            "bob/production/Editor",
            "dina/production/Editor",
            "hana/production/Owner"
        ]
    );
}

#[test]
fn group_tests_follow_membership_and_the_account_owner_has_everything() {
    let ict_only = test(
        TestSubject::EveryoneOutside(gid("grp-ict")),
        Comparison::NoAccess,
        "hr",
        &[],
    );
    let mut policy = org();
    policy.users[1].groups.insert(gid("grp-ict"));
    // Bob joins ICT: still nobody outside ICT has access, and ICT's members grow.
    assert!(violations(policy.clone(), &ict_only).is_empty());
    let members = test(
        TestSubject::Group(gid("grp-ict")),
        Comparison::NoAccess,
        "hr",
        &["qa"],
    );
    assert_eq!(
        violations(policy.clone(), &members),
        ["bob/qa/Use Only", "carl/qa/Use Only", "dina/qa/Use Only"]
    );
    policy.users[0].account_owner = true;
    assert_eq!(
        violations(policy, &ict_only),
        [
            "fleur/production/Owner",
            "fleur/staging/Owner",
            "fleur/development/Owner",
            "fleur/qa/Owner"
        ]
    );
}

#[test]
fn all_environments_include_ones_created_after_the_test() {
    let everywhere = test(user_subject("carl"), Comparison::NoAccess, "crm", &[]);
    let named = test(
        user_subject("carl"),
        Comparison::NoAccess,
        "crm",
        &["production", "staging"],
    );
    let mut policy = org();
    policy
        .environments
        .push(Environment::new(env("uat"), "UAT"));
    policy.grants.push(grant(
        Subject::User(uid("carl")),
        "crm",
        app(AppRole::Editor),
        &["uat", "staging"],
    ));
    assert_eq!(
        violations(policy.clone(), &everywhere),
        [
            "carl/staging/Editor",
            "carl/development/Preview Only",
            "carl/uat/Editor"
        ]
    );
    assert_eq!(violations(policy, &named), ["carl/staging/Editor"]);
}

#[test]
fn everyone_bounds_come_from_the_grants_in_force_for_active_users() {
    let mut policy = org();
    policy.grants.remove(0);
    let bounds = |policy: &Policy, envs: &[&str]| {
        let prepared = policy.prepare(NOW).unwrap();
        let crm = prepared
            .resource_ix(&ResourceId::parse("crm").unwrap())
            .unwrap();
        let envs: Vec<_> = envs
            .iter()
            .map(|e| prepared.env_ix(&env(e)).unwrap())
            .collect();
        prepared.level_bounds(crm, &envs)
    };
    // Hana's own Owner in Production does not count: she is deactivated.
    assert_eq!(bounds(&policy, &["production"]), Some((0, 2)));
    assert_eq!(bounds(&policy, &["development"]), Some((1, 1)));
    assert_eq!(bounds(&policy, &["qa"]), Some((0, 0)));
    assert_eq!(bounds(&policy, &ALL), Some((0, 3)));
    // Under "most specific wins" a group's None beats All Users' Preview Only.
    policy.precedence = crate::grants::Precedence::MostSpecificWins;
    policy.grants.push(grant(
        Subject::Group(gid("grp-ict")),
        "crm",
        app(AppRole::None),
        &["development"],
    ));
    assert_eq!(bounds(&policy, &["development"]), Some((0, 1)));
    policy.users[0].account_owner = true;
    assert_eq!(bounds(&policy, &["development"]), Some((0, 4)));
    for user in &mut policy.users {
        user.status = UserStatus::Deactivated;
    }
    assert_eq!(bounds(&policy, &ALL), None);
}
