//! Checks a policy snapshot while resolving its ids to dense indexes: unique ids, every
//! reference resolves, roles on the right ladder, one grant per subject and resource,
//! built-in environments present. Preparing uses the same pass, so nothing is checked or
//! looked up twice.

use std::collections::BTreeMap;
use std::hash::Hash;

use super::Policy;
use crate::app_connector::AppConnectorError;
use crate::environments::Environment;
use crate::error::PolicyError;
use crate::filter;
use crate::fxhash::{FxMap, FxSet};
use crate::grants::{Grant, Subject};
use crate::ids::{EnvironmentId, GroupId, ResourceId, UserId};
use crate::roles::ResourceKind;

/// A grant's subject as an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubjectIx {
    AllUsers,
    Group(u32),
    User(u32),
}

/// The dense index of every id in a policy (its position in the policy's list).
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolver {
    pub users: FxMap<UserId, u32>,
    pub groups: FxMap<GroupId, u32>,
    pub resources: FxMap<ResourceId, u32>,
    pub environments: FxMap<EnvironmentId, u32>,
    kinds: Vec<ResourceKind>,
    /// The environment ids in order: a handful, so a scan beats hashing.
    env_list: Vec<EnvironmentId>,
}

impl Resolver {
    /// Indexes the ids and checks everything but the grants.
    pub fn new(policy: &Policy) -> Result<Self, PolicyError> {
        let groups = index(policy.groups.iter().map(|g| &g.id), |id| {
            PolicyError::DuplicateGroup(id.clone())
        })?;
        let environments = index(policy.environments.iter().map(|e| &e.id), |id| {
            PolicyError::DuplicateEnvironment(id.clone())
        })?;
        for built_in in Environment::built_ins() {
            if !environments.contains_key(&built_in.id) {
                return Err(PolicyError::MissingBuiltInEnvironment(built_in.id));
            }
        }
        let users = index(policy.users.iter().map(|u| &u.id), |id| {
            PolicyError::DuplicateUser(id.clone())
        })?;
        let resources = index(policy.resources.iter().map(|r| &r.id), |id| {
            PolicyError::DuplicateResource(id.clone())
        })?;
        let resolver = Self {
            users,
            groups,
            resources,
            environments,
            kinds: policy.resources.iter().map(|r| r.kind).collect(),
            env_list: policy.environments.iter().map(|e| e.id.clone()).collect(),
        };
        resolver.check_users(policy)?;
        resolver.check_rest(policy)?;
        Ok(resolver)
    }

    fn check_users(&self, policy: &Policy) -> Result<(), PolicyError> {
        let mut emails = BTreeMap::new();
        for user in &policy.users {
            if let Some(group) = user.groups.iter().find(|g| !self.groups.contains_key(*g)) {
                return Err(PolicyError::UnknownMembership {
                    user: user.id.clone(),
                    group: group.clone(),
                });
            }
            user.flags.validate().map_err(|source| PolicyError::Flags {
                user: user.id.clone(),
                source,
            })?;
            if let Some(email) = &user.email {
                if let Some(first) = emails.insert(email, &user.id) {
                    return Err(PolicyError::DuplicateEmail {
                        email: email.clone(),
                        first: first.clone(),
                        second: user.id.clone(),
                    });
                }
            }
        }
        for resource in &policy.resources {
            if let Some(creator) = &resource.creator {
                if !self.users.contains_key(creator) {
                    return Err(PolicyError::UnknownCreator {
                        resource: resource.id.clone(),
                        creator: creator.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    fn check_rest(&self, policy: &Policy) -> Result<(), PolicyError> {
        let mut connectors = FxSet::default();
        for app_connector in &policy.app_connectors {
            if !connectors.insert(&app_connector.id) {
                return Err(AppConnectorError::Duplicate(app_connector.id.clone()).into());
            }
            if !self.groups.contains_key(&app_connector.group) {
                return Err(AppConnectorError::UnknownGroup {
                    app_connector: app_connector.id.clone(),
                    group: app_connector.group.clone(),
                }
                .into());
            }
        }
        let groups = self.groups.keys().collect();
        let users = self.users.keys().collect();
        filter::validate_tables(&policy.tables, &groups, &users)?;
        Ok(())
    }

    fn subject(&self, subject: &Subject) -> Option<SubjectIx> {
        match subject {
            Subject::AllUsers => Some(SubjectIx::AllUsers),
            Subject::Group(g) => self.groups.get(g).map(|g| SubjectIx::Group(*g)),
            Subject::User(u) => self.users.get(u).map(|u| SubjectIx::User(*u)),
        }
    }

    fn environment(&self, env: &EnvironmentId) -> Option<u32> {
        if self.env_list.len() <= 16 {
            self.env_list
                .iter()
                .position(|e| e == env)
                .map(|i| i as u32)
        } else {
            self.environments.get(env).copied()
        }
    }

    /// Resolves one grant, writing its environment indexes into `envs`. `last` remembers
    /// the previous grant's subject and resource: grants usually come grouped by either.
    fn resolve<'g>(
        &self,
        grant: &'g Grant,
        last: &mut Option<(&'g Subject, SubjectIx, &'g ResourceId, u32)>,
        envs: &mut Vec<u32>,
    ) -> Result<(SubjectIx, u32), PolicyError> {
        let cached = last.as_ref();
        let subject = match cached.filter(|l| *l.0 == grant.subject) {
            Some(l) => Some(l.1),
            None => self.subject(&grant.subject),
        };
        let Some(subject) = subject else {
            return Err(PolicyError::UnknownSubject {
                subject: grant.subject.clone(),
                resource: grant.resource.clone(),
            });
        };
        let resource = match cached.filter(|l| *l.2 == grant.resource) {
            Some(l) => Some(l.3),
            None => self.resources.get(&grant.resource).copied(),
        };
        let Some(resource) = resource else {
            return Err(PolicyError::UnknownResource {
                subject: grant.subject.clone(),
                resource: grant.resource.clone(),
            });
        };
        *last = Some((&grant.subject, subject, &grant.resource, resource));
        let kind = self
            .kinds
            .get(resource as usize)
            .copied()
            .unwrap_or(ResourceKind::App);
        if grant.role.kind() != kind {
            return Err(PolicyError::WrongLadder {
                subject: grant.subject.clone(),
                resource: grant.resource.clone(),
                role: grant.role,
                kind,
            });
        }
        if grant.environments.is_empty() {
            return Err(PolicyError::NoEnvironments {
                subject: grant.subject.clone(),
                resource: grant.resource.clone(),
            });
        }
        envs.clear();
        for env in &grant.environments {
            match self.environment(env) {
                Some(e) => envs.push(e),
                None => {
                    return Err(PolicyError::UnknownEnvironment {
                        subject: grant.subject.clone(),
                        resource: grant.resource.clone(),
                        environment: env.clone(),
                    })
                }
            }
        }
        Ok((subject, resource))
    }

    /// Resolves every grant in order, refusing a second grant for a subject and resource,
    /// and hands each to `each`.
    pub fn resolve_all(
        &self,
        grants: &[Grant],
        mut each: impl FnMut(&Grant, SubjectIx, u32, &[u32]),
    ) -> Result<(), PolicyError> {
        let groups = self.groups.len() as u64;
        let mut keys: FxSet<u64> = FxSet::default();
        keys.reserve(grants.len());
        let mut envs = Vec::new();
        let mut last = None;
        for grant in grants {
            let (subject, resource) = self.resolve(grant, &mut last, &mut envs)?;
            let code = match subject {
                SubjectIx::AllUsers => 0,
                SubjectIx::Group(g) => 1 + u64::from(g),
                SubjectIx::User(u) => 1 + groups + u64::from(u),
            };
            if !keys.insert(code << 32 | u64::from(resource)) {
                return Err(PolicyError::DuplicateGrant {
                    subject: grant.subject.clone(),
                    resource: grant.resource.clone(),
                });
            }
            each(grant, subject, resource, &envs);
        }
        Ok(())
    }
}

pub(super) fn validate(policy: &Policy) -> Result<(), PolicyError> {
    Resolver::new(policy)?.resolve_all(&policy.grants, |_, _, _, _| {})
}

/// Positions of ids, failing on the first one seen twice.
fn index<'a, T: Eq + Hash + Clone + 'a>(
    ids: impl Iterator<Item = &'a T>,
    duplicate: impl Fn(&T) -> PolicyError,
) -> Result<FxMap<T, u32>, PolicyError> {
    let mut map = FxMap::default();
    for (i, id) in ids.enumerate() {
        if map.insert(id.clone(), i as u32).is_some() {
            return Err(duplicate(id));
        }
    }
    Ok(map)
}

/// Checks single grants against one policy's ids — subject, resource, the role's ladder, the
/// environments — without checking the whole policy again: what a change set asks of each
/// grant it adds or changes (the indexes are built once for the whole set).
#[derive(Debug, Clone)]
pub struct GrantCheck(Resolver);

impl GrantCheck {
    /// Indexes `policy` (and checks everything in it but its grants).
    pub fn new(policy: &Policy) -> Result<Self, PolicyError> {
        Resolver::new(policy).map(Self)
    }

    /// Whether `grant` refers to things that exist, on the right ladder.
    pub fn check(&self, grant: &Grant) -> Result<(), PolicyError> {
        let mut envs = Vec::new();
        self.0.resolve(grant, &mut None, &mut envs).map(|_| ())
    }
}
