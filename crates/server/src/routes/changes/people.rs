//! Storing the people and organisation steps of a decided change set: a new user, a user's
//! changed properties, and the organisation's precedence rule — each with its audit entry.

use gatehouse_policy::{Precedence, User};
use gatehouse_wire::{UserStatus, UserSummary};
use serde_json::json;
use sqlx::AnyConnection;

use super::super::context::Author;
use crate::error::ApiError;
use crate::routes::context::{audit, Audited, PolicyContext};
use crate::store::users::{status_str, UserInsert};
use crate::store::Store;

/// Inserts a new user of the environment, active, and audits its creation.
pub(super) async fn create_user(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    user: &User,
) -> Result<(), ApiError> {
    let insert = UserInsert {
        id: user.id.to_string(),
        environment: ctx.env.code.clone(),
        code: user
            .code
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        name: user.name.clone(),
        email: user.email.as_ref().map(ToString::to_string),
        status: UserStatus::Active,
        account_owner: false,
        flags: user.flags.into(),
    };
    Store::insert_user(conn, &insert).await?;
    let after = json!({
        "id": insert.id,
        "code": insert.code,
        "name": insert.name,
        "email": insert.email,
        "status": status_str(insert.status),
        "flags": insert.flags,
    });
    let what = Audited {
        action: "create",
        entity: "user",
        id: &insert.id,
    };
    audit(conn, ctx, caller, what, None, Some(&after)).await
}

/// Stores a user's new name, email, flags and status if it is still at `stored.version`,
/// ends the sessions of a user it deactivates, and audits the change.
pub(super) async fn update_user(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    stored: &UserSummary,
    after: &UserSummary,
) -> Result<(), ApiError> {
    let updated = sqlx::query(
        "UPDATE users SET name = $1, email = $2, windows = $3, insite = $4, pocket = $5, \
         status = $6, version = version + 1 WHERE id = $7 AND version = $8",
    )
    .bind(&after.name)
    .bind(after.email.as_deref())
    .bind(after.flags.windows)
    .bind(after.flags.insite)
    .bind(after.flags.pocket)
    .bind(status_str(after.status))
    .bind(&stored.id)
    .bind(stored.version)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(ApiError::Internal(format!(
            "user {} changed during its write turn",
            stored.code
        )));
    }
    if after.status == UserStatus::Deactivated && stored.status == UserStatus::Active {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(&stored.id)
            .execute(&mut *conn)
            .await?;
    }
    let what = Audited {
        action: "update",
        entity: "user",
        id: &stored.code,
    };
    audit(conn, ctx, caller, what, Some(stored), Some(after)).await
}

/// Sets the precedence rule of the environment's organisation (every environment of it; the
/// database triggers move each one's policy generation) and audits the change.
pub(super) async fn set_precedence(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    precedence: Precedence,
) -> Result<(), ApiError> {
    let text = |p: Precedence| match p {
        Precedence::HighestWins => "highest_wins",
        Precedence::MostSpecificWins => "most_specific_wins",
    };
    let before = ctx.policy.precedence;
    sqlx::query(
        "UPDATE organisations SET precedence = $1 \
         WHERE participant = (SELECT participant FROM environments WHERE code = $2)",
    )
    .bind(text(precedence))
    .bind(&ctx.env.code)
    .execute(&mut *conn)
    .await?;
    let what = Audited {
        action: "update",
        entity: "organisation",
        id: &ctx.env.participant,
    };
    let state =
        |p: Precedence| json!({ "participant": ctx.env.participant, "precedence": text(p) });
    audit(
        conn,
        ctx,
        caller,
        what,
        Some(&state(before)),
        Some(&state(precedence)),
    )
    .await
}
