//! Listing users: `GET /Users` and `POST /Users/.search`, with `userName eq` and `id eq`
//! answered by index (how identity providers look a user up before creating it).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Extension;
use gatehouse_policy::User;
use gatehouse_scim::{list_response, project, Filter, ResourceSchema, USER};
use serde_json::Value;

use super::super::gate::ScimCaller;
use super::super::load::{rows_by_id, string_value, users_created, ListQuery, Scope};
use super::super::reply::{Fail, Reply, ScimBody};
use crate::store::provisioning::{resource, user_by_name_key};
use crate::AppState;

/// `GET /Users`
pub async fn list(
    State(state): State<AppState>,
    Path(env): Path<String>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    listing(&state, &scope, &query).await
}

/// `POST /Users/.search`
pub async fn search(
    State(state): State<AppState>,
    Path(env): Path<String>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    ScimBody(body): ScimBody,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    listing(&state, &scope, &search_query(&body)?).await
}

/// A `.search` body as the query of a list call.
pub fn search_query(body: &Value) -> Result<ListQuery, Fail> {
    let search = gatehouse_scim::list::search_request(body)?;
    Ok(ListQuery {
        filter: search.filter,
        start_index: search.start_index.map(|n| n.to_string()),
        count: search.count.map(|n| n.to_string()),
        attributes: search.attributes,
        excluded_attributes: search.excluded_attributes,
    })
}

/// The users matching the query, paged and projected.
async fn listing(state: &AppState, scope: &Scope, query: &ListQuery) -> Result<Reply, Fail> {
    let (filter, paging) = query.parse()?;
    let matched = matching(state, scope, filter.as_ref()).await?;
    let total = matched.len();
    let page = page_of(&matched, &paging, query, &USER)?;
    let outcome = format!("listed {} of {total} users", page.len());
    Ok(Reply::ok(
        list_response(total, paging.start_index, page),
        outcome,
    ))
}

/// One page of `matched`, projected as `query` asks.
pub fn page_of(
    matched: &[Value],
    paging: &gatehouse_scim::Paging,
    query: &ListQuery,
    schema: &ResourceSchema,
) -> Result<Vec<Value>, Fail> {
    Ok(matched
        .iter()
        .skip(paging.start_index - 1)
        .take(paging.count)
        .map(|r| {
            project(
                r,
                query.attributes.as_deref(),
                query.excluded_attributes.as_deref(),
                schema,
            )
        })
        .collect::<Result<Vec<_>, _>>()?)
}

/// Every user (a SCIM resource) matching `filter`, in the snapshot's order.
pub async fn matching(
    state: &AppState,
    scope: &Scope,
    filter: Option<&Filter>,
) -> Result<Vec<Value>, Fail> {
    let policy = &scope.ctx.policy;
    let mut conn = state.store.pool().acquire().await?;
    // `userName eq` and `id eq` (how identity providers look a user up) by index.
    let candidates: Vec<&User> = match filter.and_then(|f| f.equality()) {
        Some((attr, value)) if attr == "id" => {
            let id = string_value(value)?;
            policy
                .users
                .iter()
                .filter(|u| u.id.as_str() == id)
                .collect()
        }
        Some((attr, value)) if attr == "username" => {
            let name = string_value(value)?;
            let key = name.to_lowercase();
            let kept = user_by_name_key(&mut conn, &scope.ctx.env.code, &key).await?;
            policy
                .users
                .iter()
                .filter(|u| {
                    kept.as_ref().is_some_and(|r| r.entity_id == u.id.as_str())
                        || u.code
                            .as_ref()
                            .is_some_and(|c| c.to_string().eq_ignore_ascii_case(name))
                })
                .collect()
        }
        _ => policy.users.iter().collect(),
    };
    let candidates: Vec<&User> = candidates.into_iter().filter(|u| !u.system).collect();
    let (rows, created) = if candidates.len() <= 4 {
        let mut rows = std::collections::HashMap::new();
        let mut created = std::collections::HashMap::new();
        for user in &candidates {
            if let Some(row) = resource(&mut conn, "user", user.id.as_str()).await? {
                rows.insert(row.entity_id.clone(), row);
            }
            created.extend(
                users_created(&mut conn, &scope.ctx.env.code, Some(user.id.as_str())).await?,
            );
        }
        (rows, created)
    } else {
        drop(conn);
        let rows = rows_by_id(state, &scope.ctx.env.code, "user").await?;
        let mut conn = state.store.pool().acquire().await?;
        (
            rows,
            users_created(&mut conn, &scope.ctx.env.code, None).await?,
        )
    };
    let mut matched = Vec::new();
    for user in candidates {
        let row = rows.get(user.id.as_str());
        if row.is_some_and(|r| r.deleted_at.is_some()) {
            continue;
        }
        let created_s = created.get(user.id.as_str()).copied().unwrap_or(0);
        let resource = scope.user_resource(user, row, created_s);
        if filter.is_none_or(|f| f.matches(&resource, &USER)) {
            matched.push(resource);
        }
    }
    Ok(matched)
}
