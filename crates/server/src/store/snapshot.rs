//! Loads an environment's permission data as a `gatehouse_policy::Policy` snapshot, so every
//! decision is made by the policy crate and never re-implemented in SQL.

use std::collections::{BTreeSet, HashMap};

use gatehouse_policy::{
    EmailAddress, Environment, EnvironmentCode, EnvironmentId, Grant, Group, GroupId, Policy,
    Precedence, Resource, ResourceId, ResourceKind, Role, Subject, Timestamp, User, UserCode,
    UserFlags, UserId, UserStatus,
};
use sqlx::{AnyConnection, Row};

use super::integration_snapshot::{load_app_connectors, load_tables};
use super::users::flag;

/// A stored value that the policy crate refuses (the database was edited by hand).
#[derive(Debug, thiserror::Error)]
#[error("stored {what} `{value}` is invalid: {reason}")]
pub struct CorruptRow {
    what: &'static str,
    value: String,
    reason: String,
}

/// Errors while loading a snapshot.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// A row does not fit the model.
    #[error(transparent)]
    Corrupt(#[from] CorruptRow),
}

pub(super) fn corrupt(what: &'static str, value: &str, reason: impl ToString) -> CorruptRow {
    CorruptRow {
        what,
        value: value.to_owned(),
        reason: reason.to_string(),
    }
}

/// Parses a stored role name on the ladder of `kind` (`preview_only`, `use_only`, …).
pub fn parse_role(kind: ResourceKind, value: &str) -> Option<Role> {
    let json = serde_json::json!({ kind_str(kind): value });
    serde_json::from_value(json).ok()
}

/// The stored name of a role (`editor`).
pub fn role_str(role: Role) -> String {
    match serde_json::to_value(role) {
        Ok(serde_json::Value::Object(map)) => map
            .values()
            .next()
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

/// The stored name of a resource kind.
pub fn kind_str(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::App => "app",
        ResourceKind::Connector => "connector",
    }
}

/// Parses a stored resource kind.
pub fn parse_kind(value: &str) -> Option<ResourceKind> {
    match value {
        "app" => Some(ResourceKind::App),
        "connector" => Some(ResourceKind::Connector),
        _ => None,
    }
}

/// The whole permission snapshot of one organisation environment.
pub async fn load_policy(
    conn: &mut AnyConnection,
    environment: &str,
) -> Result<Policy, SnapshotError> {
    let mut policy = Policy::new();
    policy.participant = EnvironmentCode::parse(environment)
        .ok()
        .map(EnvironmentCode::participant);
    let precedence: String = sqlx::query(
        "SELECT o.precedence FROM organisations o JOIN environments e ON e.participant = o.participant WHERE e.code = $1",
    )
    .bind(environment)
    .fetch_optional(&mut *conn)
    .await?
    .map(|row| row.try_get("precedence"))
    .transpose()?
    .unwrap_or_default();
    policy.precedence = if precedence == "most_specific_wins" {
        Precedence::MostSpecificWins
    } else {
        Precedence::HighestWins
    };

    let mut memberships: HashMap<String, BTreeSet<GroupId>> = HashMap::new();
    for row in sqlx::query(
        "SELECT m.user_id, m.group_id FROM group_members m JOIN user_groups g ON g.id = m.group_id WHERE g.environment = $1",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let group: String = row.try_get("group_id")?;
        let group = GroupId::parse(&group).map_err(|e| corrupt("group id", &group, e))?;
        memberships.entry(row.try_get("user_id")?).or_default().insert(group);
    }

    for row in sqlx::query(
        "SELECT id, code, name, email, status, account_owner, windows, insite, pocket, kind FROM users WHERE environment = $1",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let id: String = row.try_get("id")?;
        let mut user = User::new(UserId::parse(&id).map_err(|e| corrupt("user id", &id, e))?, row.try_get::<String, _>("name")?);
        user.status = if row.try_get::<String, _>("status")? == "deactivated" {
            UserStatus::Deactivated
        } else {
            UserStatus::Active
        };
        let email: Option<String> = row.try_get("email")?;
        user.email = email.map(|e| EmailAddress::parse(&e).map_err(|err| corrupt("email", &e, err))).transpose()?;
        user.code = UserCode::parse(&row.try_get::<String, _>("code")?).ok();
        user.account_owner = flag(&row, "account_owner")?;
        user.flags = UserFlags { windows: flag(&row, "windows")?, insite: flag(&row, "insite")?, pocket: flag(&row, "pocket")? };
        user.groups = memberships.remove(&id).unwrap_or_default();
        user.system = row.try_get::<String, _>("kind")? == "system";
        policy.users.push(user);
    }

    for row in sqlx::query(
        "SELECT id, name, description FROM user_groups WHERE environment = $1 ORDER BY name",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let id: String = row.try_get("id")?;
        let id = GroupId::parse(&id).map_err(|e| corrupt("group id", &id, e))?;
        let mut group = Group::new(id, row.try_get::<String, _>("name")?);
        group.description = row.try_get("description")?;
        policy.groups.push(group);
    }

    let mut environments = Vec::new();
    for row in sqlx::query(
        "SELECT id, name FROM data_environments WHERE environment = $1 ORDER BY position, name",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let id: String = row.try_get("id")?;
        let id = EnvironmentId::parse(&id).map_err(|e| corrupt("data environment id", &id, e))?;
        environments.push(Environment::new(id, row.try_get::<String, _>("name")?));
    }
    if !environments.is_empty() {
        policy.environments = environments;
    }

    let mut kinds = HashMap::new();
    for row in sqlx::query("SELECT id, kind, name, created_by FROM resources WHERE environment = $1 ORDER BY kind, name")
        .bind(environment)
        .fetch_all(&mut *conn)
        .await?
    {
        let id: String = row.try_get("id")?;
        let kind_text: String = row.try_get("kind")?;
        let kind = parse_kind(&kind_text).ok_or_else(|| corrupt("resource kind", &kind_text, "unknown kind"))?;
        let creator: Option<String> = row.try_get("created_by")?;
        let creator = creator.map(|c| UserId::parse(&c).map_err(|e| corrupt("user id", &c, e))).transpose()?;
        kinds.insert(id.clone(), kind);
        policy.resources.push(Resource {
            id: ResourceId::parse(&id).map_err(|e| corrupt("resource id", &id, e))?,
            name: row.try_get("name")?,
            kind,
            creator,
        });
    }

    let mut grant_envs: HashMap<String, BTreeSet<EnvironmentId>> = HashMap::new();
    for row in sqlx::query(
        "SELECT ge.grant_id, ge.data_environment_id FROM grant_environments ge \
         JOIN grants g ON g.id = ge.grant_id JOIN resources r ON r.id = g.resource_id WHERE r.environment = $1",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let env: String = row.try_get("data_environment_id")?;
        let env = EnvironmentId::parse(&env).map_err(|e| corrupt("data environment id", &env, e))?;
        grant_envs.entry(row.try_get("grant_id")?).or_default().insert(env);
    }
    for row in sqlx::query(
        "SELECT g.id, g.resource_id, g.subject_kind, g.subject_id, g.role, g.expires_at FROM grants g \
         JOIN resources r ON r.id = g.resource_id WHERE r.environment = $1",
    )
    .bind(environment)
    .fetch_all(&mut *conn)
    .await?
    {
        let id: String = row.try_get("id")?;
        let resource: String = row.try_get("resource_id")?;
        let kind = kinds.get(&resource).copied().ok_or_else(|| corrupt("grant resource", &resource, "unknown resource"))?;
        let role_text: String = row.try_get("role")?;
        let role = parse_role(kind, &role_text).ok_or_else(|| corrupt("role", &role_text, "not on the resource's ladder"))?;
        let subject = subject_from(&row.try_get::<String, _>("subject_kind")?, &row.try_get::<String, _>("subject_id")?)?;
        let expires_at: Option<i64> = row.try_get("expires_at")?;
        let mut grant = Grant::new(
            subject,
            ResourceId::parse(&resource).map_err(|e| corrupt("resource id", &resource, e))?,
            role,
            grant_envs.remove(&id).unwrap_or_default(),
        );
        grant.expires_at = expires_at.map(Timestamp::from_unix_seconds);
        policy.grants.push(grant);
    }
    policy.app_connectors = load_app_connectors(conn, environment).await?;
    policy.tables = load_tables(conn, environment).await?;
    Ok(policy)
}

/// Builds a subject from its stored kind and id.
pub fn subject_from(kind: &str, id: &str) -> Result<Subject, CorruptRow> {
    match kind {
        "all_users" => Ok(Subject::AllUsers),
        "group" => GroupId::parse(id)
            .map(Subject::Group)
            .map_err(|e| corrupt("group id", id, e)),
        "user" => UserId::parse(id)
            .map(Subject::User)
            .map_err(|e| corrupt("user id", id, e)),
        other => Err(corrupt("subject kind", other, "unknown kind")),
    }
}

/// The stored kind and id of a subject.
pub fn subject_parts(subject: &Subject) -> (&'static str, String) {
    match subject {
        Subject::AllUsers => ("all_users", String::new()),
        Subject::Group(id) => ("group", id.to_string()),
        Subject::User(id) => ("user", id.to_string()),
    }
}
