//! `POST /Bulk` (RFC 7644 §3.7): operations on users and groups run one after another, each
//! all or nothing on its own (its own change set, as if it were its own call); `bulkId:`
//! references name what an earlier operation created; `failOnErrors` stops after that many
//! failures. Each operation is answered as its own call would be.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::Extension;
use gatehouse_scim::bulk::{bulk_response, resolve_bulk_ids, BulkMethod, BulkOutcome, BulkRequest};
use gatehouse_scim::ScimError;
use serde_json::Value;

use super::gate::ScimCaller;
use super::reply::{Fail, Reply, ScimBody};
use super::{groups, users};
use crate::AppState;

/// Most operations one bulk request holds.
pub const MAX_OPERATIONS: usize = 1000;

/// `POST /Bulk`
pub async fn bulk(
    State(state): State<AppState>,
    Path(env): Path<String>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    ScimBody(body): ScimBody,
) -> Result<Reply, Fail> {
    let request = BulkRequest::parse(&body, MAX_OPERATIONS)?;
    let mut created: HashMap<String, String> = HashMap::new();
    let mut outcomes = Vec::new();
    let mut failures = 0;
    for op in request.operations {
        if request
            .fail_on_errors
            .is_some_and(|limit| failures >= limit)
        {
            break;
        }
        let mut data = op.data.clone().unwrap_or(Value::Null);
        let mut path = op.path.clone();
        let answer = match resolve_bulk_ids(&mut data, &mut path, &created) {
            Ok(()) => {
                let call = Call {
                    state: &state,
                    env: &env,
                    caller: &caller,
                    headers: with_version(&headers, op.version.as_deref()),
                };
                call.run(op.method, &path, data).await
            }
            Err(err) => Err(Fail(err)),
        };
        let outcome = match answer {
            Ok(reply) => {
                let resource = reply.body();
                if let (Some(bulk_id), Some(id)) =
                    (&op.bulk_id, resource.and_then(|r| r["id"].as_str()))
                {
                    created.insert(bulk_id.clone(), id.to_owned());
                }
                BulkOutcome {
                    method: op.method,
                    bulk_id: op.bulk_id.clone(),
                    location: resource
                        .and_then(|r| r["meta"]["location"].as_str())
                        .map(str::to_owned),
                    version: resource
                        .and_then(|r| r["meta"]["version"].as_str())
                        .map(str::to_owned),
                    status: reply.status().as_u16(),
                    response: None,
                }
            }
            Err(Fail(err)) => {
                failures += 1;
                BulkOutcome {
                    method: op.method,
                    bulk_id: op.bulk_id.clone(),
                    location: None,
                    version: None,
                    status: err.status,
                    response: Some(err.to_json()),
                }
            }
        };
        outcomes.push(outcome);
    }
    let done = outcomes.len();
    let outcome = format!("bulk: {done} operations, {failures} failed");
    Ok(Reply::ok(bulk_response(&outcomes), outcome))
}

/// The request headers with `If-Match` set to an operation's `version`, if it has one.
fn with_version(headers: &HeaderMap, version: Option<&str>) -> HeaderMap {
    let mut headers = headers.clone();
    headers.remove(header::IF_MATCH);
    if let Some(value) = version.and_then(|v| HeaderValue::from_str(v).ok()) {
        headers.insert(header::IF_MATCH, value);
    }
    headers
}

/// One operation, run as the call it stands for.
struct Call<'a> {
    state: &'a AppState,
    env: &'a str,
    caller: &'a ScimCaller,
    headers: HeaderMap,
}

impl Call<'_> {
    async fn run(self, method: BulkMethod, path: &str, data: Value) -> Result<Reply, Fail> {
        let (kind, id) = match path.trim_start_matches('/').split_once('/') {
            Some((kind, id)) => (kind, Some(id.to_owned())),
            None => (path.trim_start_matches('/'), None),
        };
        let state = State(self.state.clone());
        let caller = Extension(self.caller.clone());
        let env = self.env.to_owned();
        let headers = self.headers;
        match (kind, method, id) {
            ("Users", BulkMethod::Post, None) => {
                users::create(state, Path(env), caller, headers, ScimBody(data)).await
            }
            ("Users", BulkMethod::Put, Some(id)) => {
                users::replace(state, Path((env, id)), caller, headers, ScimBody(data)).await
            }
            ("Users", BulkMethod::Patch, Some(id)) => {
                users::patch(state, Path((env, id)), caller, headers, ScimBody(data)).await
            }
            ("Users", BulkMethod::Delete, Some(id)) => {
                users::delete(state, Path((env, id)), caller, headers).await
            }
            ("Groups", BulkMethod::Post, None) => {
                groups::create(state, Path(env), caller, headers, ScimBody(data)).await
            }
            ("Groups", BulkMethod::Put, Some(id)) => {
                groups::replace(state, Path((env, id)), caller, headers, ScimBody(data)).await
            }
            ("Groups", BulkMethod::Patch, Some(id)) => {
                groups::patch(state, Path((env, id)), caller, headers, ScimBody(data)).await
            }
            ("Groups", BulkMethod::Delete, Some(id)) => {
                groups::delete(state, Path((env, id)), caller, headers).await
            }
            _ => Err(Fail(ScimError::bad_request(
                gatehouse_scim::ScimType::InvalidPath,
                format!(
                    "a bulk {} operation cannot address {path}: use /Users, /Groups, /Users/{{id}} or /Groups/{{id}}",
                    method.as_str()
                ),
            ))),
        }
    }
}
