//! The app connector and filter authorisation part of the policy snapshot: app connectors with
//! their included connectors, and tables with their filters, group activations and user
//! deviations, as the policy crate's types.
//!
//! An included connector is named in the snapshot by its resource id (`res-hrdb`), so renaming
//! a connector never breaks an app connector; the connect endpoint takes the same id.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use gatehouse_policy::{
    AppConnector, AppConnectorId, ConnectorKind, ConnectorRef, Deviation, Filter, FilterId,
    FilterMode, GroupId, Predicate, ResourceId, Table, TableId, UserId,
};
use sqlx::{AnyConnection, Row};

use super::snapshot::{corrupt, SnapshotError};
use super::users::flag;

/// The stored spelling of a connector kind.
pub fn connector_kind_str(kind: ConnectorKind) -> &'static str {
    match kind {
        ConnectorKind::Get => "get",
        ConnectorKind::Update => "update",
    }
}

/// Parses a stored connector kind.
pub fn parse_connector_kind(value: &str) -> Option<ConnectorKind> {
    match value {
        "get" => Some(ConnectorKind::Get),
        "update" => Some(ConnectorKind::Update),
        _ => None,
    }
}

/// The stored spelling of a filter mode.
pub fn filter_mode_str(mode: FilterMode) -> &'static str {
    match mode {
        FilterMode::AllRows => "all_rows",
        FilterMode::AccordingToFilter => "according_to_filter",
    }
}

/// Parses a stored filter mode.
pub fn parse_filter_mode(value: &str) -> Option<FilterMode> {
    match value {
        "all_rows" => Some(FilterMode::AllRows),
        "according_to_filter" => Some(FilterMode::AccordingToFilter),
        _ => None,
    }
}

/// The stored spelling of a deviation; `None` for inherit (which is not stored).
pub fn deviation_str(deviation: Deviation) -> Option<&'static str> {
    match deviation {
        Deviation::Inherit => None,
        Deviation::ForceOn => Some("force_on"),
        Deviation::ForceOff => Some("force_off"),
    }
}

/// The app connectors of an environment, by name.
pub async fn load_app_connectors(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<Vec<AppConnector>, SnapshotError> {
    let mut connectors: HashMap<String, BTreeSet<ConnectorRef>> = HashMap::new();
    for row in sqlx::query(
        "SELECT c.app_connector_id, c.connector_id, c.kind FROM app_connector_connectors c \
         JOIN app_connectors a ON a.id = c.app_connector_id WHERE a.environment = $1",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let kind: String = row.try_get("kind")?;
        let kind = parse_connector_kind(&kind)
            .ok_or_else(|| corrupt("connector kind", &kind, "unknown kind"))?;
        connectors
            .entry(row.try_get("app_connector_id")?)
            .or_default()
            .insert(ConnectorRef {
                kind,
                name: row.try_get("connector_id")?,
            });
    }
    let mut out = Vec::new();
    for row in sqlx::query(
        "SELECT id, name, group_id, blocked FROM app_connectors WHERE environment = $1 ORDER BY name",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let id: String = row.try_get("id")?;
        let group: String = row.try_get("group_id")?;
        out.push(AppConnector {
            id: AppConnectorId::parse(&id).map_err(|e| corrupt("app connector id", &id, e))?,
            name: row.try_get("name")?,
            group: GroupId::parse(&group).map_err(|e| corrupt("group id", &group, e))?,
            connectors: connectors.remove(&id).unwrap_or_default(),
            blocked: flag(&row, "blocked")?,
        });
    }
    Ok(out)
}

/// The tables of an environment with their filters (in table order), by name.
pub async fn load_tables(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<Vec<Table>, SnapshotError> {
    let mut groups: HashMap<(String, String), BTreeSet<GroupId>> = HashMap::new();
    let mut deviations: HashMap<(String, String), BTreeMap<UserId, Deviation>> = HashMap::new();
    for row in sqlx::query(
        "SELECT a.table_id, a.filter_id, 'group' AS kind, a.group_id AS subject FROM filter_activations a \
         JOIN tables t ON t.id = a.table_id WHERE t.environment = $1 \
         UNION ALL \
         SELECT d.table_id, d.filter_id, d.deviation AS kind, d.user_id AS subject FROM filter_deviations d \
         JOIN tables t ON t.id = d.table_id WHERE t.environment = $1",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let key = (row.try_get("table_id")?, row.try_get("filter_id")?);
        let kind: String = row.try_get("kind")?;
        let subject: String = row.try_get("subject")?;
        let deviation = match kind.as_str() {
            "group" => {
                let group =
                    GroupId::parse(&subject).map_err(|e| corrupt("group id", &subject, e))?;
                groups.entry(key).or_default().insert(group);
                continue;
            }
            "force_on" => Deviation::ForceOn,
            "force_off" => Deviation::ForceOff,
            other => return Err(corrupt("deviation", other, "unknown deviation").into()),
        };
        let user = UserId::parse(&subject).map_err(|e| corrupt("user id", &subject, e))?;
        deviations.entry(key).or_default().insert(user, deviation);
    }
    let mut filters: HashMap<String, Vec<Filter>> = HashMap::new();
    for row in sqlx::query(
        "SELECT f.table_id, f.id, f.name, f.predicate_json FROM filters f \
         JOIN tables t ON t.id = f.table_id WHERE t.environment = $1 ORDER BY f.table_id, f.position, f.id",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let table: String = row.try_get("table_id")?;
        let id: String = row.try_get("id")?;
        let text: String = row.try_get("predicate_json")?;
        let predicate: Predicate =
            serde_json::from_str(&text).map_err(|e| corrupt("filter predicate", &text, e))?;
        let key = (table.clone(), id.clone());
        let mut filter = Filter::new(
            FilterId::parse(&id).map_err(|e| corrupt("filter id", &id, e))?,
            row.try_get::<String, _>("name")?,
            predicate,
        );
        filter.groups = groups.remove(&key).unwrap_or_default();
        filter.deviations = deviations.remove(&key).unwrap_or_default();
        filters.entry(table).or_default().push(filter);
    }
    let mut serving: HashMap<String, BTreeSet<ResourceId>> = HashMap::new();
    for row in sqlx::query(
        "SELECT c.table_id, c.connector_id FROM connector_tables c \
         JOIN tables t ON t.id = c.table_id WHERE t.environment = $1",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let connector: String = row.try_get("connector_id")?;
        serving.entry(row.try_get("table_id")?).or_default().insert(
            ResourceId::parse(&connector).map_err(|e| corrupt("connector id", &connector, e))?,
        );
    }
    let mut out = Vec::new();
    for row in sqlx::query(
        "SELECT id, name, filter_mode, fields_json FROM tables WHERE environment = $1 ORDER BY name",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let id: String = row.try_get("id")?;
        let mode: String = row.try_get("filter_mode")?;
        let fields: String = row.try_get("fields_json")?;
        out.push(Table {
            id: TableId::parse(&id).map_err(|e| corrupt("table id", &id, e))?,
            name: row.try_get("name")?,
            fields: serde_json::from_str(&fields)
                .map_err(|e| corrupt("table fields", &fields, e))?,
            mode: parse_filter_mode(&mode)
                .ok_or_else(|| corrupt("filter mode", &mode, "unknown mode"))?,
            filters: filters.remove(&id).unwrap_or_default(),
            connectors: serving.remove(&id).unwrap_or_default(),
        });
    }
    Ok(out)
}
