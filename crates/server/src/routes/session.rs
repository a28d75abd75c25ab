//! Sign-in and sign-out: `POST /session`, `GET /session`, `DELETE /session`.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::post;
use axum::{Json, Router};
use gatehouse_policy::UserCode;
use gatehouse_wire::{ErrorBody, SessionInfo, SignIn};

use super::openapi::JsonBody;
use crate::auth::rate_limit::attempt_key;
use crate::auth::{
    hint_clear_cookie, hint_set_cookie, password, session_clear_cookie, session_set_cookie, token,
    Caller,
};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::AppState;

/// The session routes.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/session",
        post(sign_in).get(current_session).delete(sign_out),
    )
}

const WRONG_CREDENTIALS: &str = "unknown user code or wrong password";

/// The client's address, when the server was started with it (`into_make_service_with_connect_info`).
struct ClientAddress(Option<std::net::IpAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

/// Sign in
///
/// Checks the user code and password, and starts a session: the answer sets the
/// `gatehouse_session` cookie. Repeated failures for one user code from one client address are
/// throttled (429 with `Retry-After`); the same code from another address is not.
#[utoipa::path(
    post,
    path = "/session",
    tag = "session",
    security(("gatehouse_csrf" = [])),
    request_body = SignIn,
    responses(
        (status = 200, description = "signed in; `Set-Cookie` carries the session", body = SessionInfo,
            headers(("Set-Cookie" = String, description = "the `gatehouse_session` cookie"))),
        JsonBody,
        (status = 401, description = "unknown user code or wrong password", body = ErrorBody),
        (status = 403, description = "the account is deactivated, or no `x-gatehouse-csrf` header", body = ErrorBody),
        (status = 429, description = "too many failed attempts", body = ErrorBody,
            headers(("Retry-After" = u64, description = "seconds to wait"))),
    ),
)]
async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<impl IntoResponse, ApiError> {
    let code = UserCode::parse(body.code.trim())
        .map_err(|err| ApiError::invalid("code", err.to_string()))?;
    let key = code.to_string();
    let attempt = attempt_key(&key, client);
    state
        .limiter
        .check(&attempt)
        .map_err(|retry_after| ApiError::TooManyRequests { retry_after })?;
    let environment = match body.environment.as_deref() {
        Some(env) => state.store.find_environment(env).await?,
        None => {
            state
                .store
                .production_environment(&code.participant().to_string())
                .await?
        }
    };
    let Some(environment) = environment else {
        state.limiter.record_failure(&attempt);
        return Err(ApiError::Unauthorized(WRONG_CREDENTIALS.to_owned()));
    };
    let credentials = state.store.credentials(&environment.code, &key).await?;
    // Verify against a dummy hash when the user is unknown, so timing does not tell.
    let hash = credentials.as_ref().and_then(|c| c.password_hash.clone());
    let valid = password::verify_password(
        &body.password,
        hash.as_deref().unwrap_or_else(|| dummy_hash()),
    ) && hash.is_some();
    let Some(credentials) = credentials.filter(|_| valid) else {
        state.limiter.record_failure(&attempt);
        return Err(ApiError::Unauthorized(WRONG_CREDENTIALS.to_owned()));
    };
    if !credentials.active {
        return Err(ApiError::Forbidden(format!(
            "account `{key}` is deactivated"
        )));
    }
    state.limiter.reset(&attempt);
    let secret = token::random_secret().map_err(|err| ApiError::Internal(err.to_string()))?;
    state
        .store
        .create_session(&token::fingerprint(&secret), &credentials.user_id)
        .await?;
    let user = state
        .store
        .find_user(&environment.code, &key)
        .await?
        .ok_or(ApiError::NotFound {
            what: "user",
            id: key,
            field: "code",
        })?;
    Ok((
        AppendHeaders([
            (
                SET_COOKIE,
                session_set_cookie(&secret, state.secure_cookies),
            ),
            (SET_COOKIE, hint_set_cookie(state.secure_cookies)),
        ]),
        Json(SessionInfo { user, environment }),
    ))
}

/// Who is signed in, and where
#[utoipa::path(
    get,
    path = "/session",
    tag = "session",
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the signed-in user and environment", body = SessionInfo),
        (status = 401, description = "not signed in", body = ErrorBody),
    ),
)]
async fn current_session(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<SessionInfo>, ApiError> {
    let environment =
        super::environments::require_environment(&state, &caller.user.environment).await?;
    let user = state
        .store
        .find_user(&environment.code, &caller.user.code)
        .await?
        .ok_or(ApiError::NotFound {
            what: "user",
            id: caller.user.code.clone(),
            field: "code",
        })?;
    Ok(Json(SessionInfo { user, environment }))
}

/// Sign out
#[utoipa::path(
    delete,
    path = "/session",
    tag = "session",
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 204, description = "signed out; `Set-Cookie` clears the session cookie"),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "no `x-gatehouse-csrf` header", body = ErrorBody),
    ),
)]
async fn sign_out(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    state.store.delete_session(&caller.session_hash).await?;
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([
            (SET_COOKIE, session_clear_cookie(state.secure_cookies)),
            (SET_COOKIE, hint_clear_cookie(state.secure_cookies)),
        ]),
    ))
}

/// A hash of a random password, verified against when the user code is unknown.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let secret = token::random_secret().unwrap_or_default();
        password::hash_password(&secret).unwrap_or_default()
    })
}
