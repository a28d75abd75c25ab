//! The one error type of the HTTP boundary and its mapping to status codes and JSON.
//!
//! Internals (SQL text, driver messages) are logged, never sent: clients get
//! `{ "error": …, "field": … }` with a readable sentence.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gatehouse_wire::ErrorBody;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed (bad JSON, wrong type, unknown field).
    #[error("{message}")]
    BadRequest {
        /// What is wrong.
        message: String,
        /// Which field, if known.
        field: Option<String>,
    },
    /// The request is well-formed but its content is invalid.
    #[error("{message}")]
    Invalid {
        /// What is wrong.
        message: String,
        /// Which field.
        field: Option<String>,
    },
    /// Nothing with that id exists.
    #[error("no {what} `{id}`")]
    NotFound {
        /// The kind of thing, e.g. `user`.
        what: &'static str,
        /// The id that was asked for.
        id: String,
        /// The path or query field that held the id.
        field: &'static str,
    },
    /// The change collides with existing data (e.g. a duplicate email).
    #[error("{message}")]
    Conflict {
        /// What collides.
        message: String,
        /// Which field.
        field: Option<String>,
    },
    /// The body is larger than the server accepts.
    #[error("request body is too large (limit {limit} bytes)")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body is not JSON.
    #[error("expected a JSON body with `content-type: application/json`")]
    UnsupportedMediaType,
    /// No valid session: sign in first.
    #[error("{0}")]
    Unauthorized(String),
    /// Signed in, but not allowed; the reason names the missing right.
    #[error("{0}")]
    Forbidden(String),
    /// Too many attempts; try again after the given seconds.
    #[error("too many failed sign-in attempts; try again in {retry_after} s")]
    TooManyRequests {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// An update without `If-Match`.
    #[error("send the version you edited in an `If-Match` header (e.g. `If-Match: \"3\"`)")]
    PreconditionRequired,
    /// A change set refused by the policy crate: every reason, the first one as the sentence.
    #[error("{}", .0.first().map_or("the change set is refused", |r| r.message.as_str()))]
    Refused(Vec<gatehouse_policy::SetRefusal>),
    /// A change set that breaks access tests, saved without the account owner's override
    /// (409, listing every test it breaks).
    #[error("{}", .0.message())]
    TestsBroken(gatehouse_app::TestsRefusal),
    /// `If-Match` names a version that is no longer current: someone else changed it.
    #[error("{entity} was changed by someone else (you edited version {sent}, it is now at version {current})")]
    Stale {
        /// What was edited.
        entity: String,
        /// The version the client sent.
        sent: i64,
        /// The current version.
        current: i64,
        /// The current state, so the client can show what changed.
        state: serde_json::Value,
    },
    /// The server is at capacity (admission control, or no database connection free in
    /// time): try again after the given seconds. Load shed, never a failure.
    #[error("the server is busy; try again in {retry_after} s")]
    Unavailable {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Something the server itself failed at (e.g. no randomness); logged, not detailed.
    #[error("internal error")]
    Internal(String),
    /// A database failure; the details are logged, not returned.
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

impl ApiError {
    /// A 422 naming the field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ApiError::Invalid {
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::Stale { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::Refused(refusals) => refused_status(refusals),
            ApiError::TestsBroken(refusal) => {
                StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::CONFLICT)
            }
            ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Database(err) if unique_field(err).is_some() || still_referenced(err) => {
                StatusCode::CONFLICT
            }
            ApiError::Database(err) if busy(err) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn body(&self) -> ErrorBody {
        match self {
            ApiError::BadRequest { message, field }
            | ApiError::Invalid { message, field }
            | ApiError::Conflict { message, field } => ErrorBody {
                error: message.clone(),
                field: field.clone(),
            },
            ApiError::NotFound { field, .. } => ErrorBody {
                error: self.to_string(),
                field: Some((*field).to_owned()),
            },
            ApiError::Database(err) => match unique_field(err) {
                Some(field) => ErrorBody {
                    error: format!("another record already uses this `{field}`"),
                    field: Some(field.to_owned()),
                },
                None if still_referenced(err) => ErrorBody {
                    error: "this record is still used elsewhere (e.g. by an app connector); remove that use first".to_owned(),
                    field: None,
                },
                None => ErrorBody {
                    error: "internal database error".to_owned(),
                    field: None,
                },
            },
            ApiError::PreconditionRequired => ErrorBody {
                error: self.to_string(),
                field: Some("if-match".to_owned()),
            },
            ApiError::Refused(refusals) => ErrorBody {
                error: self.to_string(),
                field: refusals.first().map(|r| match (r.index, &r.field) {
                    (Some(i), Some(f)) => format!("changes[{i}].{f}"),
                    (Some(i), None) => format!("changes[{i}]"),
                    (None, f) => f.clone().unwrap_or_else(|| "changes".to_owned()),
                }),
            },
            _ => ErrorBody {
                error: self.to_string(),
                field: None,
            },
        }
    }
}

/// If the error is a unique-constraint violation, the field it is about.
fn unique_field(err: &sqlx::Error) -> Option<&'static str> {
    let db = err.as_database_error()?;
    if !db.is_unique_violation() {
        return None;
    }
    let text = format!("{} {}", db.constraint().unwrap_or_default(), db.message());
    ["email", "code", "name"]
        .into_iter()
        .find(|field| text.contains(field))
}

/// Whether the database is only busy, not broken: no pooled connection free in time, SQLite
/// still locked after its busy timeout, or a PostgreSQL transaction that lost a lock race
/// (deadlock, serialisation failure, lock or statement timeout). The client may retry.
fn busy(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            matches!(code.as_ref(), "40001" | "40P01" | "55P03" | "57014" | "53300")
                // SQLite's primary codes BUSY (5) and LOCKED (6), with any extended code.
                || code.parse::<i64>().is_ok_and(|n| matches!(n & 0xff, 5 | 6))
        }),
        _ => false,
    }
}

/// Whether the error is a foreign-key violation: a concurrent change removed or still uses
/// a referenced record (a conflict, never a 500).
fn still_referenced(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|db| db.is_foreign_key_violation())
}

/// A refused change set's status: that of its most fundamental refusal (not allowed, then
/// not found, then conflicting, then malformed).
fn refused_status(refusals: &[gatehouse_policy::SetRefusal]) -> StatusCode {
    use gatehouse_policy::RefusalKind as K;
    let rank = |kind: K| match kind {
        K::Forbidden => (0, StatusCode::FORBIDDEN),
        K::NotFound => (1, StatusCode::NOT_FOUND),
        K::Conflict => (2, StatusCode::CONFLICT),
        K::Invalid => (3, StatusCode::UNPROCESSABLE_ENTITY),
    };
    refusals
        .iter()
        .map(|r| rank(r.kind))
        .min_by_key(|(rank, _)| *rank)
        .map_or(StatusCode::CONFLICT, |(_, status)| status)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            if let ApiError::Database(err) = &self {
                tracing::warn!(error = ?err, "database busy; answered 503");
            }
            let retry_after = match self {
                ApiError::Unavailable { retry_after } => retry_after,
                _ => crate::overload::RETRY_AFTER_SECONDS,
            };
            let body = serde_json::json!({
                "error": ApiError::Unavailable { retry_after }.to_string(),
                "field": null,
            });
            return (
                status,
                [(header::RETRY_AFTER, retry_after.to_string())],
                Json(body),
            )
                .into_response();
        }
        if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
        match &self {
            ApiError::Refused(refusals) => {
                let body = serde_json::json!({
                    "error": self.to_string(),
                    "field": self.body().field,
                    "refusals": refusals,
                });
                (status, Json(body)).into_response()
            }
            ApiError::TestsBroken(refusal) => {
                let body = gatehouse_wire::BrokenTestsBody {
                    error: self.to_string(),
                    field: Some("override_tests".to_owned()),
                    broken_tests: refusal.broken().to_vec(),
                };
                (status, Json(body)).into_response()
            }
            ApiError::Stale { state, current, .. } => {
                let body = serde_json::json!({
                    "error": self.to_string(),
                    "field": "if-match",
                    "current_version": current,
                    "current": state,
                });
                (
                    status,
                    [(header::ETAG, format!("\"{current}\""))],
                    Json(body),
                )
                    .into_response()
            }
            ApiError::TooManyRequests { retry_after } => (
                status,
                [(header::RETRY_AFTER, retry_after.to_string())],
                Json(self.body()),
            )
                .into_response(),
            _ => (status, Json(self.body())).into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn parts(err: ApiError) -> (StatusCode, Option<String>, serde_json::Value) {
        let response = err.into_response();
        let status = response.status();
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, retry_after, serde_json::from_slice(&body).unwrap())
    }

    #[tokio::test]
    async fn a_pool_time_out_is_load_shed_not_a_failure() {
        let (status, retry_after, body) =
            parts(ApiError::Database(sqlx::Error::PoolTimedOut)).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(retry_after.as_deref(), Some("1"));
        assert_eq!(
            body,
            serde_json::json!({ "error": "the server is busy; try again in 1 s", "field": null })
        );
    }

    #[tokio::test]
    async fn other_database_errors_stay_500_without_details() {
        let (status, retry_after, body) = parts(ApiError::Database(sqlx::Error::RowNotFound)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(retry_after, None);
        assert_eq!(
            body,
            serde_json::json!({ "error": "internal database error" })
        );
    }
}
