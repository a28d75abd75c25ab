//! The change-set calls (`POST /environments/{env}/changes`) and the few reads and writes the
//! change-set measurements set up with: users, groups and resources. Only the JSON fields
//! the generator needs are decoded.

use anyhow::{bail, Context};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Client, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::session::Session;

/// A stored grant as the apply reply lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct GrantRef {
    /// Its id.
    pub id: String,
    /// Its version, for the deletion.
    pub version: i64,
}

/// The part of a change set's 200 reply the measurements check.
#[derive(Debug, Deserialize)]
pub struct SetResult {
    /// How many changes the set held.
    pub applied: usize,
    /// The grants created or changed.
    pub grants: Vec<GrantRef>,
}

/// A resource of the environment and its ladder.
#[derive(Debug, Clone, Deserialize)]
pub struct Resource {
    /// Its id, e.g. `res-crm`.
    pub id: String,
    /// `app` or `connector`.
    pub kind: String,
}

#[derive(Deserialize)]
struct Resources {
    items: Vec<Resource>,
}

/// A group's id and name (the list) or id and members (one group).
#[derive(Deserialize)]
struct Group {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    members: Vec<Ided>,
}

#[derive(Deserialize)]
struct Ided {
    id: String,
}

/// `POST`s a change set already serialised (so timing it leaves out the encoding); returns
/// the status and the whole body.
pub async fn post_set(
    client: &Client,
    env_url: &str,
    set: Vec<u8>,
) -> reqwest::Result<(StatusCode, Vec<u8>)> {
    let response = client
        .post(format!("{env_url}/changes"))
        .header(CONTENT_TYPE, "application/json")
        .body(set)
        .send()
        .await?;
    let status = response.status();
    let body = response.bytes().await?;
    Ok((status, body.to_vec()))
}

/// The serialised body of a change set.
pub fn set(dry_run: bool, changes: &[Value]) -> Vec<u8> {
    json!({ "dry_run": dry_run, "changes": changes })
        .to_string()
        .into_bytes()
}

/// Puts `user` in `group` (`add`) or takes them out.
pub fn membership(group: &str, user: &str, add: bool) -> Value {
    let op = if add { "add_member" } else { "remove_member" };
    json!({ "op": op, "group": group, "user": user })
}

/// Gives `group` the lowest role of `resource`'s ladder in `environment`.
pub fn create_group_grant(group: &str, resource: &Resource, environment: &str) -> Value {
    let role = if resource.kind == "connector" {
        json!({ "connector": "use_only" })
    } else {
        json!({ "app": "preview_only" })
    };
    json!({
        "op": "create_grant",
        "resource": resource.id,
        "subject": { "type": "group", "id": group },
        "role": role,
        "environments": [environment],
    })
}

/// Removes the grant at `version`.
pub fn delete_grant(grant: &GrantRef) -> Value {
    json!({ "op": "delete_grant", "grant": grant.id, "version": grant.version })
}

/// The resources of the environment.
pub async fn resources(session: &Session) -> anyhow::Result<Vec<Resource>> {
    let list: Resources = get(session, "resources").await?;
    Ok(list.items)
}

/// `(id, name)` of every group of the environment.
pub async fn groups(session: &Session) -> anyhow::Result<Vec<(String, String)>> {
    let list: Vec<Group> = get(session, "groups").await?;
    Ok(list.into_iter().map(|g| (g.id, g.name)).collect())
}

/// The user ids of `group`'s members.
pub async fn members(session: &Session, group: &str) -> anyhow::Result<Vec<String>> {
    let detail: Group = get(session, &format!("groups/{group}")).await?;
    Ok(detail.members.into_iter().map(|m| m.id).collect())
}

/// Creates a group named `name`; returns its id.
pub async fn create_group(session: &Session, name: &str) -> anyhow::Result<String> {
    let created: Ided = post(session, "groups", &json!({ "name": name })).await?;
    Ok(created.id)
}

/// The id of the user `code`, adding the user (active, named `name`) when there is none.
pub async fn ensure_user(session: &Session, code: &str, name: &str) -> anyhow::Result<String> {
    let url = format!("{}/users/{code}", session.env_url);
    let response = session.client.get(&url).send().await?;
    if response.status() != StatusCode::NOT_FOUND {
        let user: Ided = decode(response, &url).await?;
        return Ok(user.id);
    }
    let created: Ided = post(session, "users", &json!({ "code": code, "name": name })).await?;
    Ok(created.id)
}

async fn get<T: DeserializeOwned>(session: &Session, path: &str) -> anyhow::Result<T> {
    let url = format!("{}/{path}", session.env_url);
    let response = session.client.get(&url).send().await?;
    decode(response, &url).await
}

async fn post<T: DeserializeOwned>(
    session: &Session,
    path: &str,
    body: &Value,
) -> anyhow::Result<T> {
    let url = format!("{}/{path}", session.env_url);
    let response = session.client.post(&url).json(body).send().await?;
    decode(response, &url).await
}

/// The JSON of a 2xx reply, or an error with the status and the start of the body.
async fn decode<T: DeserializeOwned>(response: reqwest::Response, url: &str) -> anyhow::Result<T> {
    let status = response.status();
    let body = response.bytes().await?;
    if !status.is_success() {
        bail!("`{url}` answered {status}: {}", excerpt(&body));
    }
    serde_json::from_slice(&body).with_context(|| format!("`{url}` answered unexpected JSON"))
}

/// The first 300 characters of a reply body, for error messages.
pub fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(300).collect()
}
