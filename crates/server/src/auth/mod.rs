//! Who is calling: sign-in sessions (HttpOnly, SameSite=Strict cookie), password hashing,
//! throttling, and the CSRF guard for state-changing requests.

pub mod csrf;
pub mod password;
pub mod rate_limit;
pub mod token;

use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use gatehouse_wire::EnvironmentInfo;

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
    /// The environment named in the request path (`/api/v1/environments/{code}/…`) with its
    /// policy generation, read in the same statement as the session; `None` when the path
    /// names none or no such environment exists. Only as fresh as the request.
    pub path_environment: Option<(EnvironmentInfo, i64)>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let secret = session_cookie(parts)
            .ok_or_else(|| ApiError::Unauthorized("sign in first".to_owned()))?;
        let session_hash = token::fingerprint(&secret);
        let found = match path_environment(parts.uri.path()) {
            Some(code) => state.store.session_user_in(&session_hash, code).await?,
            None => (state.store.session_user(&session_hash).await?).map(|user| (user, None)),
        };
        let (user, path_environment) = found.ok_or_else(|| {
            ApiError::Unauthorized("your session has ended; sign in again".to_owned())
        })?;
        if !user.active {
            state.store.delete_session(&session_hash).await?;
            return Err(ApiError::Unauthorized(format!(
                "account `{}` is deactivated",
                user.code
            )));
        }
        Ok(Caller {
            user,
            session_hash,
            path_environment,
        })
    }
}

/// The environment code in an API path (`/api/v1/environments/O12345AA/users` →
/// `O12345AA`; inside the `/api/v1` nest the prefix is already stripped), exactly as written:
/// a percent-encoded code is simply not prefetched.
fn path_environment(path: &str) -> Option<&str> {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    let rest = path.strip_prefix("/environments/")?;
    let code = rest.split('/').next()?;
    (!code.is_empty()).then_some(code)
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

/// A cookie the studio may read, set beside the session's: it holds no secret, only that a
/// session was opened in this browser, so a signed-out page need not ask `GET /session` (whose
/// 401 a browser logs as an error). The session cookie alone authenticates.
pub const SIGNED_IN_HINT: &str = "gatehouse_signed_in";

/// The `Set-Cookie` value of the sign-in hint, as long-lived as the session.
pub fn hint_set_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SIGNED_IN_HINT}=1; Path=/; SameSite=Strict; Max-Age={SESSION_SECONDS}{secure}")
}

/// The `Set-Cookie` value that removes the sign-in hint.
pub fn hint_clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SIGNED_IN_HINT}=; Path=/; SameSite=Strict; Max-Age=0{secure}")
}

#[cfg(test)]
mod tests {
    use super::path_environment;

    #[test]
    fn the_environment_is_read_from_full_and_nested_api_paths() {
        assert_eq!(
            path_environment("/api/v1/environments/O12345AA/users"),
            Some("O12345AA")
        );
        assert_eq!(path_environment("/environments/T12345AA"), Some("T12345AA"));
        assert_eq!(path_environment("/api/v1/environments"), None);
        assert_eq!(path_environment("/api/v1/environments//users"), None);
        assert_eq!(path_environment("/api/v1/session"), None);
    }
}
