//! App connector tokens in a change set: issuing one (for oneself, or by the account owner for
//! anyone) and revoking one (one's own, or by the account owner anyone's). A token acts only
//! for its user and every call is still checked, so issuing needs no more than that; what
//! would refuse calls right now (not in the linked group, a blocked app connector) is a
//! warning for whoever issues it, not a refusal. Revoking is a one-way switch that always
//! works: revoking a revoked token changes nothing.

use crate::actor::{authorize_administrator, Actor};
use crate::app_connector::TokenRecord;
use crate::compiled::PreparedPolicy;
use crate::ids::{AppConnectorId, TokenId, UserId};
use crate::policy::Policy;
use crate::time::Timestamp;

use super::names::Names;
use super::{refusal, RefusalKind, SetChange, SetRefusal};

/// A token to issue from a change's input fields: ids parsed (what the server and the demo
/// store both read an issue change into). A bad field is a refusal of change `index` naming
/// it (`token`, `user`, `app_connector`).
pub fn token_from_input(
    index: usize,
    id: &str,
    user: &str,
    app_connector: &str,
    expires_at: Option<i64>,
) -> Result<TokenRecord, SetRefusal> {
    let at = Some(index);
    let id = TokenId::parse(id)
        .map_err(|e| refusal(at, RefusalKind::Invalid, Some("token"), e.to_string()))?;
    let user = UserId::parse(user.trim()).map_err(|_| {
        refusal(
            at,
            RefusalKind::Invalid,
            Some("user"),
            "no such user here".to_owned(),
        )
    })?;
    let app_connector = AppConnectorId::parse(app_connector.trim()).map_err(|_| {
        refusal(
            at,
            RefusalKind::Invalid,
            Some("app_connector"),
            "no such app connector here".to_owned(),
        )
    })?;
    Ok(TokenRecord {
        id,
        user,
        app_connector,
        expires_at: expires_at.map(Timestamp::from_unix_seconds),
        revoked: false,
    })
}

/// One token change on its own: who may, and for an issue the expiry.
pub(super) fn judge(
    before: &PreparedPolicy,
    actor: &Actor,
    index: usize,
    change: &SetChange,
) -> Result<(), SetRefusal> {
    let at = Some(index);
    let own = |user: &UserId| actor.user_id() == Some(user);
    let administrator = authorize_administrator(before, actor).is_ok();
    match change {
        SetChange::IssueToken { token } => {
            if !administrator && !own(&token.user) {
                return Err(refusal(
                    at,
                    RefusalKind::Forbidden,
                    Some("user"),
                    "only the account owner may issue tokens for other users".to_owned(),
                ));
            }
            if before.now().has_passed(token.expires_at) {
                return Err(refusal(
                    at,
                    RefusalKind::Invalid,
                    Some("expires_at"),
                    "the expiry is in the past: choose a later moment, or none".to_owned(),
                ));
            }
            Ok(())
        }
        SetChange::RevokeToken { token } if !administrator && !own(&token.user) => Err(refusal(
            at,
            RefusalKind::Forbidden,
            Some("token"),
            "only the account owner may revoke other users' tokens".to_owned(),
        )),
        _ => Ok(()),
    }
}

/// Tokens issued for a user who is not active after the set, or for an app connector that
/// does not exist after it (one the same set deletes, or none at all).
pub(super) fn after_set(
    after: &Policy,
    names: &Names<'_>,
    changes: &[SetChange],
) -> Vec<SetRefusal> {
    changes
        .iter()
        .enumerate()
        .filter_map(|(index, change)| {
            let SetChange::IssueToken { token } = change else {
                return None;
            };
            let at = Some(index);
            match after.user(&token.user) {
                None => {
                    return Some(refusal(
                        at,
                        RefusalKind::Invalid,
                        Some("user"),
                        "no such user here".to_owned(),
                    ))
                }
                Some(user) if !user.is_active() => {
                    return Some(refusal(
                        at,
                        RefusalKind::Conflict,
                        Some("user"),
                        format!(
                            "{} is deactivated: no token can be issued for them",
                            names.user(&token.user)
                        ),
                    ))
                }
                Some(_) => {}
            }
            (!after
                .app_connectors
                .iter()
                .any(|a| a.id == token.app_connector))
            .then(|| {
                refusal(
                    at,
                    RefusalKind::Invalid,
                    Some("app_connector"),
                    "no such app connector here".to_owned(),
                )
            })
        })
        .collect()
}
