//! How a SCIM write reaches the store: a change set on the one write path, with what is kept
//! beside users and groups written in its transaction; a write that changes only what is kept
//! beside them (a userName, an externalId) is one transaction of its own, audited alike.

use axum::http::{header, HeaderMap};
use gatehouse_scim::ScimError;
use gatehouse_wire::ChangeRequest;
use serde_json::Value;

use super::load::Scope;
use super::reply::Fail;
use crate::routes::changes::{apply_with, write_side, How};
use crate::store::provisioning::SideRecord;
use crate::AppState;

/// Applies `changes` with `side` records, all or nothing.
pub async fn write(
    state: &AppState,
    scope: &Scope,
    changes: &[ChangeRequest],
    side: &[SideRecord],
) -> Result<(), Fail> {
    if changes.is_empty() {
        if side.is_empty() {
            return Ok(());
        }
        let mut tx = state.store.begin_write().await?;
        for record in side {
            write_side(&mut tx, &scope.ctx, &scope.caller, record).await?;
        }
        tx.commit().await?;
        return Ok(());
    }
    apply_with(
        state,
        &scope.ctx,
        &scope.caller,
        changes,
        How::default(),
        side,
    )
    .await?;
    Ok(())
}

/// Refuses a write made against another version than `current`'s (`If-Match`; `*` or none
/// matches any).
pub fn check_if_match(headers: &HeaderMap, current: &Value) -> Result<(), Fail> {
    let Some(sent) = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let version = current["meta"]["version"].as_str().unwrap_or_default();
    let matches = sent.split(',').map(str::trim).any(|tag| {
        tag == "*"
            || tag == version
            || tag.trim_start_matches("W/") == version.trim_start_matches("W/")
    });
    if matches {
        Ok(())
    } else {
        Err(Fail(ScimError::precondition_failed(format!(
            "the resource changed since version {sent}; it is now at {version}: read it again"
        ))))
    }
}
