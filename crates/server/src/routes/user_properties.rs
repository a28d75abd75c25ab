//! `PUT /environments/{env}/users/{code}/properties`: name, email, application flags and
//! status of a user, with `If-Match`. The collaborator rules (only the provider edits a
//! collaborator's name and email; one email per environment; Pocket and InSite rules) and the
//! lock-out guard for deactivation are the policy crate's.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::put;
use axum::{Json, Router};
use gatehouse_policy::{
    decide, EmailAddress, SetChange, SetRefusal, UserFlags as PolicyFlags, UserId,
    UserStatus as PolicyStatus,
};
use gatehouse_wire::{ErrorBody, UserProperties, UserStatus, UserSummary};

use super::collaborators::{current_user, environment_code, refusal, user_code, user_version};
use super::context::{audit, require_account_owner, Audited, PolicyContext};
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use super::versioning::{etag, if_match, stale};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::landscape::load_landscape;
use crate::store::users::status_str;
use crate::AppState;

const NAME_LIMIT: usize = 100;

/// The user property routes.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/environments/{env}/users/{code}/properties",
        put(update_properties),
    )
}

/// Change a user's name, email, application flags and status (account owner only)
///
/// Every field is sent; what differs is changed. A collaborator's name and email change only
/// in its provider's environments; deactivation goes through the lock-out guard and ends the
/// user's sessions.
#[utoipa::path(
    put,
    path = "/environments/{env}/users/{code}/properties",
    tag = "users",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.BWilliams`"), IfMatch),
    request_body = UserProperties,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "changed", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
        (status = 403, description = "not allowed: the sentence names the missing right (not the account owner, an environment of another organisation, no `x-gatehouse-csrf` header), or a collaborator's name or email changed outside its provider's environments", body = ErrorBody),
        JsonBody,
        IfMatch,
        (status = 409, description = "the email already belongs to another user of the environment (`field` is `email`), or the status change is refused: you cannot deactivate your own account, and no resource may lose its last Owner (`field` is `status`)", body = ErrorBody),
    ),
)]
async fn update_properties(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, code)): Path<(String, String)>,
    ApiJson(body): ApiJson<UserProperties>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let env_code = environment_code(&ctx.env.code)?;
    let user = user_code(&code)?;
    let name = body.name.trim().to_owned();
    if name.is_empty() {
        return Err(ApiError::invalid("name", "name must not be empty"));
    }
    if name.chars().count() > NAME_LIMIT {
        return Err(ApiError::invalid(
            "name",
            format!("name must be at most {NAME_LIMIT} characters"),
        ));
    }
    let email = match body
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        Some(raw) => {
            Some(EmailAddress::parse(raw).map_err(|e| ApiError::invalid("email", e.to_string()))?)
        }
        None => None,
    };
    let before = current_user(&state, &ctx.env.code, &code).await?;
    if before.status != body.status {
        guard_status(&ctx, &caller, &before.id, body.status)?;
    }
    let mut tx = state.store.begin_write().await?;
    let current = user_version(&mut tx, &ctx.env.code, &code).await?;
    if current != Some(expected) {
        return Err(stale(
            "this user",
            expected,
            current.unwrap_or(before.version),
            &before,
        ));
    }
    let mut world = load_landscape(&mut tx).await?;
    let here = world
        .user(env_code, &user)
        .cloned()
        .ok_or_else(|| ApiError::NotFound {
            what: "user",
            id: code.clone(),
            field: "code",
        })?;
    if here.name != name {
        world
            .set_name(env_code, &user, &name)
            .map_err(|e| field(refusal(e), "name"))?;
    }
    if here.email != email {
        world
            .set_email(env_code, &user, email.clone())
            .map_err(|e| field(refusal(e), "email"))?;
    }
    let flags = PolicyFlags {
        windows: body.flags.windows,
        insite: body.flags.insite,
        pocket: body.flags.pocket,
    };
    if here.flags != flags {
        world
            .set_flags(env_code, &user, flags)
            .map_err(|e| field(refusal(e), "flags"))?;
    }
    let updated = sqlx::query(
        "UPDATE users SET name = $1, email = $2, windows = $3, insite = $4, pocket = $5, \
         status = $6, version = version + 1 \
         WHERE environment = $7 AND code = $8 AND version = $9",
    )
    .bind(&name)
    .bind(email.as_ref().map(ToString::to_string))
    .bind(flags.windows)
    .bind(flags.insite)
    .bind(flags.pocket)
    .bind(status_str(body.status))
    .bind(&ctx.env.code)
    .bind(&code)
    .bind(expected)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(stale("this user", expected, before.version, &before));
    }
    if body.status == UserStatus::Deactivated {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(&before.id)
            .execute(&mut *tx)
            .await?;
    }
    let mut after = before.clone();
    after.name.clone_from(&name);
    after.email = email.as_ref().map(ToString::to_string);
    after.flags = body.flags;
    after.status = body.status;
    after.version = expected + 1;
    let what = Audited {
        action: "update",
        entity: "user",
        id: &code,
    };
    audit(&mut tx, &ctx, &caller, what, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok((etag(after.version), Json(after)))
}

/// Deactivation and reactivation go through the policy's authorisation and lock-out guard
/// (no resource may lose its last Owner), and nobody switches their own account off.
fn guard_status(
    ctx: &PolicyContext,
    caller: &Caller,
    user_id: &str,
    status: UserStatus,
) -> Result<(), ApiError> {
    if user_id == caller.user.user_id && status == UserStatus::Deactivated {
        return Err(ApiError::Conflict {
            message: "you cannot deactivate your own account".to_owned(),
            field: Some("status".to_owned()),
        });
    }
    let change = SetChange::SetUserStatus {
        user: UserId::parse(user_id).map_err(|e| ApiError::Internal(e.to_string()))?,
        status: match status {
            UserStatus::Active => PolicyStatus::Active,
            UserStatus::Deactivated => PolicyStatus::Deactivated,
        },
    };
    // The same decision as a change set of this one change (authorisation, lock-out guard).
    decide(&ctx.prepared, &ctx.actor, &[change])
        .map(|_| ())
        .map_err(|refusals| {
            ApiError::Refused(
                refusals
                    .into_iter()
                    .map(|r| SetRefusal {
                        index: None,
                        field: r.field.or_else(|| Some("status".to_owned())),
                        ..r
                    })
                    .collect(),
            )
        })
}

/// Points a refusal at the field it is about when it names none.
fn field(err: ApiError, name: &str) -> ApiError {
    match err {
        ApiError::Conflict {
            message,
            field: None,
        } => ApiError::Conflict {
            message,
            field: Some(name.to_owned()),
        },
        other => other,
    }
}
