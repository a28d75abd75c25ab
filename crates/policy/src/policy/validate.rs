//! Checks a policy snapshot: unique ids, every reference resolves, roles on the right
//! ladder, one grant per subject and resource, built-in environments present.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

use super::Policy;
use crate::app_connector::AppConnectorError;
use crate::environments::Environment;
use crate::error::PolicyError;
use crate::filter;
use crate::grants::Subject;
use crate::ids::{GroupId, ResourceId};
use crate::roles::ResourceKind;

pub(super) fn validate(policy: &Policy) -> Result<(), PolicyError> {
    let groups = unique(policy.groups.iter().map(|g| &g.id), |id| {
        PolicyError::DuplicateGroup(id.clone())
    })?;
    let environments = unique(policy.environments.iter().map(|e| &e.id), |id| {
        PolicyError::DuplicateEnvironment(id.clone())
    })?;
    for built_in in Environment::built_ins() {
        if !environments.contains(&built_in.id) {
            return Err(PolicyError::MissingBuiltInEnvironment(built_in.id));
        }
    }
    let users = unique(policy.users.iter().map(|u| &u.id), |id| {
        PolicyError::DuplicateUser(id.clone())
    })?;
    validate_users(policy, &groups)?;
    let mut resources: HashMap<&ResourceId, ResourceKind> = HashMap::new();
    for resource in &policy.resources {
        if resources.insert(&resource.id, resource.kind).is_some() {
            return Err(PolicyError::DuplicateResource(resource.id.clone()));
        }
        if let Some(creator) = &resource.creator {
            if !users.contains(creator) {
                return Err(PolicyError::UnknownCreator {
                    resource: resource.id.clone(),
                    creator: creator.clone(),
                });
            }
        }
    }
    let mut keys = HashSet::new();
    for grant in &policy.grants {
        let subject_known = match &grant.subject {
            Subject::AllUsers => true,
            Subject::Group(g) => groups.contains(g),
            Subject::User(u) => users.contains(u),
        };
        if !subject_known {
            return Err(PolicyError::UnknownSubject {
                subject: grant.subject.clone(),
                resource: grant.resource.clone(),
            });
        }
        let Some(&kind) = resources.get(&grant.resource) else {
            return Err(PolicyError::UnknownResource {
                subject: grant.subject.clone(),
                resource: grant.resource.clone(),
            });
        };
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
        if let Some(unknown) = grant.environments.iter().find(|e| !environments.contains(e)) {
            return Err(PolicyError::UnknownEnvironment {
                subject: grant.subject.clone(),
                resource: grant.resource.clone(),
                environment: unknown.clone(),
            });
        }
        if !keys.insert((&grant.subject, &grant.resource)) {
            return Err(PolicyError::DuplicateGrant {
                subject: grant.subject.clone(),
                resource: grant.resource.clone(),
            });
        }
    }
    let mut connectors = HashSet::new();
    for app_connector in &policy.app_connectors {
        if !connectors.insert(&app_connector.id) {
            return Err(AppConnectorError::Duplicate(app_connector.id.clone()).into());
        }
        if !groups.contains(&app_connector.group) {
            return Err(AppConnectorError::UnknownGroup {
                app_connector: app_connector.id.clone(),
                group: app_connector.group.clone(),
            }
            .into());
        }
    }
    filter::validate_tables(&policy.tables, &groups, &users)?;
    Ok(())
}

fn validate_users(policy: &Policy, groups: &HashSet<&GroupId>) -> Result<(), PolicyError> {
    let mut emails = BTreeMap::new();
    for user in &policy.users {
        if let Some(group) = user.groups.iter().find(|g| !groups.contains(g)) {
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
    Ok(())
}

/// Collects ids into a set, failing on the first one seen twice.
fn unique<'a, T: Eq + Hash + 'a>(
    ids: impl Iterator<Item = &'a T>,
    duplicate: impl Fn(&T) -> PolicyError,
) -> Result<HashSet<&'a T>, PolicyError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(duplicate(id));
        }
    }
    Ok(seen)
}
