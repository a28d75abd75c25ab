//! `POST /.search` at the base URL (RFC 7644 §3.4.3): users and groups in one list, the
//! filter applied to each with its own schema.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Extension;
use gatehouse_scim::{list_response, project, GROUP, GROUP_SCHEMA_ID, USER};
use serde_json::Value;

use super::gate::ScimCaller;
use super::load::Scope;
use super::reply::{Fail, Reply, ScimBody};
use super::{groups, users};
use crate::AppState;

/// `POST /.search`
pub async fn everything(
    State(state): State<AppState>,
    Path(env): Path<String>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    ScimBody(body): ScimBody,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let query = users::search_query(&body)?;
    let (filter, paging) = query.parse()?;
    let mut matched = users::matching(&state, &scope, filter.as_ref()).await?;
    matched.extend(groups::matching(&state, &scope, filter.as_ref()).await?);
    let total = matched.len();
    let page = matched
        .iter()
        .skip(paging.start_index - 1)
        .take(paging.count)
        .map(|r| {
            let schema = if is_group(r) { &GROUP } else { &USER };
            project(
                r,
                query.attributes.as_deref(),
                query.excluded_attributes.as_deref(),
                schema,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let outcome = format!("searched: {} of {total} users and groups", page.len());
    Ok(Reply::ok(
        list_response(total, paging.start_index, page),
        outcome,
    ))
}

/// Whether a resource is a group.
fn is_group(resource: &Value) -> bool {
    resource["schemas"]
        .as_array()
        .is_some_and(|s| s.iter().any(|u| u == GROUP_SCHEMA_ID))
}
