//! Gatehouse application layer: the answers the server and the studio's static demo give,
//! computed from one prepared policy snapshot and the actor, so that both answer alike by
//! construction. Pure: no I/O, no clock (callers pass the snapshot prepared at their moment).
//!
//! The rules themselves live in the policy crate (who sees and may edit what, how access is
//! decided and explained); this crate shapes their answers into the wire types.

#![deny(missing_docs)]

mod access;
mod access_tests;
mod actor;
mod administrators;
mod audit_text;
mod changes;
mod compare;
mod csv_export;
mod import;
mod matrix_csv;
pub mod provisioning;
mod resources;
mod undo;

pub use access::{may_read_policy, user_access, POLICY_READERS};
pub use access_tests::{
    broken_views, gate_tests, test_input, test_views, SavedTest, TestsRefusal, MAX_TESTS,
};
pub use actor::{actor_in, same_organisation, ActorIn, SignedIn};
pub use administrators::administrators;
pub use audit_text::{describe_entry, EntryText, FieldChange};
pub use changes::{read_changes, Stored, StoredGrant, StoredGroup, Unread, Wanted};
pub use compare::{align_requests, compare_environments, CompareRefusal};
pub use csv_export::{access_csv, grants_csv, users_csv};
pub use import::{
    plan_user_import, Column, ImportError, ImportPlan, LineOutcome, PlannedLine, MAX_IMPORT_BYTES,
    MAX_IMPORT_LINES,
};
pub use matrix_csv::{access_matrix_csv, matrix_role};
pub use resources::{data_environment_view, data_environments, resource_summary, ResourceRow};
pub use undo::{
    check_test_undo, undo_changes, undo_needs, CurrentVersions, TestUndo, TestUndoConflict, Undo,
    UndoNeeds, UndoRefusal,
};
