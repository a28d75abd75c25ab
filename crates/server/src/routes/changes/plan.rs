//! Reading a change set request: the stored grant and group rows its edits name are read in
//! the write turn, the request is read into the policy crate's [`SetChange`]s by the shared
//! reader (`gatehouse_app::read_changes`, which the demo store uses too: ids, input, versions),
//! and each change gets the storage step that writes it.

use std::collections::BTreeSet;

use gatehouse_app::{read_changes, Stored, StoredGrant, StoredGroup, Unread};
use gatehouse_policy::{
    Deviation, Environment, Filter, FilterId, FilterMode, Group, Precedence, PreparedPolicy,
    ResourceId, SetChange, TableId, User,
};
use gatehouse_wire::{
    AppConnectorView, ChangeRequest, FilterView, GroupDetail, TableSummary, UserSummary,
};
use sqlx::AnyConnection;

use crate::error::ApiError;
use crate::routes::app_connector_views::{view, Extras};
use crate::routes::data_environments::data_environment_view;
use crate::routes::integration::user_refs;
use crate::routes::resources::grant_view;
use crate::routes::table_views::{filter_views, table_summary};
use crate::store::app_connectors::{self as app_connectors_store, AppConnectorRow};
use crate::store::data_environments::{self as data_environments_store, DataEnvironmentRow};
use crate::store::grants::{self as store, GrantRow};
use crate::store::groups::group_detail;
use crate::store::tokens::{self as tokens_store, TokenRow};
use crate::store::users::users_by_ids;

/// What storing one change takes.
pub(super) enum Step {
    /// Insert this grant.
    Create(GrantRow),
    /// Update the stored grant `before` to `after` (at version `before.version`).
    Update { before: GrantRow, after: GrantRow },
    /// Delete the stored grant.
    Delete(GrantRow),
    /// Put the user in the group (`true`) or take them out.
    Member {
        group: String,
        user: String,
        add: bool,
    },
    /// Insert this group.
    CreateGroup(Group),
    /// Rename the stored group (at `stored.version`).
    RenameGroup { group: Group, stored: GroupDetail },
    /// Delete the stored group, its grants and memberships (at `stored.version`).
    DeleteGroup(GroupDetail),
    /// Insert this user.
    CreateUser(User),
    /// Change the stored user `stored` (at `stored.version`) to `after`'s name, email, flags
    /// and status.
    EditUser {
        stored: UserSummary,
        after: UserSummary,
    },
    /// Set the organisation's precedence rule.
    SetPrecedence(Precedence),
    /// Insert this app connector.
    CreateAppConnector(AppConnectorRow),
    /// Change the stored app connector `stored` (at `stored.version`) to `row`.
    UpdateAppConnector {
        stored: AppConnectorView,
        row: AppConnectorRow,
    },
    /// Delete the stored app connector (at its version) with its tokens.
    DeleteAppConnector(AppConnectorView),
    /// Insert this data environment.
    CreateDataEnvironment(Environment),
    /// Rename the stored data environment (at `stored.version`).
    RenameDataEnvironment {
        environment: Environment,
        stored: DataEnvironmentRow,
    },
    /// Delete the stored data environment (at its version), taking it out of every grant.
    DeleteDataEnvironment(DataEnvironmentRow),
    /// Issue this token (with a fresh secret).
    IssueToken(gatehouse_policy::TokenRecord),
    /// Revoke the stored token (unless it is revoked already).
    RevokeToken(TokenRow),
    /// Change a table's mode or filters.
    Table(TableStep),
}

/// What storing one table change takes: the stored state it was read against.
pub(super) enum TableStep {
    /// Switch the table (at `stored.version`).
    Mode {
        stored: TableSummary,
        mode: FilterMode,
    },
    /// Append this filter.
    CreateFilter { table: String, filter: Filter },
    /// Rename and re-define the stored filter.
    UpdateFilter {
        table: String,
        filter: Filter,
        stored: FilterView,
    },
    /// Delete the stored filter.
    DeleteFilter { table: String, stored: FilterView },
    /// Set the stored filter's groups.
    Groups {
        table: String,
        groups: Vec<String>,
        stored: FilterView,
    },
    /// Set a user's deviation for the stored filter.
    Deviation {
        table: String,
        user: String,
        deviation: Deviation,
        stored: FilterView,
    },
}

impl TableStep {
    /// The table's id.
    pub(super) fn table(&self) -> &str {
        match self {
            Self::Mode { stored, .. } => &stored.id,
            Self::CreateFilter { table, .. }
            | Self::UpdateFilter { table, .. }
            | Self::DeleteFilter { table, .. }
            | Self::Groups { table, .. }
            | Self::Deviation { table, .. } => table,
        }
    }
}

/// A stored table with its filters, as a set's table changes need it.
struct StoredTable {
    summary: TableSummary,
    filters: Vec<FilterView>,
}

/// A request read against the snapshot: what to decide and what to store.
pub(super) struct Plan {
    /// The changes for the policy crate, in request order.
    pub changes: Vec<SetChange>,
    /// How to store each, in the same order.
    pub steps: Vec<Step>,
}

/// The rows a set's edits name, as stored in environment `env`.
struct Rows {
    grants: Vec<GrantRow>,
    groups: Vec<GroupDetail>,
    users: Vec<UserSummary>,
    app_connectors: Vec<AppConnectorView>,
    data_environments: Vec<DataEnvironmentRow>,
    tokens: Vec<TokenRow>,
    tables: Vec<StoredTable>,
}

/// Reads `requests` against `before` (the snapshot the set is decided on) and the stored
/// grant and group rows of environment `env` on `conn`.
pub(super) async fn plan(
    conn: &mut AnyConnection,
    env: &str,
    before: &PreparedPolicy,
    requests: &[ChangeRequest],
) -> Result<Plan, ApiError> {
    let rows = read_rows(conn, env, before, requests).await?;
    let stored = Stored {
        grants: rows
            .grants
            .iter()
            .map(|row| {
                let grant = StoredGrant {
                    resource: row.resource.clone(),
                    subject: row.subject.clone(),
                    version: row.version,
                };
                (row.id.clone(), grant)
            })
            .collect(),
        groups: rows
            .groups
            .iter()
            .map(|g| (g.id.clone(), StoredGroup::from(g)))
            .collect(),
        users: rows
            .users
            .iter()
            .map(|u| (u.id.clone(), u.version))
            .collect(),
        app_connectors: rows
            .app_connectors
            .iter()
            .map(|a| (a.id.clone(), a.version))
            .collect(),
        data_environments: rows
            .data_environments
            .iter()
            .map(|e| (e.id.clone(), e.version))
            .collect(),
        tables: rows
            .tables
            .iter()
            .map(|t| (t.summary.id.clone(), t.summary.version))
            .collect(),
        filters: rows
            .tables
            .iter()
            .flat_map(|t| {
                t.filters
                    .iter()
                    .map(|f| (format!("{}/{}", t.summary.id, f.id), f.version))
            })
            .collect(),
        tokens: rows
            .tokens
            .iter()
            .filter_map(|t| Some((t.id.clone(), token_record(t)?)))
            .collect(),
    };
    let mut new_id = |prefix: &str| format!("{prefix}-{}", uuid::Uuid::new_v4().simple());
    let changes = read_changes(requests, &stored, before.policy(), &mut new_id)
        .map_err(|unread| unread_error(unread, before, &rows))?;
    let steps = requests
        .iter()
        .zip(&changes)
        .map(|(request, change)| step(request, change, &rows))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Plan { changes, steps })
}

/// The storage step of one read change.
fn step(request: &ChangeRequest, change: &SetChange, rows: &Rows) -> Result<Step, ApiError> {
    let grant_row = |id: &str| {
        rows.grants
            .iter()
            .find(|row| row.id == id)
            .cloned()
            .ok_or_else(|| ApiError::Internal(format!("grant {id} was read but not kept")))
    };
    let user_row = |id: &str| {
        rows.users
            .iter()
            .find(|row| row.id == id)
            .cloned()
            .ok_or_else(|| ApiError::Internal(format!("user {id} was read but not kept")))
    };
    let app_connector_row = |id: &str| {
        rows.app_connectors
            .iter()
            .find(|row| row.id == id)
            .cloned()
            .ok_or_else(|| ApiError::Internal(format!("app connector {id} was read but not kept")))
    };
    let data_environment_row = |id: &str| {
        rows.data_environments
            .iter()
            .find(|row| row.id == id)
            .cloned()
            .ok_or_else(|| {
                ApiError::Internal(format!("data environment {id} was read but not kept"))
            })
    };
    let token_row = |id: &str| {
        rows.tokens
            .iter()
            .find(|row| row.id == id)
            .cloned()
            .ok_or_else(|| ApiError::Internal(format!("token {id} was read but not kept")))
    };
    let group_row = |id: &str| {
        rows.groups
            .iter()
            .find(|row| row.id == id)
            .cloned()
            .ok_or_else(|| ApiError::Internal(format!("group {id} was read but not kept")))
    };
    Ok(match (request, change) {
        (
            ChangeRequest::CreateGrant {
                resource,
                subject,
                role,
                environments,
                expires_at,
            },
            _,
        ) => Step::Create(GrantRow {
            id: uuid::Uuid::new_v4().to_string(),
            resource: resource.clone(),
            subject: subject.clone(),
            role: *role,
            environments: sorted(environments),
            expires_at: *expires_at,
            version: 1,
        }),
        (
            ChangeRequest::UpdateGrant {
                grant,
                version,
                role,
                environments,
                expires_at,
            },
            _,
        ) => {
            let before = grant_row(grant)?;
            let after = GrantRow {
                role: *role,
                environments: sorted(environments),
                expires_at: *expires_at,
                version: version + 1,
                ..before.clone()
            };
            Step::Update { before, after }
        }
        (ChangeRequest::DeleteGrant { grant, .. }, _) => Step::Delete(grant_row(grant)?),
        (ChangeRequest::AddMember { group, user }, _)
        | (ChangeRequest::RemoveMember { group, user }, _) => Step::Member {
            group: group.clone(),
            user: user.clone(),
            add: matches!(request, ChangeRequest::AddMember { .. }),
        },
        (_, SetChange::CreateGroup { group }) => Step::CreateGroup(group.clone()),
        (ChangeRequest::RenameGroup { group: id, .. }, SetChange::RenameGroup { group }) => {
            Step::RenameGroup {
                group: group.clone(),
                stored: group_row(id)?,
            }
        }
        (ChangeRequest::DeleteGroup { group, .. }, _) => Step::DeleteGroup(group_row(group)?),
        (_, SetChange::CreateUser { user }) => Step::CreateUser(user.clone()),
        (_, SetChange::SetPrecedence { precedence }) => Step::SetPrecedence(*precedence),
        (ChangeRequest::UpdateUser { user: id, .. }, SetChange::EditUser { user }) => {
            let stored = user_row(id)?;
            let after = UserSummary {
                name: user.name.clone(),
                email: user.email.as_ref().map(ToString::to_string),
                flags: user.flags.into(),
                status: user.status.into(),
                version: stored.version + 1,
                ..stored.clone()
            };
            Step::EditUser { stored, after }
        }
        (
            ChangeRequest::SetUserStatus { user: id, .. },
            SetChange::SetUserStatus { status, .. },
        ) => {
            let stored = user_row(id)?;
            let after = UserSummary {
                status: (*status).into(),
                version: stored.version + 1,
                ..stored.clone()
            };
            Step::EditUser { stored, after }
        }
        (_, SetChange::CreateAppConnector { app_connector }) => {
            Step::CreateAppConnector(app_connector_row_of(app_connector, 1))
        }
        (_, SetChange::UpdateAppConnector { app_connector }) => {
            let stored = app_connector_row(app_connector.id.as_str())?;
            let row = app_connector_row_of(app_connector, stored.version);
            Step::UpdateAppConnector { stored, row }
        }
        (_, SetChange::DeleteAppConnector { app_connector }) => {
            Step::DeleteAppConnector(app_connector_row(app_connector.as_str())?)
        }
        (_, SetChange::CreateDataEnvironment { environment }) => {
            Step::CreateDataEnvironment(environment.clone())
        }
        (_, SetChange::RenameDataEnvironment { environment }) => Step::RenameDataEnvironment {
            environment: environment.clone(),
            stored: data_environment_row(environment.id.as_str())?,
        },
        (_, SetChange::DeleteDataEnvironment { environment }) => {
            Step::DeleteDataEnvironment(data_environment_row(environment.as_str())?)
        }
        (_, SetChange::IssueToken { token }) => Step::IssueToken(token.clone()),
        (_, change) if table_change(change) => Step::Table(table_step(change, rows)?),
        (_, SetChange::RevokeToken { token }) => Step::RevokeToken(token_row(token.id.as_str())?),
        _ => {
            return Err(ApiError::Internal(
                "a change was read as another kind".to_owned(),
            ))
        }
    })
}

/// The row that stores `app_connector` (at `version`).
fn app_connector_row_of(
    app_connector: &gatehouse_policy::AppConnector,
    version: i64,
) -> AppConnectorRow {
    AppConnectorRow {
        id: app_connector.id.to_string(),
        name: app_connector.name.clone(),
        group_id: app_connector.group.to_string(),
        blocked: app_connector.blocked,
        connectors: app_connector
            .connectors
            .iter()
            .map(|c| (c.name.clone(), c.kind))
            .collect(),
        version,
    }
}

/// The stored rows the edits of `requests` name, in environment `env` (a grant of another
/// environment's resource is left out: it is not here).
async fn read_rows(
    conn: &mut AnyConnection,
    env: &str,
    before: &PreparedPolicy,
    requests: &[ChangeRequest],
) -> Result<Rows, ApiError> {
    let wanted = Stored::wanted(requests);
    let grants = store::grants_by_ids(conn, &wanted.grants)
        .await?
        .into_iter()
        .filter(|row| {
            ResourceId::parse(&row.resource).is_ok_and(|r| before.policy().resource(&r).is_some())
        })
        .collect();
    let mut groups = Vec::with_capacity(wanted.groups.len());
    for id in wanted.groups {
        groups.extend(group_detail(conn, env, id).await?);
    }
    let users = users_by_ids(conn, env, &wanted.users).await?;
    let mut app_connectors = Vec::with_capacity(wanted.app_connectors.len());
    if !wanted.app_connectors.is_empty() {
        let extras = Extras::load(conn, env).await?;
        for id in wanted.app_connectors {
            if let Some(row) = app_connectors_store::find(conn, env, id).await? {
                app_connectors.push(view(before.policy(), &extras, row));
            }
        }
    }
    let data_environments = if wanted.data_environments.is_empty() {
        Vec::new()
    } else {
        data_environments_store::list(conn, env)
            .await?
            .into_iter()
            .filter(|row| wanted.data_environments.contains(&row.id.as_str()))
            .collect()
    };
    let mut tables = Vec::with_capacity(wanted.tables.len());
    if !wanted.tables.is_empty() {
        let refs = user_refs(conn, env).await?;
        for id in wanted.tables {
            if let Ok(summary) = table_summary(conn, before.policy(), env, id).await {
                let filters = filter_views(conn, before.policy(), &refs, id).await?;
                tables.push(StoredTable { summary, filters });
            }
        }
    }
    let mut tokens = Vec::with_capacity(wanted.tokens.len());
    for id in wanted.tokens {
        tokens.extend(tokens_store::find(conn, env, id).await?);
    }
    Ok(Rows {
        grants,
        groups,
        users,
        app_connectors,
        data_environments,
        tokens,
        tables,
    })
}

/// The answer to a request that could not be read: its refusal, or a 412 naming what went
/// stale, with its current state.
fn unread_error(unread: Unread, before: &PreparedPolicy, rows: &Rows) -> ApiError {
    match unread {
        Unread::Refused(refusal) => ApiError::Refused(vec![refusal]),
        Unread::Stale {
            entity,
            id,
            sent,
            current,
            ..
        } => {
            let state = if let Some(row) = rows.grants.iter().find(|row| row.id == id) {
                serde_json::to_value(grant_view(before, row.clone()))
            } else if let Some(user) = rows.users.iter().find(|u| u.id == id) {
                serde_json::to_value(user)
            } else if let Some(found) = rows.app_connectors.iter().find(|a| a.id == id) {
                serde_json::to_value(found)
            } else if let Some(found) = rows.tables.iter().find(|t| t.summary.id == id) {
                serde_json::to_value(&found.summary)
            } else if let Some(found) = rows.tables.iter().find_map(|t| {
                t.filters
                    .iter()
                    .find(|f| format!("{}/{}", t.summary.id, f.id) == id)
            }) {
                serde_json::to_value(found)
            } else if let Some(found) = rows.data_environments.iter().find(|e| e.id == id) {
                serde_json::to_value(data_environment_view(before.policy(), found.clone()))
            } else {
                serde_json::to_value(rows.groups.iter().find(|g| g.id == id))
            }
            .unwrap_or_default();
            ApiError::Stale {
                entity,
                sent,
                current,
                state,
            }
        }
    }
}

fn table_change(change: &SetChange) -> bool {
    matches!(
        change,
        SetChange::SetTableMode { .. }
            | SetChange::CreateFilter { .. }
            | SetChange::UpdateFilter { .. }
            | SetChange::DeleteFilter { .. }
            | SetChange::SetFilterGroups { .. }
            | SetChange::SetDeviation { .. }
    )
}

/// The storage step of a read table change.
fn table_step(change: &SetChange, rows: &Rows) -> Result<TableStep, ApiError> {
    let kept = |table: &TableId| {
        rows.tables
            .iter()
            .find(|t| t.summary.id == table.as_str())
            .ok_or_else(|| ApiError::Internal(format!("table {table} was read but not kept")))
    };
    let filter = |table: &TableId, filter: &FilterId| {
        kept(table)?
            .filters
            .iter()
            .find(|f| f.id == filter.as_str())
            .cloned()
            .ok_or_else(|| ApiError::Internal(format!("filter {filter} was read but not kept")))
    };
    Ok(match change {
        SetChange::SetTableMode { table, mode } => TableStep::Mode {
            stored: kept(table)?.summary.clone(),
            mode: *mode,
        },
        SetChange::CreateFilter { table, filter } => TableStep::CreateFilter {
            table: table.to_string(),
            filter: filter.clone(),
        },
        SetChange::UpdateFilter { table, filter: f } => TableStep::UpdateFilter {
            table: table.to_string(),
            stored: filter(table, &f.id)?,
            filter: f.clone(),
        },
        SetChange::DeleteFilter { table, filter: f } => TableStep::DeleteFilter {
            table: table.to_string(),
            stored: filter(table, f)?,
        },
        SetChange::SetFilterGroups {
            table,
            filter: f,
            groups,
        } => TableStep::Groups {
            table: table.to_string(),
            groups: groups.iter().map(ToString::to_string).collect(),
            stored: filter(table, f)?,
        },
        SetChange::SetDeviation {
            table,
            filter: f,
            user,
            deviation,
        } => TableStep::Deviation {
            table: table.to_string(),
            user: user.to_string(),
            deviation: *deviation,
            stored: filter(table, f)?,
        },
        _ => {
            return Err(ApiError::Internal(
                "a change was read as another kind".to_owned(),
            ))
        }
    })
}

/// A stored token as the policy crate knows tokens (`None` for a row whose ids are not ids).
fn token_record(row: &TokenRow) -> Option<gatehouse_policy::TokenRecord> {
    Some(gatehouse_policy::TokenRecord {
        id: gatehouse_policy::TokenId::parse(&row.id).ok()?,
        user: gatehouse_policy::UserId::parse(&row.user_id).ok()?,
        app_connector: gatehouse_policy::AppConnectorId::parse(&row.app_connector_id).ok()?,
        expires_at: row
            .expires_at
            .map(gatehouse_policy::Timestamp::from_unix_seconds),
        revoked: row.revoked_at.is_some(),
    })
}

/// Environment ids trimmed, sorted and each once.
fn sorted(environments: &[String]) -> Vec<String> {
    environments
        .iter()
        .map(|e| e.trim().to_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}
