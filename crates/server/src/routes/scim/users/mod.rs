//! `/Users`: list (with filters), read, create, replace, patch and delete — which deactivates,
//! as Gatehouse never deletes a person with history; the user is then no SCIM resource.

mod list;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Extension;
use gatehouse_app::provisioning::{
    code_for_user_name, read_user, stored_user_attributes, ScimUserFields,
};
use gatehouse_policy::User;
use gatehouse_scim::{project, PatchRequest, ScimError, USER};
use gatehouse_wire::{ChangeRequest, UserStatus};
use serde_json::{json, Value};

use super::gate::{now_ms, ScimCaller};
use super::load::{one_user, stored_version, ListQuery, Scope};
use super::reply::{Fail, Reply, ScimBody};
use super::write::{check_if_match, write};
use crate::store::provisioning::{resource, user_by_name_key, ScimResourceRow, SideRecord};
use crate::AppState;

pub use list::{list, matching, page_of, search, search_query};

/// `GET /Users/{id}`
pub async fn read(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let user = one_user(&state, &scope, &id).await?;
    let projected = project(
        &user,
        query.attributes.as_deref(),
        query.excluded_attributes.as_deref(),
        &USER,
    )?;
    let outcome = format!("read user {}", user["userName"].as_str().unwrap_or(&id));
    Ok(Reply::ok(projected, outcome).with_version_of(&user))
}

/// `POST /Users`
pub async fn create(
    State(state): State<AppState>,
    Path(env): Path<String>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    ScimBody(body): ScimBody,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let fields = read_user(&body)?;
    let key = fields.user_name.to_lowercase();
    {
        let mut conn = state.store.pool().acquire().await?;
        if user_by_name_key(&mut conn, &env, &key).await?.is_some() {
            return Err(Fail(ScimError::conflict(format!(
                "userName {} is already provisioned",
                fields.user_name
            ))));
        }
    }
    let code = code_for_user_name(&scope.ctx.policy, &fields.user_name)?;
    let id = format!("usr-{}", uuid::Uuid::new_v4().simple());
    let now = now_ms();
    let row = ScimResourceRow {
        entity: "user".to_owned(),
        entity_id: id.clone(),
        external_id: fields.external_id.clone(),
        user_name_key: Some(key),
        attributes: stored_user_attributes(&body).to_string(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    let change = ChangeRequest::CreateUser {
        user: Some(id.clone()),
        code: code.to_string(),
        name: fields.name.clone(),
        email: fields.email.clone(),
        flags: Default::default(),
    };
    write(
        &state,
        &scope,
        &[change],
        &[SideRecord::Put { row, audited: None }],
    )
    .await?;
    let mut scope = scope.reloaded(&state).await?;
    if !fields.active {
        // A user is created active; one provisioned as inactive is deactivated at once.
        let version = {
            let mut conn = state.store.pool().acquire().await?;
            stored_version(&mut conn, "users", &id).await?
        };
        let change = ChangeRequest::SetUserStatus {
            user: id.clone(),
            version,
            status: UserStatus::Deactivated,
        };
        write(&state, &scope, &[change], &[]).await?;
        scope = scope.reloaded(&state).await?;
    }
    let user = one_user(&state, &scope, &id).await?;
    Ok(Reply::created(
        user,
        format!("created user {code} ({})", fields.name),
    ))
}

/// `PUT /Users/{id}`
pub async fn replace(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    ScimBody(body): ScimBody,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let current = one_user(&state, &scope, &id).await?;
    check_if_match(&headers, &current)?;
    update(&state, scope, &id, &current, &body).await
}

/// `PATCH /Users/{id}`
pub async fn patch(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
    ScimBody(body): ScimBody,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let current = one_user(&state, &scope, &id).await?;
    check_if_match(&headers, &current)?;
    let request = PatchRequest::parse(&body)?;
    let mut wanted = current.clone();
    gatehouse_scim::apply(&mut wanted, &request, &USER)?;
    update(&state, scope, &id, &current, &wanted).await
}

/// Makes user `id` (now `current`) as `wanted` says: Gatehouse's name, email and status
/// through the write path, the identity provider's attributes kept beside them.
async fn update(
    state: &AppState,
    scope: Scope,
    id: &str,
    current: &Value,
    wanted: &Value,
) -> Result<Reply, Fail> {
    let fields = read_user(wanted)?;
    let user = scope.user(id)?.clone();
    let key = fields.user_name.to_lowercase();
    let mut conn = state.store.pool().acquire().await?;
    let row = resource(&mut conn, "user", id).await?;
    if let Some(other) = user_by_name_key(&mut conn, &scope.ctx.env.code, &key).await? {
        if other.entity_id != id {
            return Err(Fail(ScimError::conflict(format!(
                "userName {} is another provisioned user's",
                fields.user_name
            ))));
        }
    }
    let mut changes = Vec::new();
    if gatehouse_changes(&user, &fields) {
        let version = stored_version(&mut conn, "users", id).await?;
        changes.push(ChangeRequest::UpdateUser {
            user: id.to_owned(),
            version,
            name: fields.name.clone(),
            email: fields.email.clone(),
            flags: user.flags.into(),
            status: if fields.active {
                UserStatus::Active
            } else {
                UserStatus::Deactivated
            },
        });
    }
    drop(conn);
    let before = match &row {
        Some(row) => serde_json::from_str(&row.attributes).unwrap_or(Value::Null),
        None => stored_user_attributes(current),
    };
    let after = stored_user_attributes(wanted);
    if changes.is_empty() && row.is_some() && before == after {
        return Ok(Reply::ok(
            current.clone(),
            format!("user {} unchanged", fields.user_name),
        ));
    }
    let names = |v: &Value| json!({"userName": v["userName"], "externalId": v["externalId"]});
    let audited = (changes.is_empty() && names(&before) != names(&after))
        .then(|| (names(&before), names(&after)));
    let now = now_ms();
    let side = ScimResourceRow {
        entity: "user".to_owned(),
        entity_id: id.to_owned(),
        external_id: fields.external_id.clone(),
        user_name_key: Some(key),
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
    let user = one_user(state, &scope, id).await?;
    Ok(Reply::ok(
        user,
        format!("updated user {}", fields.user_name),
    ))
}

/// Whether `fields` change what Gatehouse itself keeps of `user`.
fn gatehouse_changes(user: &User, fields: &ScimUserFields) -> bool {
    let email = user.email.as_ref().map(|e| e.as_str().to_owned());
    let same_email = match (&email, &fields.email) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b.trim()),
        (None, None) => true,
        _ => false,
    };
    user.name != fields.name || !same_email || user.is_active() != fields.active
}

/// `DELETE /Users/{id}`: deactivates the user, who then is no SCIM resource any more.
pub async fn delete(
    State(state): State<AppState>,
    Path((env, id)): Path<(String, String)>,
    Extension(caller): Extension<ScimCaller>,
    headers: HeaderMap,
) -> Result<Reply, Fail> {
    let scope = Scope::load(&state, &env, caller, &headers).await?;
    let current = one_user(&state, &scope, &id).await?;
    check_if_match(&headers, &current)?;
    let user = scope.user(&id)?.clone();
    let mut conn = state.store.pool().acquire().await?;
    let row = resource(&mut conn, "user", &id).await?;
    let mut changes = Vec::new();
    if user.is_active() {
        let version = stored_version(&mut conn, "users", &id).await?;
        changes.push(ChangeRequest::SetUserStatus {
            user: id.clone(),
            version,
            status: UserStatus::Deactivated,
        });
    }
    drop(conn);
    let now = now_ms();
    let kept = stored_user_attributes(&current);
    let side = ScimResourceRow {
        entity: "user".to_owned(),
        entity_id: id.clone(),
        external_id: row.as_ref().and_then(|r| r.external_id.clone()),
        user_name_key: None,
        attributes: kept.to_string(),
        created_at: row.as_ref().map_or(now, |r| r.created_at),
        updated_at: now,
        deleted_at: Some(now),
    };
    let audited = changes
        .is_empty()
        .then(|| (json!({"provisioned": true}), json!({"provisioned": false})));
    write(
        &state,
        &scope,
        &changes,
        &[SideRecord::Put { row: side, audited }],
    )
    .await?;
    let name = current["userName"].as_str().unwrap_or(&id).to_owned();
    Ok(Reply::no_content(format!(
        "deleted user {name}: deactivated, kept with its history"
    )))
}
