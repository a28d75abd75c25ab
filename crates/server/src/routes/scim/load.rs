//! What a SCIM call reads: the environment's snapshot as the provisioning token sees it, and
//! users and groups rendered as SCIM resources with what is kept beside them.

use std::collections::HashMap;

use axum::http::HeaderMap;
use gatehouse_app::provisioning::{group_resource, user_resource, ResourceMeta};
use gatehouse_policy::{Group, GroupId, TokenId, User, UserId};
use gatehouse_scim::{Filter, Paging, ScimError, ScimType};
use serde_json::Value;
use sqlx::{AnyConnection, Row};

use super::gate::{base_url, ScimCaller};
use super::reply::Fail;
use crate::routes::context::PolicyContext;
use crate::store::provisioning::{resource, resources, ScimResourceRow};
use crate::AppState;

/// One SCIM call's view: the snapshot, the base URL, the caller.
pub struct Scope {
    /// The snapshot, with the token as the actor.
    pub ctx: PolicyContext,
    /// The base URL as the caller reached it.
    pub base: String,
    /// The token.
    pub caller: ScimCaller,
}

impl Scope {
    /// The scope of a call to `env` by `caller`.
    pub async fn load(
        state: &AppState,
        env: &str,
        caller: ScimCaller,
        headers: &HeaderMap,
    ) -> Result<Self, Fail> {
        let token = TokenId::parse(&caller.token.id)
            .map_err(|err| Fail(ScimError::new(500, None, err.to_string())))?;
        let ctx = PolicyContext::for_provisioner(state, env, token).await?;
        Ok(Self {
            ctx,
            base: base_url(state, headers, env),
            caller,
        })
    }

    /// The same scope with the snapshot as it is now (after a write).
    pub async fn reloaded(self, state: &AppState) -> Result<Self, Fail> {
        let token = TokenId::parse(&self.caller.token.id)
            .map_err(|err| Fail(ScimError::new(500, None, err.to_string())))?;
        let ctx = PolicyContext::for_provisioner(state, &self.ctx.env.code, token).await?;
        Ok(Self { ctx, ..self })
    }

    fn meta(&self, created_ms: i64, modified_ms: i64) -> ResourceMeta<'_> {
        ResourceMeta {
            base_url: &self.base,
            created_ms,
            modified_ms,
        }
    }

    /// The user with `id` (a SCIM resource: not deleted through SCIM), else 404.
    pub fn user(&self, id: &str) -> Result<&User, Fail> {
        UserId::parse(id)
            .ok()
            .and_then(|id| self.ctx.policy.user(&id))
            .filter(|u| !u.system)
            .ok_or_else(|| Fail(ScimError::not_found(format!("no user {id}"))))
    }

    /// The group with `id`, else 404.
    pub fn group(&self, id: &str) -> Result<&Group, Fail> {
        GroupId::parse(id)
            .ok()
            .and_then(|id| self.ctx.policy.group(&id))
            .ok_or_else(|| Fail(ScimError::not_found(format!("no group {id}"))))
    }

    /// `user` as a SCIM resource, with the row kept beside it.
    pub fn user_resource(
        &self,
        user: &User,
        row: Option<&ScimResourceRow>,
        created_s: i64,
    ) -> Value {
        let stored = row.and_then(|r| serde_json::from_str::<Value>(&r.attributes).ok());
        let groups: Vec<(&GroupId, &str)> = user
            .groups
            .iter()
            .filter_map(|g| {
                self.ctx
                    .policy
                    .group(g)
                    .map(|group| (g, group.name.as_str()))
            })
            .collect();
        let created = row.map_or(created_s * 1000, |r| r.created_at);
        let modified = row.map_or(created, |r| r.updated_at);
        user_resource(user, stored.as_ref(), &groups, self.meta(created, modified))
    }

    /// `group` as a SCIM resource with `members`.
    pub fn group_resource(
        &self,
        group: &Group,
        members: &[&UserId],
        row: Option<&ScimResourceRow>,
    ) -> Value {
        let stored = row.and_then(|r| serde_json::from_str::<Value>(&r.attributes).ok());
        let created = row.map_or(0, |r| r.created_at);
        let modified = row.map_or(created, |r| r.updated_at);
        group_resource(
            group,
            members,
            stored.as_ref(),
            self.meta(created, modified),
        )
    }

    /// The members of every group, in the snapshot's user order.
    pub fn members(&self) -> HashMap<&GroupId, Vec<&UserId>> {
        let mut members: HashMap<&GroupId, Vec<&UserId>> = HashMap::new();
        for user in &self.ctx.policy.users {
            for group in &user.groups {
                members.entry(group).or_default().push(&user.id);
            }
        }
        members
    }
}

/// When users were created (unix seconds), all of an environment's or one's.
pub async fn users_created(
    conn: &mut AnyConnection,
    env: &str,
    only: Option<&str>,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, created_at FROM users WHERE environment = $1 AND ($2 = '' OR id = $2)",
    )
    .bind(env)
    .bind(only.unwrap_or_default())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("created_at")?)))
        .collect()
}

/// The stored version of a user or group row (`users` or `user_groups`), for the write path.
pub async fn stored_version(conn: &mut AnyConnection, table: &str, id: &str) -> Result<i64, Fail> {
    let query = format!("SELECT version FROM {table} WHERE id = $1");
    let row = sqlx::query(&query).bind(id).fetch_optional(conn).await?;
    row.map(|r| r.try_get("version"))
        .transpose()?
        .ok_or_else(|| Fail(ScimError::not_found(format!("no {table} row {id}"))))
}

/// One user as a SCIM resource; 404 when it is unknown or was deleted through SCIM.
pub async fn one_user(state: &AppState, scope: &Scope, id: &str) -> Result<Value, Fail> {
    let user = scope.user(id)?;
    let mut conn = state.store.pool().acquire().await?;
    let row = resource(&mut conn, "user", user.id.as_str()).await?;
    if row.as_ref().is_some_and(|r| r.deleted_at.is_some()) {
        return Err(Fail(ScimError::not_found(format!("no user {id}"))));
    }
    let created = users_created(&mut conn, &scope.ctx.env.code, Some(user.id.as_str())).await?;
    let created_s = created.get(user.id.as_str()).copied().unwrap_or(0);
    Ok(scope.user_resource(user, row.as_ref(), created_s))
}

/// One group as a SCIM resource; 404 when it is unknown.
pub async fn one_group(state: &AppState, scope: &Scope, id: &str) -> Result<Value, Fail> {
    let group = scope.group(id)?;
    let members: Vec<&UserId> = scope
        .ctx
        .policy
        .users
        .iter()
        .filter(|u| u.groups.contains(&group.id))
        .map(|u| &u.id)
        .collect();
    let mut conn = state.store.pool().acquire().await?;
    let row = resource(&mut conn, "group", group.id.as_str()).await?;
    Ok(scope.group_resource(group, &members, row.as_ref()))
}

/// The query of a list call: `filter`, paging and which attributes to return.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    /// The filter, RFC 7644 §3.4.2.2.
    pub filter: Option<String>,
    /// 1-based index of the first result.
    #[serde(rename = "startIndex")]
    pub start_index: Option<String>,
    /// Most results wanted.
    pub count: Option<String>,
    /// Only these attributes (and those always returned).
    pub attributes: Option<String>,
    /// All but these attributes.
    #[serde(rename = "excludedAttributes")]
    pub excluded_attributes: Option<String>,
}

impl ListQuery {
    /// The parsed filter and paging.
    pub fn parse(&self) -> Result<(Option<Filter>, Paging), Fail> {
        let filter = self
            .filter
            .as_deref()
            .filter(|f| !f.trim().is_empty())
            .map(Filter::parse)
            .transpose()?;
        let paging = Paging::from_query(
            self.start_index.as_deref(),
            self.count.as_deref(),
            super::MAX_RESULTS,
        )?;
        Ok((filter, paging))
    }
}

/// Every row of `entity` kept in `env`, by entity id.
pub async fn rows_by_id(
    state: &AppState,
    env: &str,
    entity: &str,
) -> Result<HashMap<String, ScimResourceRow>, Fail> {
    let mut conn = state.store.pool().acquire().await?;
    Ok(resources(&mut conn, env, entity)
        .await?
        .into_iter()
        .map(|r| (r.entity_id.clone(), r))
        .collect())
}

/// A filter value that must be a string.
pub fn string_value(value: &Value) -> Result<&str, Fail> {
    value.as_str().ok_or_else(|| {
        Fail(ScimError::bad_request(
            ScimType::InvalidFilter,
            format!("compare this attribute with a string, not {value}"),
        ))
    })
}
