//! `/Groups`: list (with filters), read, create, replace, patch (members added and removed
//! one by one) and delete. Members are users of the environment.

use std::collections::BTreeSet;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Extension;
use gatehouse_app::provisioning::{read_group, stored_group_attributes};
use gatehouse_policy::Group;
use gatehouse_scim::{list_response, project, Filter, PatchRequest, GROUP};
use gatehouse_wire::ChangeRequest;
use serde_json::{json, Value};

use super::gate::{now_ms, ScimCaller};
use super::load::{one_group, rows_by_id, stored_version, string_value, ListQuery, Scope};
use super::reply::{Fail, Reply, ScimBody};
use super::users::{page_of, search_query};
use super::write::{check_if_match, write};
use crate::store::provisioning::{resource, ScimResourceRow, SideRecord};
use crate::AppState;

/// `GET /Groups`
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

/// `POST /Groups/.search`
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

/// The groups matching the query, paged and projected.
async fn listing(state: &AppState, scope: &Scope, query: &ListQuery) -> Result<Reply, Fail> {
    let (filter, paging) = query.parse()?;
    let matched = matching(state, scope, filter.as_ref()).await?;
    let total = matched.len();
    let page = page_of(&matched, &paging, query, &GROUP)?;
    let outcome = format!("listed {} of {total} groups", page.len());
    Ok(Reply::ok(
        list_response(total, paging.start_index, page),
        outcome,
    ))
}

/// Every group matching `filter`, in the snapshot's order.
pub async fn matching(
    state: &AppState,
    scope: &Scope,
    filter: Option<&Filter>,
) -> Result<Vec<Value>, Fail> {
    let groups = &scope.ctx.policy.groups;
    let candidates: Vec<&Group> = match filter.and_then(|f| f.equality()) {
        Some((attr, value)) if attr == "id" => {
            let id = string_value(value)?;
            groups.iter().filter(|g| g.id.as_str() == id).collect()
        }
        Some((attr, value)) if attr == "displayname" => {
            let name = string_value(value)?;
            groups
                .iter()
                .filter(|g| g.name.eq_ignore_ascii_case(name))
                .collect()
        }
        _ => groups.iter().collect(),
    };
    let rows = rows_by_id(state, &scope.ctx.env.code, "group").await?;
    let members = scope.members();
    let mut matched = Vec::new();
    for group in candidates {
        let listed = members
            .get(&group.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let resource = scope.group_resource(group, listed, rows.get(group.id.as_str()));
        if filter.is_none_or(|f| f.matches(&resource, &GROUP)) {
            matched.push(resource);
        }
    }
    Ok(matched)
}

/// `GET /Groups/{id}`
pub async fn read(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let group = one_group(&state, &scope, &id).await?;
    let projected = project(
        &group,
        query.attributes.as_deref(),
        query.excluded_attributes.as_deref(),
        &GROUP,
    )?;
    let outcome = format!(
        "read group {}",
        group["displayName"].as_str().unwrap_or(&id)
    );
    Ok(Reply::ok(projected, outcome).with_version_of(&group))
}

/// `POST /Groups`
pub async fn create(
    State(state): State<AppState>,
    Path(env): Path<String>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    ScimBody(body): ScimBody,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let fields = read_group(&body)?;
    let id = format!("grp-{}", uuid::Uuid::new_v4().simple());
    let mut changes = vec![ChangeRequest::CreateGroup {
        group: Some(id.clone()),
        name: fields.display_name.clone(),
        description: String::new(),
    }];
    changes.extend(fields.members.iter().map(|user| ChangeRequest::AddMember {
        group: id.clone(),
        user: user.clone(),
    }));
    let now = now_ms();
    let row = ScimResourceRow {
        entity: "group".to_owned(),
        entity_id: id.clone(),
        external_id: fields.external_id.clone(),
        user_name_key: None,
        attributes: stored_group_attributes(&body).to_string(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    write(
        &state,
        &scope,
        &changes,
        &[SideRecord::Put { row, audited: None }],
    )
    .await?;
    let scope = scope.reloaded(&state).await?;
    let group = one_group(&state, &scope, &id).await?;
    let outcome = format!(
        "created group {} with {}",
        fields.display_name,
        members(fields.members.len())
    );
    Ok(Reply::created(group, outcome))
}

/// `PUT /Groups/{id}`
pub async fn replace(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    ScimBody(body): ScimBody,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let current = one_group(&state, &scope, &id).await?;
    check_if_match(&headers, &current)?;
    update(&state, scope, &id, &current, &body).await
}

/// `PATCH /Groups/{id}`
pub async fn patch(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    ScimBody(body): ScimBody,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let current = one_group(&state, &scope, &id).await?;
    check_if_match(&headers, &current)?;
    let request = PatchRequest::parse(&body)?;
    let mut wanted = current.clone();
    gatehouse_scim::apply(&mut wanted, &request, &GROUP)?;
    update(&state, scope, &id, &current, &wanted).await
}

/// Makes group `id` (now `current`) as `wanted` says: its name and members through the write
/// path, its externalId kept beside it.
async fn update(
    state: &AppState,
    scope: Scope,
    id: &str,
    current: &Value,
    wanted: &Value,
) -> Result<Reply, Fail> {
    let fields = read_group(wanted)?;
    let now_members: BTreeSet<String> = read_group(current)?.members.into_iter().collect();
    let wanted_members: BTreeSet<String> = fields.members.iter().cloned().collect();
    let group = scope.group(id)?.clone();
    let mut conn = state.store.pool().acquire().await?;
    let row = resource(&mut conn, "group", id).await?;
    let mut changes = Vec::new();
    if group.name != fields.display_name {
        changes.push(ChangeRequest::RenameGroup {
            group: id.to_owned(),
            version: stored_version(&mut conn, "user_groups", id).await?,
            name: fields.display_name.clone(),
            description: None,
        });
    }
    drop(conn);
    let (added, removed) = (
        wanted_members.difference(&now_members).count(),
        now_members.difference(&wanted_members).count(),
    );
    changes.extend(
        wanted_members
            .difference(&now_members)
            .map(|user| ChangeRequest::AddMember {
                group: id.to_owned(),
                user: user.clone(),
            }),
    );
    changes.extend(now_members.difference(&wanted_members).map(|user| {
        ChangeRequest::RemoveMember {
            group: id.to_owned(),
            user: user.clone(),
        }
    }));
    let before = match &row {
        Some(row) => serde_json::from_str(&row.attributes).unwrap_or(Value::Null),
        None => stored_group_attributes(current),
    };
    let after = stored_group_attributes(wanted);
    if changes.is_empty() && row.is_some() && before == after {
        let outcome = format!("group {} unchanged", fields.display_name);
        return Ok(Reply::ok(current.clone(), outcome));
    }
    let external = |v: &Value| json!({"externalId": v["externalId"]});
    let audited = (changes.is_empty() && external(&before) != external(&after))
        .then(|| (external(&before), external(&after)));
    let now = now_ms();
    let side = ScimResourceRow {
        entity: "group".to_owned(),
        entity_id: id.to_owned(),
        external_id: fields.external_id.clone(),
        user_name_key: None,
        attributes: after.to_string(),
        created_at: row.as_ref().map_or(now, |r| r.created_at),
        updated_at: now,
        deleted_at: None,
    };
    write(
        state,
        &scope,
        &changes,
        &[SideRecord::Put { row: side, audited }],
    )
    .await?;
    let scope = scope.reloaded(state).await?;
    let group = one_group(state, &scope, id).await?;
    let outcome = format!(
        "updated group {} ({} added, {removed} removed)",
        fields.display_name,
        members(added)
    );
    Ok(Reply::ok(group, outcome))
}

/// `DELETE /Groups/{id}`: the group goes with its memberships and grants.
pub async fn delete(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let current = one_group(&state, &scope, &id).await?;
    check_if_match(&headers, &current)?;
    let version = {
        let mut conn = state.store.pool().acquire().await?;
        stored_version(&mut conn, "user_groups", &id).await?
    };
    let change = ChangeRequest::DeleteGroup {
        group: id.clone(),
        version,
    };
    let forget = SideRecord::Forget {
        entity: "group".to_owned(),
        entity_id: id.clone(),
    };
    write(&state, &scope, &[change], &[forget]).await?;
    let name = current["displayName"].as_str().unwrap_or(&id).to_owned();
    Ok(Reply::no_content(format!("deleted group {name}")))
}

/// `n` members, counted in words.
fn members(n: usize) -> String {
    match n {
        1 => "1 member".to_owned(),
        n => format!("{n} members"),
    }
}
