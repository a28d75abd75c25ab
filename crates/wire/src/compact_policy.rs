//! The policy snapshot in a compact form for the browser's access matrix
//! (`GET /environments/{env}/policy/compact`).
//!
//! The plain snapshot spells every grant out with its ids (≈ 187 bytes of JSON a grant: the
//! subject's and resource's ids, the role's name, each environment's id), so 200,000 grants
//! are 37.5 MB that take the browser most of a second to decode. Here every id is written once,
//! in the entity lists, and a grant is four small numbers in parallel columns: its subject, its
//! resource, its role's level and its set of environments, each an index. Decoding shares the
//! entity lists' ids (`Arc<str>`) with the grants, so nothing is copied.
//!
//! [`CompactPolicy::encode`] and [`CompactPolicy::decode`] are exact inverses on a valid
//! snapshot; decoding checks every index and names the first one that is out of range.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_policy::{
    AppConnector, Environment, EnvironmentId, Grant, Group, Participant, Policy, Precedence,
    Resource, ResourceKind, Role, Subject, Table, Timestamp, User,
};
use serde::{Deserialize, Serialize};

/// A grant's subject in [`CompactGrants::subjects`]: 0 is All Users, `1 + g` the group at
/// index `g` of [`CompactPolicy::groups`], `1 + groups + u` the user at index `u`.
pub type SubjectIndex = u32;

/// A whole snapshot with its grants as index columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompactPolicy {
    /// As [`Policy::participant`].
    #[serde(default)]
    pub participant: Option<Participant>,
    /// As [`Policy::precedence`].
    #[serde(default)]
    pub precedence: Precedence,
    /// As [`Policy::users`].
    pub users: Vec<User>,
    /// As [`Policy::groups`].
    pub groups: Vec<Group>,
    /// As [`Policy::resources`].
    pub resources: Vec<Resource>,
    /// As [`Policy::environments`].
    pub environments: Vec<Environment>,
    /// As [`Policy::grants`], column by column.
    pub grants: CompactGrants,
    /// As [`Policy::app_connectors`].
    #[serde(default)]
    pub app_connectors: Vec<AppConnector>,
    /// As [`Policy::tables`].
    #[serde(default)]
    pub tables: Vec<Table>,
}

/// The grants, in policy order, one entry per grant in each of the first four columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompactGrants {
    /// Who each grant is for (see [`SubjectIndex`]).
    pub subjects: Vec<SubjectIndex>,
    /// The index of each grant's resource in [`CompactPolicy::resources`].
    pub resources: Vec<u32>,
    /// Each grant's role, as its level on the resource's ladder.
    pub levels: Vec<u8>,
    /// Each grant's environments, as an index into [`CompactGrants::environment_sets`].
    pub environments: Vec<u32>,
    /// The distinct sets of environments, each a list of indexes into
    /// [`CompactPolicy::environments`].
    pub environment_sets: Vec<Vec<u32>>,
    /// The grants that expire: `[grant index, expiry in seconds since the epoch]`.
    #[serde(default)]
    pub expiring: Vec<(u32, Timestamp)>,
}

/// Why a snapshot could not be written or read in the compact form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompactError {
    /// A grant names an id that is not in the snapshot's lists.
    #[error("grant {grant} refers to {what} `{id}`, which is not in the snapshot")]
    UnknownId {
        /// The grant's position.
        grant: usize,
        /// "user", "group", "resource" or "environment".
        what: &'static str,
        /// The id.
        id: String,
    },
    /// The grant columns differ in length.
    #[error("the grant columns differ in length: {subjects} subjects, {resources} resources, {levels} levels, {environments} environment sets")]
    Columns {
        /// Entries in `subjects`.
        subjects: usize,
        /// Entries in `resources`.
        resources: usize,
        /// Entries in `levels`.
        levels: usize,
        /// Entries in `environments`.
        environments: usize,
    },
    /// An index points past the end of its list.
    #[error("grant {grant}: {what} index {index} is out of range (there are {len})")]
    OutOfRange {
        /// The grant's position.
        grant: usize,
        /// "subject", "resource", "environment set" or "environment".
        what: &'static str,
        /// The index given.
        index: u64,
        /// How many there are.
        len: usize,
    },
    /// A level is not on the resource's ladder.
    #[error("grant {grant}: level {level} is not a role on {kind} `{resource}`")]
    Level {
        /// The grant's position.
        grant: usize,
        /// The level given.
        level: u8,
        /// "app" or "connector".
        kind: &'static str,
        /// The resource's id.
        resource: String,
    },
}

impl CompactPolicy {
    /// Writes `policy` in the compact form. Fails only where a grant names an id the snapshot
    /// does not list (a policy that would not validate).
    pub fn encode(policy: &Policy) -> Result<Self, CompactError> {
        let groups = index_of(policy.groups.iter().map(|g| g.id.as_str()));
        let users = index_of(policy.users.iter().map(|u| u.id.as_str()));
        let resources = index_of(policy.resources.iter().map(|r| r.id.as_str()));
        let environments = index_of(policy.environments.iter().map(|e| e.id.as_str()));
        let group_count = policy.groups.len() as u32;
        let mut grants = CompactGrants::default();
        let mut sets: BTreeMap<Vec<u32>, u32> = BTreeMap::new();
        for (at, grant) in policy.grants.iter().enumerate() {
            let unknown = |what: &'static str, id: &str| CompactError::UnknownId {
                grant: at,
                what,
                id: id.to_owned(),
            };
            let subject = match &grant.subject {
                Subject::AllUsers => 0,
                Subject::Group(id) => {
                    1 + *groups
                        .get(id.as_str())
                        .ok_or_else(|| unknown("group", id.as_str()))?
                }
                Subject::User(id) => {
                    1 + group_count
                        + *users
                            .get(id.as_str())
                            .ok_or_else(|| unknown("user", id.as_str()))?
                }
            };
            let resource = *resources
                .get(grant.resource.as_str())
                .ok_or_else(|| unknown("resource", grant.resource.as_str()))?;
            let set = grant
                .environments
                .iter()
                .map(|e| {
                    environments
                        .get(e.as_str())
                        .copied()
                        .ok_or_else(|| unknown("environment", e.as_str()))
                })
                .collect::<Result<Vec<u32>, _>>()?;
            let next = sets.len() as u32;
            let set = *sets.entry(set).or_insert(next);
            grants.subjects.push(subject);
            grants.resources.push(resource);
            grants.levels.push(grant.role.level());
            grants.environments.push(set);
            if let Some(at_time) = grant.expires_at {
                grants.expiring.push((at as u32, at_time));
            }
        }
        let mut environment_sets = vec![Vec::new(); sets.len()];
        for (set, ix) in sets {
            environment_sets[ix as usize] = set;
        }
        grants.environment_sets = environment_sets;
        Ok(Self {
            participant: policy.participant,
            precedence: policy.precedence,
            users: policy.users.clone(),
            groups: policy.groups.clone(),
            resources: policy.resources.clone(),
            environments: policy.environments.clone(),
            grants,
            app_connectors: policy.app_connectors.clone(),
            tables: policy.tables.clone(),
        })
    }

    /// Reads the snapshot back, checking every index; the grants share the lists' ids.
    pub fn decode(self) -> Result<Policy, CompactError> {
        let g = &self.grants;
        let count = g.subjects.len();
        if [g.resources.len(), g.levels.len(), g.environments.len()] != [count; 3] {
            return Err(CompactError::Columns {
                subjects: count,
                resources: g.resources.len(),
                levels: g.levels.len(),
                environments: g.environments.len(),
            });
        }
        let sets = g
            .environment_sets
            .iter()
            .map(|set| {
                set.iter()
                    .map(|&e| self.environments.get(e as usize).map(|env| env.id.clone()))
                    .collect::<Option<BTreeSet<EnvironmentId>>>()
            })
            .collect::<Vec<_>>();
        let mut expiring = g.expiring.iter().peekable();
        let mut grants = Vec::with_capacity(count);
        for at in 0..count {
            let out_of_range =
                |what: &'static str, index: u64, len: usize| CompactError::OutOfRange {
                    grant: at,
                    what,
                    index,
                    len,
                };
            let subject = self.subject(g.subjects[at]).ok_or_else(|| {
                out_of_range(
                    "subject",
                    u64::from(g.subjects[at]),
                    1 + self.groups.len() + self.users.len(),
                )
            })?;
            let resource = self
                .resources
                .get(g.resources[at] as usize)
                .ok_or_else(|| {
                    out_of_range("resource", u64::from(g.resources[at]), self.resources.len())
                })?;
            let set = g.environments[at] as usize;
            let environments = match sets.get(set) {
                Some(Some(envs)) => envs.clone(),
                Some(None) => {
                    let bad = g.environment_sets[set]
                        .iter()
                        .find(|&&e| e as usize >= self.environments.len())
                        .copied()
                        .unwrap_or_default();
                    return Err(out_of_range(
                        "environment",
                        u64::from(bad),
                        self.environments.len(),
                    ));
                }
                None => return Err(out_of_range("environment set", set as u64, sets.len())),
            };
            let role = Role::from_level(resource.kind, g.levels[at]).ok_or_else(|| {
                CompactError::Level {
                    grant: at,
                    level: g.levels[at],
                    kind: match resource.kind {
                        ResourceKind::App => "app",
                        ResourceKind::Connector => "connector",
                    },
                    resource: resource.id.to_string(),
                }
            })?;
            let expires_at = match expiring.peek() {
                Some(&&(grant, when)) if grant as usize == at => {
                    expiring.next();
                    Some(when)
                }
                _ => None,
            };
            grants.push(Grant {
                subject,
                resource: resource.id.clone(),
                role,
                environments,
                expires_at,
            });
        }
        if let Some(&(grant, _)) = expiring.next() {
            return Err(CompactError::OutOfRange {
                grant: grant as usize,
                what: "expiring grant (listed out of order or past the end)",
                index: u64::from(grant),
                len: count,
            });
        }
        Ok(Policy {
            participant: self.participant,
            precedence: self.precedence,
            users: self.users,
            groups: self.groups,
            resources: self.resources,
            environments: self.environments,
            grants,
            app_connectors: self.app_connectors,
            tables: self.tables,
        })
    }

    /// The subject at `index`, sharing the list's id.
    fn subject(&self, index: SubjectIndex) -> Option<Subject> {
        let index = index as usize;
        let groups = self.groups.len();
        match index {
            0 => Some(Subject::AllUsers),
            i if i <= groups => Some(Subject::Group(self.groups[i - 1].id.clone())),
            i => self
                .users
                .get(i - 1 - groups)
                .map(|u| Subject::User(u.id.clone())),
        }
    }
}

/// Each text's position in the list.
fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> std::collections::HashMap<&'a str, u32> {
    ids.enumerate().map(|(i, id)| (id, i as u32)).collect()
}
