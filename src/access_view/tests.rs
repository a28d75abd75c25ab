use super::*;
use gatehouse_policy::{
    AppRole, Environment, EnvironmentId, Grant, Group, GroupId, Policy, PreparedPolicy, Resource,
    ResourceId, ResourceKind, Role, Subject, Timestamp, User, UserId, UserStatus,
};

fn uid(id: &str) -> UserId {
    UserId::parse(id).unwrap()
}

fn gid(id: &str) -> GroupId {
    GroupId::parse(id).unwrap()
}

fn crm() -> ResourceId {
    ResourceId::parse("crm").unwrap()
}

fn app(role: AppRole) -> Role {
    Role::App(role)
}

/// Like the demo's Customer Insights: Management (Dana, Gijs) Owner everywhere, deactivated
/// Hana's own Editor in Production; Gijs also has his own Preview Only in Production; Anna is
/// the account owner; Ivo has nothing.
fn policy() -> Policy {
    let mut policy = Policy::new();
    policy.groups = vec![Group::new(gid("management"), "Management")];
    let user = |id: &str, name: &str, groups: &[&str]| {
        let mut u = User::new(uid(id), name);
        u.groups = groups.iter().map(|g| gid(g)).collect();
        u
    };
    let mut anna = user("anna", "Anna de Vries", &[]);
    anna.account_owner = true;
    let mut hana = user("hana", "Hana Bos", &[]);
    hana.status = UserStatus::Deactivated;
    policy.users = vec![
        anna,
        user("gijs", "Gijs Meijer", &["management"]),
        user("dana", "Dana Bakker", &["management"]),
        hana,
        user("ivo", "Ivo Mulder", &[]),
    ];
    policy.resources = vec![Resource {
        id: crm(),
        name: "Customer Insights".to_owned(),
        kind: ResourceKind::App,
        creator: None,
    }];
    let all: Vec<EnvironmentId> = Environment::built_ins().into_iter().map(|e| e.id).collect();
    policy.grants = vec![
        Grant::new(
            Subject::Group(gid("management")),
            crm(),
            app(AppRole::Owner),
            all,
        ),
        Grant::new(
            Subject::User(uid("hana")),
            crm(),
            app(AppRole::Editor),
            [Environment::production_id()],
        ),
        Grant::new(
            Subject::User(uid("gijs")),
            crm(),
            app(AppRole::PreviewOnly),
            [Environment::production_id()],
        ),
    ];
    policy
}

fn prepared(policy: &Policy) -> PreparedPolicy {
    policy.prepare(Timestamp(0)).unwrap()
}

#[test]
fn a_users_grant_shadowed_by_a_group_says_the_effective_role_and_where_it_comes_from() {
    let outcomes = grant_outcomes(&prepared(&policy()), &Subject::User(uid("gijs")), &crm());
    assert_eq!(outcomes.len(), 1);
    assert_eq!(
        outcomes[0].text,
        "Effectively Owner — from group Management; this grant is shadowed"
    );
    assert_eq!(outcomes[0].kind, Yield::Shadowed);
    assert_eq!(outcomes[0].role, Some(app(AppRole::Owner)));
    assert!(
        outcomes[0].why.iter().any(|w| w.contains("has no effect")),
        "{:?}",
        outcomes[0].why
    );
}

#[test]
fn a_deactivated_users_grant_has_no_effect() {
    let outcomes = grant_outcomes(&prepared(&policy()), &Subject::User(uid("hana")), &crm());
    assert_eq!(outcomes[0].text, "No effect — deactivated");
    assert_eq!(outcomes[0].role, None);
}

#[test]
fn a_deciding_grant_says_this_grant() {
    let mut policy = policy();
    policy.grants[2].role = app(AppRole::Owner);
    let outcomes = grant_outcomes(&prepared(&policy), &Subject::User(uid("gijs")), &crm());
    assert_eq!(outcomes[0].text, "Owner (this grant)");
}

#[test]
fn a_group_grant_counts_its_members_and_names_environments_only_where_they_differ() {
    let mut policy = policy();
    // Dana's own Owner in Production ties with Management there; in Staging and Development
    // nothing else reaches them.
    policy.grants.push(Grant::new(
        Subject::User(uid("dana")),
        crm(),
        app(AppRole::Owner),
        [Environment::production_id()],
    ));
    let outcomes = grant_outcomes(
        &prepared(&policy),
        &Subject::Group(gid("management")),
        &crm(),
    );
    assert_eq!(outcomes.len(), 1, "{outcomes:?}");
    assert_eq!(outcomes[0].text, "Owner for all 2 members");
    assert!(outcomes[0].environments.is_empty());

    policy.users[0].groups = [gid("management")].into();
    let outcomes = grant_outcomes(
        &prepared(&policy),
        &Subject::Group(gid("management")),
        &crm(),
    );
    assert_eq!(
        outcomes[0].text,
        "Owner for 2 of 3 members · shadowed for 1"
    );
}

#[test]
fn who_has_access_lists_effective_roles_with_reasons_sorted_by_name() {
    let after = prepared(&policy());
    let list = holders(&after, &crm(), &DraftChanges::default());
    let names: Vec<&str> = list.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Anna de Vries", "Dana Bakker", "Gijs Meijer"]);
    let envs = vec![Environment::production_id()];
    let anna = cells(
        &after,
        &uid("anna"),
        &crm(),
        &envs,
        &DraftChanges::default(),
    );
    assert_eq!(anna[0].as_ref().unwrap().reason, "account owner");
    let gijs = cells(
        &after,
        &uid("gijs"),
        &crm(),
        &envs,
        &DraftChanges::default(),
    );
    assert_eq!(gijs[0].as_ref().unwrap().reason, "from group Management");
    assert_eq!(gijs[0].as_ref().unwrap().role, app(AppRole::Owner));
    assert_eq!(search(&list, "gij").len(), 1);
    assert_eq!(search(&list, "DANA").len(), 1);
    assert_eq!(search(&list, "  ").len(), 3);
}

#[test]
fn who_has_access_keeps_people_the_draft_takes_access_from_with_their_old_role() {
    let before = prepared(&policy());
    let mut after_policy = policy();
    after_policy.grants.remove(0);
    let after = prepared(&after_policy);
    let changes = gatehouse_policy::diff(&before, &after, &gatehouse_policy::Scope::Everything);
    let changes = DraftChanges::on(&crm(), &changes);
    assert_eq!(changes.people(), 2);
    let list = holders(&after, &crm(), &changes);
    let gijs = list.iter().find(|h| h.name == "Gijs Meijer").unwrap();
    assert!(gijs.changed);
    let envs = vec![Environment::staging_id()];
    let cell = cells(&after, &uid("gijs"), &crm(), &envs, &changes)[0]
        .clone()
        .unwrap();
    assert_eq!(
        (cell.role, cell.was),
        (app(AppRole::None), Some(app(AppRole::Owner)))
    );
}
