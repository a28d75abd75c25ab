//! Access tests on a small organisation (the fixture here): every subject with every
//! comparison, deactivated users, memberships, all or some environments, stale names,
//! wording, input checks and change sets.

mod changes;
mod evaluate;
mod input;
mod wording;

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
