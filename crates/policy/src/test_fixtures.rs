//! Snapshots the crate's unit tests share.

use crate::ids::ResourceId;
use crate::policy::{Policy, Resource};
use crate::roles::ResourceKind;

/// A policy holding one app, CRM Portal (`res-crm`), and nothing else.
pub(crate) fn crm_only() -> (Policy, ResourceId) {
    let mut policy = Policy::new();
    let crm = ResourceId::parse("res-crm").unwrap();
    policy.resources.push(Resource {
        id: crm.clone(),
        name: "CRM Portal".to_owned(),
        kind: ResourceKind::App,
        creator: None,
    });
    (policy, crm)
}
