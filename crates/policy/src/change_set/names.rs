//! Display names for refusals: people, groups and resources by name, never by id.

use std::hash::Hash;

use crate::error::PolicyError;
use crate::fxhash::FxMap;
use crate::grants::Subject;
use crate::ids::{EnvironmentId, GroupId, ResourceId, TableId, UserId};
use crate::policy::Policy;

use super::Target;

/// Display names for messages: people, groups and resources by name, never by id.
pub(super) struct Names<'p>(pub(super) &'p Policy);

impl Names<'_> {
    pub(super) fn user(&self, id: &UserId) -> String {
        self.0
            .user(id)
            .map_or_else(|| "an unknown user".to_owned(), |u| u.name.clone())
    }

    pub(super) fn group(&self, id: &GroupId) -> String {
        self.0.group(id).map_or_else(
            || "an unknown group".to_owned(),
            |g| format!("group {}", g.name),
        )
    }

    pub(super) fn subject(&self, subject: &Subject) -> String {
        match subject {
            Subject::AllUsers => "All Users".to_owned(),
            Subject::Group(id) => self.group(id),
            Subject::User(id) => self.user(id),
        }
    }

    pub(super) fn resource(&self, id: &ResourceId) -> String {
        self.0
            .resource(id)
            .map_or_else(|| "an unknown resource".to_owned(), |r| r.name.clone())
    }

    pub(super) fn table(&self, id: &TableId) -> String {
        self.0
            .tables
            .iter()
            .find(|t| &t.id == id)
            .map_or_else(|| id.to_string(), |t| t.name.clone())
    }

    pub(super) fn environment(&self, id: &EnvironmentId) -> String {
        self.0
            .environment(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    }

    pub(super) fn target(&self, target: &Target) -> String {
        match target {
            Target::Grant(key) => format!(
                "the grant of {} on {}",
                self.subject(&key.subject),
                self.resource(&key.resource)
            ),
            Target::Membership(user, group) => {
                format!("{}'s membership of {}", self.user(user), self.group(group))
            }
            Target::Group(group) => self.group(group),
            Target::User(user) => self.user(user),
            Target::Precedence => "the precedence rule".to_owned(),
            Target::DataEnvironment(id) => format!("data environment {}", self.environment(id)),
            Target::Token(_) => "the same token".to_owned(),
            Target::Table(table) => format!("the mode of table {}", self.table(table)),
            Target::Filter(table, filter) => {
                format!("filter {filter} of table {}", self.table(table))
            }
            Target::Deviation(table, filter, user) => format!(
                "{}'s deviation for filter {filter} of table {}",
                self.user(user),
                self.table(table)
            ),
            Target::AppConnector(id) => self
                .0
                .app_connectors
                .iter()
                .find(|a| &a.id == id)
                .map_or_else(
                    || "a new app connector".to_owned(),
                    |a| format!("app connector {}", a.name),
                ),
        }
    }

    /// A table's validation error with display names for the table, its filters and the
    /// groups and users it names, without backticks.
    pub(super) fn filter_error(
        &self,
        table: &crate::filter::Table,
        err: &crate::filter::FilterError,
    ) -> String {
        let mut text = err.to_string();
        let mut name = |id: &str, shown: &str| {
            text = text.replace(&format!("`{id}`"), shown);
        };
        name(table.id.as_str(), &table.name);
        for filter in &table.filters {
            name(filter.id.as_str(), &filter.name);
        }
        for group in &self.0.groups {
            name(group.id.as_str(), &group.name);
        }
        for user in &self.0.users {
            name(user.id.as_str(), &user.name);
        }
        text.replace('`', "")
    }

    /// A validation error in names.
    pub(super) fn policy_error(&self, err: &PolicyError) -> String {
        match err {
            PolicyError::UnknownSubject { .. } => "no such user or group here".to_owned(),
            PolicyError::UnknownResource { .. } => "no such resource here".to_owned(),
            PolicyError::UnknownEnvironment { environment, .. } => {
                format!("there is no data environment {environment} here")
            }
            PolicyError::NoEnvironments { .. } => "choose at least one environment".to_owned(),
            PolicyError::WrongLadder { resource, role, .. } => format!(
                "{role} is not a role of {} ({} roles are on another ladder)",
                self.resource(resource),
                role.kind().label()
            ),
            other => other.to_string(),
        }
    }
}

/// The changes that give something a name another thing has after the whole set (letter case
/// aside), with the name each gives, in the set's order. `existing` are the names before the
/// set; each of `given` is a change's position, what it is about and the name it gives (`None`
/// when it deletes the thing). Two things may swap names in one set; a name a deletion frees
/// may be taken.
pub(super) fn names_taken<'a, K: Eq + Hash>(
    existing: impl IntoIterator<Item = (K, &'a str)>,
    given: impl IntoIterator<Item = (usize, K, Option<&'a str>)>,
) -> Vec<(usize, &'a str)> {
    let mut after: FxMap<K, (&'a str, Option<usize>)> = existing
        .into_iter()
        .map(|(key, name)| (key, (name, None)))
        .collect();
    let mut any = false;
    for (index, key, name) in given {
        match name {
            Some(name) => {
                any = true;
                after.insert(key, (name, Some(index)));
            }
            None => {
                after.remove(&key);
            }
        }
    }
    if !any {
        return Vec::new();
    }
    let mut by_name: FxMap<String, Vec<(&'a str, Option<usize>)>> = FxMap::default();
    for (name, index) in after.into_values() {
        by_name
            .entry(name.to_lowercase())
            .or_default()
            .push((name, index));
    }
    let mut taken: Vec<(usize, &'a str)> = by_name
        .into_values()
        .filter(|holders| holders.len() > 1)
        .flat_map(|holders| {
            holders
                .into_iter()
                .filter_map(|(name, index)| index.map(|i| (i, name)))
        })
        .collect();
    taken.sort_unstable();
    taken
}
