//! SCIM PATCH (RFC 7644 §3.5.2): the request as sent by identity providers, and [`apply`],
//! which runs every operation on a copy and writes back only when all of them succeed.

mod apply;
mod elements;
mod values;

use serde_json::Value;

use crate::error::{ScimError, ScimType};
use crate::json::{get_ci, has_schema};
use crate::path::PatchPath;
use crate::schema::ResourceSchema;
use crate::PATCH_SCHEMA;

/// What a PATCH operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatchOpKind {
    /// Add values (append to lists, merge into complex attributes).
    Add,
    /// Replace values.
    Replace,
    /// Remove values.
    Remove,
}

impl PatchOpKind {
    /// The operation named `word`, ignoring case (`"Add"`, `"replace"`, `"REMOVE"`).
    pub fn from_word(word: &str) -> Option<PatchOpKind> {
        [Self::Add, Self::Replace, Self::Remove]
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(word))
    }

    /// The RFC name, e.g. `"add"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Replace => "replace",
            Self::Remove => "remove",
        }
    }
}

/// One PATCH operation.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchOperation {
    /// What it does.
    pub op: PatchOpKind,
    /// Where; without a path, `value` is an object of attributes.
    pub path: Option<PatchPath>,
    /// The value to add or replace with (or, for Entra ID's member removal, the members).
    pub value: Option<Value>,
}

/// A parsed PATCH request.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchRequest {
    /// The operations, applied in order.
    pub operations: Vec<PatchOperation>,
}

impl PatchRequest {
    /// Parses a PATCH body: `schemas` must list the PatchOp URN and `Operations` must be a
    /// non-empty list (400 `invalidSyntax` otherwise); `remove` needs a path (400 `noTarget`)
    /// and `add`/`replace` need a value (400 `invalidValue`).
    pub fn parse(body: &Value) -> Result<PatchRequest, ScimError> {
        let syntax = |detail: String| ScimError::bad_request(ScimType::InvalidSyntax, detail);
        if !body.is_object() {
            return Err(syntax("the PATCH body must be a JSON object".to_owned()));
        }
        if !has_schema(body, PATCH_SCHEMA) {
            return Err(syntax(format!(
                "the PATCH body must list \"{PATCH_SCHEMA}\" in \"schemas\""
            )));
        }
        let operations = match get_ci(body, "Operations") {
            Some(Value::Array(items)) if !items.is_empty() => items,
            Some(Value::Array(_)) => return Err(syntax("\"Operations\" is empty".to_owned())),
            Some(_) => return Err(syntax("\"Operations\" must be a list".to_owned())),
            None => return Err(syntax("the PATCH body has no \"Operations\"".to_owned())),
        };
        let operations = operations
            .iter()
            .enumerate()
            .map(|(index, item)| parse_operation(index + 1, item))
            .collect::<Result<_, _>>()?;
        Ok(PatchRequest { operations })
    }
}

fn parse_operation(number: usize, item: &Value) -> Result<PatchOperation, ScimError> {
    let syntax = |detail: String| ScimError::bad_request(ScimType::InvalidSyntax, detail);
    if !item.is_object() {
        return Err(syntax(format!("operation {number} is not a JSON object")));
    }
    let op = match get_ci(item, "op") {
        Some(Value::String(word)) => PatchOpKind::from_word(word).ok_or_else(|| {
            syntax(format!(
                "operation {number} has op \"{word}\"; expected \"add\", \"replace\" or \"remove\""
            ))
        })?,
        Some(_) => {
            return Err(syntax(format!(
                "operation {number} has an \"op\" that is not a string"
            )))
        }
        None => return Err(syntax(format!("operation {number} has no \"op\""))),
    };
    let path = match get_ci(item, "path") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.trim().is_empty() => None,
        Some(Value::String(text)) => Some(PatchPath::parse(text)?),
        Some(_) => {
            return Err(ScimError::bad_request(
                ScimType::InvalidPath,
                format!("operation {number} has a \"path\" that is not a string"),
            ))
        }
    };
    let value = get_ci(item, "value").cloned();
    match (op, &path, &value) {
        (PatchOpKind::Remove, None, _) => Err(ScimError::bad_request(
            ScimType::NoTarget,
            format!("operation {number} (remove) needs a \"path\" saying what to remove"),
        )),
        (PatchOpKind::Add, _, None | Some(Value::Null)) | (PatchOpKind::Replace, _, None) => {
            Err(ScimError::bad_request(
                ScimType::InvalidValue,
                format!("operation {number} ({}) needs a \"value\"", op.as_str()),
            ))
        }
        _ => Ok(PatchOperation { op, path, value }),
    }
}

/// Applies `request` to `resource` (SCIM JSON described by `schema`), all or nothing: on the
/// first failing operation the resource is left exactly as it was.
pub fn apply(
    resource: &mut Value,
    request: &PatchRequest,
    schema: &ResourceSchema,
) -> Result<(), ScimError> {
    let Some(object) = resource.as_object() else {
        return Err(ScimError::bad_request(
            ScimType::InvalidValue,
            "the resource to patch is not a JSON object",
        ));
    };
    let mut working = object.clone();
    let count = request.operations.len();
    for (index, operation) in request.operations.iter().enumerate() {
        apply::apply_operation(&mut working, operation, schema).map_err(|mut error| {
            if count > 1 {
                error.detail = format!("operation {} of {count}: {}", index + 1, error.detail);
            }
            error
        })?;
    }
    *resource = Value::Object(working);
    Ok(())
}

#[cfg(test)]
mod tests;
