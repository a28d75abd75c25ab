//! Access tests, their violations and their stale names in plain English, by display name,
//! so the tests page, the change-set preview and the save refusal say the same thing.

use crate::compiled::PreparedPolicy;
use crate::roles::ResourceKind;

use super::changes::{Breakage, BrokenTest};
use super::model::{user_label, AccessTest, Comparison, TestEnvironments, TestSubject};
use super::outcome::{Stale, Violation};

impl AccessTest {
    /// The expectation as a sentence: "every member of Support has at most Editor on CRM
    /// Portal in Production", "nobody outside ICT has access to HR Database in every
    /// environment".
    pub fn describe(&self, prepared: &PreparedPolicy) -> String {
        let resource = resource_name(prepared, self);
        let envs = environments_phrase(prepared, self);
        let who = match &self.subject {
            TestSubject::User(id) => user_name(prepared, id, &self.saved_names.subject),
            TestSubject::Group(id) => {
                let group = group_name(prepared, id, &self.saved_names.subject);
                match self.comparison {
                    Comparison::NoAccess => format!("no member of {group}"),
                    _ => format!("every member of {group}"),
                }
            }
            TestSubject::Everyone => match self.comparison {
                Comparison::NoAccess => "nobody".to_owned(),
                _ => "everyone".to_owned(),
            },
            TestSubject::EveryoneOutside(id) => {
                let group = group_name(prepared, id, &self.saved_names.subject);
                match self.comparison {
                    Comparison::NoAccess => format!("nobody outside {group}"),
                    _ => format!("everyone outside {group}"),
                }
            }
        };
        match (self.comparison, &self.subject) {
            (Comparison::NoAccess, TestSubject::User(_)) => {
                format!("{who} has no access to {resource} {envs}")
            }
            (Comparison::NoAccess, _) => format!("{who} has access to {resource} {envs}"),
            (comparison, _) => format!("{who} has {} on {resource} {envs}", expected(comparison)),
        }
    }
}

impl Violation {
    /// "Fleur Smit (12345.FSmit) has Editor on CRM Portal in Production; the test 'FSmit
    /// owns CRM' expects exactly Owner".
    pub fn describe(&self, prepared: &PreparedPolicy, test: &AccessTest) -> String {
        let user = user_name(prepared, &self.user, "");
        let resource = resource_name(prepared, test);
        let env = prepared.policy().environment_name(&self.environment);
        let has = if self.effective.level() == 0 {
            format!("has no access to {resource}")
        } else {
            format!("has {} on {resource}", self.effective)
        };
        format!(
            "{user} {has} in {env}; the test '{}' expects {}",
            test.name,
            expected(test.comparison)
        )
    }
}

impl Stale {
    /// "the test 'HR for ICT only' names HR Database, which no longer exists".
    pub fn describe(&self, test: &AccessTest) -> String {
        let named = |what: &str, name: &str| {
            if name.is_empty() {
                format!("a {what} that no longer exists")
            } else {
                format!("{what} {name}, which no longer exists")
            }
        };
        let what = match self {
            Self::Resource { name, .. } if name.is_empty() => named("resource", name),
            Self::Resource { name, .. } => format!("{name}, which no longer exists"),
            Self::User { name, .. } if name.is_empty() => named("user", name),
            Self::User { name, .. } => format!("{name}, who is no longer a user here"),
            Self::Group { name, .. } => named("group", name),
            Self::Environment { name, .. } => named("data environment", name),
            Self::Ladder { role, kind } => {
                let resource = if test.saved_names.resource.is_empty() {
                    "its resource".to_owned()
                } else {
                    test.saved_names.resource.clone()
                };
                return format!(
                    "the test '{}' expects {role}, {} {} role, but {resource} is now {} {}",
                    test.name,
                    article(role.kind()),
                    role.kind().label(),
                    article(*kind),
                    kind.label()
                );
            }
        };
        format!("the test '{}' names {what}", test.name)
    }
}

impl BrokenTest {
    /// One sentence per new violation or stale name, for the preview and the refusal.
    pub fn describe(&self, after: &PreparedPolicy, test: &AccessTest) -> Vec<String> {
        match &self.breakage {
            Breakage::NewViolations { violations } => {
                violations.iter().map(|v| v.describe(after, test)).collect()
            }
            Breakage::NowStale { stale } => stale.iter().map(|s| s.describe(test)).collect(),
        }
    }
}

/// "at least Editor", "at most Use Only", "exactly Owner", "no access".
fn expected(comparison: Comparison) -> String {
    match comparison {
        Comparison::AtLeast(role) => format!("at least {role}"),
        Comparison::AtMost(role) => format!("at most {role}"),
        Comparison::Exactly(role) => format!("exactly {role}"),
        Comparison::NoAccess => "no access".to_owned(),
    }
}

fn resource_name(prepared: &PreparedPolicy, test: &AccessTest) -> String {
    match prepared.policy().resource(&test.resource) {
        Some(resource) => resource.name.clone(),
        None if !test.saved_names.resource.is_empty() => test.saved_names.resource.clone(),
        None => "a deleted resource".to_owned(),
    }
}

fn user_name(prepared: &PreparedPolicy, id: &crate::ids::UserId, saved: &str) -> String {
    let user = prepared
        .user_ix(id)
        .and_then(|ix| prepared.policy().users.get(ix.index()));
    match user {
        Some(user) => user_label(user),
        None if !saved.is_empty() => saved.to_owned(),
        None => "a deleted user".to_owned(),
    }
}

fn group_name(prepared: &PreparedPolicy, id: &crate::ids::GroupId, saved: &str) -> String {
    match prepared.policy().group(id) {
        Some(group) => group.name.clone(),
        None if !saved.is_empty() => saved.to_owned(),
        None => "a deleted group".to_owned(),
    }
}

/// "in every environment", "in Production", "in Production and Staging", "in Production,
/// Staging and QA".
fn environments_phrase(prepared: &PreparedPolicy, test: &AccessTest) -> String {
    let TestEnvironments::Only(ids) = &test.environments else {
        return "in every environment".to_owned();
    };
    let policy = prepared.policy();
    let names: Vec<String> = ids
        .iter()
        .map(|id| match policy.environment(id) {
            Some(env) => env.name.clone(),
            None => test
                .saved_names
                .environments
                .get(id)
                .cloned()
                .unwrap_or_else(|| "a deleted environment".to_owned()),
        })
        .collect();
    match names.as_slice() {
        [] => "in no environment".to_owned(),
        [one] => format!("in {one}"),
        [rest @ .., last] => format!("in {} and {last}", rest.join(", ")),
    }
}

/// "an app", "a connector".
fn article(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::App => "an",
        ResourceKind::Connector => "a",
    }
}
