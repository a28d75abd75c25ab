//! The check a call through an app connector must pass: allow, or deny naming the first
//! condition that failed (DESIGN §3).

use serde::{Deserialize, Serialize};

use crate::app_connector::{ConnectorRef, TokenRecord};
use crate::compiled::PreparedPolicy;
use crate::ids::{AppConnectorId, GroupId, TokenId, UserId};
use crate::policy::{Policy, User};
use crate::time::Timestamp;

/// A call through an app connector, as the server sees it after looking up the presented
/// token's hash.
#[derive(Debug, Clone, Copy)]
pub struct CallRequest<'a> {
    /// The token record the presented secret matched, if any.
    pub token: Option<&'a TokenRecord>,
    /// The user the call claims to be for, if the caller names one.
    pub user: Option<&'a UserId>,
    /// The app connector called.
    pub app_connector: &'a AppConnectorId,
    /// The connector called through it.
    pub connector: &'a ConnectorRef,
}

/// The outcome of [`check_call`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallDecision {
    /// Every condition holds; the call runs as `user`.
    Allow {
        /// The user the token belongs to.
        user: UserId,
    },
    /// The first condition that failed.
    Deny(CallRefusal),
}

/// The conditions of a call, in the order they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallCondition {
    /// The token exists, is not revoked or expired, and is for this user and app connector.
    ValidToken,
    /// The token's user is active.
    UserActive,
    /// The token's user has an email address.
    UserHasEmail,
    /// The user is a member of the app connector's linked group.
    MemberOfLinkedGroup,
    /// The app connector is not blocked.
    NotBlocked,
    /// The connector called is included in the app connector.
    ConnectorIncluded,
}

impl CallCondition {
    /// Every condition, in checking order.
    pub const ALL: [Self; 6] = [
        Self::ValidToken,
        Self::UserActive,
        Self::UserHasEmail,
        Self::MemberOfLinkedGroup,
        Self::NotBlocked,
        Self::ConnectorIncluded,
    ];
}

/// Why a call was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum CallRefusal {
    /// No token matched.
    #[error("no valid token was presented")]
    NoToken,
    /// The token was revoked.
    #[error("token `{token}` has been revoked")]
    TokenRevoked {
        /// The token.
        token: TokenId,
    },
    /// The token has expired.
    #[error("token `{token}` has expired")]
    TokenExpired {
        /// The token.
        token: TokenId,
    },
    /// The token is for another app connector.
    #[error("token `{token}` is for app connector `{token_for}`, not `{called}`")]
    TokenForOtherAppConnector {
        /// The token.
        token: TokenId,
        /// The app connector the token is for.
        token_for: AppConnectorId,
        /// The app connector called.
        called: AppConnectorId,
    },
    /// The token belongs to a different user than the call names.
    #[error("token `{token}` does not belong to user `{user}`")]
    TokenForOtherUser {
        /// The token.
        token: TokenId,
        /// The user the call named.
        user: UserId,
    },
    /// The token's user no longer exists.
    #[error("token `{token}` belongs to unknown user `{user}`")]
    UnknownUser {
        /// The token.
        token: TokenId,
        /// The missing user.
        user: UserId,
    },
    /// The app connector does not exist.
    #[error("unknown app connector `{app_connector}`")]
    UnknownAppConnector {
        /// The app connector called.
        app_connector: AppConnectorId,
    },
    /// The user is deactivated.
    #[error("user `{user}` is deactivated")]
    UserDeactivated {
        /// The user.
        user: UserId,
    },
    /// The user has no email address.
    #[error("user `{user}` has no email address, which app connector users need")]
    UserWithoutEmail {
        /// The user.
        user: UserId,
    },
    /// The user is not in the linked group.
    #[error("user `{user}` is not a member of group `{group}` linked to app connector `{app_connector}`")]
    NotInLinkedGroup {
        /// The user.
        user: UserId,
        /// The linked group.
        group: GroupId,
        /// The app connector.
        app_connector: AppConnectorId,
    },
    /// The app connector is blocked.
    #[error("app connector `{app_connector}` is blocked")]
    Blocked {
        /// The app connector.
        app_connector: AppConnectorId,
    },
    /// The connector is not part of the app connector.
    #[error("connector `{connector}` is not included in app connector `{app_connector}`")]
    ConnectorNotIncluded {
        /// The connector's name.
        connector: String,
        /// The app connector.
        app_connector: AppConnectorId,
    },
}

impl CallRefusal {
    /// The condition that failed.
    pub fn condition(&self) -> CallCondition {
        match self {
            Self::NoToken
            | Self::TokenRevoked { .. }
            | Self::TokenExpired { .. }
            | Self::TokenForOtherAppConnector { .. }
            | Self::TokenForOtherUser { .. }
            | Self::UnknownUser { .. }
            | Self::UnknownAppConnector { .. } => CallCondition::ValidToken,
            Self::UserDeactivated { .. } => CallCondition::UserActive,
            Self::UserWithoutEmail { .. } => CallCondition::UserHasEmail,
            Self::NotInLinkedGroup { .. } => CallCondition::MemberOfLinkedGroup,
            Self::Blocked { .. } => CallCondition::NotBlocked,
            Self::ConnectorNotIncluded { .. } => CallCondition::ConnectorIncluded,
        }
    }

    /// The refusal as people read it: users, groups and app connectors by name, the token by
    /// the `token` text its owner knows it by (its prefix), no internal id, no backticks.
    pub fn sentence(&self, policy: &Policy, token: &str) -> String {
        let user = |id: &UserId| {
            policy.user(id).map_or_else(
                || "an unknown user".to_owned(),
                |u| match &u.code {
                    Some(code) => format!("{} ({code})", u.name),
                    None => u.name.clone(),
                },
            )
        };
        let group = |id: &GroupId| {
            policy
                .groups
                .iter()
                .find(|g| &g.id == id)
                .map_or_else(|| "an unknown group".to_owned(), |g| g.name.clone())
        };
        let app_connector = |id: &AppConnectorId| {
            policy
                .app_connectors
                .iter()
                .find(|a| &a.id == id)
                .map_or_else(|| "an unknown app connector".to_owned(), |a| a.name.clone())
        };
        match self {
            Self::NoToken => self.to_string(),
            Self::TokenRevoked { .. } => format!("token {token} has been revoked"),
            Self::TokenExpired { .. } => format!("token {token} has expired"),
            Self::TokenForOtherAppConnector {
                token_for, called, ..
            } => format!(
                "token {token} is for app connector {}, not {}",
                app_connector(token_for),
                app_connector(called)
            ),
            Self::TokenForOtherUser { user: id, .. } => {
                format!("token {token} does not belong to {}", user(id))
            }
            Self::UnknownUser { .. } => {
                format!("token {token} belongs to a user who no longer exists")
            }
            Self::UnknownAppConnector { .. } => "the app connector does not exist".to_owned(),
            Self::UserDeactivated { user: id } => format!("{} is deactivated", user(id)),
            Self::UserWithoutEmail { user: id } => format!(
                "{} has no email address, which app connector users need",
                user(id)
            ),
            Self::NotInLinkedGroup {
                user: id,
                group: linked,
                app_connector: called,
            } => format!(
                "{} is not a member of {}, the group linked to app connector {}",
                user(id),
                group(linked),
                app_connector(called)
            ),
            Self::Blocked { app_connector: id } => {
                format!("app connector {} is blocked", app_connector(id))
            }
            Self::ConnectorNotIncluded {
                connector,
                app_connector: id,
            } => format!(
                "connector {connector} is not included in app connector {}",
                app_connector(id)
            ),
        }
    }
}

/// Decides a call: allow, or deny naming the first failed condition in the order of
/// [`CallCondition::ALL`].
pub fn check_call(policy: &Policy, request: &CallRequest<'_>, now: Timestamp) -> CallDecision {
    decide(policy, |id| policy.user(id), request, now)
}

impl PreparedPolicy {
    /// [`check_call`] on the prepared snapshot: the same decision, with the token's user found
    /// by its interned index instead of by scanning every user (the per-call path of a server
    /// that keeps the snapshot prepared).
    pub fn check_call(&self, request: &CallRequest<'_>, now: Timestamp) -> CallDecision {
        let policy = self.policy();
        decide(
            policy,
            |id| self.user_ix(id).and_then(|ix| policy.users.get(ix.index())),
            request,
            now,
        )
    }
}

fn decide<'p>(
    policy: &'p Policy,
    find_user: impl Fn(&UserId) -> Option<&'p User>,
    request: &CallRequest<'_>,
    now: Timestamp,
) -> CallDecision {
    match first_refusal(policy, find_user, request, now) {
        Ok(user) => CallDecision::Allow { user },
        Err(refusal) => CallDecision::Deny(refusal),
    }
}

fn first_refusal<'p>(
    policy: &'p Policy,
    find_user: impl Fn(&UserId) -> Option<&'p User>,
    request: &CallRequest<'_>,
    now: Timestamp,
) -> Result<UserId, CallRefusal> {
    let token = request.token.ok_or(CallRefusal::NoToken)?;
    let token_id = || token.id.clone();
    if token.revoked {
        return Err(CallRefusal::TokenRevoked { token: token_id() });
    }
    if now.has_passed(token.expires_at) {
        return Err(CallRefusal::TokenExpired { token: token_id() });
    }
    if &token.app_connector != request.app_connector {
        return Err(CallRefusal::TokenForOtherAppConnector {
            token: token_id(),
            token_for: token.app_connector.clone(),
            called: request.app_connector.clone(),
        });
    }
    if let Some(user) = request.user.filter(|u| **u != token.user) {
        return Err(CallRefusal::TokenForOtherUser {
            token: token_id(),
            user: user.clone(),
        });
    }
    let user = find_user(&token.user).ok_or_else(|| CallRefusal::UnknownUser {
        token: token_id(),
        user: token.user.clone(),
    })?;
    let app_connector = policy
        .app_connectors
        .iter()
        .find(|a| &a.id == request.app_connector)
        .ok_or_else(|| CallRefusal::UnknownAppConnector {
            app_connector: request.app_connector.clone(),
        })?;
    let user_id = || user.id.clone();
    if !user.is_active() {
        return Err(CallRefusal::UserDeactivated { user: user_id() });
    }
    if user.email.is_none() {
        return Err(CallRefusal::UserWithoutEmail { user: user_id() });
    }
    if !user.groups.contains(&app_connector.group) {
        return Err(CallRefusal::NotInLinkedGroup {
            user: user_id(),
            group: app_connector.group.clone(),
            app_connector: app_connector.id.clone(),
        });
    }
    if app_connector.blocked {
        return Err(CallRefusal::Blocked {
            app_connector: app_connector.id.clone(),
        });
    }
    if !app_connector.connectors.contains(request.connector) {
        return Err(CallRefusal::ConnectorNotIncluded {
            connector: request.connector.name.clone(),
            app_connector: app_connector.id.clone(),
        });
    }
    Ok(user_id())
}
