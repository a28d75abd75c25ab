//! Signing in and out of the demo store, with the one demo password every account shares.

use gatehouse_wire::{SessionInfo, SignIn, UserStatus};

use crate::api::ApiFailure;
use crate::demo::change;
use crate::demo::queries::{get_session, refused, users};

/// The demo password of every account.
const DEMO_PASSWORD: &str = "gatehouse";

/// `POST /session`.
pub fn sign_in(body: SignIn) -> Result<SessionInfo, ApiFailure> {
    change(|state| {
        let user = users(state)
            .into_iter()
            .find(|u| u.code == body.code.trim());
        match user {
            Some(user) if body.password == DEMO_PASSWORD => {
                if user.status == UserStatus::Deactivated {
                    return Err(refused(
                        403,
                        format!("account `{}` is deactivated", user.code),
                        None,
                    ));
                }
                state.session = Some(user.code);
                Ok(())
            }
            _ => Err(refused(401, "unknown user code or wrong password", None)),
        }
    })?;
    get_session()
}

/// `DELETE /session`.
pub fn sign_out() -> Result<(), ApiFailure> {
    change(|state| {
        state.session = None;
        Ok(())
    })
}
