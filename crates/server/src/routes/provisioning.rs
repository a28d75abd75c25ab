//! The studio's side of provisioning (account owner only): the SCIM base URL, the tokens an
//! identity provider uses (created with the secret shown once, only its SHA-256 stored;
//! revoked at once and for good), and the last provisioning calls. Creating and revoking a
//! token is audited.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use gatehouse_policy::token::SCIM_TOKEN_PREFIX;
use gatehouse_wire::{
    ErrorBody, IssuedScimToken, NewScimToken, ProvisioningOverview, ScimCallView, ScimTokenView,
};

use super::context::{audit, require_account_owner, Audited, PolicyContext};
use super::openapi::{EnvParam, JsonBody, SignedIn};
use super::scim::base_url;
use super::tokens::new_secret_with;
use crate::auth::token::fingerprint;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::now;
use crate::store::provisioning::{self as store, ScimTokenRow};
use crate::AppState;

/// The longest token name.
const NAME_CHARS: usize = 80;

/// How many calls the overview lists.
const CALLS_SHOWN: i64 = 100;

/// The provisioning routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/provisioning",
            get(provisioning_overview),
        )
        .route(
            "/environments/{env}/provisioning/tokens",
            post(create_scim_token),
        )
        .route(
            "/environments/{env}/provisioning/tokens/{id}/revoke",
            post(revoke_scim_token),
        )
}

/// The SCIM base URL, the provisioning tokens and the last calls (account owner)
#[utoipa::path(
    get,
    path = "/environments/{env}/provisioning",
    tag = "provisioning",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the base URL, tokens (never their secrets) and recent calls", body = ProvisioningOverview),
        SignedIn,
    ),
)]
async fn provisioning_overview(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    headers: HeaderMap,
) -> Result<Json<ProvisioningOverview>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let mut conn = state.store.pool().acquire().await?;
    let tokens = store::list_tokens(&mut conn, &ctx.env.code).await?;
    let calls = store::recent_calls(&mut conn, &ctx.env.code, CALLS_SHOWN).await?;
    Ok(Json(ProvisioningOverview {
        base_url: base_url(&state, &headers, &ctx.env.code),
        tokens: tokens.iter().map(view).collect(),
        calls: calls
            .into_iter()
            .map(|c| ScimCallView {
                at_ms: c.at_ms,
                token: c.token_id,
                token_name: c.token_name,
                method: c.method,
                path: c.path,
                status: u16::try_from(c.status).unwrap_or(0),
                outcome: c.outcome,
            })
            .collect(),
    }))
}

/// Create a provisioning token; the answer is the only time its secret is shown
#[utoipa::path(
    post,
    path = "/environments/{env}/provisioning/tokens",
    tag = "provisioning",
    params(EnvParam),
    request_body = NewScimToken,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "created, with the secret", body = IssuedScimToken),
        SignedIn,
        JsonBody,
    ),
)]
async fn create_scim_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<NewScimToken>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "name",
            format!("a token's name is 1 to {NAME_CHARS} characters on one line, e.g. Microsoft Entra ID"),
        ));
    }
    let secret = new_secret_with(SCIM_TOKEN_PREFIX)?;
    let row = ScimTokenRow {
        id: format!("tok-{}", uuid::Uuid::new_v4().simple()),
        environment: ctx.env.code.clone(),
        name: name.to_owned(),
        prefix: secret.chars().take(SCIM_TOKEN_PREFIX.len() + 8).collect(),
        token_hash: fingerprint(&secret),
        created_at: now(),
        created_by: caller.user.code.clone(),
        created_by_name: caller.user.name.clone(),
        last_used_at: None,
        revoked_at: None,
    };
    let token = view(&row);
    let mut tx = state.store.begin_write().await?;
    store::insert_token(&mut tx, &row).await?;
    let what = Audited {
        action: "create",
        entity: "scim_token",
        id: &row.id,
    };
    audit(&mut tx, &ctx, &caller, what, None, Some(&token)).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(IssuedScimToken { token, secret })))
}

/// Revoke a provisioning token (idempotent: it must always work in an emergency)
#[utoipa::path(
    post,
    path = "/environments/{env}/provisioning/tokens/{id}/revoke",
    tag = "provisioning",
    params(EnvParam, ("id" = String, Path, description = "the token's id")),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "revoked (at the first revocation's time)", body = ScimTokenView),
        SignedIn,
        (status = 404, description = "no such token here", body = ErrorBody),
    ),
)]
async fn revoke_scim_token(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<Json<ScimTokenView>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let mut tx = state.store.begin_write().await?;
    let before = store::find_token(&mut tx, &ctx.env.code, &id)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "provisioning token",
            id: id.clone(),
            field: "id",
        })?;
    if store::revoke_token(&mut tx, &id, now()).await? {
        let after = store::find_token(&mut tx, &ctx.env.code, &id)
            .await?
            .unwrap_or_else(|| before.clone());
        let what = Audited {
            action: "update",
            entity: "scim_token",
            id: &id,
        };
        audit(
            &mut tx,
            &ctx,
            &caller,
            what,
            Some(&view(&before)),
            Some(&view(&after)),
        )
        .await?;
        tx.commit().await?;
        return Ok(Json(view(&after)));
    }
    tx.commit().await?;
    Ok(Json(view(&before)))
}

/// A token as the studio lists it.
fn view(row: &ScimTokenRow) -> ScimTokenView {
    ScimTokenView {
        id: row.id.clone(),
        name: row.name.clone(),
        prefix: row.prefix.clone(),
        created_at: row.created_at,
        created_by: row.created_by.clone(),
        created_by_name: row.created_by_name.clone(),
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}
