//! The one error type of the HTTP boundary and its mapping to status codes and JSON.
//!
//! Internals (SQL text, driver messages) are logged, never sent: clients get
//! `{ "error": …, "field": … }` with a readable sentence.

use axum::http::StatusCode;
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
    /// A database failure; the details are logged, not returned.
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

impl ApiError {
    /// A 422 naming the field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ApiError::Invalid { message: message.into(), field: Some(field.to_owned()) }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Database(err) if unique_field(err).is_some() => StatusCode::CONFLICT,
            ApiError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn body(&self) -> ErrorBody {
        match self {
            ApiError::BadRequest { message, field }
            | ApiError::Invalid { message, field }
            | ApiError::Conflict { message, field } => {
                ErrorBody { error: message.clone(), field: field.clone() }
            }
            ApiError::NotFound { field, .. } => {
                ErrorBody { error: self.to_string(), field: Some((*field).to_owned()) }
            }
            ApiError::Database(err) => match unique_field(err) {
                Some(field) => ErrorBody {
                    error: format!("another record already uses this `{field}`"),
                    field: Some(field.to_owned()),
                },
                None => ErrorBody { error: "internal database error".to_owned(), field: None },
            },
            _ => ErrorBody { error: self.to_string(), field: None },
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
    ["email", "code", "name"].into_iter().find(|field| text.contains(field))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
        (status, Json(self.body())).into_response()
    }
}
