//! Storing the token changes of a decided set: an issued token gets its secret here (only its
//! SHA-256 and prefix are stored; the secret is answered this once), a revocation keeps the
//! first revocation's time. One audit entry per token that changed.

use gatehouse_policy::{PreparedPolicy, TokenRecord};
use gatehouse_wire::{IssuedToken, TokenView};
use sqlx::AnyConnection;

use super::super::context::Author;
use crate::auth::token::fingerprint;
use crate::error::ApiError;
use crate::routes::context::{audit, Audited, PolicyContext};
use crate::routes::tokens::{new_secret, status, token_view, warnings, PREFIX_CHARS};
use crate::store::tokens::{self as store, TokenInsert, TokenRow};

/// Stores `token` with a fresh secret; the token as listed, its secret and what would refuse
/// calls with it in `after` (the snapshot after the set).
pub(super) async fn issue(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    after: &PreparedPolicy,
    token: &TokenRecord,
) -> Result<IssuedToken, ApiError> {
    let secret = new_secret()?;
    let prefix: String = secret.chars().take(PREFIX_CHARS).collect();
    let token_hash = fingerprint(&secret);
    let id = token.id.as_str();
    store::insert(
        conn,
        &TokenInsert {
            id,
            environment: &ctx.env.code,
            user_id: token.user.as_str(),
            app_connector_id: token.app_connector.as_str(),
            prefix: &prefix,
            token_hash: &token_hash,
            created_at: ctx.now.unix_seconds(),
            expires_at: token.expires_at.map(|t| t.unix_seconds()),
        },
    )
    .await?;
    let row = stored(conn, ctx, id).await?;
    let view = token_view(&row, ctx.now);
    let what = Audited {
        action: "create",
        entity: "token",
        id,
    };
    audit(conn, ctx, caller, what, None, Some(&view)).await?;
    Ok(IssuedToken {
        warnings: warnings(after.policy(), ctx.now, &row),
        token: view,
        secret,
    })
}

/// Revokes the stored token `row` unless it is revoked already (audited only then); the
/// token as stored now.
pub(super) async fn revoke(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    row: TokenRow,
) -> Result<TokenView, ApiError> {
    let newly = store::revoke(conn, &row.id, ctx.now.unix_seconds()).await?;
    let now = stored(conn, ctx, &row.id).await?;
    let after = token_view(&now, ctx.now);
    if newly {
        let before = TokenView {
            revoked_at: None,
            status: status(ctx.now, row.expires_at, None),
            ..after.clone()
        };
        let what = Audited {
            action: "update",
            entity: "token",
            id: &row.id,
        };
        audit(conn, ctx, caller, what, Some(&before), Some(&after)).await?;
    }
    Ok(after)
}

async fn stored(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    id: &str,
) -> Result<TokenRow, ApiError> {
    store::find(conn, &ctx.env.code, id)
        .await?
        .ok_or_else(|| ApiError::Conflict {
            message: "a token changed while the change set was saved; reload and try again"
                .to_owned(),
            field: None,
        })
}
