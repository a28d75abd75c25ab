//! Sign-in, the current session, sign-out.

use gatehouse_wire::{SessionInfo, SignIn};

use super::{get_json, send_json, ApiFailure};

/// Who is signed in (401 when nobody).
pub async fn get_session() -> Result<SessionInfo, ApiFailure> {
    if crate::demo::detect().await? {
        return crate::demo::on_demand::get_session().await;
    }
    get_json("/session").await
}

/// Signs in; the server sets the session cookie.
pub async fn sign_in(body: SignIn) -> Result<SessionInfo, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::on_demand::sign_in(body).await;
    }
    send_json("POST", "/session", Some(&body)).await
}

/// Ends the session.
pub async fn sign_out() -> Result<(), ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::on_demand::sign_out().await;
    }
    send_json::<(), ()>("DELETE", "/session", None)
        .await
        .or_else(|failure| match failure {
            // 204 has no JSON body; the call still worked.
            ApiFailure::Malformed(_) => Ok(()),
            other => Err(other),
        })
}
