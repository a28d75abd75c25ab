//! The SCIM error: an HTTP status, an optional RFC 7644 §3.12 `scimType` and a sentence for people.

use serde::Serialize;
use serde_json::{json, Value};

use crate::ERROR_SCHEMA;

/// The RFC 7644 §3.12 `scimType` detail codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ScimType {
    /// The filter syntax is invalid or names an unsupported comparison.
    InvalidFilter,
    /// The request would yield more results than the server is willing to process.
    TooMany,
    /// A unique attribute value is already taken.
    Uniqueness,
    /// The request tries to change an attribute that may not be changed.
    Mutability,
    /// The request body is not a valid SCIM message.
    InvalidSyntax,
    /// An attribute path is malformed or names an unknown attribute.
    InvalidPath,
    /// A PATCH path or filter selected nothing to change.
    NoTarget,
    /// A value has the wrong type or is otherwise unacceptable.
    InvalidValue,
    /// The requested protocol version is not supported.
    InvalidVers,
    /// The request carried sensitive data in a place it must not (e.g. the URL).
    Sensitive,
}

impl ScimType {
    /// The RFC name, e.g. `"invalidFilter"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidFilter => "invalidFilter",
            Self::TooMany => "tooMany",
            Self::Uniqueness => "uniqueness",
            Self::Mutability => "mutability",
            Self::InvalidSyntax => "invalidSyntax",
            Self::InvalidPath => "invalidPath",
            Self::NoTarget => "noTarget",
            Self::InvalidValue => "invalidValue",
            Self::InvalidVers => "invalidVers",
            Self::Sensitive => "sensitive",
        }
    }
}

impl std::fmt::Display for ScimType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A SCIM protocol error, ready to be sent as an RFC 7644 §3.12 error response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct ScimError {
    /// The HTTP status code.
    pub status: u16,
    /// The `scimType` detail code, when the RFC defines one for this failure.
    pub scim_type: Option<ScimType>,
    /// What went wrong, as a sentence naming the attribute, operator or position involved.
    pub detail: String,
}

impl ScimError {
    /// An error with any status and detail code.
    pub fn new(status: u16, scim_type: Option<ScimType>, detail: impl Into<String>) -> Self {
        Self {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    /// 400 Bad Request with a detail code.
    pub fn bad_request(scim_type: ScimType, detail: impl Into<String>) -> Self {
        Self::new(400, Some(scim_type), detail)
    }

    /// 404 Not Found (no detail code).
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(404, None, detail)
    }

    /// 409 Conflict with the `uniqueness` detail code.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(409, Some(ScimType::Uniqueness), detail)
    }

    /// 412 Precondition Failed (the `If-Match` version is stale; no detail code).
    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::new(412, None, detail)
    }

    /// The RFC 7644 §3.12 error body; `status` is a string there, and `scimType` is omitted
    /// when there is none.
    pub fn to_json(&self) -> Value {
        let mut body = json!({
            "schemas": [ERROR_SCHEMA],
            "status": self.status.to_string(),
            "detail": self.detail,
        });
        if let (Some(kind), Some(object)) = (self.scim_type, body.as_object_mut()) {
            object.insert("scimType".to_owned(), Value::from(kind.as_str()));
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_string_status_and_rfc_scim_type() {
        let error = ScimError::bad_request(ScimType::InvalidFilter, "bad filter");
        assert_eq!(
            error.to_json(),
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                "status": "400",
                "scimType": "invalidFilter",
                "detail": "bad filter",
            })
        );
    }

    #[test]
    fn error_body_omits_scim_type_when_there_is_none() {
        let body = ScimError::not_found("no such user").to_json();
        assert_eq!(body["status"], "404");
        assert!(body.get("scimType").is_none());
    }

    #[test]
    fn scim_types_serialise_to_their_rfc_names() {
        for kind in [
            ScimType::InvalidFilter,
            ScimType::TooMany,
            ScimType::Uniqueness,
            ScimType::Mutability,
            ScimType::InvalidSyntax,
            ScimType::InvalidPath,
            ScimType::NoTarget,
            ScimType::InvalidValue,
            ScimType::InvalidVers,
            ScimType::Sensitive,
        ] {
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(Value::from(kind.as_str()))
            );
        }
    }

    #[test]
    fn conflict_is_409_uniqueness() {
        let error = ScimError::conflict("userName \"bjensen\" is taken");
        assert_eq!(
            (error.status, error.scim_type),
            (409, Some(ScimType::Uniqueness))
        );
        assert_eq!(error.to_string(), "userName \"bjensen\" is taken");
    }
}
