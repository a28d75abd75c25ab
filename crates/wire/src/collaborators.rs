//! Collaborator users, user properties, licences and the nightly sync (DESIGN §5).

use serde::{Deserialize, Serialize};

use crate::{UserFlags, UserStatus};

/// A system user (code only) or a normal user linked to a person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    /// Only a user code; cannot use InSite.
    System,
    /// Linked to a person; needed for InSite.
    #[default]
    Normal,
}

impl UserKind {
    /// The words shown in the studio.
    pub fn label(self) -> &'static str {
        match self {
            UserKind::System => "System user",
            UserKind::Normal => "Normal user",
        }
    }
}

/// The editable properties of a user (`PUT /environments/{env}/users/{code}/properties`, with
/// `If-Match`). Every field is sent; the server changes what differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserProperties {
    /// Full name.
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
    /// Login email, unique within the environment; `None` clears it.
    pub email: Option<String>,
    /// Application flags (Pocket needs Windows or InSite; InSite needs a normal user).
    pub flags: UserFlags,
    /// Active or deactivated.
    pub status: UserStatus,
}

/// The body that adds another organisation's collaborator to a client environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCollaborator {
    /// The collaborator's code in its provider, e.g. `12345.BWilliams`; it is kept.
    pub code: String,
    /// As a system user or as a normal user linked to a person.
    pub kind: UserKind,
    /// The person a normal user is linked to (required for `normal`).
    #[serde(default)]
    pub person: Option<String>,
}

/// The body that converts a system collaborator user into a normal user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    /// The person to link, e.g. `P-1042`.
    pub person: String,
}

/// Where a collaborator comes from and what that means in the environment it is viewed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollaborationView {
    /// The user code.
    pub code: String,
    /// The provider's participant number.
    pub provider: String,
    /// The provider's organisation name.
    pub provider_name: String,
    /// The provider's production environment where the user is activated, if it still is.
    pub source_environment: Option<String>,
    /// Name in the source (what the nightly sync copies).
    pub source_name: Option<String>,
    /// Email in the source.
    pub source_email: Option<String>,
    /// Whether name and email may be edited in the environment viewed.
    pub identity_editable: bool,
    /// Why they may not, when they may not.
    pub read_only_reason: Option<String>,
    /// The client's InSite address (`https://<participant>.<domain>`), for users of a client.
    pub insite_address: Option<String>,
    /// Collaborators cannot sign in through single sign-on.
    pub single_sign_on: bool,
}

/// A provider's collaborator that a client may add, as looked up by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollaboratorSource {
    /// The user code.
    pub code: String,
    /// Name in the provider's production environment (filled into the new user).
    pub name: String,
    /// Email in the provider's production environment.
    pub email: Option<String>,
    /// The provider's participant number.
    pub provider: String,
    /// The provider's organisation name.
    pub provider_name: String,
    /// The provider's production environment.
    pub source_environment: String,
}

/// Licence use of one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenceRow {
    /// Participant number.
    pub participant: String,
    /// Organisation name.
    pub name: String,
    /// Whether it holds a collaborator licence (it is then a provider).
    pub collaborator_licence: bool,
    /// Distinct own users across its environments.
    pub users: usize,
    /// Own users activated as collaborators.
    pub collaborators: usize,
    /// Distinct users with InSite in its environments (normal collaborators with InSite count
    /// here, for the client).
    pub insite: usize,
}

/// Where the caller's organisation's collaborators work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollaboratorPlacement {
    /// The collaborator's code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The client environment.
    pub environment: String,
    /// The client's organisation name.
    pub organisation: String,
    /// System or normal user there.
    pub kind: UserKind,
    /// Has InSite there (counts toward the client's InSite licence when normal).
    pub insite: bool,
}

/// The licence overview of the caller's organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenceOverview {
    /// The caller's organisation first, then the organisations its collaborators work for and
    /// those whose collaborators work in it.
    pub organisations: Vec<LicenceRow>,
    /// Where the caller's organisation's collaborators have been added.
    pub placements: Vec<CollaboratorPlacement>,
}

/// When the nightly sync runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncScheduleView {
    /// Local time of day, `HH:MM`.
    pub time: String,
    /// IANA time zone, e.g. `Europe/Amsterdam`.
    pub timezone: String,
    /// The next scheduled run, unix seconds.
    pub next_run_at: i64,
}

/// What started a sync run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncTrigger {
    /// The daily schedule.
    Schedule,
    /// An administrator's "Run now".
    Manual,
}

/// How a sync run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    /// Still going.
    Running,
    /// Done (conflicts are reported, not failures).
    Succeeded,
    /// Stopped by an error; nothing was changed.
    Failed,
}

/// One sync run in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRunSummary {
    /// Id.
    pub id: String,
    /// Scheduled or manual.
    pub trigger: SyncTrigger,
    /// Who pressed "Run now".
    pub triggered_by: Option<String>,
    /// Start, unix seconds.
    pub started_at: i64,
    /// End, unix seconds.
    pub finished_at: Option<i64>,
    /// How it ended.
    pub status: SyncStatus,
    /// Users updated (visible to the caller).
    pub updated: usize,
    /// Conflicts reported (visible to the caller).
    pub conflicts: usize,
    /// Failure reason, if it failed.
    pub message: String,
}

/// The outcome for one user in one client environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncOutcome {
    /// Name and/or email copied from the source.
    Updated,
    /// Skipped: the new email already belongs to another user there.
    Conflict,
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncFieldChange {
    /// `name` or `email`.
    pub field: String,
    /// Before.
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
}

/// One line of a run's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResultView {
    /// The client environment.
    pub environment: String,
    /// The collaborator.
    pub user: String,
    /// The provider's production environment the values came from.
    pub source: String,
    /// Updated or conflict.
    pub outcome: SyncOutcome,
    /// The fields copied (for a conflict: the change that was not made).
    pub changes: Vec<SyncFieldChange>,
    /// A readable sentence; for a conflict it says what the administrator should do.
    pub message: String,
}

/// A run with its results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRunDetail {
    /// The run.
    pub run: SyncRunSummary,
    /// Its results, per environment.
    pub results: Vec<SyncResultView>,
}

/// The history of sync runs, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRunList {
    /// The schedule.
    pub schedule: SyncScheduleView,
    /// Runs, newest first.
    pub items: Vec<SyncRunSummary>,
}
