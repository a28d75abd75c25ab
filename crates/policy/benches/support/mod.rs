//! The issue's benchmark workload, generated deterministically: 10k users, 200 groups (each
//! user in ~3), 1k resources, 4 environments, an All Users and 5 group grants per resource,
//! 20 individual grants per user; plus 100k rows and 20 filters for filter authorisation.
#![allow(dead_code, reason = "each bench uses part of the workload")]

use std::collections::BTreeSet;

use gatehouse_policy::*;

/// The sizes of a workload.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub users: usize,
    pub groups: usize,
    pub groups_per_user: usize,
    pub resources: usize,
    pub group_grants_per_resource: usize,
    pub grants_per_user: usize,
}

/// The issue's workload.
pub const ISSUE: Size = Size {
    users: 10_000,
    groups: 200,
    groups_per_user: 3,
    resources: 1_000,
    group_grants_per_resource: 5,
    grants_per_user: 20,
};

/// SplitMix64: small, fast and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn parse<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("generated ids are valid")
}

fn random_envs(rng: &mut Rng, envs: &[EnvironmentId]) -> BTreeSet<EnvironmentId> {
    let mask = 1 + rng.below((1 << envs.len()) - 1);
    envs.iter()
        .enumerate()
        .filter(|(i, _)| mask >> i & 1 == 1)
        .map(|(_, e)| e.clone())
        .collect()
}

fn random_role(rng: &mut Rng, kind: ResourceKind, max: u8) -> Role {
    let level = rng.below(usize::from(max.min(kind.owner_level())) + 1) as u8;
    Role::from_level(kind, level).expect("level on the ladder")
}

/// A policy of `size`, the same for the same seed.
pub fn policy(size: Size, seed: u64) -> Policy {
    let mut rng = Rng::new(seed);
    let mut policy = Policy::new();
    policy
        .environments
        .push(Environment::new(parse("qa"), "QA"));
    let envs: Vec<EnvironmentId> = policy.environments.iter().map(|e| e.id.clone()).collect();
    policy.groups = (0..size.groups)
        .map(|g| Group::new(parse(&format!("g{g}")), format!("Group {g}")))
        .collect();
    for u in 0..size.users {
        let mut user = User::new(parse(&format!("u{u}")), format!("User {u}"));
        while user.groups.len() < size.groups_per_user.min(size.groups) {
            user.groups
                .insert(policy.groups[rng.below(size.groups)].id.clone());
        }
        user.account_owner = u == 0;
        if u % 100 == 99 {
            user.status = UserStatus::Deactivated;
        }
        policy.users.push(user);
    }
    for r in 0..size.resources {
        let kind = if r % 3 == 0 {
            ResourceKind::Connector
        } else {
            ResourceKind::App
        };
        let id: ResourceId = parse(&format!("r{r}"));
        policy.resources.push(Resource {
            id: id.clone(),
            name: format!("Resource {r}"),
            kind,
            creator: None,
        });
        let all_users = random_role(&mut rng, kind, 2);
        policy.grants.push(Grant::new(
            Subject::AllUsers,
            id.clone(),
            all_users,
            envs.clone(),
        ));
        let mut granted = BTreeSet::new();
        while granted.len() < size.group_grants_per_resource.min(size.groups) {
            granted.insert(rng.below(size.groups));
        }
        for g in granted {
            let subject = Subject::Group(policy.groups[g].id.clone());
            let role = random_role(&mut rng, kind, 4);
            policy.grants.push(Grant::new(
                subject,
                id.clone(),
                role,
                random_envs(&mut rng, &envs),
            ));
        }
    }
    for u in 0..size.users {
        let mut resources = BTreeSet::new();
        while resources.len() < size.grants_per_user.min(size.resources) {
            resources.insert(rng.below(size.resources));
        }
        for r in resources {
            let resource = &policy.resources[r];
            let subject = Subject::User(policy.users[u].id.clone());
            let role = random_role(&mut rng, resource.kind, 4);
            let mut grant = Grant::new(
                subject,
                resource.id.clone(),
                role,
                random_envs(&mut rng, &envs),
            );
            if rng.below(10) == 0 {
                grant.expires_at = Some(Timestamp(NOW.0 + 1 + rng.below(1_000_000) as i64));
            }
            policy.grants.push(grant);
        }
    }
    policy
}

/// The moment the workload is evaluated at.
pub const NOW: Timestamp = Timestamp(1_700_000_000);

/// `n` random cells to decide.
pub fn cells(prepared: &PreparedPolicy, n: usize, seed: u64) -> Vec<(UserIx, ResourceIx, EnvIx)> {
    let users: Vec<UserIx> = prepared.users().collect();
    let resources: Vec<ResourceIx> = prepared.resources().collect();
    let envs: Vec<EnvIx> = prepared.environments().collect();
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            (
                users[rng.below(users.len())],
                resources[rng.below(resources.len())],
                envs[rng.below(envs.len())],
            )
        })
        .collect()
}

/// The filter fields.
pub const FIELDS: [&str; 4] = ["kind", "department", "region", "owner"];

/// `rows` dossier items with a few distinct values per field.
pub fn rows(rows: usize, seed: u64) -> RowSet {
    let mut rng = Rng::new(seed);
    let fields: Vec<String> = FIELDS.iter().map(|f| (*f).to_owned()).collect();
    let columns = vec![
        (
            fields[0].clone(),
            (0..rows)
                .map(|_| Value::Text(format!("kind{}", rng.below(12))))
                .collect(),
        ),
        (
            fields[1].clone(),
            (0..rows)
                .map(|_| Value::Text(format!("dept{}", rng.below(40))))
                .collect(),
        ),
        (
            fields[2].clone(),
            (0..rows)
                .map(|_| Value::Text(format!("region{}", rng.below(8))))
                .collect(),
        ),
        (
            fields[3].clone(),
            (0..rows)
                .map(|_| Value::Int(rng.below(500) as i64))
                .collect(),
        ),
    ];
    RowSet::from_columns(columns).expect("columns of equal length")
}

/// A filtered table with `filters` filters, all active for user `u0` through group `g0`.
pub fn filter_policy(filters: usize, seed: u64) -> Policy {
    let mut rng = Rng::new(seed);
    let mut policy = Policy::new();
    policy.groups.push(Group::new(parse("g0"), "Group 0"));
    let mut user = User::new(parse("u0"), "User 0");
    user.groups.insert(parse("g0"));
    policy.users.push(user);
    let fields = FIELDS.iter().map(|f| (*f).to_owned()).collect();
    let mut table = Table::new(parse("dossier"), "Dossier items", fields);
    table.mode = FilterMode::AccordingToFilter;
    table.filters.clear();
    for f in 0..filters {
        let predicate = match f % 4 {
            0 => Predicate::eq("kind", format!("kind{}", rng.below(12)).as_str()),
            1 => Predicate::is_in(
                "department",
                (0..5).map(|_| Value::Text(format!("dept{}", rng.below(40)))),
            ),
            2 => Predicate::and([
                Predicate::eq("region", format!("region{}", rng.below(8)).as_str()),
                Predicate::ne("kind", format!("kind{}", rng.below(12)).as_str()),
            ]),
            _ => Predicate::or([
                Predicate::eq("owner", rng.below(500) as i64),
                Predicate::negate(Predicate::is_in(
                    "region",
                    ["region0", "region1", "region2"],
                )),
            ]),
        };
        let mut filter = Filter::new(parse(&format!("f{f}")), format!("Filter {f}"), predicate);
        filter.groups.insert(parse("g0"));
        table.filters.push(filter);
    }
    policy.tables.push(table);
    policy
}
