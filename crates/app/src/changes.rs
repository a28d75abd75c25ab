//! Reading a change set request into the policy crate's [`SetChange`]s: ids parsed, input
//! normalised (`grant_from_input`, `group_from_input`, `user_from_input`), the stored grants
//! and groups an edit names found, and every version compared with the stored one. The server
//! (over the rows it read in the write turn) and the demo store (over its own state) read a
//! set with this one function, so they refuse and report staleness alike.

use std::collections::HashMap;

use gatehouse_policy::{
    app_connector_from_input, data_environment_from_input, edited_user, filter_from_input,
    grant_from_input, group_from_input, token_from_input, user_from_input, AppConnectorInput,
    Filter, GrantKey, GroupId, Policy, RefusalKind, ResourceId, SetChange, SetRefusal, Subject,
    Table, TableId, TokenRecord, User, UserEdit, UserId, UserInput,
};
use gatehouse_wire::ChangeRequest;

/// A stored grant, as an edit of it needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredGrant {
    /// The resource's id.
    pub resource: String,
    /// Whose grant it is.
    pub subject: Subject,
    /// Its version now.
    pub version: i64,
}

/// A stored group, as an edit of it needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredGroup {
    /// Its name now.
    pub name: String,
    /// Its description now.
    pub description: String,
    /// Its version now.
    pub version: i64,
}

impl From<&gatehouse_wire::GroupDetail> for StoredGroup {
    fn from(group: &gatehouse_wire::GroupDetail) -> Self {
        Self {
            name: group.name.clone(),
            description: group.description.clone(),
            version: group.version,
        }
    }
}

/// The stored grants, groups and users of the environment that a set's edits name, by id (a
/// grant of another environment is simply absent). A user's properties are the snapshot's;
/// only its version is stored beside it.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    /// Grants by id.
    pub grants: HashMap<String, StoredGrant>,
    /// Groups by id.
    pub groups: HashMap<String, StoredGroup>,
    /// Users' versions by id.
    pub users: HashMap<String, i64>,
    /// App connectors' versions by id (their fields are the snapshot's).
    pub app_connectors: HashMap<String, i64>,
    /// Data environments' versions by id (their names are the snapshot's).
    pub data_environments: HashMap<String, i64>,
    /// Tokens by id, as stored.
    pub tokens: HashMap<String, TokenRecord>,
    /// Tables' versions by id (their fields and filters are the snapshot's).
    pub tables: HashMap<String, i64>,
    /// Filters' versions by `table/filter`.
    pub filters: HashMap<String, i64>,
}

/// The ids of what a set's edits name, for a store that reads them before reading the set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wanted<'r> {
    /// Grants updated or deleted.
    pub grants: Vec<&'r str>,
    /// Groups renamed or deleted.
    pub groups: Vec<&'r str>,
    /// Users whose properties or status change.
    pub users: Vec<&'r str>,
    /// App connectors changed or deleted.
    pub app_connectors: Vec<&'r str>,
    /// Data environments renamed or deleted.
    pub data_environments: Vec<&'r str>,
    /// Tokens revoked.
    pub tokens: Vec<&'r str>,
    /// Tables whose mode or filters change.
    pub tables: Vec<&'r str>,
}

impl Stored {
    /// The ids of the grants, groups and users `requests` edit (each once, sorted).
    pub fn wanted(requests: &[ChangeRequest]) -> Wanted<'_> {
        let mut wanted = Wanted::default();
        for request in requests {
            match request {
                ChangeRequest::UpdateGrant { grant, .. }
                | ChangeRequest::DeleteGrant { grant, .. } => {
                    wanted.grants.push(grant.as_str());
                }
                ChangeRequest::RenameGroup { group, .. }
                | ChangeRequest::DeleteGroup { group, .. } => {
                    wanted.groups.push(group.as_str());
                }
                ChangeRequest::UpdateUser { user, .. }
                | ChangeRequest::SetUserStatus { user, .. } => {
                    wanted.users.push(user.as_str());
                }
                ChangeRequest::UpdateAppConnector { app_connector, .. }
                | ChangeRequest::DeleteAppConnector { app_connector, .. } => {
                    wanted.app_connectors.push(app_connector.as_str());
                }
                ChangeRequest::RenameDataEnvironment { environment, .. }
                | ChangeRequest::DeleteDataEnvironment { environment, .. } => {
                    wanted.data_environments.push(environment.as_str());
                }
                ChangeRequest::RevokeToken { token } => wanted.tokens.push(token.as_str()),
                ChangeRequest::SetTableMode { table, .. }
                | ChangeRequest::CreateFilter { table, .. }
                | ChangeRequest::UpdateFilter { table, .. }
                | ChangeRequest::DeleteFilter { table, .. }
                | ChangeRequest::SetFilterGroups { table, .. }
                | ChangeRequest::SetDeviation { table, .. } => wanted.tables.push(table.as_str()),
                _ => {}
            }
        }
        for ids in [
            &mut wanted.grants,
            &mut wanted.groups,
            &mut wanted.users,
            &mut wanted.app_connectors,
            &mut wanted.data_environments,
            &mut wanted.tokens,
            &mut wanted.tables,
        ] {
            ids.sort_unstable();
            ids.dedup();
        }
        wanted
    }
}

/// Why a request could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// A change is refused as it stands (malformed, or naming nothing here).
    Refused(SetRefusal),
    /// A change was made against an older version of what it edits.
    Stale {
        /// The change's position.
        index: usize,
        /// What it edits, named for people ("the grant of Support", "group Support").
        entity: String,
        /// Its id.
        id: String,
        /// The version the change was made against.
        sent: i64,
        /// The version stored now.
        current: i64,
    },
}

/// Reads every request against `stored` (and `policy` for names); `new_id` gives ids to the
/// groups and users created without one (`"grp"`, `"usr"`).
pub fn read_changes(
    requests: &[ChangeRequest],
    stored: &Stored,
    policy: &Policy,
    new_id: &mut dyn FnMut(&str) -> String,
) -> Result<Vec<SetChange>, Unread> {
    requests
        .iter()
        .enumerate()
        .map(|(index, request)| read_change(index, request, stored, policy, new_id))
        .collect()
}

fn read_change(
    index: usize,
    request: &ChangeRequest,
    stored: &Stored,
    policy: &Policy,
    new_id: &mut dyn FnMut(&str) -> String,
) -> Result<SetChange, Unread> {
    let refused = |r: SetRefusal| Unread::Refused(r);
    Ok(match request {
        ChangeRequest::CreateGrant {
            resource,
            subject,
            role,
            environments,
            expires_at,
        } => SetChange::CreateGrant {
            grant: grant_from_input(index, resource, subject, *role, environments, *expires_at)
                .map_err(refused)?,
        },
        ChangeRequest::UpdateGrant {
            grant,
            version,
            role,
            environments,
            expires_at,
        } => {
            let current = stored_grant(index, stored, policy, grant, *version)?;
            SetChange::UpdateGrant {
                grant: grant_from_input(
                    index,
                    &current.resource,
                    &current.subject,
                    *role,
                    environments,
                    *expires_at,
                )
                .map_err(refused)?,
            }
        }
        ChangeRequest::DeleteGrant { grant, version } => {
            let current = stored_grant(index, stored, policy, grant, *version)?;
            let resource = ResourceId::parse(&current.resource)
                .map_err(|_| not_found(index, "resource", "no such resource here"))?;
            SetChange::DeleteGrant {
                key: GrantKey {
                    subject: current.subject.clone(),
                    resource,
                },
            }
        }
        ChangeRequest::AddMember { group, user } | ChangeRequest::RemoveMember { group, user } => {
            let user =
                UserId::parse(user).map_err(|_| not_found(index, "user", "no such user here"))?;
            let group = GroupId::parse(group)
                .map_err(|_| not_found(index, "group", "no such group here"))?;
            if matches!(request, ChangeRequest::AddMember { .. }) {
                SetChange::AddMember { user, group }
            } else {
                SetChange::RemoveMember { user, group }
            }
        }
        ChangeRequest::CreateGroup {
            group,
            name,
            description,
        } => {
            let id = group.clone().unwrap_or_else(|| new_id("grp"));
            SetChange::CreateGroup {
                group: group_from_input(index, &id, name, description).map_err(refused)?,
            }
        }
        ChangeRequest::RenameGroup {
            group,
            version,
            name,
            description,
        } => {
            let current = stored_group(index, stored, group, *version)?;
            let description = description.as_deref().unwrap_or(&current.description);
            SetChange::RenameGroup {
                group: group_from_input(index, group, name, description).map_err(refused)?,
            }
        }
        ChangeRequest::DeleteGroup { group, version } => {
            stored_group(index, stored, group, *version)?;
            SetChange::DeleteGroup {
                group: GroupId::parse(group)
                    .map_err(|_| not_found(index, "group", "no such group here"))?,
            }
        }
        ChangeRequest::CreateUser {
            user,
            code,
            name,
            email,
            flags,
        } => {
            let id = user.clone().unwrap_or_else(|| new_id("usr"));
            let input = UserInput {
                id: &id,
                code,
                name,
                email: email.as_deref(),
                flags: (*flags).into(),
            };
            SetChange::CreateUser {
                user: user_from_input(index, input).map_err(refused)?,
            }
        }
        ChangeRequest::UpdateUser {
            user,
            version,
            name,
            email,
            flags,
            status,
        } => {
            let current = stored_user(index, stored, policy, user, *version)?;
            let edit = UserEdit {
                name,
                email: email.as_deref(),
                flags: (*flags).into(),
                status: (*status).into(),
            };
            SetChange::EditUser {
                user: edited_user(index, current, edit).map_err(refused)?,
            }
        }
        ChangeRequest::SetUserStatus {
            user,
            version,
            status,
        } => SetChange::SetUserStatus {
            user: stored_user(index, stored, policy, user, *version)?
                .id
                .clone(),
            status: (*status).into(),
        },
        ChangeRequest::CreateAppConnector {
            app_connector,
            name,
            group,
            connectors,
            blocked,
        } => {
            let id = app_connector.clone().unwrap_or_else(|| new_id("ac"));
            SetChange::CreateAppConnector {
                app_connector: app_connector_input(index, &id, name, group, connectors, *blocked)?,
            }
        }
        ChangeRequest::UpdateAppConnector {
            app_connector,
            version,
            name,
            group,
            connectors,
            blocked,
        } => {
            stored_app_connector(index, stored, policy, app_connector, *version)?;
            SetChange::UpdateAppConnector {
                app_connector: app_connector_input(
                    index,
                    app_connector,
                    name,
                    group,
                    connectors,
                    *blocked,
                )?,
            }
        }
        ChangeRequest::DeleteAppConnector {
            app_connector,
            version,
        } => SetChange::DeleteAppConnector {
            app_connector: stored_app_connector(index, stored, policy, app_connector, *version)?
                .id
                .clone(),
        },
        ChangeRequest::CreateDataEnvironment { environment, name } => {
            let id = environment.clone().unwrap_or_else(|| new_id("env"));
            SetChange::CreateDataEnvironment {
                environment: data_environment_from_input(index, &id, name).map_err(refused)?,
            }
        }
        ChangeRequest::RenameDataEnvironment {
            environment,
            version,
            name,
        } => {
            let current = stored_data_environment(index, stored, policy, environment, *version)?;
            SetChange::RenameDataEnvironment {
                environment: data_environment_from_input(index, current.id.as_str(), name)
                    .map_err(refused)?,
            }
        }
        ChangeRequest::DeleteDataEnvironment {
            environment,
            version,
        } => SetChange::DeleteDataEnvironment {
            environment: stored_data_environment(index, stored, policy, environment, *version)?
                .id
                .clone(),
        },
        ChangeRequest::IssueToken {
            token,
            user,
            app_connector,
            expires_at,
        } => {
            let id = token.clone().unwrap_or_else(|| new_id("tok"));
            SetChange::IssueToken {
                token: token_from_input(index, &id, user, app_connector, *expires_at)
                    .map_err(refused)?,
            }
        }
        ChangeRequest::RevokeToken { token } => SetChange::RevokeToken {
            token: stored
                .tokens
                .get(token)
                .cloned()
                .ok_or_else(|| not_found(index, "token", "no such token here"))?,
        },
        ChangeRequest::SetTableMode {
            table,
            version,
            mode,
        } => SetChange::SetTableMode {
            table: stored_table(index, stored, policy, table, *version)?
                .id
                .clone(),
            mode: *mode,
        },
        ChangeRequest::CreateFilter {
            table,
            filter,
            name,
            predicate,
            groups,
        } => {
            let id = TableId::parse(table)
                .map_err(|_| not_found(index, "table", "no such table here"))?;
            let stored_table = policy.tables.iter().find(|t| t.id == id);
            let mut created = filter_from_input(
                index,
                stored_table,
                filter.as_deref(),
                name,
                predicate.clone(),
            )
            .map_err(refused)?;
            created.groups = group_ids(index, groups)?.into_iter().collect();
            SetChange::CreateFilter {
                filter: created,
                table: id,
            }
        }
        ChangeRequest::UpdateFilter {
            table,
            filter,
            version,
            name,
            predicate,
        } => {
            let (table, current) = stored_filter(index, stored, policy, table, filter, *version)?;
            SetChange::UpdateFilter {
                filter: filter_from_input(
                    index,
                    Some(table),
                    Some(current.id.as_str()),
                    name,
                    predicate.clone(),
                )
                .map_err(refused)?,
                table: table.id.clone(),
            }
        }
        ChangeRequest::DeleteFilter {
            table,
            filter,
            version,
        } => {
            let (table, current) = stored_filter(index, stored, policy, table, filter, *version)?;
            SetChange::DeleteFilter {
                table: table.id.clone(),
                filter: current.id.clone(),
            }
        }
        ChangeRequest::SetFilterGroups {
            table,
            filter,
            version,
            groups,
        } => {
            let (table, current) = stored_filter(index, stored, policy, table, filter, *version)?;
            let ids = group_ids(index, groups)?;
            SetChange::SetFilterGroups {
                table: table.id.clone(),
                filter: current.id.clone(),
                groups: ids,
            }
        }
        ChangeRequest::SetDeviation {
            table,
            filter,
            version,
            user,
            deviation,
        } => {
            let (table, current) = stored_filter(index, stored, policy, table, filter, *version)?;
            SetChange::SetDeviation {
                table: table.id.clone(),
                filter: current.id.clone(),
                user: UserId::parse(user.trim())
                    .map_err(|_| not_found(index, "user", "no such user here"))?,
                deviation: *deviation,
            }
        }
        ChangeRequest::SetPrecedence { precedence } => SetChange::SetPrecedence {
            precedence: (*precedence).into(),
        },
    })
}

/// The stored grant `id` at `version`: refused as not found when there is none here, stale
/// when it has moved on.
fn stored_grant<'s>(
    index: usize,
    stored: &'s Stored,
    policy: &Policy,
    id: &str,
    version: i64,
) -> Result<&'s StoredGrant, Unread> {
    let current = stored
        .grants
        .get(id)
        .ok_or_else(|| not_found(index, "grant", "no such grant here"))?;
    if current.version != version {
        return Err(Unread::Stale {
            index,
            entity: format!("the grant of {}", policy.subject_name(&current.subject)),
            id: id.to_owned(),
            sent: version,
            current: current.version,
        });
    }
    Ok(current)
}

/// The stored group `id` at `version` (see [`stored_grant`]).
fn stored_group<'s>(
    index: usize,
    stored: &'s Stored,
    id: &str,
    version: i64,
) -> Result<&'s StoredGroup, Unread> {
    let current = stored
        .groups
        .get(id)
        .ok_or_else(|| not_found(index, "group", "no such group here"))?;
    if current.version != version {
        return Err(Unread::Stale {
            index,
            entity: format!("group {}", current.name),
            id: id.to_owned(),
            sent: version,
            current: current.version,
        });
    }
    Ok(current)
}

/// An app connector from a request's fields.
fn app_connector_input(
    index: usize,
    id: &str,
    name: &str,
    group: &str,
    connectors: &[gatehouse_wire::ConnectorInclusion],
    blocked: bool,
) -> Result<gatehouse_policy::AppConnector, Unread> {
    let input = AppConnectorInput {
        id,
        name,
        group,
        connectors: connectors
            .iter()
            .map(|c| (c.kind, c.connector.as_str()))
            .collect(),
        blocked,
    };
    app_connector_from_input(index, &input).map_err(Unread::Refused)
}

/// The app connector `id` of the snapshot, stored at `version` (see [`stored_grant`]).
fn stored_app_connector<'p>(
    index: usize,
    stored: &Stored,
    policy: &'p Policy,
    id: &str,
    version: i64,
) -> Result<&'p gatehouse_policy::AppConnector, Unread> {
    let missing = || not_found(index, "app_connector", "no such app connector here");
    let app_connector = policy
        .app_connectors
        .iter()
        .find(|a| a.id.as_str() == id)
        .ok_or_else(missing)?;
    let current = *stored.app_connectors.get(id).ok_or_else(missing)?;
    if current != version {
        return Err(Unread::Stale {
            index,
            entity: format!("app connector {}", app_connector.name),
            id: id.to_owned(),
            sent: version,
            current,
        });
    }
    Ok(app_connector)
}

/// The data environment `id` of the snapshot, stored at `version` (see [`stored_grant`]).
fn stored_data_environment<'p>(
    index: usize,
    stored: &Stored,
    policy: &'p Policy,
    id: &str,
    version: i64,
) -> Result<&'p gatehouse_policy::Environment, Unread> {
    let missing = || not_found(index, "environment", "no such data environment here");
    let environment = policy
        .environments
        .iter()
        .find(|e| e.id.as_str() == id)
        .ok_or_else(missing)?;
    let current = *stored.data_environments.get(id).ok_or_else(missing)?;
    if current != version {
        return Err(Unread::Stale {
            index,
            entity: format!("data environment {}", environment.name),
            id: id.to_owned(),
            sent: version,
            current,
        });
    }
    Ok(environment)
}

/// Group ids from a change's `groups`, each once, in order; one that is not an id is refused at
/// its position.
fn group_ids(index: usize, groups: &[String]) -> Result<Vec<GroupId>, Unread> {
    let mut ids: Vec<GroupId> = Vec::with_capacity(groups.len());
    for (position, group) in groups.iter().enumerate() {
        let id = GroupId::parse(group.trim()).map_err(|_| {
            Unread::Refused(SetRefusal {
                index: Some(index),
                kind: RefusalKind::Invalid,
                field: Some(format!("groups[{position}]")),
                message: format!("there is no group {group} here"),
            })
        })?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// The table `id` of the snapshot, stored at `version` (see [`stored_grant`]).
fn stored_table<'p>(
    index: usize,
    stored: &Stored,
    policy: &'p Policy,
    id: &str,
    version: i64,
) -> Result<&'p Table, Unread> {
    let missing = || not_found(index, "table", "no such table here");
    let table = policy
        .tables
        .iter()
        .find(|t| t.id.as_str() == id)
        .ok_or_else(missing)?;
    let current = *stored.tables.get(id).ok_or_else(missing)?;
    if current != version {
        return Err(Unread::Stale {
            index,
            entity: format!("table {}", table.name),
            id: id.to_owned(),
            sent: version,
            current,
        });
    }
    Ok(table)
}

/// The filter `filter` of table `table` in the snapshot, stored at `version` (see
/// [`stored_grant`]); the 412 names the filter and its table, its id is `table/filter`.
fn stored_filter<'p>(
    index: usize,
    stored: &Stored,
    policy: &'p Policy,
    table: &str,
    filter: &str,
    version: i64,
) -> Result<(&'p Table, &'p Filter), Unread> {
    let table = policy
        .tables
        .iter()
        .find(|t| t.id.as_str() == table)
        .ok_or_else(|| not_found(index, "table", "no such table here"))?;
    let missing = || {
        not_found(
            index,
            "filter",
            &format!("table {} has no such filter", table.name),
        )
    };
    let current = table
        .filters
        .iter()
        .find(|f| f.id.as_str() == filter)
        .ok_or_else(missing)?;
    let key = format!("{}/{}", table.id, current.id);
    let stored_version = *stored.filters.get(&key).ok_or_else(missing)?;
    if stored_version != version {
        return Err(Unread::Stale {
            index,
            entity: format!("filter {} of table {}", current.name, table.name),
            id: key,
            sent: version,
            current: stored_version,
        });
    }
    Ok((table, current))
}

/// The user `id` of the snapshot, stored at `version` (see [`stored_grant`]).
fn stored_user<'p>(
    index: usize,
    stored: &Stored,
    policy: &'p Policy,
    id: &str,
    version: i64,
) -> Result<&'p User, Unread> {
    let missing = || not_found(index, "user", "no such user here");
    let user = UserId::parse(id)
        .ok()
        .and_then(|id| policy.user(&id))
        .ok_or_else(missing)?;
    let current = *stored.users.get(id).ok_or_else(missing)?;
    if current != version {
        return Err(Unread::Stale {
            index,
            entity: format!("user {}", user.name),
            id: id.to_owned(),
            sent: version,
            current,
        });
    }
    Ok(user)
}

fn not_found(index: usize, field: &str, message: &str) -> Unread {
    Unread::Refused(SetRefusal {
        index: Some(index),
        kind: RefusalKind::NotFound,
        field: Some(field.to_owned()),
        message: message.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use gatehouse_policy::{Group, Role};
    use gatehouse_wire::UserFlags as WireFlags;

    use super::*;

    fn support() -> Subject {
        Subject::Group(GroupId::parse("grp-support").unwrap())
    }

    fn policy() -> Policy {
        let mut policy = Policy::new();
        policy.groups.push(Group::new(
            GroupId::parse("grp-support").unwrap(),
            "Support",
        ));
        policy
    }

    fn stored() -> Stored {
        let mut stored = Stored::default();
        stored.grants.insert(
            "grant-1".to_owned(),
            StoredGrant {
                resource: "res-crm".to_owned(),
                subject: support(),
                version: 3,
            },
        );
        stored.groups.insert(
            "grp-support".to_owned(),
            StoredGroup {
                name: "Support".to_owned(),
                description: "Helpdesk".to_owned(),
                version: 2,
            },
        );
        stored
    }

    fn read(requests: &[ChangeRequest]) -> Result<Vec<SetChange>, Unread> {
        let mut n = 0;
        let mut new_id = |prefix: &str| {
            n += 1;
            format!("{prefix}-new-{n}")
        };
        read_changes(requests, &stored(), &policy(), &mut new_id)
    }

    #[test]
    fn a_stale_edit_names_what_went_stale_and_both_versions() {
        let stale = read(&[ChangeRequest::DeleteGrant {
            grant: "grant-1".to_owned(),
            version: 2,
        }])
        .unwrap_err();
        assert_eq!(
            stale,
            Unread::Stale {
                index: 0,
                entity: "the grant of Support".to_owned(),
                id: "grant-1".to_owned(),
                sent: 2,
                current: 3,
            }
        );
        let group = read(&[ChangeRequest::RenameGroup {
            group: "grp-support".to_owned(),
            version: 1,
            name: "Help".to_owned(),
            description: None,
        }])
        .unwrap_err();
        assert!(matches!(group, Unread::Stale { entity, .. } if entity == "group Support"));
    }

    #[test]
    fn an_update_keeps_the_stored_subject_and_a_rename_the_stored_description() {
        let changes = read(&[
            ChangeRequest::UpdateGrant {
                grant: "grant-1".to_owned(),
                version: 3,
                role: Role::App(gatehouse_policy::AppRole::Editor),
                environments: vec![" staging ".to_owned()],
                expires_at: None,
            },
            ChangeRequest::RenameGroup {
                group: "grp-support".to_owned(),
                version: 2,
                name: " Help ".to_owned(),
                description: None,
            },
        ])
        .unwrap();
        assert!(
            matches!(&changes[0], SetChange::UpdateGrant { grant } if grant.subject == support())
        );
        assert!(matches!(&changes[1], SetChange::RenameGroup { group }
            if group.name == "Help" && group.description == "Helpdesk"));
    }

    #[test]
    fn unknown_things_are_not_found_and_new_ones_get_ids() {
        let missing = read(&[ChangeRequest::DeleteGroup {
            group: "grp-gone".to_owned(),
            version: 1,
        }])
        .unwrap_err();
        assert!(
            matches!(missing, Unread::Refused(r) if r.field.as_deref() == Some("group")
            && r.kind == RefusalKind::NotFound)
        );
        let created = read(&[
            ChangeRequest::CreateGroup {
                group: None,
                name: "Interns".to_owned(),
                description: String::new(),
            },
            ChangeRequest::CreateUser {
                user: None,
                code: "12345.LNieuw".to_owned(),
                name: "Lotte".to_owned(),
                email: None,
                flags: WireFlags::default(),
            },
        ])
        .unwrap();
        assert!(
            matches!(&created[0], SetChange::CreateGroup { group } if group.id.as_str() == "grp-new-1")
        );
        assert!(
            matches!(&created[1], SetChange::CreateUser { user } if user.id.as_str() == "usr-new-2")
        );
    }
}
