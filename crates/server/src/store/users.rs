//! Queries about users, their groups and the environments they live in.

use std::collections::HashMap;

use gatehouse_wire::{
    EnvironmentInfo, EnvironmentKind, GroupRef, GroupSummary, Precedence, UserFlags, UserKind,
    UserStatus, UserSummary,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{now, Store};

/// A user row ready to be inserted (already validated).
#[derive(Debug, Clone)]
pub struct UserInsert {
    /// The user's id.
    pub id: String,
    /// The environment code the user lives in.
    pub environment: String,
    /// The validated user code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Normalised email, if any.
    pub email: Option<String>,
    /// Active or deactivated.
    pub status: UserStatus,
    /// Whether this is the account owner.
    pub account_owner: bool,
    /// Application flags.
    pub flags: UserFlags,
}

impl Store {
    /// All environments of all organisations, production first.
    pub async fn list_environments(&self) -> Result<Vec<EnvironmentInfo>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT e.code, e.kind, e.name, o.participant, o.name AS organisation, o.precedence \
             FROM environments e JOIN organisations o ON o.participant = e.participant \
             ORDER BY o.participant, CASE e.kind WHEN 'production' THEN 0 WHEN 'accept' THEN 1 ELSE 2 END",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(environment_from_row).collect()
    }

    /// One environment by code, if it exists.
    pub async fn find_environment(
        &self,
        code: &str,
    ) -> Result<Option<EnvironmentInfo>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT e.code, e.kind, e.name, o.participant, o.name AS organisation, o.precedence \
             FROM environments e JOIN organisations o ON o.participant = e.participant \
             WHERE e.code = $1",
        )
        .bind(code)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(environment_from_row).transpose()
    }

    /// The production environment of the organisation with this participant number.
    pub async fn production_environment(
        &self,
        participant: &str,
    ) -> Result<Option<EnvironmentInfo>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT e.code, e.kind, e.name, o.participant, o.name AS organisation, o.precedence \
             FROM environments e JOIN organisations o ON o.participant = e.participant \
             WHERE e.participant = $1 AND e.kind = 'production'",
        )
        .bind(participant)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(environment_from_row).transpose()
    }

    /// Every user of an environment with their groups, ordered by name.
    pub async fn list_users(&self, environment: &str) -> Result<Vec<UserSummary>, sqlx::Error> {
        self.list_users_page(environment, None).await
    }

    /// The first `limit` users of an environment by name (all of them without a limit).
    pub async fn list_users_page(
        &self,
        environment: &str,
        limit: Option<i64>,
    ) -> Result<Vec<UserSummary>, sqlx::Error> {
        const SELECT: &str = "SELECT id, code, name, email, status, account_owner, windows, \
             insite, pocket, version, kind, person_id, collaborator \
             FROM users WHERE environment = $1 ORDER BY name, code";
        let rows = match limit {
            Some(limit) => {
                sqlx::query(&format!("{SELECT} LIMIT $2"))
                    .bind(environment)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                sqlx::query(SELECT)
                    .bind(environment)
                    .fetch_all(self.pool())
                    .await?
            }
        };
        let mut groups = self.memberships(environment).await?;
        rows.iter()
            .map(|row| {
                let mut user = user_from_row(row)?;
                user.groups = groups.remove(&user.id).unwrap_or_default();
                Ok(user)
            })
            .collect()
    }

    /// How many users an environment has.
    pub async fn count_users(&self, environment: &str) -> Result<usize, sqlx::Error> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE environment = $1")
            .bind(environment)
            .fetch_one(self.pool())
            .await?;
        Ok(usize::try_from(count).unwrap_or_default())
    }

    /// One user by code within an environment.
    pub async fn find_user(
        &self,
        environment: &str,
        code: &str,
    ) -> Result<Option<UserSummary>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, code, name, email, status, account_owner, windows, insite, pocket, version, \
             kind, person_id, collaborator \
             FROM users WHERE environment = $1 AND code = $2",
        )
        .bind(environment)
        .bind(code)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let mut user = user_from_row(&row)?;
        user.groups = self
            .memberships(environment)
            .await?
            .remove(&user.id)
            .unwrap_or_default();
        Ok(Some(user))
    }

    /// The environments where an active user with `code` exists (a collaborator's clients
    /// among them).
    pub async fn active_environments_of(&self, code: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT environment FROM users WHERE code = $1 AND status = 'active' ORDER BY environment",
        )
        .bind(code)
        .fetch_all(self.pool())
        .await
    }

    /// Inserts a user on `conn` (the caller's write transaction).
    pub async fn insert_user(
        conn: &mut AnyConnection,
        user: &UserInsert,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO users (id, environment, code, name, email, status, account_owner, \
             windows, insite, pocket, created_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)",
        )
        .bind(&user.id)
        .bind(&user.environment)
        .bind(&user.code)
        .bind(&user.name)
        .bind(user.email.clone())
        .bind(status_str(user.status))
        .bind(user.account_owner)
        .bind(user.flags.windows)
        .bind(user.flags.insite)
        .bind(user.flags.pocket)
        .bind(now())
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Groups of an environment with member counts, ordered by name.
    pub async fn list_groups(&self, environment: &str) -> Result<Vec<GroupSummary>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT g.id, g.name, g.description, g.version, \
             (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS member_count \
             FROM user_groups g WHERE g.environment = $1 ORDER BY g.name",
        )
        .bind(environment)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(GroupSummary {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    description: row.try_get("description")?,
                    member_count: usize::try_from(row.try_get::<i64, _>("member_count")?)
                        .unwrap_or_default(),
                    version: row.try_get("version")?,
                })
            })
            .collect()
    }

    /// User id → the groups it belongs to, for one environment.
    async fn memberships(
        &self,
        environment: &str,
    ) -> Result<HashMap<String, Vec<GroupRef>>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT m.user_id, g.id, g.name FROM group_members m \
             JOIN user_groups g ON g.id = m.group_id \
             WHERE g.environment = $1 ORDER BY g.name",
        )
        .bind(environment)
        .fetch_all(self.pool())
        .await?;
        let mut map: HashMap<String, Vec<GroupRef>> = HashMap::new();
        for row in rows {
            map.entry(row.try_get("user_id")?)
                .or_default()
                .push(GroupRef {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                });
        }
        Ok(map)
    }
}

/// The stored spelling of a status.
pub fn status_str(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Active => "active",
        UserStatus::Deactivated => "deactivated",
    }
}

fn user_from_row(row: &AnyRow) -> Result<UserSummary, sqlx::Error> {
    let status: String = row.try_get("status")?;
    Ok(UserSummary {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        status: if status == "deactivated" {
            UserStatus::Deactivated
        } else {
            UserStatus::Active
        },
        account_owner: flag(row, "account_owner")?,
        flags: UserFlags {
            windows: flag(row, "windows")?,
            insite: flag(row, "insite")?,
            pocket: flag(row, "pocket")?,
        },
        groups: Vec::new(),
        version: row.try_get("version")?,
        kind: if row.try_get::<String, _>("kind")? == "system" {
            UserKind::System
        } else {
            UserKind::Normal
        },
        person: row.try_get("person_id")?,
        collaborator: flag(row, "collaborator")?,
    })
}

/// Reads a flag column: BOOLEAN on PostgreSQL, INTEGER 0/1 on SQLite.
pub fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    row.try_get::<bool, _>(column)
        .or_else(|_| row.try_get::<i64, _>(column).map(|value| value != 0))
}

pub(crate) fn environment_from_row(row: &AnyRow) -> Result<EnvironmentInfo, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    Ok(EnvironmentInfo {
        code: row.try_get("code")?,
        kind: match kind.as_str() {
            "test" => EnvironmentKind::Test,
            "accept" => EnvironmentKind::Accept,
            _ => EnvironmentKind::Production,
        },
        name: row.try_get("name")?,
        participant: row.try_get("participant")?,
        organisation: row.try_get("organisation")?,
        precedence: if row.try_get::<String, _>("precedence")? == "most_specific_wins" {
            Precedence::MostSpecificWins
        } else {
            Precedence::HighestWins
        },
    })
}

impl Store {
    /// The id of the user with `code` in an environment: one indexed lookup, for endpoints that
    /// decide with the cached policy snapshot and need nothing else about the user.
    pub async fn find_user_id(
        &self,
        environment: &str,
        code: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query("SELECT id FROM users WHERE environment = $1 AND code = $2")
            .bind(environment)
            .bind(code)
            .fetch_optional(self.pool())
            .await?
            .map(|row| row.try_get("id"))
            .transpose()
    }
}

/// The users of `environment` among `ids`, with their groups, as stored now (in the caller's
/// transaction: a change set reads what it edits in its write turn).
pub async fn users_by_ids(
    conn: &mut AnyConnection,
    environment: &str,
    ids: &[&str],
) -> Result<Vec<UserSummary>, sqlx::Error> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(super::batch::rows(1)) {
        let list = super::batch::list(chunk.len());
        let sql = format!(
            "SELECT id, environment, code, name, email, status, account_owner, windows, insite, \
             pocket, version, kind, person_id, collaborator FROM users WHERE id IN ({list})"
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            if row.try_get::<String, _>("environment")? == environment {
                found.push(user_from_row(&row)?);
            }
        }
        let sql = format!(
            "SELECT m.user_id, g.id, g.name FROM group_members m \
             JOIN user_groups g ON g.id = m.group_id WHERE m.user_id IN ({list}) ORDER BY g.name"
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            let user: String = row.try_get("user_id")?;
            if let Some(summary) = found.iter_mut().find(|u| u.id == user) {
                summary.groups.push(GroupRef {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                });
            }
        }
    }
    Ok(found)
}
