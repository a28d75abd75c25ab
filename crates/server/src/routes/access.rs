//! Effective access with explanations, the shadowed-grant lint, the what-if preview of a
//! proposed change and the policy snapshot — all computed by the policy crate.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use gatehouse_policy::{decide, Change, ResourceId, SetChange, UserId};
use gatehouse_wire::{CompactPolicy, ImpactPreview, ShadowedGrant, UserAccess};

use super::context::PolicyContext;
use super::openapi::{EnvParam, JsonBody, SignedIn};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::AppState;

/// The access routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/environments/{env}/users/{code}/access", get(user_access))
        .route("/environments/{env}/lint", get(lint))
        .route("/environments/{env}/what-if", post(what_if))
        .route("/environments/{env}/policy", get(policy_snapshot))
        .route(
            "/environments/{env}/policy/compact",
            get(compact_policy_snapshot),
        )
}

/// The whole permission snapshot, for previews computed in the browser with the same policy
/// crate. Only for administrators: the account owner, or an owner of some resource.
#[utoipa::path(
    get,
    path = "/environments/{env}/policy",
    tag = "access",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the policy crate's snapshot of the environment", body = Object),
        SignedIn,
    ),
)]
async fn policy_snapshot(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<gatehouse_policy::Policy>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    gatehouse_app::may_read_policy(&ctx.prepared, &ctx.actor)
        .map_err(|why| ApiError::Forbidden(why.to_owned()))?;
    Ok(Json(gatehouse_policy::Policy::clone(&ctx.policy)))
}

/// The same snapshot in the compact form the studio's access matrix reads: every id once, each
/// grant as index columns (about a seventh of the plain snapshot's size and far quicker to
/// decode in the browser). Same readers as the plain snapshot.
#[utoipa::path(
    get,
    path = "/environments/{env}/policy/compact",
    tag = "access",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the snapshot with its grants as index columns (`gatehouse_wire::CompactPolicy`)", body = Object),
        SignedIn,
    ),
)]
async fn compact_policy_snapshot(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<CompactPolicy>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    gatehouse_app::may_read_policy(&ctx.prepared, &ctx.actor)
        .map_err(|why| ApiError::Forbidden(why.to_owned()))?;
    CompactPolicy::encode(&ctx.policy)
        .map(Json)
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Every decision for one user over the resources the caller can see.
#[utoipa::path(
    get,
    path = "/environments/{env}/users/{code}/access",
    tag = "access",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.BWilliams`")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "one decision per resource and data environment", body = UserAccess),
        SignedIn,
    ),
)]
async fn user_access(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, code)): Path<(String, String)>,
) -> Result<Json<UserAccess>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let user_id = state
        .store
        .find_user_id(&ctx.env.code, &code)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "user",
            id: code.clone(),
            field: "code",
        })?;
    let user_id = UserId::parse(&user_id).map_err(|e| ApiError::Internal(e.to_string()))?;
    gatehouse_app::user_access(&ctx.prepared, &ctx.actor, &user_id, &code)
        .map(Json)
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Whether the caller's role on `resource` is above None somewhere (else it is not listed).
pub(super) fn caller_sees(ctx: &PolicyContext, resource: &ResourceId) -> bool {
    ctx.prepared.actor_sees(&ctx.actor, resource)
}

/// Every grant without effect, on resources the caller can see.
#[utoipa::path(
    get,
    path = "/environments/{env}/lint",
    tag = "access",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the shadowed grants, each with the reason", body = Vec<Object>),
        SignedIn,
    ),
)]
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

/// Previews proposed changes: who gains or loses what, what would be shadowed (both only on
/// resources the caller can see), and why saving them would be refused — decided as one change
/// set by the same function that decides a saved one (`POST …/changes` with `dry_run` is the
/// same preview in the change-set form). Nothing is saved.
#[utoipa::path(
    post,
    path = "/environments/{env}/what-if",
    tag = "access",
    params(EnvParam),
    request_body(content = Vec<gatehouse_wire::WhatIfChangeSchema>, description = "the policy crate's changes, judged together as one set"),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "the impact, and the refusal if there would be one", body = ImpactPreview),
        SignedIn,
        JsonBody,
    ),
)]
async fn what_if(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(changes): ApiJson<Vec<Change>>,
) -> Result<Json<ImpactPreview>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let set = changes
        .iter()
        .enumerate()
        .map(|(i, change)| {
            SetChange::from_change(&ctx.policy, change).ok_or_else(|| ApiError::Invalid {
                message: "the account owner is not changed here".to_owned(),
                field: Some(format!("changes[{i}]")),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Like the lint and effective access: nothing about resources the caller cannot see.
    let preview = match decide(&ctx.prepared, &ctx.actor, &set) {
        Ok(decided) => ImpactPreview {
            shadowed: decided.shadowed(),
            changes: decided.impact,
            refusal: None,
        },
        // Refused as a set: still say whose access the edits would change.
        Err(refusals) => ImpactPreview {
            changes: ctx
                .prepared
                .what_if(&changes)
                .map_err(|e| ApiError::invalid("changes", e.to_string()))?,
            shadowed: Vec::new(),
            refusal: Some(
                refusals
                    .into_iter()
                    .map(|r| r.message)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        },
    };
    Ok(Json(ImpactPreview {
        changes: preview
            .changes
            .into_iter()
            .filter(|c| caller_sees(&ctx, &c.resource))
            .collect(),
        shadowed: preview
            .shadowed
            .into_iter()
            .filter(|s| caller_sees(&ctx, &s.resource))
            .collect(),
        refusal: preview.refusal,
    }))
}
