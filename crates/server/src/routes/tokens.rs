//! App connector tokens: issue (the secret is returned once), list, revoke. Issuing and
//! revoking are change sets of one change (`issue_token`, `revoke_token`), decided by the
//! policy crate and stored by the change set path.
//!
//! Who may: the account owner for anyone; every other user only for themself (issue, list and
//! revoke their own tokens) — a token only ever acts for its user, and the call check still
//! applies every condition. Revoking is idempotent and needs no `If-Match`: it is a one-way
//! switch that must always succeed in an emergency (revoking twice keeps the first time).
//!
//! A secret is `gh_at_` + 32 bytes from the operating system's CSPRNG in base62 + a CRC32
//! checksum (the policy crate's format); only its SHA-256 is stored.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use gatehouse_policy::token::{format_secret, APP_TOKEN_PREFIX};
use gatehouse_policy::{
    check_call, AppConnectorId, CallDecision, CallRequest, Policy, Timestamp, TokenId, TokenRecord,
    UserId,
};
use gatehouse_wire::{
    ChangeRequest, ErrorBody, IssuedToken, NewToken, ResourceRef, TokenStatus, TokenView, UserRef,
};

use super::changes::apply_one;
use super::context::PolicyContext;
use super::integration::is_account_owner;
use super::openapi::{EnvParam, JsonBody, SignedIn};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::tokens::{self as store, TokenRow};
use crate::AppState;

/// How many random bytes a secret carries (256 bits).
const SECRET_BYTES: usize = 32;

/// How many characters of a secret are kept as its prefix: `gh_at_` and 8 body characters
/// (about 48 bits: enough to tell tokens apart in a list, far too few to guess the rest).
pub const PREFIX_CHARS: usize = APP_TOKEN_PREFIX.len() + 8;

/// The token routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/tokens",
            get(list_tokens).post(issue_token),
        )
        .route("/environments/{env}/tokens/{id}/revoke", post(revoke_token))
}

/// The tokens the caller may see: everyone's for the account owner, else their own
#[utoipa::path(
    get,
    path = "/environments/{env}/tokens",
    tag = "tokens",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the tokens, never their secrets", body = Vec<TokenView>),
        SignedIn,
    ),
)]
async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Vec<TokenView>>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let only = (!is_account_owner(&ctx)).then_some(caller.user.user_id.as_str());
    let mut conn = state.store.pool().acquire().await?;
    let rows = store::list(&mut conn, &ctx.env.code, only).await?;
    Ok(Json(rows.iter().map(|r| token_view(r, ctx.now)).collect()))
}

/// Issue a token; the answer is the only time its secret is shown
#[utoipa::path(
    post,
    path = "/environments/{env}/tokens",
    tag = "tokens",
    params(EnvParam),
    request_body = NewToken,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "issued, with the secret and what would refuse calls now", body = IssuedToken),
        SignedIn,
        JsonBody,
        (status = 409, description = "the user is deactivated", body = ErrorBody),
    ),
)]
async fn issue_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    // The request names the user by code (or id); the change set by id.
    let user = state
        .store
        .find_user(&ctx.env.code, body.user.trim())
        .await?
        .ok_or_else(|| ApiError::invalid("user", "no such user here"))?;
    let change = ChangeRequest::IssueToken {
        token: None,
        user: user.id,
        app_connector: body.app_connector,
        expires_at: body.expires_at,
    };
    let result = apply_one(&state, &ctx, &caller, change).await?;
    let issued = result
        .issued_tokens
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("the token was not stored".to_owned()))?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// Revoke a token (idempotent, no `If-Match`: it must always work in an emergency)
#[utoipa::path(
    post,
    path = "/environments/{env}/tokens/{id}/revoke",
    tag = "tokens",
    params(EnvParam, ("id" = String, Path, description = "the token's id")),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "revoked (at the first revocation's time)", body = TokenView),
        SignedIn,
        (status = 404, description = "no such token here", body = ErrorBody),
    ),
)]
async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<Json<TokenView>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let change = ChangeRequest::RevokeToken { token: id };
    let result = apply_one(&state, &ctx, &caller, change).await?;
    result
        .revoked_tokens
        .into_iter()
        .next()
        .map(Json)
        .ok_or_else(|| ApiError::Internal("the token was not stored".to_owned()))
}

/// A fresh secret in the policy crate's token format.
pub(in crate::routes) fn new_secret() -> Result<String, ApiError> {
    new_secret_with(APP_TOKEN_PREFIX)
}

/// A fresh secret in the policy crate's token format with `prefix` (app connector or
/// provisioning tokens).
pub(in crate::routes) fn new_secret_with(prefix: &str) -> Result<String, ApiError> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::getrandom(&mut bytes)
        .map_err(|err| ApiError::Internal(format!("no randomness: {err}")))?;
    format_secret(prefix, &bytes).map_err(|err| ApiError::Internal(err.to_string()))
}

/// What would refuse a call with this token right now (asked of the policy crate with the
/// app connector's first included connector), so the studio can warn when issuing.
pub(in crate::routes) fn warnings(policy: &Policy, now: Timestamp, row: &TokenRow) -> Vec<String> {
    let (Ok(id), Ok(user), Ok(app_connector)) = (
        TokenId::parse(&row.id),
        UserId::parse(&row.user_id),
        AppConnectorId::parse(&row.app_connector_id),
    ) else {
        return Vec::new();
    };
    let Some(connector) = policy
        .app_connectors
        .iter()
        .find(|a| a.id == app_connector)
        .and_then(|a| a.connectors.iter().next().cloned())
    else {
        return vec![format!(
            "app connector `{}` includes no connector yet",
            row.app_connector_name
        )];
    };
    let record = TokenRecord {
        id,
        user,
        app_connector: app_connector.clone(),
        expires_at: row.expires_at.map(Timestamp::from_unix_seconds),
        revoked: false,
    };
    let request = CallRequest {
        token: Some(&record),
        user: None,
        app_connector: &app_connector,
        connector: &connector,
    };
    match check_call(policy, &request, now) {
        CallDecision::Allow { .. } => Vec::new(),
        CallDecision::Deny(refusal) => vec![refusal.to_string()],
    }
}

/// Active, expired or revoked at `now`.
pub fn status(now: Timestamp, expires_at: Option<i64>, revoked_at: Option<i64>) -> TokenStatus {
    if revoked_at.is_some() {
        TokenStatus::Revoked
    } else if now.has_passed(expires_at.map(Timestamp::from_unix_seconds)) {
        TokenStatus::Expired
    } else {
        TokenStatus::Active
    }
}

/// A token as listed: never the secret or its hash.
pub fn token_view(row: &TokenRow, now: Timestamp) -> TokenView {
    TokenView {
        id: row.id.clone(),
        prefix: row.prefix.clone(),
        user: UserRef {
            id: row.user_id.clone(),
            code: row.user_code.clone(),
            name: row.user_name.clone(),
        },
        app_connector: ResourceRef {
            id: row.app_connector_id.clone(),
            name: row.app_connector_name.clone(),
        },
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
        status: status(now, row.expires_at, row.revoked_at),
    }
}
