//! Sign-in, the current session, sign-out.

use gatehouse_wire::{ErrorBody, SessionInfo, SignIn};

use super::{get_json, send_json, ApiFailure};

/// Who is signed in (401 when nobody). Without the server's sign-in hint cookie nobody is,
/// and the server is not asked: a signed-out page then logs no failed request.
pub async fn get_session() -> Result<SessionInfo, ApiFailure> {
    if crate::demo::detect().await? {
        return crate::demo::on_demand::get_session().await;
    }
    if !signed_in_hint() {
        return Err(ApiFailure::Refused {
            status: 401,
            body: ErrorBody {
                error: "sign in first".to_owned(),
                field: None,
            },
        });
    }
    let session = get_json("/session").await;
    if session.as_ref().is_err_and(ApiFailure::is_unauthorized) {
        // The session ended on the server (expired, signed out elsewhere): so does the hint.
        set_document_cookie(&format!(
            "{SIGNED_IN_HINT}=; Path=/; SameSite=Strict; Max-Age=0"
        ));
    }
    session
}

/// The cookie the server sets beside the session's (readable, no secret) when signing in.
const SIGNED_IN_HINT: &str = "gatehouse_signed_in";

fn html_document() -> Option<web_sys::HtmlDocument> {
    use wasm_bindgen::JsCast;
    web_sys::window()?.document()?.dyn_into().ok()
}

/// Whether a session was opened in this browser and not ended since.
fn signed_in_hint() -> bool {
    html_document()
        .and_then(|d| d.cookie().ok())
        .is_some_and(|cookies| {
            cookies
                .split(';')
                .any(|c| c.trim().starts_with(&format!("{SIGNED_IN_HINT}=")))
        })
}

fn set_document_cookie(value: &str) {
    if let Some(document) = html_document() {
        let _ = document.set_cookie(value);
    }
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
