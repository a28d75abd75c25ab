//! Storing a decided change set inside its transaction: each grant and group written with
//! its version check, each touched resource's permissions version and each touched group's
//! version bumped once, and one audit entry per changed entity (each grant; each group
//! created, renamed, deleted or whose members changed, with its members before and after).

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_policy::{GroupId, PreparedPolicy, Subject};
use gatehouse_wire::{GrantView, GroupDetail, UserStatus};
use serde_json::json;
use sqlx::AnyConnection;

use super::plan::Step;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::context::{audit, Audited, PolicyContext};
use crate::routes::resources::grant_view;
use crate::store::grants as store;
use crate::store::groups as groups_store;
use crate::store::users::{status_str, UserInsert};
use crate::store::Store;

/// What a change set stored: the grants and groups created or changed, as stored now.
pub(super) struct Stored {
    pub grants: Vec<GrantView>,
    pub groups: Vec<GroupDetail>,
}

/// Writes `steps` (decided on `before`, leading to `after`): groups created first, so that
/// the set's other changes may name them; one audit entry per grant and per group.
pub(super) async fn persist(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    (before, after): (&PreparedPolicy, &PreparedPolicy),
    mut steps: Vec<Step>,
) -> Result<Stored, ApiError> {
    let env = ctx.env.code.as_str();
    let mut locked = BTreeSet::new();
    let mut written = Vec::new();
    // Each touched group as it was before the set (`None` for one it creates), in the order
    // first touched; renamed and deleted ones carry their version check already.
    let mut groups: BTreeMap<String, Option<GroupDetail>> = BTreeMap::new();
    let mut versioned = BTreeSet::new();
    steps.sort_by_key(|step| !matches!(step, Step::CreateGroup(_) | Step::CreateUser(_)));
    for step in steps {
        for resource in step_resources(before, &step) {
            if locked.insert(resource.clone()) && !store::lock_resource(conn, &resource).await? {
                return Err(gone("resource"));
            }
        }
        match step {
            Step::Create(row) => {
                store::insert_grant(conn, &row).await?;
                let view = grant_view(after, row);
                record(conn, ctx, caller, "create", &view.id, None, Some(&view)).await?;
                written.push(view);
            }
            Step::Update {
                before: old,
                after: new,
            } => {
                if !store::update_grant(conn, &new, old.version).await? {
                    return Err(gone("grant"));
                }
                let (old, new) = (grant_view(before, old), grant_view(after, new));
                record(conn, ctx, caller, "update", &new.id, Some(&old), Some(&new)).await?;
                written.push(new);
            }
            Step::Delete(old) => {
                if !store::delete_grant(conn, &old.id, old.version).await? {
                    return Err(gone("grant"));
                }
                let old = grant_view(before, old);
                record(conn, ctx, caller, "delete", &old.id, Some(&old), None).await?;
            }
            Step::Member { group, user, add } => {
                if !groups.contains_key(&group) {
                    let stored = groups_store::group_detail(conn, env, &group).await?;
                    groups.insert(group.clone(), stored);
                }
                if !groups_store::set_membership(conn, &group, &user, add).await? {
                    return Err(gone("membership"));
                }
            }
            Step::CreateGroup(group) => {
                let id = group.id.to_string();
                groups_store::insert_group(conn, env, &id, &group.name, &group.description).await?;
                groups.insert(id.clone(), None);
                versioned.insert(id);
            }
            Step::RenameGroup { group, stored } => {
                let ok = groups_store::update_group(
                    conn,
                    &stored.id,
                    stored.version,
                    &group.name,
                    &group.description,
                )
                .await?;
                if !ok {
                    return Err(gone("group"));
                }
                versioned.insert(stored.id.clone());
                groups.insert(stored.id.clone(), Some(stored));
            }
            Step::CreateUser(user) => {
                let insert = UserInsert {
                    id: user.id.to_string(),
                    environment: env.to_owned(),
                    code: user
                        .code
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    name: user.name.clone(),
                    email: user.email.as_ref().map(ToString::to_string),
                    status: UserStatus::Active,
                    account_owner: false,
                    flags: gatehouse_wire::UserFlags {
                        windows: user.flags.windows,
                        insite: user.flags.insite,
                        pocket: user.flags.pocket,
                    },
                };
                Store::insert_user(conn, &insert).await?;
                let after = json!({
                    "id": insert.id,
                    "code": insert.code,
                    "name": insert.name,
                    "email": insert.email,
                    "status": status_str(insert.status),
                    "flags": insert.flags,
                });
                let what = Audited {
                    action: "create",
                    entity: "user",
                    id: &insert.id,
                };
                audit(conn, ctx, caller, what, None, Some(&after)).await?;
            }
            Step::DeleteGroup(stored) => {
                if !groups_store::delete_group(conn, &stored.id, stored.version).await? {
                    return Err(gone("group"));
                }
                versioned.insert(stored.id.clone());
                groups.insert(stored.id.clone(), Some(stored));
            }
        }
    }
    let mut changed_groups = Vec::new();
    for (id, old) in groups {
        // Member changes alone bump the version once per set.
        if !versioned.contains(&id) {
            groups_store::bump_version(conn, &id).await?;
        }
        let new = groups_store::group_detail(conn, env, &id).await?;
        let action = match (&old, &new) {
            (None, _) => "create",
            (Some(_), None) => "delete",
            (Some(_), Some(_)) => "update",
        };
        let what = Audited {
            action,
            entity: "group",
            id: &id,
        };
        audit(conn, ctx, caller, what, old.as_ref(), new.as_ref()).await?;
        changed_groups.extend(new);
    }
    Ok(Stored {
        grants: written,
        groups: changed_groups,
    })
}

/// The resources whose permissions a step changes: a grant's, or every resource a deleted
/// group had a grant on.
fn step_resources(before: &PreparedPolicy, step: &Step) -> Vec<String> {
    match step {
        Step::Create(row) | Step::Update { after: row, .. } | Step::Delete(row) => {
            vec![row.resource.clone()]
        }
        Step::DeleteGroup(stored) => GroupId::parse(&stored.id)
            .map(|id| {
                let subject = Subject::Group(id);
                before
                    .policy()
                    .grants
                    .iter()
                    .filter(|g| g.subject == subject)
                    .map(|g| g.resource.to_string())
                    .collect()
            })
            .unwrap_or_default(),
        Step::Member { .. }
        | Step::CreateGroup(_)
        | Step::RenameGroup { .. }
        | Step::CreateUser(_) => Vec::new(),
    }
}

/// Decided on the snapshot read in this transaction, a write cannot miss; if one does, the
/// data changed under the lock, and nothing is written.
fn gone(what: &str) -> ApiError {
    ApiError::Conflict {
        message: format!("a {what} changed while the change set was saved; reload and try again"),
        field: None,
    }
}

async fn record(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    action: &str,
    id: &str,
    before: Option<&GrantView>,
    after: Option<&GrantView>,
) -> Result<(), ApiError> {
    let what = Audited {
        action,
        entity: "grant",
        id,
    };
    audit(conn, ctx, caller, what, before, after).await
}
