//! Property tests over random small policies: the prepared evaluator agrees with the naïve
//! reference evaluator, and the invariants of DESIGN §2–§4 hold.
#![cfg(not(target_arch = "wasm32"))]

mod reference;

use std::collections::BTreeSet;

use gatehouse_policy::*;
use proptest::prelude::*;

const NOW: Timestamp = Timestamp(1_000_000);

fn id<T: std::str::FromStr>(text: String) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap()
}

/// The raw choices a random policy is built from.
#[derive(Debug, Clone)]
struct Spec {
    groups: usize,
    custom_envs: usize,
    most_specific: bool,
    users: Vec<(Vec<bool>, u8, u8)>,
    connectors: Vec<bool>,
    /// Per (subject, resource): role roll, environment mask, expiry roll.
    grants: Vec<Option<(u8, u8, u8)>>,
}

fn spec() -> impl Strategy<Value = Spec> {
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

fn build(spec: &Spec) -> Policy {
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
        user.groups = memberships
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(g, _)| id(format!("g{g}")))
            .collect();
        user.status = if *status < 2 {
            UserStatus::Deactivated
        } else {
            UserStatus::Active
        };
        user.account_owner = *owner < 1;
        policy.users.push(user);
    }
    for (r, connector) in spec.connectors.iter().enumerate() {
        let kind = if *connector {
            ResourceKind::Connector
        } else {
            ResourceKind::App
        };
        policy.resources.push(Resource {
            id: id(format!("r{r}")),
            name: format!("R{r}"),
            kind,
            creator: None,
        });
    }
    let env_ids: Vec<EnvironmentId> = policy.environments.iter().map(|e| e.id.clone()).collect();
    let subjects: Vec<Subject> = std::iter::once(Subject::AllUsers)
        .chain((0..spec.groups).map(|g| Subject::Group(id(format!("g{g}")))))
        .chain((0..spec.users.len()).map(|u| Subject::User(id(format!("u{u}")))))
        .collect();
    let resources = spec.connectors.len();
    for (slot, choice) in spec.grants.iter().enumerate() {
        let Some((role_roll, mask, expiry)) = choice else {
            continue;
        };
        let (subject, r) = (&subjects[slot / resources], slot % resources);
        let resource = &policy.resources[r];
        let kind = resource.kind;
        let level = role_roll % (kind.owner_level() + 1);
        let envs: BTreeSet<EnvironmentId> = env_ids
            .iter()
            .enumerate()
            .filter(|(i, _)| mask >> (i % 5) & 1 == 1)
            .map(|(_, e)| e.clone())
            .collect();
        let envs = if envs.is_empty() {
            [env_ids[0].clone()].into()
        } else {
            envs
        };
        let mut grant = Grant::new(
            subject.clone(),
            resource.id.clone(),
            Role::from_level(kind, level).unwrap(),
            envs,
        );
        grant.expires_at = match expiry {
            0 => Some(Timestamp(NOW.0 - 5)),
            1 => Some(NOW),
            2 => Some(Timestamp(NOW.0 + 5)),
            _ => None,
        };
        policy.grants.push(grant);
    }
    policy.validate().unwrap();
    policy
}

fn levels(prepared: &PreparedPolicy) -> Vec<u8> {
    prepared.matrix().as_slice().to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn the_prepared_evaluator_agrees_with_the_reference_under_both_rules(spec in spec()) {
        let mut policy = build(&spec);
        for precedence in Precedence::ALL {
            policy.precedence = precedence;
            let prepared = policy.prepare(NOW).unwrap();
            let expected = reference::all_cells(&policy, NOW);
            prop_assert_eq!(&levels(&prepared), &expected);
            let envs = policy.environments.len();
            let resources = policy.resources.len();
            for u in prepared.users() {
                let row = prepared.user_row(u);
                prop_assert_eq!(&row[..], &expected[u.index() * resources * envs..][..resources * envs]);
                for r in prepared.resources() {
                    let column = prepared.resource_column(r);
                    for e in prepared.environments() {
                        let want = expected[(u.index() * resources + r.index()) * envs + e.index()];
                        prop_assert_eq!(prepared.effective_level(u, r, e), want);
                        prop_assert_eq!(column[u.index() * envs + e.index()], want);
                        let (uid, rid, eid) = (prepared.user_id(u).unwrap(), prepared.resource_id(r).unwrap(), prepared.env_id(e).unwrap());
                        let decision = prepared.explain(uid, rid, eid).unwrap();
                        prop_assert_eq!(decision.role.level(), want);
                        prop_assert_eq!(reference::rung(decision.role), want);
                    }
                }
            }
        }
    }

    #[test]
    fn raising_all_users_never_lowers_a_role_under_highest_wins(spec in spec(), r in 0usize..4, raise in 0u8..5) {
        let mut policy = build(&spec);
        policy.precedence = Precedence::HighestWins;
        let resource = policy.resources[r % policy.resources.len()].clone();
        let all_envs: BTreeSet<EnvironmentId> = policy.environments.iter().map(|e| e.id.clone()).collect();
        let old = policy.grants.iter().find(|g| g.subject == Subject::AllUsers && g.resource == resource.id).cloned();
        let old_level = old.as_ref().filter(|g| !g.is_expired(NOW)).map_or(0, |g| g.role.level());
        let level = old_level.max(raise % (resource.kind.owner_level() + 1));
        let raised = Grant::new(Subject::AllUsers, resource.id.clone(), Role::from_level(resource.kind, level).unwrap(), all_envs);
        let before = levels(&policy.prepare(NOW).unwrap());
        Change::UpsertGrant { grant: raised }.apply(&mut policy).unwrap();
        let after = levels(&policy.prepare(NOW).unwrap());
        prop_assert!(before.iter().zip(&after).all(|(b, a)| a >= b));
    }

    #[test]
    fn adding_a_group_membership_never_lowers_a_role_under_highest_wins(spec in spec(), u in 0usize..6, g in 0usize..4) {
        let mut policy = build(&spec);
        prop_assume!(!policy.groups.is_empty());
        policy.precedence = Precedence::HighestWins;
        let user = policy.users[u % policy.users.len()].id.clone();
        let group = policy.groups[g % policy.groups.len()].id.clone();
        let before = levels(&policy.prepare(NOW).unwrap());
        Change::AddMembership { user, group }.apply(&mut policy).unwrap();
        let after = levels(&policy.prepare(NOW).unwrap());
        prop_assert!(before.iter().zip(&after).all(|(b, a)| a >= b));
    }

    #[test]
    fn deactivated_users_have_no_access_and_account_owners_own_everything(spec in spec()) {
        let policy = build(&spec);
        let prepared = policy.prepare(NOW).unwrap();
        for u in prepared.users() {
            let user = &policy.users[u.index()];
            let row = prepared.user_row(u);
            if !user.is_active() {
                prop_assert!(row.iter().all(|l| *l == 0));
            } else if user.account_owner {
                for r in prepared.resources() {
                    let owner = policy.resources[r.index()].kind.owner_level();
                    prop_assert!(prepared.environments().all(|e| prepared.effective_level(u, r, e) == owner));
                }
            }
        }
    }

    #[test]
    fn what_if_equals_the_difference_of_two_full_evaluations(spec in spec(), pick in 0u8..7, a in 0usize..8, b in 0usize..8, level in 0u8..5) {
        let policy = build(&spec);
        let user = policy.users[a % policy.users.len()].id.clone();
        let resource = &policy.resources[b % policy.resources.len()];
        let group = policy.groups.get(b % policy.groups.len().max(1)).map(|g| g.id.clone());
        let envs: BTreeSet<EnvironmentId> = policy.environments.iter().take(1 + a % 3).map(|e| e.id.clone()).collect();
        let role = Role::from_level(resource.kind, level % (resource.kind.owner_level() + 1)).unwrap();
        let change = match (pick, group) {
            (0, _) => Change::UpsertGrant { grant: Grant::new(Subject::User(user), resource.id.clone(), role, envs) },
            (1, Some(g)) => Change::UpsertGrant { grant: Grant::new(Subject::Group(g), resource.id.clone(), role, envs) },
            (2, _) => Change::UpsertGrant { grant: Grant::new(Subject::AllUsers, resource.id.clone(), role, envs) },
            (3, Some(g)) => Change::AddMembership { user, group: g },
            (4, _) => Change::SetUserStatus { user, status: if a.is_multiple_of(2) { UserStatus::Active } else { UserStatus::Deactivated } },
            (5, _) => Change::SetPrecedence { precedence: if a.is_multiple_of(2) { Precedence::HighestWins } else { Precedence::MostSpecificWins } },
            _ => match policy.grants.get(a % policy.grants.len().max(1)) {
                Some(grant) => Change::RemoveGrant { key: grant.key() },
                None => Change::SetAccountOwner { user, account_owner: a.is_multiple_of(2) },
            },
        };
        let changes = what_if(&policy, &change, NOW).unwrap();
        let prepared = policy.prepare(NOW).unwrap();
        prop_assert_eq!(&prepared.what_if(std::slice::from_ref(&change)).unwrap(), &changes);
        let after = change.applied_to(&policy).unwrap();
        let (old, new) = (reference::all_cells(&policy, NOW), reference::all_cells(&after, NOW));
        let envs = policy.environments.len();
        let resources = policy.resources.len();
        let mut expected = Vec::new();
        for (i, (o, n)) in old.iter().zip(&new).enumerate() {
            if o != n {
                let (u, r, e) = (i / (resources * envs), i / envs % resources, i % envs);
                expected.push((policy.users[u].id.clone(), policy.resources[r].id.clone(), policy.environments[e].id.clone(), *o, *n));
            }
        }
        let got: Vec<_> = changes.into_iter().map(|c| (c.user, c.resource, c.env, c.old.level(), c.new.level())).collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn a_shadowed_user_grant_can_be_removed_without_changing_that_cell(spec in spec()) {
        let policy = build(&spec);
        for finding in lint(&policy, NOW).unwrap() {
            let Subject::User(user) = &finding.subject else { continue };
            let mut without = policy.clone();
            without.grants.retain(|g| g.key() != GrantKey { subject: finding.subject.clone(), resource: finding.resource.clone() });
            let before = reference::effective(&policy, user, &finding.resource, &finding.environment, NOW);
            let after = reference::effective(&without, user, &finding.resource, &finding.environment, NOW);
            prop_assert_eq!(before, after, "{}", finding.message);
        }
    }

    /// The counts behind the "Gives" column agree with explaining each person: a grant gives
    /// where it is the winner or tied with it, and is shadowed where it is among the shadowed.
    #[test]
    fn grant_effect_counts_what_explain_says_for_each_person(spec in spec()) {
        let policy = build(&spec);
        let prepared = policy.prepare(NOW).unwrap();
        for grant in &policy.grants {
            let effects = prepared.grant_effect(&grant.key()).unwrap();
            prop_assert_eq!(effects.len(), grant.environments.len());
            for effect in effects {
                let (mut reached, mut gives, mut shadowed) = (0, 0, 0);
                for user in &policy.users {
                    let reaches = match &grant.subject {
                        Subject::AllUsers => true,
                        Subject::Group(g) => user.groups.contains(g),
                        Subject::User(u) => u == &user.id,
                    };
                    if !reaches || !user.is_active() {
                        continue;
                    }
                    reached += 1;
                    if grant.is_expired(NOW) {
                        continue;
                    }
                    let decision = prepared.explain(&user.id, &grant.resource, &effect.environment).unwrap();
                    let is = |c: &Contribution| c.subject == grant.subject;
                    if decision.shadowed.iter().any(|s| is(&s.grant)) {
                        shadowed += 1;
                    } else if decision.winner.as_ref().is_some_and(is) || decision.tied.iter().any(is) {
                        gives += 1;
                    } else {
                        prop_assert!(false, "{:?} is neither shadowed nor deciding: {}", grant.subject, decision.summary);
                    }
                }
                prop_assert_eq!((effect.reached, effect.gives, effect.shadowed), (reached, gives, shadowed), "{:?} in {}", grant.subject, effect.environment);
            }
        }
    }
}
