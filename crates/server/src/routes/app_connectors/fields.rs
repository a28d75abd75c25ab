//! Checking an app connector's fields against the snapshot and building the row to store.

use std::collections::BTreeSet;

use gatehouse_policy::{
    AppConnector, AppConnectorError, AppConnectorId, ConnectorRef, GroupId, PolicyError,
    ResourceId, ResourceKind,
};
use gatehouse_wire::AppConnectorFields;

use crate::error::ApiError;
use crate::routes::app_connector_views::not_found;
use crate::routes::context::PolicyContext;
use crate::routes::integration::display_name;
use crate::store::app_connectors::AppConnectorRow;

/// Checks the fields against the snapshot (the policy crate validates the result) and builds
/// the row to store.
pub(super) fn validate(
    ctx: &PolicyContext,
    id: &str,
    body: &AppConnectorFields,
    existing: bool,
) -> Result<AppConnectorRow, ApiError> {
    let name = display_name(&body.name)?;
    let group =
        GroupId::parse(&body.group).map_err(|e| ApiError::invalid("group", e.to_string()))?;
    if ctx.policy.group(&group).is_none() {
        return Err(ApiError::invalid(
            "group",
            format!("unknown group `{}`", body.group),
        ));
    }
    let mut connectors = BTreeSet::new();
    for (index, inclusion) in body.connectors.iter().enumerate() {
        let field = format!("connectors[{index}].connector");
        let resource = ResourceId::parse(&inclusion.connector)
            .map_err(|e| ApiError::invalid(&field, e.to_string()))?;
        match ctx.policy.resource(&resource) {
            Some(r) if r.kind == ResourceKind::Connector => {}
            Some(_) => {
                return Err(ApiError::invalid(
                    &field,
                    format!("`{}` is an app, not a connector", inclusion.connector),
                ))
            }
            None => {
                return Err(ApiError::invalid(
                    &field,
                    format!("unknown connector `{}`", inclusion.connector),
                ))
            }
        }
        connectors.insert(ConnectorRef {
            kind: inclusion.kind,
            name: resource.to_string(),
        });
    }
    let app_connector = AppConnector {
        id: AppConnectorId::parse(id).map_err(|e| ApiError::invalid("id", e.to_string()))?,
        name: name.clone(),
        group,
        connectors,
        blocked: false,
    };
    let mut next = gatehouse_policy::Policy::clone(&ctx.policy);
    let position = next
        .app_connectors
        .iter()
        .position(|a| a.id == app_connector.id);
    match (position, existing) {
        (Some(index), true) => next.app_connectors[index] = app_connector.clone(),
        (None, false) => next.app_connectors.push(app_connector.clone()),
        _ => return Err(not_found(id)),
    }
    next.validate().map_err(|err| match err {
        PolicyError::AppConnector(AppConnectorError::UnknownGroup { .. }) => {
            ApiError::invalid("group", err.to_string())
        }
        other => ApiError::invalid("name", other.to_string()),
    })?;
    Ok(AppConnectorRow {
        id: id.to_owned(),
        name,
        group_id: app_connector.group.to_string(),
        blocked: false,
        connectors: app_connector
            .connectors
            .into_iter()
            .map(|c| (c.name, c.kind))
            .collect(),
        version: 1,
    })
}
