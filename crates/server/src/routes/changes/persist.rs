//! Storing a decided change set inside its transaction: each grant written with its version
//! check, each touched resource's permissions version bumped once, memberships changed, and
//! one audit entry per changed entity (each grant; each group whose members changed).

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_policy::{GroupId, PreparedPolicy, UserId};
use gatehouse_wire::GrantView;
use serde_json::json;
use sqlx::AnyConnection;

use super::plan::Step;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::context::{audit, Audited, PolicyContext};
use crate::routes::resources::grant_view;
use crate::store::grants as store;
use crate::store::groups::set_membership;

/// Writes `steps`; returns the created and updated grants as stored.
pub(super) async fn persist(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    before: &PreparedPolicy,
    steps: Vec<Step>,
) -> Result<Vec<GrantView>, ApiError> {
    let mut locked = BTreeSet::new();
    let mut written = Vec::new();
    // Each group's members before and after, for one audit entry per group.
    let mut groups: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for step in steps {
        if let Some(resource) = step_resource(&step) {
            if locked.insert(resource.to_owned()) && !store::lock_resource(conn, resource).await? {
                return Err(gone("resource"));
            }
        }
        match step {
            Step::Create(row) => {
                store::insert_grant(conn, &row).await?;
                let view = grant_view(before, row);
                record(conn, ctx, caller, "create", &view.id, None, Some(&view)).await?;
                written.push(view);
            }
            Step::Update { before: old, after } => {
                if !store::update_grant(conn, &after, old.version).await? {
                    return Err(gone("grant"));
                }
                let (old, new) = (grant_view(before, old), grant_view(before, after));
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
                if !set_membership(conn, &group, &user, add).await? {
                    return Err(gone("membership"));
                }
                let entry = groups
                    .entry(group.clone())
                    .or_insert_with(|| members(before, &group));
                let name = user_name(before, &user);
                if add {
                    entry.1.push(name);
                } else {
                    entry.1.retain(|m| *m != name);
                }
            }
        }
    }
    for (group, (old, mut new)) in groups {
        new.sort();
        let what = Audited {
            action: "update",
            entity: "group",
            id: &group,
        };
        let name = GroupId::parse(&group)
            .ok()
            .and_then(|id| before.policy().group(&id).map(|g| g.name.clone()))
            .unwrap_or_default();
        let state = |members: &[String]| json!({ "id": group, "name": name, "members": members });
        audit(
            conn,
            ctx,
            caller,
            what,
            Some(&state(&old)),
            Some(&state(&new)),
        )
        .await?;
    }
    Ok(written)
}

/// The resource whose permissions a step changes.
fn step_resource(step: &Step) -> Option<&str> {
    match step {
        Step::Create(row) | Step::Update { after: row, .. } | Step::Delete(row) => {
            Some(&row.resource)
        }
        Step::Member { .. } => None,
    }
}

/// The names of a group's members before the set, sorted.
fn members(before: &PreparedPolicy, group: &str) -> (Vec<String>, Vec<String>) {
    let mut names: Vec<String> = GroupId::parse(group)
        .map(|id| {
            before
                .policy()
                .users
                .iter()
                .filter(|u| u.groups.contains(&id))
                .map(|u| u.name.clone())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    (names.clone(), names)
}

fn user_name(before: &PreparedPolicy, user: &str) -> String {
    UserId::parse(user)
        .ok()
        .and_then(|id| before.policy().user(&id).map(|u| u.name.clone()))
        .unwrap_or_else(|| user.to_owned())
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
