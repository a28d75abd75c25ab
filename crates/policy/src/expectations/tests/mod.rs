//! Access tests on a small organisation: every subject with every comparison, deactivated
//! users, memberships, all or some environments, stale names, input checks and wording.

mod changes;
mod input;

use super::evaluate::evaluate_with;
use super::*;
use crate::grants::{Grant, Subject};
use crate::ids::{AccessTestId, EnvironmentId, GroupId, ResourceId, UserCode, UserId};
use crate::policy::{Group, Policy, Resource, User, UserStatus};
use crate::roles::{AppRole, ConnectorRole, ResourceKind, Role};
use crate::time::Timestamp;
use crate::{Environment, PreparedPolicy};

const NOW: Timestamp = Timestamp(1_700_000_000);
const ALL: [&str; 4] = ["production", "staging", "development", "qa"];

fn env(id: &str) -> EnvironmentId {
    EnvironmentId::parse(id).unwrap()
}

fn uid(id: &str) -> UserId {
    UserId::parse(id).unwrap()
}

fn gid(id: &str) -> GroupId {
    GroupId::parse(id).unwrap()
}

fn app(role: AppRole) -> Role {
    Role::App(role)
}

fn connector(role: ConnectorRole) -> Role {
    Role::Connector(role)
}

fn user(id: &str, name: &str, groups: &[&str]) -> User {
    let mut user = User::new(uid(id), name);
    user.groups = groups.iter().map(|g| gid(g)).collect();
    user
}

fn grant(subject: Subject, resource: &str, role: Role, envs: &[&str]) -> Grant {
    Grant::new(
        subject,
        ResourceId::parse(resource).unwrap(),
        role,
        envs.iter().map(|e| env(e)),
    )
}

/// Fleur owns CRM Portal; Support has Editor on it in Production, Bob his own Publisher in
/// Staging, All Users Preview Only in Development; ICT uses HR Database everywhere; Hana
/// (Support) is deactivated with her own Owner in Production. Users in order: fleur, bob,
/// carl (ICT), dina (Support, ICT), hana.
fn org() -> Policy {
    let mut policy = Policy::new();
    policy.environments.push(Environment::new(env("qa"), "QA"));
    policy.groups = vec![
        Group::new(gid("grp-support"), "Support"),
        Group::new(gid("grp-ict"), "ICT"),
    ];
    let mut fleur = user("fleur", "Fleur Smit", &[]);
    fleur.code = Some(UserCode::parse("12345.FSmit").unwrap());
    let mut hana = user("hana", "Hana Kim", &["grp-support"]);
    hana.status = UserStatus::Deactivated;
    policy.users = vec![
        fleur,
        user("bob", "Bob Jones", &["grp-support"]),
        user("carl", "Carl Berg", &["grp-ict"]),
        user("dina", "Dina Vos", &["grp-support", "grp-ict"]),
        hana,
    ];
    for (id, name, kind) in [
        ("crm", "CRM Portal", ResourceKind::App),
        ("hr", "HR Database", ResourceKind::Connector),
    ] {
        policy.resources.push(Resource {
            id: ResourceId::parse(id).unwrap(),
            name: name.to_owned(),
            kind,
            creator: None,
        });
    }
    let support = Subject::Group(gid("grp-support"));
    policy.grants = vec![
        grant(
            Subject::User(uid("fleur")),
            "crm",
            app(AppRole::Owner),
            &ALL,
        ),
        grant(support, "crm", app(AppRole::Editor), &["production"]),
        grant(
            Subject::User(uid("bob")),
            "crm",
            app(AppRole::Publisher),
            &["staging"],
        ),
        grant(
            Subject::AllUsers,
            "crm",
            app(AppRole::PreviewOnly),
            &["development"],
        ),
        grant(
            Subject::Group(gid("grp-ict")),
            "hr",
            connector(ConnectorRole::UseOnly),
            &ALL,
        ),
        grant(
            Subject::User(uid("hana")),
            "crm",
            app(AppRole::Owner),
            &["production"],
        ),
    ];
    policy.validate().unwrap();
    policy
}

fn test(subject: TestSubject, comparison: Comparison, resource: &str, envs: &[&str]) -> AccessTest {
    let mut test = AccessTest {
        id: AccessTestId::parse("tst-1").unwrap(),
        name: "the test".to_owned(),
        subject,
        comparison,
        resource: ResourceId::parse(resource).unwrap(),
        environments: if envs.is_empty() {
            TestEnvironments::All
        } else {
            TestEnvironments::Only(envs.iter().map(|e| env(e)).collect())
        },
        saved_names: SavedNames::default(),
    };
    test.remember_names(&org());
    test
}

/// The violations as "user/environment/role" under both ways of reading a group, which must
/// agree.
fn violations(policy: Policy, test: &AccessTest) -> Vec<String> {
    let prepared = PreparedPolicy::new(policy, NOW).unwrap();
    let one = |column_from| {
        let outcomes = evaluate_with(&prepared, std::slice::from_ref(test), column_from);
        assert_eq!(outcomes.len(), 1);
        assert_eq!(outcomes[0].test, test.id);
        assert!(outcomes[0].stale().is_empty(), "{outcomes:?}");
        assert_eq!(outcomes[0].passed(), outcomes[0].violations().is_empty());
        outcomes[0]
            .violations()
            .iter()
            .map(|v| format!("{}/{}/{}", v.user, v.environment, v.effective))
            .collect::<Vec<_>>()
    };
    let cells = one(0);
    assert_eq!(
        cells,
        one(usize::MAX),
        "cell by cell and by column disagree"
    );
    assert_eq!(
        evaluate_tests(&prepared, std::slice::from_ref(test))[0]
            .violations()
            .len(),
        cells.len()
    );
    cells
}

fn user_subject(id: &str) -> TestSubject {
    TestSubject::User(uid(id))
}

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
