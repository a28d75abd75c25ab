//! The audit log: change sets with their entries, one set's entries, and undo. The static
//! demo keeps its own log of what was changed in the browser ([`crate::demo::audit`]).

use gatehouse_wire::{AuditChangeSetPage, AuditPage, UndoRequest, UndoResult};

use super::{get_json, send_json, ApiFailure};

/// Which entries of the log to list; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this actor (user code).
    pub actor: String,
    /// Only this entity kind (`grant`, `group`, `user`, …).
    pub entity: String,
    /// Only this action (`create`, `update`, `delete`).
    pub action: String,
    /// Only entries at or after this time, microseconds since the epoch.
    pub from: Option<i64>,
    /// Only entries before this time, microseconds since the epoch.
    pub to: Option<i64>,
    /// Free text (actor, entity id, before or after).
    pub q: String,
    /// Only this change set.
    pub change_set: String,
    /// Page number, from 1.
    pub page: u32,
    /// Per page.
    pub per_page: u32,
}

impl AuditFilter {
    /// The query string (without `?`).
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        for (key, value) in [
            ("actor", &self.actor),
            ("entity", &self.entity),
            ("action", &self.action),
            ("q", &self.q),
            ("change_set", &self.change_set),
        ] {
            if !value.trim().is_empty() {
                parts.push(format!(
                    "{key}={}",
                    String::from(js_sys::encode_uri_component(value.trim()))
                ));
            }
        }
        for (key, value) in [("from", self.from), ("to", self.to)] {
            if let Some(value) = value {
                parts.push(format!("{key}={value}"));
            }
        }
        parts.push(format!("page={}", self.page.max(1)));
        parts.push(format!("per_page={}", self.per_page.clamp(1, 200)));
        parts.join("&")
    }
}

/// A page of the change sets of `env` with an entry matching `filter`, newest first.
pub async fn list_audit_change_sets(
    env: &str,
    filter: &AuditFilter,
) -> Result<AuditChangeSetPage, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::audit::list_change_sets(env, filter);
    }
    get_json(&format!(
        "/environments/{env}/audit/change-sets?{}",
        filter.query()
    ))
    .await
}

/// A page of the entries of `env` matching `filter` (e.g. one change set's), newest first.
pub async fn list_audit_entries(env: &str, filter: &AuditFilter) -> Result<AuditPage, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::audit::list_entries(env, filter);
    }
    get_json(&format!("/environments/{env}/audit?{}", filter.query())).await
}

/// Undoes a change set or one entry (`dry_run`: decides and previews, writes nothing).
pub async fn undo_change_set(env: &str, request: &UndoRequest) -> Result<UndoResult, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::audit::undo(env, request);
    }
    send_json(
        "POST",
        &format!("/environments/{env}/audit/undo"),
        Some(request),
    )
    .await
}
