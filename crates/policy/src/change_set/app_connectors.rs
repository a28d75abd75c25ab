//! App connectors in a change set: creating one, changing its name, linked group, included
//! connectors or blocked state, deleting it (the account owner's). The linked group must
//! exist after the set (it may be created in it), every included connector must be a
//! connector of the environment, and names are unique regardless of letter case after the
//! whole set.

use std::collections::BTreeSet;

use crate::app_connector::{AppConnector, ConnectorKind, ConnectorRef};
use crate::ids::{AppConnectorId, GroupId, ResourceId};
use crate::naming::display_name;
use crate::policy::Policy;
use crate::roles::ResourceKind;

use super::names::{names_taken, Names};
use super::{refusal, RefusalKind, SetChange, SetRefusal};

/// Longest app connector name, in characters.
pub const APP_CONNECTOR_NAME_CHARS: usize = 80;

/// What an app connector is made of, as typed.
#[derive(Debug, Clone)]
pub struct AppConnectorInput<'a> {
    /// The id the store gives it (`ac-…`).
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// The linked group's id.
    pub group: &'a str,
    /// The included connectors: each as get or update connector, by resource id.
    pub connectors: Vec<(ConnectorKind, &'a str)>,
    /// Whether calls through it are refused.
    pub blocked: bool,
}

/// An app connector from a change's input fields: ids parsed, the name trimmed and checked
/// (what the server and the demo store both read an app connector change into). A bad field is
/// a refusal of change `index` naming it (`name`, `group`, `connectors[i].connector`).
pub fn app_connector_from_input(
    index: usize,
    input: &AppConnectorInput<'_>,
) -> Result<AppConnector, SetRefusal> {
    let at = Some(index);
    let id = AppConnectorId::parse(input.id).map_err(|e| {
        refusal(
            at,
            RefusalKind::Invalid,
            Some("app_connector"),
            e.to_string(),
        )
    })?;
    let name = display_name("name", input.name, APP_CONNECTOR_NAME_CHARS)
        .map_err(|e| refusal(at, RefusalKind::Invalid, Some("name"), e.to_string()))?;
    let group = GroupId::parse(input.group.trim()).map_err(|_| {
        refusal(
            at,
            RefusalKind::Invalid,
            Some("group"),
            "no such group here".to_owned(),
        )
    })?;
    let mut connectors = BTreeSet::new();
    for (position, (kind, connector)) in input.connectors.iter().enumerate() {
        let resource = ResourceId::parse(connector.trim()).map_err(|_| {
            refusal(
                at,
                RefusalKind::Invalid,
                Some(&format!("connectors[{position}].connector")),
                format!("{connector:?} is not a connector id"),
            )
        })?;
        connectors.insert(ConnectorRef {
            kind: *kind,
            name: resource.to_string(),
        });
    }
    Ok(AppConnector {
        id,
        name,
        group,
        connectors,
        blocked: input.blocked,
    })
}

/// One app connector change on its own, against the snapshot with the set's new groups.
pub(super) fn judge(
    staged: &Policy,
    names: &Names<'_>,
    index: usize,
    change: &SetChange,
) -> Result<(), SetRefusal> {
    let at = Some(index);
    let stored = |id: &AppConnectorId| staged.app_connectors.iter().any(|a| &a.id == id);
    match change {
        SetChange::CreateAppConnector { app_connector } => {
            if stored(&app_connector.id) {
                return Err(refusal(
                    at,
                    RefusalKind::Conflict,
                    Some("app_connector"),
                    format!("app connector {} already exists", app_connector.name),
                ));
            }
            well_formed(staged, names, index, app_connector)
        }
        SetChange::UpdateAppConnector { app_connector } => {
            exists(stored(&app_connector.id), index)?;
            well_formed(staged, names, index, app_connector)
        }
        SetChange::DeleteAppConnector { app_connector } => exists(stored(app_connector), index),
        _ => Ok(()),
    }
}

fn exists(stored: bool, index: usize) -> Result<(), SetRefusal> {
    if stored {
        Ok(())
    } else {
        Err(refusal(
            Some(index),
            RefusalKind::NotFound,
            Some("app_connector"),
            "no such app connector here".to_owned(),
        ))
    }
}

/// The linked group exists, every included connector is a connector here, and the fields
/// read back unchanged (trimmed name, checked ids).
fn well_formed(
    staged: &Policy,
    names: &Names<'_>,
    index: usize,
    app_connector: &AppConnector,
) -> Result<(), SetRefusal> {
    let at = Some(index);
    if staged.group(&app_connector.group).is_none() {
        return Err(refusal(
            at,
            RefusalKind::Invalid,
            Some("group"),
            "no such group here".to_owned(),
        ));
    }
    for (position, connector) in app_connector.connectors.iter().enumerate() {
        let field = format!("connectors[{position}].connector");
        let resource = ResourceId::parse(&connector.name)
            .ok()
            .and_then(|id| staged.resource(&id));
        match resource {
            Some(r) if r.kind == ResourceKind::Connector => {}
            Some(r) => {
                return Err(refusal(
                    at,
                    RefusalKind::Invalid,
                    Some(&field),
                    format!("{} is an app, not a connector", r.name),
                ))
            }
            None => {
                return Err(refusal(
                    at,
                    RefusalKind::Invalid,
                    Some(&field),
                    "no such connector here".to_owned(),
                ))
            }
        }
    }
    let connectors: Vec<(ConnectorKind, &str)> = app_connector
        .connectors
        .iter()
        .map(|c| (c.kind, c.name.as_str()))
        .collect();
    let input = AppConnectorInput {
        id: app_connector.id.as_str(),
        name: &app_connector.name,
        group: app_connector.group.as_str(),
        connectors,
        blocked: app_connector.blocked,
    };
    if app_connector_from_input(index, &input)? != *app_connector {
        return Err(refusal(
            at,
            RefusalKind::Invalid,
            Some("name"),
            format!(
                "the name of the app connector linked to {} has spaces around it",
                names.group(&app_connector.group)
            ),
        ));
    }
    Ok(())
}

/// Names used twice after the set (letter case aside): a refusal for each created or
/// changed app connector that takes a name another one has.
pub(super) fn names_clash(before: &Policy, changes: &[SetChange]) -> Vec<SetRefusal> {
    let given = changes
        .iter()
        .enumerate()
        .filter_map(|(index, change)| match change {
            SetChange::CreateAppConnector { app_connector }
            | SetChange::UpdateAppConnector { app_connector } => {
                Some((index, &app_connector.id, Some(app_connector.name.as_str())))
            }
            SetChange::DeleteAppConnector { app_connector } => Some((index, app_connector, None)),
            _ => None,
        });
    let existing = before
        .app_connectors
        .iter()
        .map(|a| (&a.id, a.name.as_str()));
    names_taken(existing, given)
        .into_iter()
        .map(|(index, name)| {
            refusal(
                Some(index),
                RefusalKind::Conflict,
                Some("name"),
                format!("another app connector is already called {name}"),
            )
        })
        .collect()
}

/// Makes the app connector change in `policy`.
pub(super) fn apply(policy: &mut Policy, change: &SetChange) {
    match change {
        SetChange::CreateAppConnector { app_connector } => {
            policy.app_connectors.push(app_connector.clone());
        }
        SetChange::UpdateAppConnector { app_connector } => {
            if let Some(slot) = policy
                .app_connectors
                .iter_mut()
                .find(|a| a.id == app_connector.id)
            {
                *slot = app_connector.clone();
            }
        }
        SetChange::DeleteAppConnector { app_connector } => {
            policy.app_connectors.retain(|a| &a.id != app_connector);
        }
        _ => {}
    }
}
