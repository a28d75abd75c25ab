//! Random organisations and access tests for property tests, and the reference judgement of
//! a test straight from its definition (cell by cell, through the naïve reference
//! evaluator). Shared by the policy crate's access test properties and the application
//! layer's save-time gate (`crates/app/tests/access_gate.rs`, which includes this file by
//! path), so both judge against one reference.
#![allow(dead_code, reason = "each property file uses a different part")]

use std::collections::BTreeSet;

use gatehouse_policy::*;
use proptest::prelude::*;

use crate::reference;

pub const NOW: Timestamp = Timestamp(1_000_000);

pub fn id<T: std::str::FromStr>(text: String) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap()
}

/// What the reference says about a test: `None` when it names something `policy` lacks,
/// else the violating (user, environment, rung) cells.
pub type Expected = Option<BTreeSet<(UserId, EnvironmentId, u8)>>;

/// The test judged straight from its definition: every user, every environment, the
/// reference's effective rung, compared by hand.
pub fn expected(policy: &Policy, test: &AccessTest) -> Expected {
    let resource = policy.resources.iter().find(|r| r.id == test.resource)?;
    if test
        .comparison
        .role()
        .is_some_and(|r| r.kind() != resource.kind)
    {
        return None;
    }
    let group_exists = |g: &GroupId| policy.groups.iter().any(|x| &x.id == g);
    match &test.subject {
        TestSubject::User(u) if !policy.users.iter().any(|x| &x.id == u) => return None,
        TestSubject::Group(g) | TestSubject::EveryoneOutside(g) if !group_exists(g) => return None,
        _ => {}
    }
    let envs: Vec<EnvironmentId> = match &test.environments {
        TestEnvironments::All => policy.environments.iter().map(|e| e.id.clone()).collect(),
        TestEnvironments::Only(ids) => {
            if !ids
                .iter()
                .all(|e| policy.environments.iter().any(|x| &x.id == e))
            {
                return None;
            }
            ids.clone()
        }
    };
    let mut cells = BTreeSet::new();
    for user in &policy.users {
        let about = match &test.subject {
            TestSubject::User(u) => &user.id == u,
            TestSubject::Group(g) => user.groups.contains(g),
            TestSubject::Everyone => true,
            TestSubject::EveryoneOutside(g) => !user.groups.contains(g),
        };
        if !about || user.status == UserStatus::Deactivated {
            continue;
        }
        for env in &envs {
            let rung = reference::effective(policy, &user.id, &resource.id, env, NOW);
            let holds = match test.comparison {
                Comparison::AtLeast(role) => rung >= reference::rung(role),
                Comparison::AtMost(role) => rung <= reference::rung(role),
                Comparison::Exactly(role) => rung == reference::rung(role),
                Comparison::NoAccess => rung == 0,
            };
            if !holds {
                cells.insert((user.id.clone(), env.clone(), rung));
            }
        }
    }
    Some(cells)
}

/// Replaces the test's comparison by one at or next to the extremes of the rungs its users
/// have (as the reference finds them), `how` choosing which: at most the highest or one
/// below it, at least the lowest or one above it, exactly the lowest or the highest, or no
/// access, on the resource's own ladder. A test about everyone is then often decided from
/// the grants on its resource alone, and sometimes just not. A test naming something
/// `policy` lacks stays stale.
pub fn near_extremes(policy: &Policy, test: &mut AccessTest, how: u8) {
    let Some(kind) = policy.resource(&test.resource).map(|r| r.kind) else {
        return;
    };
    let owner = kind.owner_level();
    let rungs = |test: &AccessTest| -> Option<Vec<u8>> {
        Some(expected(policy, test)?.into_iter().map(|c| c.2).collect())
    };
    test.comparison = Comparison::NoAccess;
    let Some(above_none) = rungs(test) else {
        return;
    };
    test.comparison = Comparison::AtLeast(Role::owner(kind));
    let Some(below_owner) = rungs(test) else {
        return;
    };
    let high = above_none.into_iter().max().unwrap_or(0);
    let low = below_owner.into_iter().min().unwrap_or(owner);
    let role = |rung: u8| Role::from_level(kind, rung.min(owner)).unwrap();
    test.comparison = match how % 7 {
        0 => Comparison::AtMost(role(high)),
        1 => Comparison::AtMost(role(high.saturating_sub(1))),
        2 => Comparison::AtLeast(role(low)),
        3 => Comparison::AtLeast(role(low + 1)),
        4 => Comparison::Exactly(role(low)),
        5 => Comparison::Exactly(role(high)),
        _ => Comparison::NoAccess,
    };
}

/// The raw choices of a random organisation: users (memberships, status roll, owner roll),
/// resources (connector?), grants per (subject, resource) slot.
#[derive(Debug, Clone)]
pub struct Spec {
    pub groups: usize,
    pub custom_envs: usize,
    pub most_specific: bool,
    pub users: Vec<(Vec<bool>, u8, u8)>,
    pub connectors: Vec<bool>,
    pub grants: Vec<Option<(u8, u8, u8)>>,
}

pub fn spec() -> impl Strategy<Value = Spec> {
    (1usize..6, 0usize..4, 1usize..4, 0usize..3, any::<bool>()).prop_flat_map(
        |(users, groups, resources, custom_envs, most_specific)| {
            let subjects = 1 + groups + users;
            (
                prop::collection::vec(
                    (
                        prop::collection::vec(any::<bool>(), groups),
                        0u8..10,
                        0u8..10,
                    ),
                    users,
                ),
                prop::collection::vec(any::<bool>(), resources),
                prop::collection::vec(
                    prop::option::weighted(0.6, (0u8..5, 1u8..32, 0u8..6)),
                    subjects * resources,
                ),
            )
                .prop_map(move |(users, connectors, grants)| Spec {
                    groups,
                    custom_envs,
                    most_specific,
                    users,
                    connectors,
                    grants,
                })
        },
    )
}

/// Environments picked by a bit mask over `policy`'s, never none.
pub fn envs_of(policy: &Policy, mask: u8) -> BTreeSet<EnvironmentId> {
    let all: Vec<EnvironmentId> = policy.environments.iter().map(|e| e.id.clone()).collect();
    let picked: BTreeSet<EnvironmentId> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| mask >> (i % 6) & 1 == 1)
        .map(|(_, e)| e.clone())
        .collect();
    if picked.is_empty() {
        [all[0].clone()].into()
    } else {
        picked
    }
}

pub fn build(spec: &Spec) -> Policy {
    let mut policy = Policy::new();
    policy.precedence = if spec.most_specific {
        Precedence::MostSpecificWins
    } else {
        Precedence::HighestWins
    };
    for c in 0..spec.custom_envs {
        policy.environments.push(Environment::new(
            id(format!("custom{c}")),
            format!("Custom {c}"),
        ));
    }
    policy.groups = (0..spec.groups)
        .map(|g| Group::new(id(format!("g{g}")), format!("Group {g}")))
        .collect();
    for (i, (memberships, status, owner)) in spec.users.iter().enumerate() {
        let mut user = User::new(id(format!("u{i}")), format!("User {i}"));
        user.groups = (0..spec.groups)
            .filter(|g| memberships[*g])
            .map(|g| id(format!("g{g}")))
            .collect();
        if *status < 2 {
            user.status = UserStatus::Deactivated;
        }
        user.account_owner = *owner < 1;
        policy.users.push(user);
    }
    for (r, connector) in spec.connectors.iter().enumerate() {
        policy.resources.push(Resource {
            id: id(format!("r{r}")),
            name: format!("R{r}"),
            kind: if *connector {
                ResourceKind::Connector
            } else {
                ResourceKind::App
            },
            creator: None,
        });
    }
    let subjects: Vec<Subject> = std::iter::once(Subject::AllUsers)
        .chain((0..spec.groups).map(|g| Subject::Group(id(format!("g{g}")))))
        .chain((0..spec.users.len()).map(|u| Subject::User(id(format!("u{u}")))))
        .collect();
    let resources = spec.connectors.len();
    for (slot, choice) in spec.grants.iter().enumerate() {
        let Some((role_roll, mask, expiry)) = choice else {
            continue;
        };
        let resource = &policy.resources[slot % resources];
        let kind = resource.kind;
        let role = Role::from_level(kind, role_roll % (kind.owner_level() + 1)).unwrap();
        let mut grant = Grant::new(
            subjects[slot / resources].clone(),
            resource.id.clone(),
            role,
            envs_of(&policy, *mask),
        );
        grant.expires_at = match expiry {
            0 => Some(Timestamp(NOW.0 - 5)),
            1 => Some(Timestamp(NOW.0 + 5)),
            _ => None,
        };
        policy.grants.push(grant);
    }
    policy.validate().unwrap();
    policy
}

/// A random test; its ids may name things the policy does not have (u7, g5, r4, custom2),
/// and its role may be of the other ladder.
pub fn any_test() -> impl Strategy<Value = (u8, u8, u8, u8, u8, u8, Option<u8>)> {
    (
        0u8..4,
        0u8..8,
        0u8..5,
        0u8..5,
        0u8..10,
        0u8..4,
        prop::option::of(1u8..64),
    )
}

pub fn make_test(
    policy: &Policy,
    n: usize,
    (who, which, how, level, ladder, resource, envs): (u8, u8, u8, u8, u8, u8, Option<u8>),
) -> AccessTest {
    let subject = match who {
        0 => TestSubject::User(id(format!("u{which}"))),
        1 => TestSubject::Group(id(format!("g{}", which % 5))),
        2 => TestSubject::Everyone,
        _ => TestSubject::EveryoneOutside(id(format!("g{}", which % 5))),
    };
    let resource: ResourceId = id(format!("r{resource}"));
    // Mostly the resource's own ladder; one in ten the other one.
    let kind = match policy.resource(&resource).map(|r| r.kind) {
        Some(ResourceKind::App) if ladder != 0 => ResourceKind::App,
        Some(ResourceKind::Connector) if ladder == 0 => ResourceKind::App,
        Some(_) => ResourceKind::Connector,
        None => ResourceKind::App,
    };
    let role = Role::from_level(kind, level % (kind.owner_level() + 1)).unwrap();
    let comparison = match how {
        0 => Comparison::AtLeast(role),
        1 => Comparison::AtMost(role),
        2 => Comparison::Exactly(role),
        _ => Comparison::NoAccess,
    };
    let environments = match envs {
        None => TestEnvironments::All,
        Some(mask) => TestEnvironments::Only(
            [
                "production",
                "staging",
                "development",
                "custom0",
                "custom1",
                "custom2",
            ]
            .iter()
            .enumerate()
            .filter(|(i, _)| mask >> i & 1 == 1)
            .map(|(_, e)| id(e.to_string()))
            .collect(),
        ),
    };
    AccessTest {
        id: id(format!("tst-{n}")),
        name: format!("Test {n}"),
        subject,
        comparison,
        resource,
        environments,
        saved_names: SavedNames::default(),
    }
}
