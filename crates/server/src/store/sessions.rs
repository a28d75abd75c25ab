//! Sign-in sessions and the credentials they are opened with.

use gatehouse_wire::EnvironmentInfo;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::users::{environment_from_row, flag};
use super::{now, Store};

/// How long a session lasts without signing in again (12 hours).
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;

/// What sign-in needs to know about a user.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// User id.
    pub user_id: String,
    /// Whether the account is active.
    pub active: bool,
    /// The argon2 PHC hash, if the user has a password.
    pub password_hash: Option<String>,
}

/// The signed-in user behind a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    /// User id.
    pub user_id: String,
    /// User code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// The environment the user (and so the session) belongs to.
    pub environment: String,
    /// Whether the user is the account owner.
    pub account_owner: bool,
    /// Whether the account is active.
    pub active: bool,
}

impl Store {
    /// Looks up a user's credentials by environment and code.
    pub async fn credentials(
        &self,
        environment: &str,
        code: &str,
    ) -> Result<Option<Credentials>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, status, password_hash FROM users WHERE environment = $1 AND code = $2",
        )
        .bind(environment)
        .bind(code)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(Credentials {
                user_id: row.try_get("id")?,
                active: row.try_get::<String, _>("status")? == "active",
                password_hash: row.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    /// Stores a new session under the fingerprint of its cookie value.
    pub async fn create_session(&self, token_hash: &str, user_id: &str) -> Result<(), sqlx::Error> {
        let created = now();
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(created)
            .bind(created + SESSION_SECONDS)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The user of an unexpired session.
    pub async fn session_user(&self, token_hash: &str) -> Result<Option<SessionUser>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT u.id, u.code, u.name, u.environment, u.account_owner, u.status \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(session_user_from_row).transpose()
    }

    /// The user of an unexpired session, and the environment `environment` with its policy
    /// generation (`None` when there is no such environment): one statement for what nearly
    /// every request reads first.
    pub async fn session_user_in(
        &self,
        token_hash: &str,
        environment: &str,
    ) -> Result<Option<(SessionUser, Option<(EnvironmentInfo, i64)>)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT u.id, u.code AS user_code, u.name AS user_name, u.environment AS user_environment, \
             u.account_owner, u.status, e.code, e.kind, e.name, o.participant, o.name AS organisation, \
             o.precedence, e.policy_generation \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             LEFT JOIN environments e ON e.code = $3 \
             LEFT JOIN organisations o ON o.participant = e.participant \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now())
        .bind(environment)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = SessionUser {
            user_id: row.try_get("id")?,
            code: row.try_get("user_code")?,
            name: row.try_get("user_name")?,
            environment: row.try_get("user_environment")?,
            account_owner: flag(&row, "account_owner")?,
            active: row.try_get::<String, _>("status")? == "active",
        };
        let env = match row.try_get::<Option<i64>, _>("policy_generation")? {
            Some(generation) => Some((environment_from_row(&row)?, generation)),
            None => None,
        };
        Ok(Some((user, env)))
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

fn session_user_from_row(row: &AnyRow) -> Result<SessionUser, sqlx::Error> {
    Ok(SessionUser {
        user_id: row.try_get("id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        environment: row.try_get("environment")?,
        account_owner: flag(row, "account_owner")?,
        active: row.try_get::<String, _>("status")? == "active",
    })
}
