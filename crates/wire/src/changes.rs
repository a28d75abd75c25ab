//! Change sets: several edits to one environment, applied together or not at all
//! (`POST /environments/{env}/changes`).

use serde::{Deserialize, Serialize};

use crate::{GrantView, GroupDetail, Role, RoleChange, ShadowedGrant, Subject};

/// The body of `POST /environments/{env}/changes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeSetRequest {
    /// Decide and return the impact without writing anything.
    #[serde(default)]
    pub dry_run: bool,
    /// The edits, in any order: the set is judged as a whole.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub changes: Vec<ChangeRequest>,
    /// Save the set even though it breaks access tests (the account owner only; the override
    /// is audited). Without it, a set that breaks a test is refused with 409 listing them.
    #[serde(default)]
    pub override_tests: bool,
}

/// One edit of a change set; updates and deletions carry the version they were made against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChangeRequest {
    /// Gives a subject a role on a resource.
    CreateGrant {
        /// The resource's id.
        resource: String,
        /// Who it is for.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::SubjectSchema))]
        subject: Subject,
        /// The role, on the resource's ladder (`{"app": "editor"}`).
        #[cfg_attr(feature = "openapi", schema(value_type = crate::RoleSchema))]
        role: Role,
        /// Data environment ids; at least one.
        #[cfg_attr(feature = "openapi", schema(min_items = 1))]
        environments: Vec<String>,
        /// Optional expiry, unix seconds.
        #[serde(default)]
        expires_at: Option<i64>,
    },
    /// Changes a grant's role, environments or expiry.
    UpdateGrant {
        /// The grant's id.
        grant: String,
        /// The version the edit was made against.
        version: i64,
        /// The new role.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::RoleSchema))]
        role: Role,
        /// The new data environments; at least one.
        #[cfg_attr(feature = "openapi", schema(min_items = 1))]
        environments: Vec<String>,
        /// The new expiry, unix seconds.
        #[serde(default)]
        expires_at: Option<i64>,
    },
    /// Removes a grant.
    DeleteGrant {
        /// The grant's id.
        grant: String,
        /// The version the edit was made against.
        version: i64,
    },
    /// Puts a user in a group.
    AddMember {
        /// The group's id.
        group: String,
        /// The user's id.
        user: String,
    },
    /// Takes a user out of a group.
    RemoveMember {
        /// The group's id.
        group: String,
        /// The user's id.
        user: String,
    },
    /// Creates a group (account owner only). Give it an id (`grp-…`) to add members or
    /// grants to it in the same set; without one the server chooses it.
    CreateGroup {
        /// The new group's id, if the client chooses it.
        #[serde(default)]
        group: Option<String>,
        /// Display name: 1–80 characters, unique in the environment regardless of case.
        #[cfg_attr(feature = "openapi", schema(max_length = 80))]
        name: String,
        /// What the group is for; at most 500 characters.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 500))]
        description: String,
    },
    /// Renames a group or changes its description (account owner only).
    RenameGroup {
        /// The group's id.
        group: String,
        /// The version the edit was made against.
        version: i64,
        /// The new display name.
        #[cfg_attr(feature = "openapi", schema(max_length = 80))]
        name: String,
        /// The new description; left as it is when absent.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 500))]
        description: Option<String>,
    },
    /// Deletes a group with its grants and memberships (account owner only).
    DeleteGroup {
        /// The group's id.
        group: String,
        /// The version the edit was made against.
        version: i64,
    },
    /// Adds an active user of the organisation itself (account owner only). Give it an id
    /// (`usr-…`) to add it to groups or grant it roles in the same set; without one the
    /// server chooses it.
    CreateUser {
        /// The new user's id, if the client chooses it.
        #[serde(default)]
        user: Option<String>,
        /// User code, `<participant>.<code>`; the participant must be the environment's, and
        /// the code unused here (regardless of case).
        code: String,
        /// Full name, 1–100 characters.
        #[cfg_attr(feature = "openapi", schema(max_length = 100))]
        name: String,
        /// Email address, unused here regardless of case; absent or empty for none.
        #[serde(default)]
        email: Option<String>,
        /// Application flags; Pocket needs Windows or InSite.
        #[serde(default)]
        flags: crate::UserFlags,
    },
    /// Changes a user's name, email, application flags and status (account owner only). A
    /// collaborator's name and email change only in their own organisation; nobody
    /// deactivates their own account; no resource may lose its last Owner.
    UpdateUser {
        /// The user's id.
        user: String,
        /// The version the edit was made against.
        version: i64,
        /// Full name, 1–100 characters.
        #[cfg_attr(feature = "openapi", schema(max_length = 100))]
        name: String,
        /// Email address, unused here regardless of case; absent or empty for none.
        #[serde(default)]
        email: Option<String>,
        /// Application flags; Pocket needs Windows or InSite, InSite a user linked to a
        /// person.
        flags: crate::UserFlags,
        /// Active or deactivated.
        status: crate::UserStatus,
    },
    /// Activates or deactivates a user (account owner only), e.g. for several users at once.
    SetUserStatus {
        /// The user's id.
        user: String,
        /// The version the edit was made against.
        version: i64,
        /// Active or deactivated.
        status: crate::UserStatus,
    },
    /// Creates an app connector (account owner only). Give it an id (`ac-…`) to name it in the
    /// same set; without one the server chooses it. Its linked group may be one the same set
    /// creates.
    CreateAppConnector {
        /// The new app connector's id, if the client chooses it.
        #[serde(default)]
        app_connector: Option<String>,
        /// Display name, 1–80 characters, unique here regardless of case.
        #[cfg_attr(feature = "openapi", schema(max_length = 80))]
        name: String,
        /// The linked group's id: its members may call through it.
        group: String,
        /// The included connectors.
        #[serde(default)]
        connectors: Vec<crate::ConnectorInclusion>,
        /// Whether calls through it are refused from the start.
        #[serde(default)]
        blocked: bool,
    },
    /// Changes an app connector's name, linked group, included connectors and blocked state
    /// (account owner only): the app connector as it should be.
    UpdateAppConnector {
        /// The app connector's id.
        app_connector: String,
        /// The version the edit was made against.
        version: i64,
        /// Display name, 1–80 characters, unique here regardless of case.
        #[cfg_attr(feature = "openapi", schema(max_length = 80))]
        name: String,
        /// The linked group's id.
        group: String,
        /// The included connectors.
        #[serde(default)]
        connectors: Vec<crate::ConnectorInclusion>,
        /// Whether calls through it are refused.
        #[serde(default)]
        blocked: bool,
    },
    /// Deletes an app connector with its tokens (account owner only).
    DeleteAppConnector {
        /// The app connector's id.
        app_connector: String,
        /// The version the edit was made against.
        version: i64,
    },
    /// Creates a custom data environment (account owner only). Give it an id (`env-…`) to
    /// grant roles in it in the same set; without one the server chooses it.
    CreateDataEnvironment {
        /// The new data environment's id, if the client chooses it.
        #[serde(default)]
        environment: Option<String>,
        /// Display name: 1–40 characters, unique here regardless of case.
        #[cfg_attr(feature = "openapi", schema(max_length = 40))]
        name: String,
    },
    /// Renames a custom data environment (account owner only; the built-ins keep their names).
    RenameDataEnvironment {
        /// The data environment's id.
        environment: String,
        /// The version the edit was made against.
        version: i64,
        /// The new display name.
        #[cfg_attr(feature = "openapi", schema(max_length = 40))]
        name: String,
    },
    /// Deletes a custom data environment (account owner only): every grant loses it and a
    /// grant that covered only it goes; no resource may lose its last Owner.
    DeleteDataEnvironment {
        /// The data environment's id.
        environment: String,
        /// The version the edit was made against.
        version: i64,
    },
    /// Issues an app connector token for a user (oneself; the account owner for anyone). The
    /// secret is in the answer's `issued_tokens`, the only time it is shown; a dry run issues
    /// none.
    IssueToken {
        /// The new token's id (`tok-…`), if the client chooses it.
        #[serde(default)]
        token: Option<String>,
        /// The user's id; an active user.
        user: String,
        /// The app connector's id; it may be one the same set creates.
        app_connector: String,
        /// When the token stops working, unix seconds; in the future, or absent for never.
        #[serde(default)]
        expires_at: Option<i64>,
    },
    /// Revokes a token (one's own; the account owner anyone's). No version: revoking always
    /// works, and revoking a revoked token keeps the first revocation.
    RevokeToken {
        /// The token's id.
        token: String,
    },
    /// Switches a table between all rows and according to filter (the account owner, or an
    /// Owner of a connector that serves the table).
    SetTableMode {
        /// The table's id.
        table: String,
        /// The table's version the edit was made against.
        version: i64,
        /// `all_rows` or `according_to_filter`.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::FilterModeSchema))]
        mode: crate::FilterMode,
    },
    /// Adds a filter to a table, active for the groups given (none: for no one yet). Give it
    /// an id to name it in the set's other changes; without one it is made from the name.
    CreateFilter {
        /// The table's id.
        table: String,
        /// The new filter's id within the table, if the client chooses it.
        #[serde(default)]
        filter: Option<String>,
        /// Display name, 1–80 characters, unique in the table regardless of case.
        #[cfg_attr(feature = "openapi", schema(max_length = 80))]
        name: String,
        /// Which rows it lets through.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::PredicateSchema))]
        predicate: crate::Predicate,
        /// The groups it is active for from the start (they may be created in the same set).
        #[serde(default)]
        groups: Vec<String>,
    },
    /// Changes a filter's name and predicate (the built-in All filter keeps its predicate).
    UpdateFilter {
        /// The table's id.
        table: String,
        /// The filter's id within the table.
        filter: String,
        /// The filter's version the edit was made against.
        version: i64,
        /// Display name.
        #[cfg_attr(feature = "openapi", schema(max_length = 80))]
        name: String,
        /// Which rows it lets through.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::PredicateSchema))]
        predicate: crate::Predicate,
    },
    /// Deletes a filter with its activations and deviations (not the built-in All, nor one
    /// another filter uses after the set).
    DeleteFilter {
        /// The table's id.
        table: String,
        /// The filter's id within the table.
        filter: String,
        /// The filter's version the edit was made against.
        version: i64,
    },
    /// Sets the groups a filter is active for (they may be created in the same set).
    SetFilterGroups {
        /// The table's id.
        table: String,
        /// The filter's id within the table.
        filter: String,
        /// The filter's version the edit was made against.
        version: i64,
        /// The groups' ids, all of them.
        groups: Vec<String>,
    },
    /// Sets a user's own setting for a filter: `inherit`, `force_on` or `force_off`. Several
    /// users' deviations for one filter may be set in one set, each with the version the
    /// edit was made against.
    SetDeviation {
        /// The table's id.
        table: String,
        /// The filter's id within the table.
        filter: String,
        /// The filter's version the edit was made against.
        version: i64,
        /// The user's id.
        user: String,
        /// The setting.
        #[cfg_attr(feature = "openapi", schema(value_type = crate::DeviationSchema))]
        deviation: crate::Deviation,
    },
    /// Sets the organisation's precedence rule (account owner only). It applies to every
    /// environment of the organisation; the set's impact is this environment's.
    SetPrecedence {
        /// `highest_wins` or `most_specific_wins`.
        precedence: crate::Precedence,
    },
}

/// What a change set did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeSetResult {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// How many changes the set holds.
    pub applied: usize,
    /// Every (user, resource, environment) whose effective role changes, old → new.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub impact: Vec<RoleChange>,
    /// Grants that have no effect after the set.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub shadowed: Vec<ShadowedGrant>,
    /// The grants created or changed, as stored now with their versions (empty for a dry run
    /// and for deletions).
    pub grants: Vec<GrantView>,
    /// The groups created or changed (renamed, members changed), as stored now with their
    /// versions (empty for a dry run and for deletions).
    #[serde(default)]
    pub groups: Vec<GroupDetail>,
    /// The users created or changed, as stored now with their versions (empty for a dry run).
    #[serde(default)]
    pub users: Vec<crate::UserSummary>,
    /// The app connectors created or changed, as stored now with their versions (empty for a
    /// dry run and for deletions).
    #[serde(default)]
    pub app_connectors: Vec<crate::AppConnectorView>,
    /// The data environments created or renamed, as stored now with their versions (empty
    /// for a dry run and for deletions).
    #[serde(default)]
    pub data_environments: Vec<crate::DataEnvironmentView>,
    /// The tokens issued, each with its secret (shown this once) and what would refuse calls
    /// with it now (empty for a dry run).
    #[serde(default)]
    pub issued_tokens: Vec<crate::IssuedToken>,
    /// The tokens revoked, as stored now (empty for a dry run).
    #[serde(default)]
    pub revoked_tokens: Vec<crate::TokenView>,
    /// The tables whose mode changed, as stored now (empty for a dry run).
    #[serde(default)]
    pub tables: Vec<crate::TableSummary>,
    /// The filters created or changed, as stored now with their versions (empty for a dry
    /// run and for deletions).
    #[serde(default)]
    pub filters: Vec<ChangedFilter>,
    /// The access tests the set breaks: in a dry run, what saving would be refused for; in a
    /// saved set, the ones the account owner overrode.
    #[serde(default)]
    pub broken_tests: Vec<crate::BrokenTestView>,
}

impl ChangeSetResult {
    /// The result of a write that changed nothing of the policy (an undo that only puts a
    /// saved access test back).
    pub fn nothing_applied(dry_run: bool) -> Self {
        Self {
            dry_run,
            applied: 0,
            impact: Vec::new(),
            shadowed: Vec::new(),
            grants: Vec::new(),
            groups: Vec::new(),
            users: Vec::new(),
            app_connectors: Vec::new(),
            data_environments: Vec::new(),
            issued_tokens: Vec::new(),
            revoked_tokens: Vec::new(),
            tables: Vec::new(),
            filters: Vec::new(),
            broken_tests: Vec::new(),
        }
    }
}

/// A filter a change set created or changed, with its table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangedFilter {
    /// The table's id.
    pub table: String,
    /// The filter as stored now.
    pub filter: crate::FilterView,
}

/// The change set that gives `group` (edited at `version`) exactly `members`: its version
/// checked by a rename to its current name, then each member added or removed. The studio
/// previews and saves member edits with the same set.
pub fn member_changes(group: &GroupDetail, version: i64, members: &[String]) -> Vec<ChangeRequest> {
    let mut changes = vec![ChangeRequest::RenameGroup {
        group: group.id.clone(),
        version,
        name: group.name.clone(),
        description: None,
    }];
    for was in &group.members {
        if !members.contains(&was.id) {
            changes.push(ChangeRequest::RemoveMember {
                group: group.id.clone(),
                user: was.id.clone(),
            });
        }
    }
    let mut added: Vec<&String> = Vec::new();
    for member in members {
        if !group.members.iter().any(|m| &m.id == member) && !added.contains(&member) {
            added.push(member);
            changes.push(ChangeRequest::AddMember {
                group: group.id.clone(),
                user: member.clone(),
            });
        }
    }
    changes
}
