//! Users, groups, organisation environments, health, sign-in and the session.

use serde::{Deserialize, Serialize};

use crate::UserKind;

/// Whether a user may sign in and use anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// The account works.
    Active,
    /// The account is switched off: no access, permissions read-only.
    Deactivated,
}

impl UserStatus {
    /// The word shown in the studio.
    pub fn label(self) -> &'static str {
        match self {
            UserStatus::Active => "Active",
            UserStatus::Deactivated => "Deactivated",
        }
    }
}

/// Application flags of a user (Pocket needs Windows or InSite).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserFlags {
    /// May use the Windows client.
    pub windows: bool,
    /// May use the InSite web portal.
    pub insite: bool,
    /// May use the Pocket mobile app.
    pub pocket: bool,
}

impl From<UserStatus> for gatehouse_policy::UserStatus {
    fn from(status: UserStatus) -> Self {
        match status {
            UserStatus::Active => Self::Active,
            UserStatus::Deactivated => Self::Deactivated,
        }
    }
}

impl From<gatehouse_policy::UserStatus> for UserStatus {
    fn from(status: gatehouse_policy::UserStatus) -> Self {
        match status {
            gatehouse_policy::UserStatus::Active => Self::Active,
            gatehouse_policy::UserStatus::Deactivated => Self::Deactivated,
        }
    }
}

impl From<UserFlags> for gatehouse_policy::UserFlags {
    fn from(flags: UserFlags) -> Self {
        Self {
            windows: flags.windows,
            insite: flags.insite,
            pocket: flags.pocket,
        }
    }
}

impl From<gatehouse_policy::UserFlags> for UserFlags {
    fn from(flags: gatehouse_policy::UserFlags) -> Self {
        Self {
            windows: flags.windows,
            insite: flags.insite,
            pocket: flags.pocket,
        }
    }
}

/// A group as referenced from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupRef {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// One user as listed in Manage Users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    /// Stable id.
    pub id: String,
    /// User code, `<participant>.<code>`.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Email address, if any (required for app connector use).
    pub email: Option<String>,
    /// Active or deactivated.
    pub status: UserStatus,
    /// The organisation's account owner (Owner of everything).
    pub account_owner: bool,
    /// Application flags.
    pub flags: UserFlags,
    /// The groups the user is in, by name (All Users is implicit).
    pub groups: Vec<GroupRef>,
    /// Version for optimistic concurrency (the ETag).
    pub version: i64,
    /// System user (code only) or normal user linked to a person.
    #[serde(default)]
    pub kind: UserKind,
    /// The person a normal user is linked to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Activated as a collaborator (in its own organisation's production environment).
    #[serde(default)]
    pub collaborator: bool,
}

/// A page of users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    /// The environment the users live in, e.g. `O12345AA`.
    pub environment: String,
    /// How many users match in all.
    pub total: usize,
    /// The users, ordered by name.
    pub items: Vec<UserSummary>,
}

/// The body of a request that creates a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// User code, `<participant>.<code>`; the participant must be the environment's.
    pub code: String,
    /// Full name.
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
    /// Email address, unique within the environment.
    #[serde(default)]
    pub email: Option<String>,
    /// Application flags.
    #[serde(default)]
    pub flags: UserFlags,
}

/// A group as listed in Manage Groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the group is for.
    pub description: String,
    /// Number of members.
    pub member_count: usize,
    /// Version for optimistic concurrency.
    pub version: i64,
}

/// The type of an organisation environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentKind {
    /// `O12345AA`: the live environment.
    Production,
    /// `T12345AA`: for trying things.
    Test,
    /// `A12345AA`: acceptance.
    Accept,
}

impl EnvironmentKind {
    /// The word shown on the environment badge.
    pub fn label(self) -> &'static str {
        match self {
            EnvironmentKind::Production => "Production",
            EnvironmentKind::Test => "Test",
            EnvironmentKind::Accept => "Accept",
        }
    }
}

/// An organisation environment the studio can work in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnvironmentInfo {
    /// Environment code, e.g. `O12345AA`.
    pub code: String,
    /// Production, test or accept.
    pub kind: EnvironmentKind,
    /// Display name.
    pub name: String,
    /// The organisation's 5-digit participant number.
    pub participant: String,
    /// The organisation's name.
    pub organisation: String,
    /// The organisation's precedence rule for effective roles.
    pub precedence: Precedence,
}

/// How grants from All Users, groups and the user combine (an organisation setting).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Precedence {
    /// The highest role among all applicable grants wins (All Users can outrank a user grant).
    #[default]
    HighestWins,
    /// The user's own grant, else the highest group grant, else All Users.
    MostSpecificWins,
}

impl Precedence {
    /// The words shown in the top bar.
    pub fn label(self) -> &'static str {
        match self {
            Precedence::HighestWins => "Highest wins",
            Precedence::MostSpecificWins => "Most specific wins",
        }
    }
}

impl From<Precedence> for gatehouse_policy::Precedence {
    fn from(precedence: Precedence) -> Self {
        match precedence {
            Precedence::HighestWins => Self::HighestWins,
            Precedence::MostSpecificWins => Self::MostSpecificWins,
        }
    }
}

impl From<gatehouse_policy::Precedence> for Precedence {
    fn from(precedence: gatehouse_policy::Precedence) -> Self {
        match precedence {
            gatehouse_policy::Precedence::HighestWins => Self::HighestWins,
            gatehouse_policy::Precedence::MostSpecificWins => Self::MostSpecificWins,
        }
    }
}

/// The server's health answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// The body of a sign-in request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// User code, `<participant>.<code>`.
    pub code: String,
    /// The password.
    pub password: String,
    /// The environment to sign in to; the organisation's production environment when absent.
    #[serde(default)]
    pub environment: Option<String>,
}

/// Who is signed in, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// The signed-in user.
    pub user: UserSummary,
    /// The environment the session works in.
    pub environment: EnvironmentInfo,
}

/// Who administers an environment: the people to ask for what only they may do (`GET
/// /environments/{env}/administrators`, for every signed-in administrator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Administrators {
    /// The active account owners, by name.
    pub account_owners: Vec<UserRef>,
    /// Who to ask, in a sentence ("Ask Anna de Vries (account owner)."); `None` when the
    /// environment has no active account owner.
    pub ask: Option<String>,
}

/// A user as referenced from a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    /// Stable id.
    pub id: String,
    /// User code.
    pub code: String,
    /// Full name.
    pub name: String,
}

/// A group with its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupDetail {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the group is for.
    pub description: String,
    /// Members, by name.
    pub members: Vec<UserRef>,
    /// Version for optimistic concurrency (bumped by renames and membership changes).
    pub version: i64,
}

/// The body of a request that creates a group, or renames one (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupFields {
    /// Display name, unique in the environment.
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub name: String,
    /// What the group is for.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub description: String,
}

/// The body of a request that replaces a group's members (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupMembers {
    /// User ids of every member.
    pub members: Vec<String>,
}
