//! A change set: several edits to one environment's permissions, decided together. One pure
//! function, [`decide`], takes the snapshot, the actor and the set and returns either every
//! refusal (typed, with the field and the display names involved — never an internal id) or
//! the changed snapshot with its impact. The server writes what it decides in one
//! transaction; the studio previews and the static demo stores through the same function.
//!
//! The set is judged as a whole: each change is authorised against the snapshot before the
//! set, and the lock-out guard compares the snapshot before the set with the one after it,
//! so the order of the changes never matters (replacing one Owner by another in one set is
//! allowed, whichever comes first). Version checks (optimistic concurrency) are the storage's:
//! it compares each change's version with the stored one in the same transaction.

mod app_connectors;
mod data_environments;
mod groups;
mod judge;
mod names;
mod tables;
mod tokens;
mod users;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use app_connectors::{app_connector_from_input, AppConnectorInput, APP_CONNECTOR_NAME_CHARS};
pub use data_environments::{data_environment_from_input, DATA_ENVIRONMENT_NAME_CHARS};
pub use groups::group_from_input;
pub use tables::{authorize_table_manager, filter_from_input, FILTER_NAME_CHARS};
pub use tokens::token_from_input;
pub use users::{
    code_of_organisation, edited_user, user_from_input, UserEdit, UserInput, USER_NAME_CHARS,
};

use crate::actor::Actor;
use crate::app_connector::{AppConnector, TokenRecord};
use crate::change::{Change, ChangeError};
use crate::compiled::PreparedPolicy;
use crate::environments::Environment;
use crate::filter::{Deviation, Filter, FilterMode};
use crate::fxhash::FxMap;
use crate::grants::{Grant, GrantKey, Precedence, Subject};
use crate::guard::owned_resources;
use crate::ids::{
    AppConnectorId, EnvironmentId, FilterId, GroupId, ResourceId, TableId, TokenId, UserId,
};
use crate::policy::{GrantCheck, Group, Policy, User, UserStatus};
use crate::what_if::{diff, RoleChange};
use crate::Scope;
use judge::Judge;
use names::Names;

/// One edit in a change set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum SetChange {
    /// Gives a subject a role on a resource; refused when the subject has a grant there.
    CreateGrant {
        /// The new grant.
        grant: Grant,
    },
    /// Replaces the subject's grant on the resource (role, environments, expiry).
    UpdateGrant {
        /// The grant as it should be.
        grant: Grant,
    },
    /// Removes the subject's grant on a resource.
    DeleteGrant {
        /// Which grant.
        key: GrantKey,
    },
    /// Puts a user in a group.
    AddMember {
        /// The user.
        user: UserId,
        /// The group.
        group: GroupId,
    },
    /// Takes a user out of a group.
    RemoveMember {
        /// The user.
        user: UserId,
        /// The group.
        group: GroupId,
    },
    /// Activates or deactivates a user (a deactivated user has no access; their grants stay).
    SetUserStatus {
        /// The user.
        user: UserId,
        /// The new status.
        status: UserStatus,
    },
    /// Creates a group (account owner only); its id is chosen by whoever stores it. Other
    /// changes of the same set may already name it (members, grants).
    CreateGroup {
        /// The new group.
        group: Group,
    },
    /// Renames a group or changes its description (account owner only).
    RenameGroup {
        /// The group as it should be.
        group: Group,
    },
    /// Deletes a group with its grants, memberships and filter activations (account owner
    /// only); refused while an app connector is linked to it.
    DeleteGroup {
        /// Which group.
        group: GroupId,
    },
    /// Adds an active user of the organisation itself (account owner only); its id is chosen
    /// by whoever stores it. Other changes of the same set may already name it (memberships,
    /// grants).
    CreateUser {
        /// The new user, as [`user_from_input`] makes it.
        user: User,
    },
    /// Changes a user's name, email, application flags and status (account owner only): the
    /// user as it should be, as [`edited_user`] makes it. Only the user's own organisation
    /// changes a collaborator's name and email; nobody deactivates their own account; a
    /// deactivation goes through the lock-out guard.
    EditUser {
        /// The user as it should be.
        user: User,
    },
    /// Sets the organisation's precedence rule (account owner only).
    SetPrecedence {
        /// The rule.
        precedence: Precedence,
    },
    /// Creates an app connector (account owner only), as [`app_connector_from_input`] makes
    /// it; its linked group may be one the same set creates.
    CreateAppConnector {
        /// The new app connector.
        app_connector: AppConnector,
    },
    /// Changes an app connector's name, linked group, included connectors or blocked state
    /// (account owner only).
    UpdateAppConnector {
        /// The app connector as it should be.
        app_connector: AppConnector,
    },
    /// Deletes an app connector (account owner only); its tokens go with it.
    DeleteAppConnector {
        /// Which app connector.
        app_connector: AppConnectorId,
    },
    /// Creates a custom data environment (account owner only), as
    /// [`data_environment_from_input`] makes it; other changes of the same set may already
    /// grant roles in it.
    CreateDataEnvironment {
        /// The new data environment.
        environment: Environment,
    },
    /// Renames a custom data environment (account owner only).
    RenameDataEnvironment {
        /// The data environment as it should be.
        environment: Environment,
    },
    /// Deletes a custom data environment (account owner only): every grant loses it, and a
    /// grant that covered only it goes.
    DeleteDataEnvironment {
        /// Which data environment.
        environment: EnvironmentId,
    },
    /// Issues an app connector token (for oneself; the account owner for anyone), as
    /// [`token_from_input`] makes it; its secret is the storage's.
    IssueToken {
        /// The new token.
        token: TokenRecord,
    },
    /// Revokes a token (one's own; the account owner anyone's): the stored token.
    RevokeToken {
        /// The token as stored.
        token: TokenRecord,
    },
    /// Switches a table between all rows and according to filter (the table's managers: the
    /// account owner and the Owners of the connectors that serve it).
    SetTableMode {
        /// The table.
        table: TableId,
        /// The new mode.
        mode: FilterMode,
    },
    /// Adds a filter to a table, as [`filter_from_input`] makes it (active for no one yet).
    CreateFilter {
        /// The table.
        table: TableId,
        /// The new filter.
        filter: Filter,
    },
    /// Changes a filter's name and predicate (its groups and deviations stay).
    UpdateFilter {
        /// The table.
        table: TableId,
        /// The filter's id, name and predicate as they should be.
        filter: Filter,
    },
    /// Deletes a filter with its activations and deviations (not the built-in All, nor one
    /// another filter uses).
    DeleteFilter {
        /// The table.
        table: TableId,
        /// Which filter.
        filter: FilterId,
    },
    /// Sets the groups a filter is active for.
    SetFilterGroups {
        /// The table.
        table: TableId,
        /// Which filter.
        filter: FilterId,
        /// The groups, all of them, each once (a refusal names one by its position).
        groups: Vec<GroupId>,
    },
    /// Sets a user's own setting for a filter (inherit removes it).
    SetDeviation {
        /// The table.
        table: TableId,
        /// Which filter.
        filter: FilterId,
        /// The user.
        user: UserId,
        /// Inherit, force on or force off.
        deviation: Deviation,
    },
}

impl SetChange {
    /// The change-set form of a policy edit against `policy` (an upsert creates or updates the
    /// subject's grant as it exists there); `None` for making someone account owner, which
    /// no change set does.
    pub fn from_change(policy: &Policy, change: &Change) -> Option<Self> {
        Some(match change {
            Change::UpsertGrant { grant } if policy.grant(&grant.key()).is_some() => {
                Self::UpdateGrant {
                    grant: grant.clone(),
                }
            }
            Change::UpsertGrant { grant } => Self::CreateGrant {
                grant: grant.clone(),
            },
            Change::RemoveGrant { key } => Self::DeleteGrant { key: key.clone() },
            Change::AddMembership { user, group } => Self::AddMember {
                user: user.clone(),
                group: group.clone(),
            },
            Change::RemoveMembership { user, group } => Self::RemoveMember {
                user: user.clone(),
                group: group.clone(),
            },
            Change::SetUserStatus { user, status } => Self::SetUserStatus {
                user: user.clone(),
                status: *status,
            },
            Change::SetPrecedence { precedence } => Self::SetPrecedence {
                precedence: *precedence,
            },
            Change::SetAccountOwner { .. } => return None,
        })
    }

    /// The policy edit this change makes, for the changes that are one.
    fn edit(&self) -> Option<Change> {
        Some(match self {
            Self::CreateGrant { grant } | Self::UpdateGrant { grant } => Change::UpsertGrant {
                grant: grant.clone(),
            },
            Self::DeleteGrant { key } => Change::RemoveGrant { key: key.clone() },
            Self::AddMember { user, group } => Change::AddMembership {
                user: user.clone(),
                group: group.clone(),
            },
            Self::RemoveMember { user, group } => Change::RemoveMembership {
                user: user.clone(),
                group: group.clone(),
            },
            Self::SetUserStatus { user, status } => Change::SetUserStatus {
                user: user.clone(),
                status: *status,
            },
            Self::SetPrecedence { precedence } => Change::SetPrecedence {
                precedence: *precedence,
            },
            Self::CreateGroup { .. }
            | Self::RenameGroup { .. }
            | Self::DeleteGroup { .. }
            | Self::CreateUser { .. }
            | Self::EditUser { .. }
            | Self::CreateAppConnector { .. }
            | Self::UpdateAppConnector { .. }
            | Self::DeleteAppConnector { .. }
            | Self::CreateDataEnvironment { .. }
            | Self::RenameDataEnvironment { .. }
            | Self::DeleteDataEnvironment { .. }
            | Self::IssueToken { .. }
            | Self::RevokeToken { .. }
            | Self::SetTableMode { .. }
            | Self::CreateFilter { .. }
            | Self::UpdateFilter { .. }
            | Self::DeleteFilter { .. }
            | Self::SetFilterGroups { .. }
            | Self::SetDeviation { .. } => return None,
        })
    }

    /// What the change is about; two changes of one set may not be about the same thing.
    fn target(&self) -> Target {
        match self {
            Self::CreateGrant { grant } | Self::UpdateGrant { grant } => Target::Grant(grant.key()),
            Self::DeleteGrant { key } => Target::Grant(key.clone()),
            Self::AddMember { user, group } | Self::RemoveMember { user, group } => {
                Target::Membership(user.clone(), group.clone())
            }
            Self::SetUserStatus { user, .. } => Target::User(user.clone()),
            Self::CreateGroup { group } | Self::RenameGroup { group } => {
                Target::Group(group.id.clone())
            }
            Self::DeleteGroup { group } => Target::Group(group.clone()),
            Self::CreateUser { user } | Self::EditUser { user } => Target::User(user.id.clone()),
            Self::SetPrecedence { .. } => Target::Precedence,
            Self::CreateAppConnector { app_connector }
            | Self::UpdateAppConnector { app_connector } => {
                Target::AppConnector(app_connector.id.clone())
            }
            Self::DeleteAppConnector { app_connector } => {
                Target::AppConnector(app_connector.clone())
            }
            Self::CreateDataEnvironment { environment }
            | Self::RenameDataEnvironment { environment } => {
                Target::DataEnvironment(environment.id.clone())
            }
            Self::DeleteDataEnvironment { environment } => {
                Target::DataEnvironment(environment.clone())
            }
            Self::IssueToken { token } | Self::RevokeToken { token } => {
                Target::Token(token.id.clone())
            }
            Self::SetTableMode { table, .. } => Target::Table(table.clone()),
            Self::CreateFilter { table, filter } | Self::UpdateFilter { table, filter } => {
                Target::Filter(table.clone(), filter.id.clone())
            }
            Self::DeleteFilter { table, filter } | Self::SetFilterGroups { table, filter, .. } => {
                Target::Filter(table.clone(), filter.clone())
            }
            Self::SetDeviation {
                table,
                filter,
                user,
                ..
            } => Target::Deviation(table.clone(), filter.clone(), user.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Grant(GrantKey),
    Membership(UserId, GroupId),
    Group(GroupId),
    User(UserId),
    Precedence,
    AppConnector(AppConnectorId),
    DataEnvironment(EnvironmentId),
    Token(TokenId),
    Table(TableId),
    Filter(TableId, FilterId),
    Deviation(TableId, FilterId, UserId),
}

/// What kind of refusal, which the server answers with its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalKind {
    /// The actor may not make the change (403).
    Forbidden,
    /// The change names something that does not exist or the actor cannot see (404).
    NotFound,
    /// The change conflicts with the stored state or the lock-out guard (409).
    Conflict,
    /// The change itself is malformed (422).
    Invalid,
}

/// Why a change set, or one change of it, is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetRefusal {
    /// The position of the refused change in the set; `None` for the set as a whole (the
    /// lock-out guard).
    pub index: Option<usize>,
    /// The kind of refusal.
    pub kind: RefusalKind,
    /// The offending field of the change (`subject`, `role`, `environments`, `user`,
    /// `group`), if one.
    pub field: Option<String>,
    /// The reason, naming people, groups and resources by name.
    pub message: String,
}

/// A grant from a change's input fields (ids as text, environments trimmed, expiry in unix
/// seconds): what the server and the demo store both read a grant change into. A malformed
/// resource id or data environment id is a refusal of change `index`, naming the field.
pub fn grant_from_input(
    index: usize,
    resource: &str,
    subject: &Subject,
    role: crate::roles::Role,
    environments: &[String],
    expires_at: Option<i64>,
) -> Result<Grant, SetRefusal> {
    let resource = ResourceId::parse(resource).map_err(|_| {
        refusal(
            Some(index),
            RefusalKind::NotFound,
            Some("resource"),
            "no such resource here".to_owned(),
        )
    })?;
    let environments = environments
        .iter()
        .map(|e| {
            crate::ids::EnvironmentId::parse(e.trim()).map_err(|_| {
                refusal(
                    Some(index),
                    RefusalKind::Invalid,
                    Some("environments"),
                    format!("{e:?} is not a data environment id"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut grant = Grant::new(subject.clone(), resource, role, environments);
    grant.expires_at = expires_at.map(crate::time::Timestamp::from_unix_seconds);
    Ok(grant)
}

/// A change set that may be applied: the snapshot after it and whose access changes.
#[derive(Debug, Clone)]
pub struct Decided {
    /// The snapshot after the set, prepared at the same moment.
    pub after: PreparedPolicy,
    /// Every cell whose effective role changes, old → new.
    pub impact: Vec<RoleChange>,
    /// The resources whose grants the set changes; `None` when it changes memberships,
    /// which can shadow grants anywhere.
    pub resources: Option<BTreeSet<ResourceId>>,
}

impl Decided {
    /// The grants without effect after the set, where the set can have changed that.
    pub fn shadowed(&self) -> Vec<crate::lint::ShadowedGrant> {
        shadowed_after(&self.after, self.resources.as_ref())
    }
}

/// The grants without effect in `after` on `resources` (every resource for `None`): what
/// [`Decided::shadowed`] answers, for a caller that has moved the snapshot on (the server
/// publishes it first and lints it after).
pub fn shadowed_after(
    after: &PreparedPolicy,
    resources: Option<&BTreeSet<ResourceId>>,
) -> Vec<crate::lint::ShadowedGrant> {
    match resources {
        Some(resources) => after.lint_resources(resources),
        None => after.lint(),
    }
}

/// Decides a change set: refused as a whole with every reason, or allowed with the snapshot
/// after it and its impact. See the module documentation for the rules.
pub fn decide(
    before: &PreparedPolicy,
    actor: &Actor,
    changes: &[SetChange],
) -> Result<Decided, Vec<SetRefusal>> {
    let policy = before.policy();
    if changes.is_empty() {
        return Err(vec![SetRefusal {
            index: None,
            kind: RefusalKind::Invalid,
            field: Some("changes".to_owned()),
            message: "the change set is empty: add at least one change".to_owned(),
        }]);
    }
    // Groups and users the set creates exist for its other changes (members, grants); a new
    // user whose code or email is taken is refused and left out of that snapshot.
    let clashes = users::clashes(policy, changes);
    let clashing: BTreeSet<usize> = clashes.iter().filter_map(|r| r.index).collect();
    let created = users::created(policy, changes, &clashing);
    let environments = data_environments::created(policy, changes);
    let staged = groups::staged(policy, changes, created, environments);
    let staged: &Policy = staged.as_ref().unwrap_or(policy);
    let check = GrantCheck::new(staged).map_err(|err| {
        vec![refusal(
            None,
            RefusalKind::Conflict,
            None,
            format!("the stored permissions are inconsistent: {err}"),
        )]
    })?;
    let names = Names(staged);
    // Each stored grant's position: a set of 1,000 changes must not scan every grant for each.
    let positions: FxMap<GrantKey, usize> = policy
        .grants
        .iter()
        .enumerate()
        .map(|(i, g)| (g.key(), i))
        .collect();
    // Each user's position, when the set names users (a bulk action on 1,000 of 10,000 users
    // must not scan them all for each change).
    let user_at: FxMap<UserId, usize> = if changes.iter().any(names_a_user) {
        staged
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.clone(), i))
            .collect()
    } else {
        FxMap::default()
    };
    let mut refusals = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, change) in changes.iter().enumerate() {
        if !seen.insert(change.target()) {
            refusals.push(refusal(
                Some(index),
                RefusalKind::Invalid,
                None,
                format!(
                    "{} is changed twice in one set",
                    names.target(&change.target())
                ),
            ));
            continue;
        }
        let exists = |key: &GrantKey| positions.contains_key(key);
        let judged = Judge {
            before,
            staged,
            check: &check,
            names: &names,
            exists: &exists,
            user_at: &user_at,
            actor,
        };
        if let Err(refused) = judged.change(index, change) {
            refusals.push(refused);
        }
    }
    refusals.extend(groups::deleted_and_named(&names, changes));
    refusals.extend(groups::names_clash(policy, changes));
    refusals.extend(app_connectors::names_clash(policy, changes));
    refusals.extend(data_environments::names_clash(policy, changes));
    refusals.extend(data_environments::deleted_and_named(&names, changes));
    refusals.extend(tables::deleted_and_named(changes));
    refusals.extend(tables::names_clash(policy, changes));
    refusals.extend(clashes);
    if !refusals.is_empty() {
        refusals.sort_by_key(|r| r.index);
        return Err(refusals);
    }
    let after = apply(staged, positions, &user_at, changes)?;
    let mut linked = groups::still_linked(&after, &names, changes);
    linked.extend(tokens::after_set(&after, &names, changes));
    linked.extend(tables::after_set(&after, &names, changes));
    if !linked.is_empty() {
        return Err(linked);
    }
    guard(policy, &after, &names)?;
    let invalid = |err: crate::error::PolicyError| {
        vec![refusal(
            None,
            RefusalKind::Invalid,
            None,
            names.policy_error(&err),
        )]
    };
    let environments_change = changes.iter().any(|c| {
        matches!(
            c,
            SetChange::CreateDataEnvironment { .. } | SetChange::DeleteDataEnvironment { .. }
        )
    });
    let (after, impact) = if environments_change {
        data_environments::finish(policy, after, changes, before.now()).map_err(invalid)?
    } else {
        let after = PreparedPolicy::new(after, before.now()).map_err(invalid)?;
        let impact = diff(before, &after, &Scope::Everything);
        (after, impact)
    };
    let mut resources = Some(BTreeSet::new());
    for change in changes {
        match change {
            SetChange::CreateGrant { grant } | SetChange::UpdateGrant { grant } => {
                if let Some(set) = resources.as_mut() {
                    set.insert(grant.resource.clone());
                }
            }
            SetChange::DeleteGrant { key } => {
                if let Some(set) = resources.as_mut() {
                    set.insert(key.resource.clone());
                }
            }
            SetChange::CreateGroup { .. }
            | SetChange::RenameGroup { .. }
            | SetChange::CreateUser { .. }
            | SetChange::CreateAppConnector { .. }
            | SetChange::UpdateAppConnector { .. }
            | SetChange::DeleteAppConnector { .. }
            | SetChange::CreateDataEnvironment { .. }
            | SetChange::RenameDataEnvironment { .. }
            | SetChange::IssueToken { .. }
            | SetChange::RevokeToken { .. }
            | SetChange::SetTableMode { .. }
            | SetChange::CreateFilter { .. }
            | SetChange::UpdateFilter { .. }
            | SetChange::DeleteFilter { .. }
            | SetChange::SetFilterGroups { .. }
            | SetChange::SetDeviation { .. } => {}
            SetChange::AddMember { .. }
            | SetChange::DeleteDataEnvironment { .. }
            | SetChange::RemoveMember { .. }
            | SetChange::SetUserStatus { .. }
            | SetChange::EditUser { .. }
            | SetChange::SetPrecedence { .. }
            | SetChange::DeleteGroup { .. } => resources = None,
        }
    }
    Ok(Decided {
        after,
        impact,
        resources,
    })
}

/// The snapshot after the set, from `staged` (the snapshot before it with the groups it
/// creates). Grants are replaced and removed by position; every change names a different
/// thing (checked before), so they apply in any order.
fn apply(
    staged: &Policy,
    mut positions: FxMap<GrantKey, usize>,
    user_at: &FxMap<UserId, usize>,
    changes: &[SetChange],
) -> Result<Policy, Vec<SetRefusal>> {
    let mut after = staged.clone();
    let mut removed = vec![false; after.grants.len()];
    for (index, change) in changes.iter().enumerate() {
        let done = match change {
            SetChange::CreateGrant { grant } | SetChange::UpdateGrant { grant } => {
                match positions.get(&grant.key()) {
                    Some(&at) => after.grants[at] = grant.clone(),
                    None => {
                        positions.insert(grant.key(), after.grants.len());
                        after.grants.push(grant.clone());
                        removed.push(false);
                    }
                }
                Ok(())
            }
            SetChange::DeleteGrant { key } => match positions.get(key) {
                Some(&at) => {
                    removed[at] = true;
                    Ok(())
                }
                None => Err(ChangeError::NoSuchGrant {
                    subject: key.subject.clone(),
                    resource: key.resource.clone(),
                }),
            },
            SetChange::DeleteGroup { group } => {
                groups::delete(&mut after, &mut removed, group);
                Ok(())
            }
            SetChange::RenameGroup { group } => {
                groups::rename(&mut after, group);
                Ok(())
            }
            SetChange::EditUser { user } => {
                users::edit(&mut after, user);
                Ok(())
            }
            SetChange::CreateAppConnector { .. }
            | SetChange::UpdateAppConnector { .. }
            | SetChange::DeleteAppConnector { .. } => {
                app_connectors::apply(&mut after, change);
                Ok(())
            }
            SetChange::RenameDataEnvironment { environment } => {
                data_environments::rename(&mut after, environment);
                Ok(())
            }
            SetChange::CreateGroup { .. }
            | SetChange::CreateUser { .. }
            | SetChange::CreateDataEnvironment { .. }
            | SetChange::DeleteDataEnvironment { .. }
            | SetChange::IssueToken { .. }
            | SetChange::RevokeToken { .. } => Ok(()),
            SetChange::SetTableMode { .. }
            | SetChange::CreateFilter { .. }
            | SetChange::UpdateFilter { .. }
            | SetChange::DeleteFilter { .. }
            | SetChange::SetFilterGroups { .. }
            | SetChange::SetDeviation { .. } => {
                tables::apply(&mut after, change);
                Ok(())
            }
            // Judged before (the user and group exist, membership as stated): applied at
            // the user's position.
            SetChange::AddMember { user, group } if user_at.contains_key(user) => {
                after.users[user_at[user]].groups.insert(group.clone());
                Ok(())
            }
            SetChange::RemoveMember { user, group } if user_at.contains_key(user) => {
                after.users[user_at[user]].groups.remove(group);
                Ok(())
            }
            SetChange::SetUserStatus { user, status } if user_at.contains_key(user) => {
                after.users[user_at[user]].status = *status;
                Ok(())
            }
            SetChange::AddMember { .. }
            | SetChange::RemoveMember { .. }
            | SetChange::SetUserStatus { .. }
            | SetChange::SetPrecedence { .. } => match change.edit() {
                Some(edit) => edit.apply_unvalidated(&mut after),
                None => Ok(()),
            },
        };
        if let Err(err) = done {
            return Err(vec![refusal(
                Some(index),
                RefusalKind::Conflict,
                None,
                err.to_string(),
            )]);
        }
    }
    // Environments go last: no change of the set names a deleted one (checked before).
    data_environments::strip(
        &mut after,
        &mut removed,
        &data_environments::deleted(changes),
    );
    let mut keep = removed.into_iter();
    after.grants.retain(|_| !keep.next().unwrap_or(false));
    Ok(after)
}
/// The lock-out guard on the set as a whole: no resource loses its last permanent Owner,
/// the organisation keeps an account owner. Only damage done by the set counts.
fn guard(before: &Policy, after: &Policy, names: &Names<'_>) -> Result<(), Vec<SetRefusal>> {
    let mut refusals = Vec::new();
    if before.account_owners().next().is_some() && after.account_owners().next().is_none() {
        refusals.push(refusal(
            None,
            RefusalKind::Conflict,
            None,
            "these changes would leave the organisation without an account owner".to_owned(),
        ));
    }
    let owned_after = owned_resources(after);
    for lost in owned_resources(before)
        .into_iter()
        .filter(|r| !owned_after.contains(r))
    {
        refusals.push(refusal(
            None,
            RefusalKind::Conflict,
            None,
            format!(
                "these changes would leave {} without an owner: give someone else Owner in the same save",
                names.resource(&lost)
            ),
        ));
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}
pub(super) fn refusal(
    index: Option<usize>,
    kind: RefusalKind,
    field: Option<&str>,
    message: String,
) -> SetRefusal {
    SetRefusal {
        index,
        kind,
        field: field.map(str::to_owned),
        message,
    }
}

/// Whether `change` names an existing user by id (membership, status).
fn names_a_user(change: &SetChange) -> bool {
    matches!(
        change,
        SetChange::AddMember { .. }
            | SetChange::RemoveMember { .. }
            | SetChange::SetUserStatus { .. }
    )
}
