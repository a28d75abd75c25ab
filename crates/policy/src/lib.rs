//! Gatehouse policy: the pure domain model and the one evaluator shared by the server (which
//! enforces with it) and the studio (which simulates with it, compiled to WebAssembly).
//!
//! No I/O, no clock, no randomness: callers pass snapshots and `now`, and get decisions that
//! explain themselves. See DESIGN.md §2–§5 for the rules implemented here.
//!
//! Where to start:
//! - [`Policy`] is the snapshot (users, groups, resources, environments, grants, app
//!   connectors, filtered tables); [`Policy::validate`] names the first problem.
//! - [`PreparedPolicy::new`] (or [`Policy::prepare`], which copies) compiles it for one
//!   moment: [`PreparedPolicy::effective_level`] is the fast path by dense index,
//!   [`PreparedPolicy::effective_role`] the same by id, [`PreparedPolicy::explain`] the
//!   decision with its reasons; rows, columns and the whole [`AccessMatrix`] too;
//!   [`PreparedPolicy::grant_effect`] counts what one grant yields over everyone it reaches.
//! - [`Change`] is an edit; [`check_change`] is the lock-out guard, [`authorize`] says
//!   whether the actor may make it, [`what_if`] previews it, [`lint`] lists shadowed grants.
//! - [`check_call`] decides app connector calls; [`token`] formats and checks secrets.
//! - [`filter`] evaluates filter authorisation over a [`RowSet`]; [`collaborator`] holds the
//!   collaborator rules and the nightly [`plan_sync`].
//! - [`expectations`] holds access tests: [`evaluate_tests`] judges them, [`broken_by`]
//!   lists those a change set would break.

pub mod actor;
pub mod app_connector;
pub mod call;
pub mod change;
pub mod change_set;
pub mod collaborator;
pub mod compiled;
pub mod contacts;
pub mod effect;
pub mod environments;
pub mod error;
pub mod expectations;
pub mod explain;
pub mod filter;
pub mod flags;
mod fxhash;
pub mod grants;
pub mod guard;
pub mod ids;
pub mod lint;
pub mod naming;
pub mod policy;
pub mod roles;
#[cfg(test)]
mod test_fixtures;
pub mod time;
pub mod token;
pub mod what_if;
mod wording;

pub use actor::{authorize_actor, authorize_administrator, Actor};
pub use app_connector::{
    AppConnector, AppConnectorError, ConnectorKind, ConnectorRef, TokenRecord,
};
pub use call::{check_call, CallCondition, CallDecision, CallRefusal, CallRequest};
pub use change::{Change, ChangeError, Scope};
pub use change_set::{
    app_connector_from_input, authorize_table_manager, code_of_organisation,
    data_environment_from_input, decide, edited_user, filter_from_input, grant_from_input,
    group_from_input, shadowed_after, token_from_input, user_from_input, AppConnectorInput,
    Decided, RefusalKind, SetChange, SetRefusal, UserEdit, UserInput, DATA_ENVIRONMENT_NAME_CHARS,
};
pub use collaborator::{
    insite_address, plan_sync, AddAs, CollaboratorError, EnvUser, FieldChange, Landscape,
    LicenceCount, Organisation, SignInMethod, SyncConflict, SyncPlan, SyncSchedule, SyncUpdate,
    UserKind,
};
pub use compiled::{AccessMatrix, EnvIx, PreparedPolicy, ResourceIx, UserIx};
pub use contacts::{account_owner_contacts, ask_sentence, who_can_instead, Capacity, Contact};
pub use effect::GrantEffect;
pub use environments::Environment;
pub use error::{LookupError, PolicyError};
pub use expectations::{
    access_test_from_input, broken_by, evaluate_tests, AccessTest, AccessTestError,
    AccessTestInput, Breakage, BrokenTest, Comparison, SavedNames, Stale, TestEnvironments,
    TestOutcome, TestSubject, Verdict, Violation,
};
pub use explain::{Basis, Contribution, Decision, Shadowed};
pub use filter::{
    filter_states, visible_rows, who_gains_rows, who_loses_access, Deviation, Filter, FilterError,
    FilterMode, Predicate, Row, RowSet, Table, Value, Visibility,
};
pub use flags::{UserFlags, UserFlagsError};
pub use grants::{Grant, GrantKey, Precedence, Subject};
pub use guard::{
    authorize, authorize_account_owner, check_change, may_edit_permissions, owned_resources,
    permission_editors, GuardError, Refusal,
};
pub use ids::{
    AccessTestId, AppConnectorId, EmailAddress, EnvironmentCode, EnvironmentId, EnvironmentKind,
    FilterId, GroupId, IdError, Participant, PersonId, ResourceId, TableId, TokenId, UserCode,
    UserId,
};
pub use lint::{lint, ShadowCause, ShadowedGrant};
pub use policy::{GrantCheck, Group, Policy, Resource, User, UserStatus};
pub use roles::{AppCapability, AppRole, ConnectorCapability, ConnectorRole, ResourceKind, Role};
pub use time::Timestamp;
pub use what_if::{diff, what_if, what_if_all, RoleChange};
