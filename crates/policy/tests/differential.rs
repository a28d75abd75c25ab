//! The differential test at scale: on larger random policies, every decision, row, column
//! and explanation of the prepared evaluator agrees with the naïve reference, over a million
//! cells per run, under both precedence rules.
#![cfg(not(target_arch = "wasm32"))]

mod reference;

use std::collections::BTreeSet;

use gatehouse_policy::*;

const NOW: Timestamp = Timestamp(1_000_000);

/// SplitMix64, so every run checks the same policies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn id<T: std::str::FromStr>(text: String) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap()
}

/// A random policy: `users` users in up to three of twelve groups, `resources` resources,
/// five environments, grants dense enough that cells often have several contributors and
/// ties (roles drawn from the lower rungs).
fn policy(seed: u64, users: usize, resources: usize) -> Policy {
    let mut rng = Rng(seed);
    let mut policy = Policy::new();
    for c in 0..2 {
        policy.environments.push(Environment::new(
            id(format!("custom{c}")),
            format!("Custom {c}"),
        ));
    }
    let groups = 12;
    policy.groups = (0..groups)
        .map(|g| Group::new(id(format!("g{g}")), format!("Group {g}")))
        .collect();
    for u in 0..users {
        let mut user = User::new(id(format!("u{u}")), format!("User {u}"));
        user.groups = (0..rng.below(4))
            .map(|_| id(format!("g{}", rng.below(groups))))
            .collect();
        if rng.chance(8) {
            user.status = UserStatus::Deactivated;
        }
        user.account_owner = rng.chance(3);
        policy.users.push(user);
    }
    let env_ids: Vec<EnvironmentId> = policy.environments.iter().map(|e| e.id.clone()).collect();
    for r in 0..resources {
        let kind = if rng.chance(30) {
            ResourceKind::Connector
        } else {
            ResourceKind::App
        };
        let resource: ResourceId = id(format!("r{r}"));
        policy.resources.push(Resource {
            id: resource.clone(),
            name: format!("R{r}"),
            kind,
            creator: None,
        });
        let mut subjects = Vec::new();
        if rng.chance(70) {
            subjects.push(Subject::AllUsers);
        }
        subjects.extend(
            (0..groups)
                .filter(|_| rng.chance(30))
                .map(|g| Subject::Group(id(format!("g{g}")))),
        );
        subjects.extend(
            (0..users)
                .filter(|_| rng.chance(15))
                .map(|u| Subject::User(id(format!("u{u}")))),
        );
        // Grants of one resource in a shuffled subject order, so policy order is not
        // subject order.
        for i in (1..subjects.len()).rev() {
            subjects.swap(i, rng.below(i + 1));
        }
        for subject in subjects {
            let level = rng.below(3) as u8;
            let mask = 1 + rng.below((1 << env_ids.len()) - 1);
            let envs: BTreeSet<EnvironmentId> = env_ids
                .iter()
                .enumerate()
                .filter(|(i, _)| mask >> i & 1 == 1)
                .map(|(_, e)| e.clone())
                .collect();
            let role = Role::from_level(kind, level).unwrap();
            let mut grant = Grant::new(subject, resource.clone(), role, envs);
            grant.expires_at = match rng.below(20) {
                0..=2 => Some(Timestamp(NOW.0 - 5)),
                3 => Some(NOW),
                4..=5 => Some(Timestamp(NOW.0 + 5)),
                _ => None,
            };
            policy.grants.push(grant);
        }
    }
    policy.validate().unwrap();
    policy
}

/// Checks every cell of `policy` under both rules; returns the cells and explanations
/// checked and how many explanations had ties.
fn check(mut policy: Policy, explain_every: usize) -> (usize, usize, usize) {
    let (mut cells, mut explained, mut with_ties) = (0, 0, 0);
    let mut on_resource: Vec<Vec<&Grant>> = vec![Vec::new(); policy.resources.len()];
    let grants = policy.grants.clone();
    for grant in &grants {
        let at = policy.resources.iter().position(|r| r.id == grant.resource);
        on_resource[at.unwrap()].push(grant);
    }
    for precedence in Precedence::ALL {
        policy.precedence = precedence;
        let prepared = policy.prepare(NOW).unwrap();
        let envs = policy.environments.len();
        let mut matrix = AccessMatrix::default();
        prepared.matrix_into(&mut matrix);
        let (mut row, mut column) = (Vec::new(), Vec::new());
        let mut columns = Vec::new();
        for r in prepared.resources() {
            prepared.resource_column_into(r, &mut column);
            columns.push(column.clone());
        }
        for (u, user) in prepared.users().zip(&policy.users) {
            prepared.user_row_into(u, &mut row);
            for (r, resource) in prepared.resources().zip(&policy.resources) {
                for (e, env) in prepared.environments().zip(&policy.environments) {
                    let want = reference::explain(
                        &policy,
                        &on_resource[r.index()],
                        user,
                        resource,
                        &env.id,
                        NOW,
                    );
                    let level = prepared.effective_level(u, r, e);
                    assert_eq!(level, want.rung, "{} {} {}", user.id, resource.id, env.id);
                    assert_eq!(row[r.index() * envs + e.index()], want.rung);
                    assert_eq!(columns[r.index()][u.index() * envs + e.index()], want.rung);
                    assert_eq!(matrix.level(u.index(), r.index(), e.index()), want.rung);
                    cells += 1;
                    if cells % explain_every != 0 {
                        continue;
                    }
                    let got = prepared.explain(&user.id, &resource.id, &env.id).unwrap();
                    let shadowed: Vec<Contribution> =
                        got.shadowed.iter().map(|s| s.grant.clone()).collect();
                    let context = format!("{} {} {} {precedence:?}", user.id, resource.id, env.id);
                    assert_eq!(reference::rung(got.role), want.rung, "{context}");
                    assert_eq!(got.contributing, want.contributing, "{context}");
                    assert_eq!(got.winner, want.winner, "{context}");
                    assert_eq!(got.tied, want.tied, "{context}");
                    assert_eq!(shadowed, want.shadowed, "{context}");
                    assert!(got.shadowed.iter().all(|s| !s.message.is_empty()));
                    assert_eq!(got.expired, want.expired, "{context}");
                    explained += 1;
                    with_ties += usize::from(!got.tied.is_empty());
                }
            }
        }
    }
    (cells, explained, with_ties)
}

#[test]
fn a_million_cells_and_their_explanations_agree_with_the_reference() {
    let (mut cells, mut explained, mut with_ties) = (0, 0, 0);
    for seed in 0..POLICIES {
        let (c, x, t) = check(policy(seed, USERS, RESOURCES), EXPLAIN_EVERY);
        cells += c;
        explained += x;
        with_ties += t;
    }
    eprintln!("{cells} decisions, {explained} explanations ({with_ties} with ties) checked");
    assert!(cells >= 1_000_000, "{cells} decisions");
    assert!(with_ties > 0, "no ties were exercised");
}

/// Policies per run; each has `USERS × RESOURCES × 5` cells under two rules.
const POLICIES: u64 = 8;
const USERS: usize = 250;
const RESOURCES: usize = 50;
/// Explain one cell in this many.
const EXPLAIN_EVERY: usize = 1;
