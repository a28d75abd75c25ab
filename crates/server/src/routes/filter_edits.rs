//! The steps every filter change shares: authorise, let the policy crate validate the
//! proposed table, serialise changes to one table, re-check and audit after writing, and the
//! 412/404 answers.

use gatehouse_policy::{Filter, FilterError, FilterId, Policy, PolicyError, Predicate, TableId};
use gatehouse_wire::FilterView;
use sqlx::AnyConnection;

use super::context::PolicyContext;
use super::integration::{audit, recheck, stale, user_refs, Audited};
use super::tables::{filter_views, managed_table};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::snapshot::load_policy;
use crate::store::tables as store;
use crate::AppState;

/// The table must exist and the caller manage it.
pub(super) async fn authorise(
    state: &AppState,
    ctx: &PolicyContext,
    table: &str,
) -> Result<(), ApiError> {
    let mut conn = state.store.pool().acquire().await?;
    managed_table(&mut conn, ctx, table).await.map(|_| ())
}

/// As [`authorise`], and the filter must exist: its current view.
pub(super) async fn authorise_filter(
    state: &AppState,
    ctx: &PolicyContext,
    table: &str,
    filter: &str,
) -> Result<FilterView, ApiError> {
    let mut conn = state.store.pool().acquire().await?;
    managed_table(&mut conn, ctx, table).await?;
    current(&mut conn, &ctx.policy, &ctx.env.code, table, filter).await
}

/// Applies `edit` to a copy of the table and lets the policy crate validate the result.
pub(super) fn propose(
    ctx: &PolicyContext,
    table: &str,
    edit: impl FnOnce(&mut gatehouse_policy::Table) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let mut next = gatehouse_policy::Policy::clone(&ctx.policy);
    let id = TableId::parse(table).map_err(|e| ApiError::invalid("id", e.to_string()))?;
    let t = next
        .tables
        .iter_mut()
        .find(|t| t.id == id)
        .ok_or_else(|| table_not_found(table))?;
    edit(t)?;
    next.validate().map_err(|err| {
        let field = match &err {
            PolicyError::Filter(FilterError::UnknownGroup { .. }) => "groups",
            PolicyError::Filter(FilterError::UnknownDeviationUser { .. }) => "user",
            PolicyError::Filter(FilterError::DuplicateFilter { .. }) => "name",
            _ => "predicate",
        };
        ApiError::invalid(field, err.to_string())
    })
}

/// After a write: re-check the snapshot, audit, and return the filter as stored now.
pub(super) async fn finish(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &Caller,
    table: &str,
    filter: &str,
    action: &str,
    before: Option<&FilterView>,
) -> Result<FilterView, ApiError> {
    let policy = recheck(conn, ctx).await?;
    let after = current(conn, &policy, &ctx.env.code, table, filter).await?;
    let id = format!("{table}/{filter}");
    let what = Audited {
        action,
        entity: "filter",
        id: &id,
    };
    audit(conn, ctx, caller, what, before, Some(&after)).await?;
    Ok(after)
}

/// The filter's view as stored on `conn`, or 404.
pub(super) async fn current(
    conn: &mut AnyConnection,
    policy: &Policy,
    environment: &str,
    table: &str,
    filter: &str,
) -> Result<FilterView, ApiError> {
    let refs = user_refs(conn, environment).await?;
    filter_views(conn, policy, &refs, table)
        .await?
        .into_iter()
        .find(|f| f.id == filter)
        .ok_or_else(|| filter_not_found(filter))
}

/// The 412 with the filter's current state (or 404 when it was deleted meanwhile).
pub(super) async fn stale_now(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    table: &str,
    filter: &str,
    sent: i64,
) -> ApiError {
    let policy = match load_policy(conn, &ctx.env.code).await {
        Ok(policy) => policy,
        Err(err) => return err.into(),
    };
    match current(conn, &policy, &ctx.env.code, table, filter).await {
        Ok(view) => stale("this filter", sent, view.version, &view),
        Err(err) => err,
    }
}

/// Serialises changes to one table's filters (references between them are re-checked).
pub(super) async fn lock(conn: &mut AnyConnection, table: &str) -> Result<(), ApiError> {
    if store::lock(conn, table).await? {
        Ok(())
    } else {
        Err(table_not_found(table))
    }
}

/// A filter referred to by another filter of the table cannot be deleted.
pub(super) fn refuse_if_referenced(
    policy: &Policy,
    table: &str,
    filter: &str,
) -> Result<(), ApiError> {
    let users: Vec<String> = policy
        .tables
        .iter()
        .filter(|t| t.id.as_str() == table)
        .flat_map(|t| &t.filters)
        .filter(|f| {
            f.predicate
                .references()
                .iter()
                .any(|r| r.as_str() == filter)
        })
        .map(|f| format!("`{}`", f.name))
        .collect();
    if users.is_empty() {
        return Ok(());
    }
    Err(ApiError::Conflict {
        message: format!(
            "filter `{filter}` is used by filter {}; change that first",
            users.join(", ")
        ),
        field: Some("filter".to_owned()),
    })
}

/// A readable, unique id from the name (`ICT requests` → `ict-requests`).
pub(super) fn new_filter_id(
    policy: &Policy,
    table: &str,
    name: &str,
) -> Result<FilterId, ApiError> {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    let base: String = if slug.is_empty() { "filter" } else { slug }
        .chars()
        .take(48)
        .collect();
    let taken = |id: &str| {
        policy
            .tables
            .iter()
            .filter(|t| t.id.as_str() == table)
            .flat_map(|t| &t.filters)
            .any(|f| f.id.as_str() == id)
    };
    let id = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken(id))
        .unwrap_or(base);
    FilterId::parse(&id).map_err(|e| ApiError::invalid("name", e.to_string()))
}

/// The filter `filter` of `table`, mutably, or 404.
pub(super) fn find_mut<'t>(
    table: &'t mut gatehouse_policy::Table,
    filter: &str,
) -> Result<&'t mut Filter, ApiError> {
    table
        .filters
        .iter_mut()
        .find(|f| f.id.as_str() == filter)
        .ok_or_else(|| filter_not_found(filter))
}

/// The predicate as stored (the policy crate's JSON form).
pub(super) fn predicate_json(predicate: &Predicate) -> Result<String, ApiError> {
    serde_json::to_string(predicate).map_err(|e| ApiError::Internal(e.to_string()))
}

/// The 404 for a table.
pub(super) fn table_not_found(id: &str) -> ApiError {
    ApiError::NotFound {
        what: "table",
        id: id.to_owned(),
        field: "id",
    }
}

/// The 404 for a filter.
pub(super) fn filter_not_found(id: &str) -> ApiError {
    ApiError::NotFound {
        what: "filter",
        id: id.to_owned(),
        field: "filter",
    }
}
