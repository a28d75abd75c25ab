//! The real connector call: `GET /api/v1/connect/{app_connector}/{connector}` with
//! `Authorization: Bearer <token>` (no session cookie).
//!
//! The presented secret's checksum is checked first (a malformed token never reaches the
//! database); then the tokens sharing its prefix are loaded and their SHA-256 hashes compared
//! in constant time. The token is read fresh for every call, and the policy snapshot is the
//! cached one only while its environment's policy generation is unchanged (read on every
//! call), so a revocation, a block or a membership change applies to the very next request —
//! from any server process. The policy
//! crate's `check_call` decides; a refusal is 401 when the token is the problem and 403
//! otherwise, naming the failed condition. An allowed get call returns the rows of the table
//! the connector serves that the user's filters let through, and notes the token as used.
//!
//! `{connector}` is the connector resource's id (`res-hrdb`). A `GET` is a get-connector
//! call: a connector included only as update connector is refused as not included. A get
//! connector that serves no table answers 200 with no rows and no table.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use gatehouse_policy::token::verify_checksum;
use gatehouse_policy::{
    AppConnectorId, CallCondition, CallDecision, CallRefusal, CallRequest, ConnectorKind,
    ConnectorRef, Policy, Timestamp, TokenId, TokenRecord, UserId,
};
use gatehouse_wire::{CallRefusalBody, ConnectResult, ErrorBody};

use super::tables::{load_rows, visible};
use crate::auth::token::{fingerprint, fingerprint_matches};
use crate::error::ApiError;
use crate::store::generation::policy_generation;
use crate::store::now;
use crate::store::tables::connectors_by_table;
use crate::store::tokens::{self as store, TokenRow};
use crate::AppState;

/// The connect route.
pub fn router() -> Router<AppState> {
    Router::new().route("/connect/{app_connector}/{connector}", get(connect))
}

/// Call a get connector through an app connector
#[utoipa::path(
    get,
    path = "/connect/{app_connector}/{connector}",
    tag = "connect",
    params(
        ("app_connector" = String, Path, description = "the app connector's id"),
        ("connector" = String, Path, description = "the connector resource's id, e.g. `res-hrdb`"),
    ),
    security(("app_connector_token" = [])),
    responses(
        (status = 200, description = "the rows of the served table the user may see", body = ConnectResult),
        (status = 401, description = "no valid token for this app connector", body = CallRefusalBody,
            headers(("WWW-Authenticate" = String))),
        (status = 403, description = "refused; `condition` names the failed condition", body = CallRefusalBody),
        (status = 404, description = "no such app connector", body = ErrorBody),
    ),
)]
async fn connect(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((app_connector, connector)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let now = Timestamp::from_unix_seconds(now());
    let called = AppConnectorId::parse(&app_connector).map_err(|_| ApiError::NotFound {
        what: "app connector",
        id: app_connector.clone(),
        field: "app_connector",
    })?;
    let connector = ConnectorRef {
        kind: ConnectorKind::Get,
        name: connector,
    };
    let mut conn = state.store.pool().acquire().await?;
    let Some(token) = find_token(&mut conn, &headers).await? else {
        return Ok(refuse(
            &CallRefusal::NoToken,
            CallRefusal::NoToken.to_string(),
        ));
    };
    let generation = policy_generation(&mut conn, &token.environment).await?;
    // No connection is held while waiting for another request's load of the same snapshot.
    drop(conn);
    let snapshot = state
        .policies
        .get_or_load(&state.store, &token.environment, generation, now)
        .await?;
    let policy = &*snapshot.policy;
    let record = TokenRecord {
        id: TokenId::parse(&token.id).map_err(|e| ApiError::Internal(e.to_string()))?,
        user: UserId::parse(&token.user_id).map_err(|e| ApiError::Internal(e.to_string()))?,
        app_connector: AppConnectorId::parse(&token.app_connector_id)
            .map_err(|e| ApiError::Internal(e.to_string()))?,
        expires_at: token.expires_at.map(Timestamp::from_unix_seconds),
        revoked: token.revoked_at.is_some(),
    };
    let request = CallRequest {
        token: Some(&record),
        user: None,
        app_connector: &called,
        connector: &connector,
    };
    let user = match snapshot.prepared.check_call(&request, now) {
        CallDecision::Deny(refusal) => {
            let sentence = refusal.sentence(policy, &format!("{}…", token.prefix));
            return Ok(refuse(&refusal, sentence));
        }
        CallDecision::Allow { user } => user,
    };
    let mut conn = state.store.pool().acquire().await?;
    let result = rows_for(&mut conn, policy, &token, &connector.name, &user).await?;
    store::touch(&mut conn, &token.id, now.unix_seconds()).await?;
    Ok((StatusCode::OK, Json(result)).into_response())
}

/// The token whose hash matches the presented secret, if any (hashes compared in constant
/// time among the tokens sharing the secret's prefix).
async fn find_token(
    conn: &mut sqlx::AnyConnection,
    headers: &HeaderMap,
) -> Result<Option<TokenRow>, ApiError> {
    let Some(secret) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
    else {
        return Ok(None);
    };
    if !verify_checksum(secret) || secret.len() < super::tokens::PREFIX_CHARS {
        return Ok(None);
    }
    let prefix: String = secret.chars().take(super::tokens::PREFIX_CHARS).collect();
    let presented = fingerprint(secret);
    let mut found = None;
    for candidate in store::with_prefix(conn, &prefix).await? {
        if fingerprint_matches(&candidate.token_hash, &presented) {
            found = Some(candidate);
        }
    }
    Ok(found)
}

/// The rows of the table the connector serves that `user` may see.
async fn rows_for(
    conn: &mut sqlx::AnyConnection,
    policy: &Policy,
    token: &TokenRow,
    connector: &str,
    user: &UserId,
) -> Result<ConnectResult, ApiError> {
    let table = connectors_by_table(conn, &token.environment)
        .await?
        .into_iter()
        .find(|(_, connectors)| connectors.iter().any(|(id, _)| id == connector))
        .map(|(table, _)| table);
    let mut result = ConnectResult {
        app_connector: token.app_connector_id.clone(),
        connector: connector.to_owned(),
        user: token.user_code.clone(),
        table: table.clone(),
        state: gatehouse_wire::VisibilityState::AllRows,
        rows: Vec::new(),
    };
    let Some(table) = table else {
        return Ok(result);
    };
    let rows = load_rows(conn, &table).await?;
    let (state, visible) = visible(policy, &table, user, &rows)?;
    result.state = state;
    result.rows = visible.into_iter().map(|v| v.row).collect();
    Ok(result)
}

/// 401 when the token is the problem, 403 otherwise; the body names the failed condition.
fn refuse(refusal: &CallRefusal, sentence: String) -> Response {
    let condition = refusal.condition();
    let (status, field) = match condition {
        CallCondition::ValidToken => (StatusCode::UNAUTHORIZED, "authorization"),
        CallCondition::UserActive => (StatusCode::FORBIDDEN, "user"),
        CallCondition::UserHasEmail => (StatusCode::FORBIDDEN, "email"),
        CallCondition::MemberOfLinkedGroup => (StatusCode::FORBIDDEN, "group"),
        CallCondition::NotBlocked => (StatusCode::FORBIDDEN, "blocked"),
        CallCondition::ConnectorIncluded => (StatusCode::FORBIDDEN, "connector"),
    };
    let body = CallRefusalBody {
        error: sentence,
        field: Some(field.to_owned()),
        condition,
    };
    let mut response = (status, Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer realm=\"gatehouse\""),
        );
    }
    response
}
