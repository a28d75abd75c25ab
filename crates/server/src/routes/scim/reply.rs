//! SCIM answers: `application/scim+json` bodies, `ETag` and `Location` headers, errors in
//! the RFC 7644 §3.12 shape, and the outcome sentence the call log keeps.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use gatehouse_policy::RefusalKind;
use gatehouse_scim::{ScimError, ScimType};
use serde_json::Value;

use crate::error::ApiError;

/// The SCIM media type.
const SCIM_JSON: &str = "application/scim+json";

/// What the call log says a call did.
#[derive(Debug, Clone)]
pub struct Outcome(pub String);

/// A successful SCIM answer.
pub struct Reply {
    status: StatusCode,
    body: Option<Value>,
    etag: Option<String>,
    location: Option<String>,
    outcome: String,
}

impl Reply {
    /// 200 with a body.
    pub fn ok(body: Value, outcome: impl Into<String>) -> Self {
        Self {
            status: StatusCode::OK,
            etag: version(&body),
            body: Some(body),
            location: None,
            outcome: outcome.into(),
        }
    }

    /// 201 with the new resource and its location.
    pub fn created(body: Value, outcome: impl Into<String>) -> Self {
        let location = body["meta"]["location"].as_str().map(str::to_owned);
        Self {
            status: StatusCode::CREATED,
            etag: version(&body),
            body: Some(body),
            location,
            outcome: outcome.into(),
        }
    }

    /// 204 without a body.
    pub fn no_content(outcome: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            body: None,
            etag: None,
            location: None,
            outcome: outcome.into(),
        }
    }
}

impl Reply {
    /// The body, if any.
    pub fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `ETag` of `resource` (when the body is a projection of it without its `meta`).
    pub fn with_version_of(self, resource: &Value) -> Self {
        Self {
            etag: version(resource),
            ..self
        }
    }
}

/// A resource's version, from its `meta`.
fn version(resource: &Value) -> Option<String> {
    resource["meta"]["version"].as_str().map(str::to_owned)
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let etag = self.etag;
        let mut response = match self.body {
            Some(body) => (self.status, body.to_string()).into_response(),
            None => self.status.into_response(),
        };
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
        if let Some(etag) = etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
            headers.insert(header::ETAG, etag);
        }
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, location);
        }
        response.extensions_mut().insert(Outcome(self.outcome));
        response
    }
}

/// A failed SCIM call.
#[derive(Debug)]
pub struct Fail(pub ScimError);

impl From<ScimError> for Fail {
    fn from(err: ScimError) -> Self {
        Fail(err)
    }
}

impl From<sqlx::Error> for Fail {
    fn from(err: sqlx::Error) -> Self {
        Fail::from(ApiError::Database(err))
    }
}

impl From<ApiError> for Fail {
    /// The write path's refusals as SCIM errors: a clash of codes, emails or names is 409
    /// `uniqueness`; the lock-out guard (the set as a whole) 400 `mutability`, as the
    /// resource's current state does not allow it; what is malformed 400 `invalidValue`.
    fn from(err: ApiError) -> Self {
        let scim = match err {
            ApiError::Refused(refusals) => {
                let first = refusals.first();
                let detail =
                    first.map_or("the change is refused".to_owned(), |r| r.message.clone());
                match first.map(|r| (r.kind, r.index)) {
                    Some((RefusalKind::Forbidden, _)) => ScimError::new(403, None, detail),
                    Some((RefusalKind::NotFound, _)) => {
                        ScimError::bad_request(ScimType::InvalidValue, detail)
                    }
                    Some((RefusalKind::Conflict, None)) => {
                        ScimError::bad_request(ScimType::Mutability, detail)
                    }
                    Some((RefusalKind::Conflict, Some(_))) => ScimError::conflict(detail),
                    _ => ScimError::bad_request(ScimType::InvalidValue, detail),
                }
            }
            ApiError::BadRequest { message, .. } | ApiError::Invalid { message, .. } => {
                ScimError::bad_request(ScimType::InvalidValue, message)
            }
            ApiError::Conflict { message, .. } => ScimError::conflict(message),
            err @ ApiError::NotFound { .. } => ScimError::not_found(err.to_string()),
            err @ ApiError::Stale { .. } => ScimError::precondition_failed(err.to_string()),
            ApiError::Database(err)
                if err
                    .as_database_error()
                    .is_some_and(|db| db.is_unique_violation()) =>
            {
                ScimError::conflict(
                    "another call provisioned the same userName or name at the same moment; \
                     read it and try again",
                )
            }
            ApiError::Unavailable { retry_after } => ScimError::new(
                503,
                None,
                format!("the server is busy; try again in {retry_after} s"),
            ),
            err => {
                tracing::error!(%err, "a provisioning call failed");
                ScimError::new(500, None, "the server failed; nothing was changed")
            }
        };
        Fail(scim)
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut response = (status, self.0.to_json().to_string()).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
        response.extensions_mut().insert(Outcome(self.0.detail));
        response
    }
}

/// A SCIM request body: JSON whatever its content type says (`application/scim+json` or
/// `application/json`), at most [`super::SCIM_BODY_LIMIT`] bytes.
pub struct ScimBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for ScimBody {
    type Rejection = Fail;

    async fn from_request(request: Request, state: &S) -> Result<Self, Fail> {
        let bytes = Bytes::from_request(request, state).await.map_err(|err| {
            Fail(ScimError::new(
                err.status().as_u16(),
                None,
                format!("the body could not be read: {err}"),
            ))
        })?;
        serde_json::from_slice(&bytes).map(ScimBody).map_err(|err| {
            Fail(ScimError::bad_request(
                ScimType::InvalidSyntax,
                format!("the body is not valid JSON: {err}"),
            ))
        })
    }
}

/// Any other path under the base URL: 404.
pub async fn unknown(method: Method, uri: Uri) -> Fail {
    Fail(ScimError::not_found(format!(
        "there is no SCIM endpoint {method} {}",
        uri.path()
    )))
}
