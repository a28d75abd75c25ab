//! Bulk operations (RFC 7644 §3.7): parsing the request, resolving `bulkId:` references to
//! resources created earlier in the same request, and shaping the response.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::error::{ScimError, ScimType};
use crate::json::{get_ci, has_schema};
use crate::{BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA};

/// The HTTP method of one bulk operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BulkMethod {
    /// Create a resource.
    Post,
    /// Replace a resource.
    Put,
    /// Patch a resource.
    Patch,
    /// Delete a resource.
    Delete,
}

impl BulkMethod {
    /// The method as written in bulk messages, e.g. `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// The method named `word`, ignoring case.
    pub fn from_word(word: &str) -> Option<BulkMethod> {
        [Self::Post, Self::Put, Self::Patch, Self::Delete]
            .into_iter()
            .find(|method| method.as_str().eq_ignore_ascii_case(word))
    }
}

/// One operation of a bulk request.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOperation {
    /// The method.
    pub method: BulkMethod,
    /// The client's name for the resource a POST creates.
    pub bulk_id: Option<String>,
    /// The resource path relative to the base URL, e.g. `/Users` or `/Groups/abc`.
    pub path: String,
    /// The body (POST, PUT, PATCH).
    pub data: Option<Value>,
    /// The expected version (`If-Match`).
    pub version: Option<String>,
}

/// A parsed bulk request.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkRequest {
    /// Stop after this many errors.
    pub fail_on_errors: Option<usize>,
    /// The operations, in order.
    pub operations: Vec<BulkOperation>,
}

impl BulkRequest {
    /// Parses a bulk request body: `schemas` must list the BulkRequest URN and `Operations`
    /// must be a list (400 `invalidSyntax`); more than `max_operations` is a 413; a POST
    /// without `bulkId`, or an operation without `path` or needed `data`, is a 400
    /// `invalidValue`.
    pub fn parse(body: &Value, max_operations: usize) -> Result<BulkRequest, ScimError> {
        let syntax = |detail: String| ScimError::bad_request(ScimType::InvalidSyntax, detail);
        if !body.is_object() || !has_schema(body, BULK_REQUEST_SCHEMA) {
            return Err(syntax(format!(
                "a bulk request must be an object listing \"{BULK_REQUEST_SCHEMA}\" in \"schemas\""
            )));
        }
        let Some(Value::Array(items)) = get_ci(body, "Operations") else {
            return Err(syntax(
                "a bulk request needs a list of \"Operations\"".to_owned(),
            ));
        };
        if items.len() > max_operations {
            return Err(ScimError::new(
                413,
                None,
                format!(
                    "the bulk request has {} operations; the maximum is {max_operations}",
                    items.len()
                ),
            ));
        }
        let fail_on_errors = match get_ci(body, "failOnErrors") {
            None | Some(Value::Null) => None,
            Some(value) => Some(
                value
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| invalid("\"failOnErrors\" must be a whole number".to_owned()))?,
            ),
        };
        let operations = items
            .iter()
            .enumerate()
            .map(|(index, item)| parse_operation(index + 1, item))
            .collect::<Result<_, _>>()?;
        Ok(BulkRequest {
            fail_on_errors,
            operations,
        })
    }
}

fn invalid(detail: String) -> ScimError {
    ScimError::bad_request(ScimType::InvalidValue, detail)
}

fn parse_operation(number: usize, item: &Value) -> Result<BulkOperation, ScimError> {
    let text = |name: &str| -> Result<Option<String>, ScimError> {
        match get_ci(item, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(invalid(format!(
                "bulk operation {number} has a \"{name}\" that is not a string"
            ))),
        }
    };
    let method = text("method")?
        .ok_or_else(|| invalid(format!("bulk operation {number} has no \"method\"")))?;
    let method = BulkMethod::from_word(&method).ok_or_else(|| {
        invalid(format!(
            "bulk operation {number} has method \"{method}\"; expected POST, PUT, PATCH or DELETE"
        ))
    })?;
    let path = text("path")?
        .filter(|path| path.starts_with('/'))
        .ok_or_else(|| {
            invalid(format!(
                "bulk operation {number} needs a \"path\" starting with \"/\", such as \"/Users\""
            ))
        })?;
    let bulk_id = text("bulkId")?;
    if method == BulkMethod::Post && bulk_id.as_deref().is_none_or(str::is_empty) {
        return Err(invalid(format!(
            "bulk operation {number} (POST) needs a \"bulkId\""
        )));
    }
    let data = get_ci(item, "data").filter(|d| !d.is_null()).cloned();
    if method != BulkMethod::Delete && data.is_none() {
        return Err(invalid(format!(
            "bulk operation {number} ({}) needs \"data\"",
            method.as_str()
        )));
    }
    Ok(BulkOperation {
        method,
        bulk_id,
        path,
        data,
        version: text("version")?,
    })
}

/// Replaces every `"bulkId:<id>"` string in `data`, and every `bulkId:<id>` segment of
/// `path`, with the id of the resource that operation created (`created` maps bulkId → id).
/// An unknown bulkId is a 400 `invalidValue` naming it; nothing is changed then.
pub fn resolve_bulk_ids(
    data: &mut Value,
    path: &mut String,
    created: &HashMap<String, String>,
) -> Result<(), ScimError> {
    let lookup = |reference: &str| -> Result<String, ScimError> {
        let id = reference.get("bulkId:".len()..).unwrap_or_default();
        created.get(id).cloned().ok_or_else(|| {
            ScimError::bad_request(
                ScimType::InvalidValue,
                format!("\"bulkId:{id}\" does not name a resource created earlier in this request"),
            )
        })
    };
    let new_path = path
        .split('/')
        .map(|segment| match segment.starts_with("bulkId:") {
            true => lookup(segment),
            false => Ok(segment.to_owned()),
        })
        .collect::<Result<Vec<_>, _>>()?
        .join("/");
    let mut new_data = data.clone();
    replace_strings(&mut new_data, &lookup)?;
    *data = new_data;
    *path = new_path;
    Ok(())
}

fn replace_strings(
    value: &mut Value,
    lookup: &impl Fn(&str) -> Result<String, ScimError>,
) -> Result<(), ScimError> {
    match value {
        Value::String(text) if text.starts_with("bulkId:") => *text = lookup(text)?,
        Value::Array(items) => {
            for item in items {
                replace_strings(item, lookup)?;
            }
        }
        Value::Object(members) => {
            for item in members.values_mut() {
                replace_strings(item, lookup)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// What one bulk operation did, for the response.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOutcome {
    /// The method.
    pub method: BulkMethod,
    /// The bulkId the client gave.
    pub bulk_id: Option<String>,
    /// The URL of the resource, when there is one.
    pub location: Option<String>,
    /// Its version after the operation.
    pub version: Option<String>,
    /// The HTTP status of the operation.
    pub status: u16,
    /// The body: the error for failed operations, optionally the resource otherwise.
    pub response: Option<Value>,
}

/// The bulk response body; statuses are strings as in RFC 7644 §3.7.3.
pub fn bulk_response(outcomes: &[BulkOutcome]) -> Value {
    let operations = outcomes
        .iter()
        .map(|outcome| {
            let mut item = Map::new();
            item.insert("method".to_owned(), Value::from(outcome.method.as_str()));
            let optional = [
                ("bulkId", outcome.bulk_id.clone().map(Value::from)),
                ("location", outcome.location.clone().map(Value::from)),
                ("version", outcome.version.clone().map(Value::from)),
            ];
            for (name, value) in optional {
                if let Some(value) = value {
                    item.insert(name.to_owned(), value);
                }
            }
            item.insert("status".to_owned(), Value::from(outcome.status.to_string()));
            if let Some(response) = &outcome.response {
                item.insert("response".to_owned(), response.clone());
            }
            Value::Object(item)
        })
        .collect::<Vec<_>>();
    serde_json::json!({ "schemas": [BULK_RESPONSE_SCHEMA], "Operations": operations })
}

#[cfg(test)]
mod tests;
