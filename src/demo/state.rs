//! The demo store's data, its persistence in `localStorage`, and the policy snapshot derived
//! from it.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_policy::{
    EmailAddress, Environment, EnvironmentCode, EnvironmentId, Grant, Group, GroupId, Policy,
    Resource, ResourceId, Timestamp, User, UserCode, UserId,
};
use gatehouse_wire::demo::DemoSnapshot;
use gloo_net::http::Request;
use serde::{Deserialize, Serialize};

use crate::api::ApiFailure;

const STORAGE_KEY: &str = "gatehouse-demo-v1";

/// The demo data plus who is signed in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoState {
    /// The data.
    pub data: DemoSnapshot,
    /// The signed-in user's code, if any.
    pub session: Option<String>,
    /// A counter for ids of things created in the browser.
    pub next_id: u64,
    /// Versions of the data environments edited in the browser (the others are at 1).
    #[serde(default)]
    pub data_environment_versions: BTreeMap<String, i64>,
    /// The audit log of what was changed in this browser, oldest first, bounded (see
    /// [`crate::demo::audit::MAX_ENTRIES`]); absent from states saved before it was kept.
    #[serde(default)]
    pub audit: Vec<gatehouse_wire::AuditEntry>,
    /// The access tests saved in this browser, in the order they were added; absent from
    /// states saved before they were kept.
    #[serde(default)]
    pub access_tests: Vec<DemoTest>,
}

/// An access test kept by the demo store, with its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoTest {
    /// The test.
    pub test: gatehouse_policy::AccessTest,
    /// Its version (1 when added, + 1 on each change).
    pub version: i64,
}

impl DemoState {
    /// The policy snapshot the decisions are made with.
    pub fn policy(&self) -> Policy {
        let data = &self.data;
        let mut policy = Policy::new();
        policy.participant = EnvironmentCode::parse(&data.environment)
            .ok()
            .map(EnvironmentCode::participant);
        if let Some(env) = data
            .environments
            .iter()
            .find(|e| e.code == data.environment)
        {
            policy.precedence = match env.precedence {
                gatehouse_wire::Precedence::HighestWins => {
                    gatehouse_policy::Precedence::HighestWins
                }
                gatehouse_wire::Precedence::MostSpecificWins => {
                    gatehouse_policy::Precedence::MostSpecificWins
                }
            };
        }
        policy.environments = data
            .data_environments
            .iter()
            .filter_map(|e| {
                EnvironmentId::parse(&e.id)
                    .ok()
                    .map(|id| Environment::new(id, e.name.clone()))
            })
            .collect();
        policy.groups = data
            .groups
            .iter()
            .filter_map(|g| {
                let mut group = Group::new(GroupId::parse(&g.id).ok()?, g.name.clone());
                group.description.clone_from(&g.description);
                Some(group)
            })
            .collect();
        policy.users = data
            .users
            .iter()
            .filter_map(|u| {
                let mut user = User::new(UserId::parse(&u.id).ok()?, u.name.clone());
                user.code = UserCode::parse(&u.code).ok();
                user.email = u.email.as_deref().and_then(|e| EmailAddress::parse(e).ok());
                user.status = u.status.into();
                user.account_owner = u.account_owner;
                user.flags = u.flags.into();
                user.system = u.kind == gatehouse_wire::UserKind::System;
                user.groups = data
                    .groups
                    .iter()
                    .filter(|g| g.members.iter().any(|m| m.id == u.id))
                    .filter_map(|g| GroupId::parse(&g.id).ok())
                    .collect::<BTreeSet<_>>();
                Some(user)
            })
            .collect();
        policy.resources = data
            .resources
            .iter()
            .filter_map(|r| {
                Some(Resource {
                    id: ResourceId::parse(&r.id).ok()?,
                    name: r.name.clone(),
                    kind: r.kind,
                    creator: r.creator.as_deref().and_then(|c| UserId::parse(c).ok()),
                })
            })
            .collect();
        policy.grants = data
            .grants
            .iter()
            .filter_map(|g| {
                let envs = g
                    .environments
                    .iter()
                    .filter_map(|e| EnvironmentId::parse(e).ok());
                let mut grant = Grant::new(
                    g.subject.subject.clone(),
                    ResourceId::parse(&g.resource).ok()?,
                    g.role,
                    envs,
                );
                grant.expires_at = g.expires_at.map(Timestamp::from_unix_seconds);
                Some(grant)
            })
            .collect();
        policy
    }

    /// The version of data environment `id`.
    pub fn data_environment_version(&self, id: &str) -> i64 {
        self.data_environment_versions.get(id).copied().unwrap_or(1)
    }

    /// A fresh id for something created in the browser.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-demo-{}", self.next_id)
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The saved state, or the demo data from `demo.json`.
pub async fn load() -> Result<DemoState, ApiFailure> {
    if let Some(saved) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
        if let Ok(state) = serde_json::from_str::<DemoState>(&saved) {
            return Ok(state);
        }
    }
    let response = Request::get("/demo.json")
        .send()
        .await
        .map_err(|e| ApiFailure::Unreachable(e.to_string()))?;
    if !response.ok() {
        return Err(ApiFailure::Malformed(format!(
            "no demo data at /demo.json (HTTP {})",
            response.status()
        )));
    }
    let data = response
        .json::<DemoSnapshot>()
        .await
        .map_err(|e| ApiFailure::Malformed(e.to_string()))?;
    Ok(DemoState {
        data,
        session: None,
        next_id: 0,
        data_environment_versions: BTreeMap::new(),
        audit: Vec::new(),
        access_tests: Vec::new(),
    })
}

/// Keeps the state in `localStorage`.
pub fn save(state: &DemoState) {
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(state)) {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
}

/// Drops the saved state.
pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}
