//! How app connectors look on the wire: the linked group with its members (those missing an
//! email flagged by the policy crate), the included connectors with the tables they serve.

use std::collections::{HashMap, HashSet};

use gatehouse_policy::app_connector::users_missing_email;
use gatehouse_policy::{ConnectorKind, GroupId, Policy, ResourceId};
use gatehouse_wire::{AppConnectorMember, AppConnectorView, GroupRef, IncludedConnector};
use sqlx::AnyConnection;

use crate::error::ApiError;
use crate::store::app_connectors::{self as store, AppConnectorRow, MemberRow};
use crate::store::tables::connectors_by_table;

/// What the views need beyond the rows: group members and which table each connector serves.
pub(super) struct Extras {
    members: HashMap<String, Vec<MemberRow>>,
    tables: HashMap<String, String>,
}

impl Extras {
    /// Loads the members of every group and the table each connector serves.
    pub(super) async fn load(
        conn: &mut AnyConnection,
        environment: &str,
    ) -> Result<Self, ApiError> {
        let members = store::members_by_group(conn, environment).await?;
        let tables = connectors_by_table(conn, environment)
            .await?
            .into_iter()
            .flat_map(|(table, connectors)| {
                connectors
                    .into_iter()
                    .map(move |(connector, _)| (connector, table.clone()))
            })
            .collect();
        Ok(Self { members, tables })
    }
}

/// The view of one app connector as stored on `conn`, judged with `policy`.
pub(super) async fn current_view(
    conn: &mut AnyConnection,
    policy: &Policy,
    environment: &str,
    id: &str,
) -> Result<AppConnectorView, ApiError> {
    let row = store::find(conn, environment, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let extras = Extras::load(conn, environment).await?;
    Ok(view(policy, &extras, row))
}

/// The wire view of a stored app connector; members missing an email are flagged by the
/// policy crate's `users_missing_email`.
pub(super) fn view(policy: &Policy, extras: &Extras, row: AppConnectorRow) -> AppConnectorView {
    let missing: HashSet<String> = users_missing_email(policy)
        .into_iter()
        .filter(|(app_connector, _)| app_connector.as_str() == row.id)
        .map(|(_, user)| user.to_string())
        .collect();
    let members: Vec<AppConnectorMember> = extras
        .members
        .get(&row.group_id)
        .into_iter()
        .flatten()
        .map(|m| AppConnectorMember {
            id: m.id.clone(),
            code: m.code.clone(),
            name: m.name.clone(),
            email: m.email.clone(),
            missing_email: missing.contains(&m.id),
        })
        .collect();
    let group_name = GroupId::parse(&row.group_id)
        .ok()
        .and_then(|g| policy.group(&g).map(|g| g.name.clone()))
        .unwrap_or_else(|| row.group_id.clone());
    let connectors = row
        .connectors
        .iter()
        .map(|(connector, kind)| IncludedConnector {
            connector: connector.clone(),
            name: ResourceId::parse(connector)
                .ok()
                .and_then(|r| policy.resource(&r).map(|r| r.name.clone()))
                .unwrap_or_else(|| connector.clone()),
            kind: *kind,
            table: (*kind == ConnectorKind::Get)
                .then(|| extras.tables.get(connector).cloned())
                .flatten(),
        })
        .collect();
    AppConnectorView {
        members_missing_email: members.iter().filter(|m| m.missing_email).count(),
        id: row.id,
        name: row.name,
        group: GroupRef {
            id: row.group_id,
            name: group_name,
        },
        members,
        connectors,
        blocked: row.blocked,
        version: row.version,
    }
}

/// The 404 for an app connector.
pub(super) fn not_found(id: &str) -> ApiError {
    ApiError::NotFound {
        what: "app connector",
        id: id.to_owned(),
        field: "id",
    }
}
