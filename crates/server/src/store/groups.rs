//! Groups and their members. Writes are conditional on the group's version.

use gatehouse_wire::{GroupDetail, UserRef};
use sqlx::{AnyConnection, Row};

use super::Store;

impl Store {
    /// One group of an environment with its members.
    pub async fn find_group(
        &self,
        environment: &str,
        id: &str,
    ) -> Result<Option<GroupDetail>, sqlx::Error> {
        let mut conn = self.pool().acquire().await?;
        group_detail(&mut conn, environment, id).await
    }
}

/// One group with its members, on `conn`.
pub async fn group_detail(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
) -> Result<Option<GroupDetail>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT id, name, description, version FROM user_groups WHERE environment = $1 AND id = $2",
    )
    .bind(environment)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let members = sqlx::query(
        "SELECT u.id, u.code, u.name FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 ORDER BY u.name",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|m| Ok(UserRef { id: m.try_get("id")?, code: m.try_get("code")?, name: m.try_get("name")? }))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Some(GroupDetail {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        members,
        version: row.try_get("version")?,
    }))
}

/// Inserts a group (version 1).
pub async fn insert_group(
    conn: &mut AnyConnection,
    environment: &str,
    id: &str,
    name: &str,
    description: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO user_groups (id, environment, name, description, version) VALUES ($1, $2, $3, $4, 1)")
        .bind(id)
        .bind(environment)
        .bind(name)
        .bind(description)
        .execute(conn)
        .await?;
    Ok(())
}

/// Renames a group still at `expected`; false otherwise.
pub async fn update_group(
    conn: &mut AnyConnection,
    id: &str,
    expected: i64,
    name: &str,
    description: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE user_groups SET name = $1, description = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(name)
    .bind(description)
    .bind(id)
    .bind(expected)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a group's name without a version check: the second step of renames in one change set
/// (the first gave the group a name no other holds, with the check, so that groups may swap
/// names under the unique name index).
pub async fn set_group_name(
    conn: &mut AnyConnection,
    id: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE user_groups SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the members of a group still at `expected`; false otherwise.
pub async fn set_members(
    conn: &mut AnyConnection,
    id: &str,
    expected: i64,
    members: &[String],
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE user_groups SET version = version + 1 WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(expected)
            .execute(&mut *conn)
            .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM group_members WHERE group_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for member in members {
        sqlx::query("INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(member)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Deletes a group still at `expected`, with its memberships and grants; false otherwise.
pub async fn delete_group(
    conn: &mut AnyConnection,
    id: &str,
    expected: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE user_groups SET version = version + 1 WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(expected)
            .execute(&mut *conn)
            .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "DELETE FROM grant_environments WHERE grant_id IN (SELECT id FROM grants WHERE subject_kind = 'group' AND subject_id = $1)",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM grants WHERE subject_kind = 'group' AND subject_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM group_members WHERE group_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM user_groups WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// Bumps a group's version (after its members changed).
pub async fn bump_version(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE user_groups SET version = version + 1 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Puts `user` in group `id` or takes them out (the caller bumps the group's version once
/// per change set); false when nothing changed (already a member, or not one).
pub async fn set_membership(
    conn: &mut AnyConnection,
    id: &str,
    user: &str,
    member: bool,
) -> Result<bool, sqlx::Error> {
    let sql = if member {
        "INSERT INTO group_members (group_id, user_id) SELECT $1, $2 \
         WHERE NOT EXISTS (SELECT 1 FROM group_members WHERE group_id = $1 AND user_id = $2)"
    } else {
        "DELETE FROM group_members WHERE group_id = $1 AND user_id = $2"
    };
    let done = sqlx::query(sql)
        .bind(id)
        .bind(user)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
