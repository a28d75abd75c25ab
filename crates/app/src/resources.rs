//! Resources as the caller sees them: their roles per data environment and whether (and why
//! not) they may edit the permissions.

use gatehouse_policy::{Actor, Policy, PreparedPolicy, ResourceId, ResourceKind, Role};
use gatehouse_wire::{DataEnvironment, DataEnvironmentView, ResourceSummary, RoleIn};

/// What the store keeps of a resource beside the snapshot.
#[derive(Debug, Clone, Copy)]
pub struct ResourceRow<'a> {
    /// The resource's id.
    pub id: &'a str,
    /// App or connector.
    pub kind: ResourceKind,
    /// Display name.
    pub name: &'a str,
    /// Version of its permissions.
    pub version: i64,
}

/// The resource as `actor` sees it, or `None` when the actor does not see it at all (no
/// role above None anywhere): such a resource is neither listed nor shown.
pub fn resource_summary(
    prepared: &PreparedPolicy,
    actor: &Actor,
    row: ResourceRow<'_>,
) -> Option<ResourceSummary> {
    let resource = ResourceId::parse(row.id).ok()?;
    if !prepared.actor_sees(actor, &resource) {
        return None;
    }
    let my_roles = prepared
        .policy()
        .environments
        .iter()
        .map(|env| RoleIn {
            environment: env.id.to_string(),
            role: prepared
                .actor_role(actor, &resource, &env.id)
                .unwrap_or(Role::none(row.kind)),
        })
        .collect();
    let refusal = prepared.actor_may_edit_permissions(actor, &resource);
    Some(ResourceSummary {
        id: row.id.to_owned(),
        kind: row.kind,
        name: row.name.to_owned(),
        my_roles,
        can_edit_permissions: refusal.is_ok(),
        edit_refusal: refusal.err().map(|e| e.describe_with_contacts(prepared)),
        version: row.version,
    })
}

/// The data environments of the snapshot, in display order.
pub fn data_environments(policy: &Policy) -> Vec<DataEnvironment> {
    policy
        .environments
        .iter()
        .map(|e| DataEnvironment {
            id: e.id.to_string(),
            name: e.name.clone(),
            builtin: e.is_built_in(),
        })
        .collect()
}

/// The data environment `id` of the snapshot as administered, at `version`, with how many
/// grants cover it; `None` when the snapshot has no such environment.
pub fn data_environment_view(
    policy: &Policy,
    id: &str,
    version: i64,
) -> Option<DataEnvironmentView> {
    let environment = policy.environments.iter().find(|e| e.id.as_str() == id)?;
    let grants = policy
        .grants
        .iter()
        .filter(|g| g.environments.contains(&environment.id))
        .count();
    Some(DataEnvironmentView {
        id: environment.id.to_string(),
        name: environment.name.clone(),
        builtin: environment.is_built_in(),
        version,
        grants,
    })
}
