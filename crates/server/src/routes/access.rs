//! Effective access with explanations, the shadowed-grant lint, and the what-if preview of a
//! proposed change — all computed by the policy crate.

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use gatehouse_policy::{check_change, Change, ResourceId, UserId};
use gatehouse_wire::{ImpactPreview, ShadowedGrant, UserAccess};

use super::context::PolicyContext;
use super::resources::data_environments;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::audit::AuditQuery;
use crate::AppState;

/// The access routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/environments/{env}/users/{code}/access", get(user_access))
        .route("/environments/{env}/lint", get(lint))
        .route("/environments/{env}/what-if", post(what_if))
        .route("/environments/{env}/audit", get(audit_log))
        .route("/environments/{env}/policy", get(policy_snapshot))
}

/// The whole permission snapshot, for previews computed in the browser with the same policy
/// crate. Only for administrators: the account owner, or an owner of some resource.
async fn policy_snapshot(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<gatehouse_policy::Policy>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let administers = ctx
        .policy
        .resources
        .iter()
        .any(|r| ctx.prepared.may_edit_permissions(&ctx.actor, &r.id).is_ok());
    if !administers {
        return Err(ApiError::Forbidden(
            "only the account owner and resource owners can read the whole policy".to_owned(),
        ));
    }
    Ok(Json(ctx.policy))
}

/// Every decision for one user over the resources the caller can see.
async fn user_access(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, code)): Path<(String, String)>,
) -> Result<Json<UserAccess>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let user = state
        .store
        .find_user(&ctx.env.code, &code)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "user",
            id: code.clone(),
            field: "code",
        })?;
    let user_id = UserId::parse(&user.id).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut decisions = Vec::new();
    for resource in &ctx.policy.resources {
        if !caller_sees(&ctx, &resource.id) {
            continue;
        }
        for env in &ctx.policy.environments {
            let decision = ctx
                .prepared
                .explain(&user_id, &resource.id, &env.id)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            decisions.push(decision);
        }
    }
    Ok(Json(UserAccess {
        code: user.code,
        environments: data_environments(&ctx),
        decisions,
    }))
}

/// Whether the caller's role on `resource` is above None somewhere.
fn caller_sees(ctx: &PolicyContext, resource: &ResourceId) -> bool {
    ctx.policy.environments.iter().any(|env| {
        ctx.prepared
            .effective_role(&ctx.actor, resource, &env.id)
            .is_ok_and(|r| r.level() > 0)
    })
}

/// Every grant without effect, on resources the caller can see.
async fn lint(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Vec<ShadowedGrant>>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let items = ctx
        .prepared
        .lint()
        .into_iter()
        .filter(|s| caller_sees(&ctx, &s.resource))
        .collect();
    Ok(Json(items))
}

/// Previews proposed changes: who gains or loses what, what would be shadowed, and whether
/// the lock-out guard would refuse. Nothing is saved.
async fn what_if(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(changes): ApiJson<Vec<Change>>,
) -> Result<Json<ImpactPreview>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut refusal = None;
    let mut after = ctx.policy.clone();
    for change in &changes {
        if let Err(err) = check_change(&after, change) {
            refusal.get_or_insert(err.to_string());
        }
        change
            .apply(&mut after)
            .map_err(|e| ApiError::invalid("changes", e.to_string()))?;
    }
    let changed = ctx
        .prepared
        .what_if(&changes)
        .map_err(|e| ApiError::invalid("changes", e.to_string()))?;
    let shadowed = after
        .prepare(ctx.now)
        .map_err(|e| ApiError::invalid("changes", e.to_string()))?
        .lint();
    Ok(Json(ImpactPreview {
        changes: changed,
        shadowed,
        refusal,
    }))
}

/// The audit log, newest first; filter by `entity`, `entity_id`, `actor`; page with `page` and
/// `per_page`. Only the account owner reads it.
async fn audit_log(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    Query(query): Query<AuditQuery>,
) -> Result<Json<gatehouse_wire::AuditPage>, ApiError> {
    let env = super::environments::caller_environment(&state, &caller, &env).await?;
    if !caller.user.account_owner {
        return Err(ApiError::Forbidden(
            "only the account owner can read the audit log".to_owned(),
        ));
    }
    Ok(Json(state.store.list_audit(&env.code, &query).await?))
}
