//! The audit log: entries (who changed what, before and after), the change sets they were
//! written in, and undoing one.

use serde::{Deserialize, Serialize};

use crate::{ChangeRequest, ChangeSetResult};

/// One audit log entry: who changed what, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Stable id.
    pub id: String,
    /// Microseconds since the epoch.
    pub at: i64,
    /// The actor's user code (`scim:` and a token's name for an identity provider, `sync:`
    /// for a sync run).
    pub actor: String,
    /// `create`, `update`, `delete` or `sync`.
    pub action: String,
    /// `grant`, `group`, `user`, `organisation`, `app_connector`, `token`, …
    pub entity: String,
    /// The entity's id (a user's code for some user entries).
    pub entity_id: String,
    /// State before (absent for creations).
    pub before: Option<serde_json::Value>,
    /// State after (absent for deletions).
    pub after: Option<serde_json::Value>,
    /// The change set the entry was written in: every entry of one transaction shares it.
    #[serde(default)]
    pub change_set: String,
    /// The change set this entry's set undid, if it was an undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo_of: Option<String>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// Entries matching the filters.
    pub total: usize,
    /// This page's entries.
    pub items: Vec<AuditEntry>,
}

/// One change set of the log with the entries of it that match the filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditChangeSet {
    /// The change set's id.
    pub id: String,
    /// When it was written (its last entry), microseconds since the epoch.
    pub at: i64,
    /// Who wrote it (user code).
    pub actor: String,
    /// How many entries it has in all.
    pub entries: usize,
    /// How many of them match the filters.
    pub matching: usize,
    /// The first matching entries, in the order written (at most 20; read the rest with
    /// `GET …/audit?change_set=…`).
    pub items: Vec<AuditEntry>,
    /// The change set it undid, if it was an undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo_of: Option<String>,
    /// The latest change set that undid it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undone_by: Option<String>,
}

/// A page of change sets, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditChangeSetPage {
    /// Change sets with an entry matching the filters.
    pub total: usize,
    /// This page's change sets.
    pub items: Vec<AuditChangeSet>,
}

/// What to undo: a whole change set, or one entry of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UndoRequest {
    /// The change set to undo (give this or `entry`).
    #[serde(default)]
    pub change_set: Option<String>,
    /// The one entry to undo (give this or `change_set`).
    #[serde(default)]
    pub entry: Option<String>,
    /// Decide and preview the undo without writing it.
    #[serde(default)]
    pub dry_run: bool,
    /// Save the undo even though it breaks access tests (the account owner only; audited).
    #[serde(default)]
    pub override_tests: bool,
}

/// An undo: the inverse change set built from the log, and what it did (or, for a dry run,
/// would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UndoResult {
    /// The change set undone (the entry's, when one entry was undone).
    pub undo_of: String,
    /// The inverse changes, as a change set request would carry them.
    pub changes: Vec<ChangeRequest>,
    /// What the undo does to saved access tests, a sentence each ("Deletes the access test
    /// 'Support at most Editor'"); they are kept beside the policy, not in `changes`.
    #[serde(default)]
    pub access_tests: Vec<String>,
    /// The change set's result: its impact, and what it stored.
    pub result: ChangeSetResult,
}
