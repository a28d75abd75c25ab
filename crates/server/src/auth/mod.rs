//! Who is calling: sign-in sessions (HttpOnly, SameSite=Strict cookie), password hashing,
//! throttling, and the CSRF guard for state-changing requests.

pub mod csrf;
pub mod password;
pub mod rate_limit;
pub mod token;

use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::store::sessions::{SessionUser, SESSION_SECONDS};
use crate::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "gatehouse_session";

/// The signed-in administrator making the request. Extracting it answers 401 when there is
/// no valid session and for deactivated accounts.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The session's user.
    pub user: SessionUser,
    /// The session's fingerprint (for sign-out).
    pub session_hash: String,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let secret = session_cookie(parts)
            .ok_or_else(|| ApiError::Unauthorized("sign in first".to_owned()))?;
        let session_hash = token::fingerprint(&secret);
        let user = state
            .store
            .session_user(&session_hash)
            .await?
            .ok_or_else(|| {
                ApiError::Unauthorized("your session has ended; sign in again".to_owned())
            })?;
        if !user.active {
            state.store.delete_session(&session_hash).await?;
            return Err(ApiError::Unauthorized(format!(
                "account `{}` is deactivated",
                user.code
            )));
        }
        Ok(Caller { user, session_hash })
    }
}

/// The session cookie's value, if the request carries one.
fn session_cookie(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The `Set-Cookie` value that opens a session.
pub fn session_set_cookie(secret: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}{secure}")
}

/// The `Set-Cookie` value that ends a session.
pub fn session_clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}
