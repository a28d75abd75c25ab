//! Storing a decided change set inside its transaction: each grant and group written with
//! its version check, each touched resource's permissions version and each touched group's
//! version bumped once, and one audit entry per changed entity (each grant; each group
//! created, renamed, deleted or whose members changed, with its members before and after).
//! Grant creations and deletions and the grants' audit entries are held and written many
//! rows a statement (multi-row `INSERT`s, `DELETE … OR …`), not one statement a row.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_policy::{GroupId, PreparedPolicy, Subject};
use gatehouse_wire::{
    AppConnectorView, DataEnvironmentView, GrantView, GroupDetail, IssuedToken, TokenView,
    UserSummary,
};
use serde_json::Value;
use sqlx::AnyConnection;

use super::super::context::Author;
use super::people;
use super::plan::Step;
use super::tables;
use super::tokens;
use crate::error::ApiError;
use crate::routes::app_connector_views::current_view;
use crate::routes::context::{audit, Audited, PolicyContext};
use crate::routes::data_environments::data_environment_view;
use crate::routes::resources::grant_view;
use crate::store::app_connectors as app_connectors_store;
use crate::store::audit::{record_all, AuditRecord};
use crate::store::data_environments as data_environments_store;
use crate::store::grants::{self as store, GrantRow};
use crate::store::groups as groups_store;
use crate::store::users::users_by_ids;

/// What a change set stored: the grants, groups and users created or changed, as stored now.
pub(super) struct Stored {
    pub grants: Vec<GrantView>,
    pub groups: Vec<GroupDetail>,
    pub users: Vec<UserSummary>,
    pub app_connectors: Vec<AppConnectorView>,
    pub data_environments: Vec<DataEnvironmentView>,
    pub issued_tokens: Vec<IssuedToken>,
    pub revoked_tokens: Vec<TokenView>,
    pub tables: Vec<gatehouse_wire::TableSummary>,
    pub filters: Vec<gatehouse_wire::ChangedFilter>,
}

/// Writes `steps` (decided on `before`, leading to `after`): groups created first, so that
/// the set's other changes may name them; one audit entry per grant and per group.
pub(super) async fn persist(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    (before, after): (&PreparedPolicy, &PreparedPolicy),
    mut steps: Vec<Step>,
) -> Result<Stored, ApiError> {
    let env = ctx.env.code.as_str();
    let mut written = Vec::new();
    // Each touched group as it was before the set (`None` for one it creates), in the order
    // first touched; renamed and deleted ones carry their version check already.
    let mut groups: BTreeMap<String, Option<GroupDetail>> = BTreeMap::new();
    let mut versioned = BTreeSet::new();
    let mut users: BTreeSet<String> = BTreeSet::new();
    // Each app connector created or changed, with its state before (`None` when created).
    let mut app_connectors: Vec<(String, Option<AppConnectorView>)> = Vec::new();
    // Deleted groups first (a new group may take a freed name), then new groups and users (the
    // rest may name them), revocations before app connectors go with their tokens, issues
    // after the app connectors they are for are stored.
    steps.sort_by_key(|step| match step {
        Step::DeleteGroup(_) => 0,
        Step::CreateGroup(_) | Step::CreateUser(_) => 1,
        Step::RevokeToken(_) => 2,
        Step::IssueToken(_) => 4,
        _ => 3,
    });
    lock_resources(conn, before, &steps).await?;
    // Names are unique after the set, not in between: every group the set gives a new name
    // first gets one no other group holds (with its version check), the real one below.
    for step in &steps {
        if let Step::RenameGroup { group, stored } = step {
            if group.name != stored.name {
                let interim = format!("\u{7f}renaming {}", stored.id);
                let checked = groups_store::update_group(
                    conn,
                    &stored.id,
                    stored.version,
                    &interim,
                    &group.description,
                )
                .await?;
                if !checked {
                    return Err(gone("group"));
                }
            }
        }
    }
    // Data environments go last, on the grants as the rest of the set leaves them.
    let (environment_steps, steps): (Vec<Step>, Vec<Step>) = steps.into_iter().partition(|s| {
        matches!(
            s,
            Step::CreateDataEnvironment(_)
                | Step::RenameDataEnvironment { .. }
                | Step::DeleteDataEnvironment(_)
        )
    });
    // Tables after the groups and users (activations and deviations name them).
    let mut table_steps = Vec::new();
    let steps: Vec<Step> = steps
        .into_iter()
        .filter_map(|step| match step {
            Step::Table(table) => {
                table_steps.push(table);
                None
            }
            other => Some(other),
        })
        .collect();
    let mut held = HeldGrants::default();
    let mut issued_tokens = Vec::new();
    let mut revoked_tokens = Vec::new();
    for step in steps {
        if !matches!(
            step,
            Step::Create(_) | Step::Update { .. } | Step::Delete(_)
        ) {
            // The database sees the grant writes before any later step, as the set orders them.
            held.write(conn, ctx, caller).await?;
        }
        match step {
            Step::Create(row) => written.push(held.create(after, row)),
            Step::Update {
                before: old,
                after: new,
            } => written.push(held.update(conn, (before, after), old, new).await?),
            Step::Delete(old) => held.delete(before, old),
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
                if group.name == stored.name {
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
                } else {
                    groups_store::set_group_name(conn, &stored.id, &group.name).await?;
                }
                versioned.insert(stored.id.clone());
                groups.insert(stored.id.clone(), Some(stored));
            }
            Step::CreateUser(user) => {
                people::create_user(conn, ctx, caller, &user).await?;
                users.insert(user.id.to_string());
            }
            Step::EditUser { stored, after } => {
                people::update_user(conn, ctx, caller, &stored, &after).await?;
                users.insert(stored.id);
            }
            Step::SetPrecedence(precedence) => {
                people::set_precedence(conn, ctx, caller, precedence).await?;
            }
            Step::CreateAppConnector(row) => {
                app_connectors_store::insert(conn, env, &row).await?;
                app_connectors.push((row.id, None));
            }
            Step::UpdateAppConnector { stored, row } => {
                if !app_connectors_store::update(conn, &row, stored.version).await? {
                    return Err(gone("app connector"));
                }
                app_connectors.push((row.id.clone(), Some(stored)));
            }
            Step::DeleteAppConnector(stored) => {
                if !app_connectors_store::delete(conn, &stored.id, stored.version).await? {
                    return Err(gone("app connector"));
                }
                let what = Audited {
                    action: "delete",
                    entity: "app_connector",
                    id: &stored.id,
                };
                audit(conn, ctx, caller, what, Some(&stored), None).await?;
            }
            Step::DeleteGroup(stored) => {
                // The group's grants go with it: each audited, so the log (and an undo) has them.
                for row in store::grants_of_group(conn, &stored.id).await? {
                    let view = grant_view(before, row);
                    held.audit("delete", &view.id, Some(&view), None);
                }
                if !groups_store::delete_group(conn, &stored.id, stored.version).await? {
                    return Err(gone("group"));
                }
                versioned.insert(stored.id.clone());
                groups.insert(stored.id.clone(), Some(stored));
            }
            Step::CreateDataEnvironment(_)
            | Step::RenameDataEnvironment { .. }
            | Step::DeleteDataEnvironment(_) => {}
            Step::IssueToken(token) => {
                issued_tokens.push(tokens::issue(conn, ctx, caller, after, &token).await?);
            }
            Step::RevokeToken(row) => {
                revoked_tokens.push(tokens::revoke(conn, ctx, caller, row).await?);
            }
            Step::Table(_) => {}
        }
    }
    held.write(conn, ctx, caller).await?;
    let tables = tables::write(conn, ctx, caller, after, table_steps).await?;
    let data_environments = data_environments(
        conn,
        ctx,
        caller,
        (before, after),
        environment_steps,
        &mut held,
    )
    .await?;
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
    let mut changed_app_connectors = Vec::with_capacity(app_connectors.len());
    for (id, old) in app_connectors {
        let new = current_view(conn, after.policy(), env, &id).await?;
        let what = Audited {
            action: if old.is_some() { "update" } else { "create" },
            entity: "app_connector",
            id: &id,
        };
        audit(conn, ctx, caller, what, old.as_ref(), Some(&new)).await?;
        changed_app_connectors.push(new);
    }
    let users: Vec<&str> = users.iter().map(String::as_str).collect();
    Ok(Stored {
        tables: tables.tables,
        filters: tables.filters,
        data_environments,
        issued_tokens,
        revoked_tokens,
        app_connectors: changed_app_connectors,
        grants: written,
        groups: changed_groups,
        users: users_by_ids(conn, env, &users).await?,
    })
}

/// Locks every resource whose permissions `steps` change, each once.
async fn lock_resources(
    conn: &mut AnyConnection,
    before: &PreparedPolicy,
    steps: &[Step],
) -> Result<(), ApiError> {
    let resources: BTreeSet<String> = steps
        .iter()
        .flat_map(|step| step_resources(before, step))
        .collect();
    let resources: Vec<&str> = resources.iter().map(String::as_str).collect();
    if !store::lock_resources(conn, &resources).await? {
        return Err(gone("resource"));
    }
    Ok(())
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
        | Step::CreateUser(_)
        | Step::EditUser { .. }
        | Step::CreateAppConnector(_)
        | Step::UpdateAppConnector { .. }
        | Step::DeleteAppConnector(_)
        | Step::CreateDataEnvironment(_)
        | Step::RenameDataEnvironment { .. }
        | Step::IssueToken(_)
        | Step::RevokeToken(_)
        | Step::Table(_)
        | Step::SetPrecedence(_) => Vec::new(),
        Step::DeleteDataEnvironment(stored) => before
            .policy()
            .grants
            .iter()
            .filter(|g| g.environments.iter().any(|e| e.as_str() == stored.id))
            .map(|g| g.resource.to_string())
            .collect(),
    }
}

/// Writes the data environment steps, after every other step of the set: deletions first
/// (each takes the environment out of the grants covering it now — a grant left without
/// environments goes —, each grant audited), then renames (in two steps, so that two
/// environments may swap names), then creations; one audit entry per environment. The
/// environments created or renamed, as stored now.
async fn data_environments(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    (before, after): (&PreparedPolicy, &PreparedPolicy),
    steps: Vec<Step>,
    held: &mut HeldGrants,
) -> Result<Vec<DataEnvironmentView>, ApiError> {
    if steps.is_empty() {
        return Ok(Vec::new());
    }
    let env = ctx.env.code.as_str();
    let mut audited: Vec<(&'static str, String, Option<DataEnvironmentView>)> = Vec::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut created = Vec::new();
    for step in steps {
        match step {
            Step::DeleteDataEnvironment(stored) => {
                for grant in store::grants_covering(conn, env, &stored.id).await? {
                    if grant.environments.iter().all(|e| *e == stored.id) {
                        held.delete(before, grant);
                    } else {
                        let mut stripped = grant.clone();
                        stripped.environments.retain(|e| *e != stored.id);
                        stripped.version += 1;
                        held.update(conn, (before, after), grant, stripped).await?;
                    }
                }
                held.write(conn, ctx, caller).await?;
                if !data_environments_store::delete(conn, env, &stored.id, stored.version).await? {
                    return Err(gone("data environment"));
                }
                let old = data_environment_view(before.policy(), stored);
                audited.push(("delete", old.id.clone(), Some(old)));
            }
            Step::RenameDataEnvironment {
                environment,
                stored,
            } => {
                let interim = format!("\u{7f}renaming {}", stored.id);
                if !data_environments_store::rename(conn, env, &stored.id, &interim, stored.version)
                    .await?
                {
                    return Err(gone("data environment"));
                }
                renames.push((stored.id.clone(), environment.name.clone()));
                let old = data_environment_view(before.policy(), stored);
                audited.push(("update", old.id.clone(), Some(old)));
            }
            Step::CreateDataEnvironment(environment) => created.push(environment),
            _ => {}
        }
    }
    for (id, name) in &renames {
        data_environments_store::set_name(conn, env, id, name).await?;
    }
    for environment in created {
        data_environments_store::insert(conn, env, &environment).await?;
        audited.push(("create", environment.id.to_string(), None));
    }
    let now: Vec<DataEnvironmentView> = data_environments_store::list(conn, env)
        .await?
        .into_iter()
        .map(|row| data_environment_view(after.policy(), row))
        .collect();
    let mut changed = Vec::new();
    for (action, id, old) in audited {
        let new = now.iter().find(|e| e.id == id);
        let what = Audited {
            action,
            entity: "data_environment",
            id: &id,
        };
        audit(conn, ctx, caller, what, old.as_ref(), new).await?;
        changed.extend(new.cloned());
    }
    Ok(changed)
}

/// Decided on the snapshot read in this transaction, a write cannot miss; if one does, the
/// data changed under the lock, and nothing is written.
fn gone(what: &str) -> ApiError {
    ApiError::Conflict {
        message: format!("a {what} changed while the change set was saved; reload and try again"),
        field: None,
    }
}

/// Grant creations and deletions held back to be written together (a few multi-row
/// statements instead of several statements each), with the audit entries of every grant
/// step in the set's order. Updates are written at once; their entries are held too, so the
/// log keeps the set's order.
#[derive(Default)]
struct HeldGrants {
    creates: Vec<GrantRow>,
    deletes: Vec<(String, i64)>,
    audits: Vec<GrantAudit>,
}

/// The audit entry of one grant step.
struct GrantAudit {
    action: &'static str,
    id: String,
    before: Option<Value>,
    after: Option<Value>,
}

impl HeldGrants {
    /// Holds the insertion of `row`; the grant as it will be stored.
    fn create(&mut self, after: &PreparedPolicy, row: GrantRow) -> GrantView {
        let view = grant_view(after, row.clone());
        self.audit("create", &view.id, None, Some(&view));
        self.creates.push(row);
        view
    }

    /// Updates the stored grant `old` to `new` now, with its version check; the grant as
    /// stored.
    async fn update(
        &mut self,
        conn: &mut AnyConnection,
        (before, after): (&PreparedPolicy, &PreparedPolicy),
        old: GrantRow,
        new: GrantRow,
    ) -> Result<GrantView, ApiError> {
        if !store::update_grant(conn, &new, old.version).await? {
            return Err(gone("grant"));
        }
        let (old, new) = (grant_view(before, old), grant_view(after, new));
        self.audit("update", &new.id, Some(&old), Some(&new));
        Ok(new)
    }

    /// Holds the deletion of the stored grant `old`, with its version check.
    fn delete(&mut self, before: &PreparedPolicy, old: GrantRow) {
        self.deletes.push((old.id.clone(), old.version));
        let old = grant_view(before, old);
        self.audit("delete", &old.id, Some(&old), None);
    }

    /// Holds the audit entry of a grant step.
    fn audit(
        &mut self,
        action: &'static str,
        id: &str,
        before: Option<&GrantView>,
        after: Option<&GrantView>,
    ) {
        let json = |view: Option<&GrantView>| view.and_then(|v| serde_json::to_value(v).ok());
        self.audits.push(GrantAudit {
            action,
            id: id.to_owned(),
            before: json(before),
            after: json(after),
        });
    }

    /// Writes what is held: the deletions (so a grant deleted and created again in one set
    /// does not meet itself), the insertions, then the audit entries; nothing is held after.
    async fn write(
        &mut self,
        conn: &mut AnyConnection,
        ctx: &PolicyContext,
        caller: &dyn Author,
    ) -> Result<(), ApiError> {
        let Self {
            creates,
            deletes,
            mut audits,
        } = std::mem::take(self);
        let deletes: Vec<(&str, i64)> = deletes.iter().map(|(id, v)| (id.as_str(), *v)).collect();
        if !store::delete_grants(conn, &deletes).await? {
            return Err(gone("grant"));
        }
        store::insert_grants(conn, &creates).await?;
        // As `context::audit` records an entry, for many at once.
        let entries: Vec<AuditRecord<'_>> = audits
            .iter_mut()
            .map(|audit| AuditRecord {
                environment: &ctx.env.code,
                actor_id: caller.author_id(),
                actor_code: caller.author_code(),
                action: audit.action,
                entity: "grant",
                entity_id: &audit.id,
                before: audit.before.take(),
                after: audit.after.take(),
                change_set: caller.change_set().map(|m| m.id.as_str()),
                undo_of: caller.change_set().and_then(|m| m.undo_of.as_deref()),
            })
            .collect();
        record_all(conn, &entries).await?;
        Ok(())
    }
}
