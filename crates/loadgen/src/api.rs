//! The Gatehouse calls the mix is made of: sign-in, finding the grant to update, and one
//! request per [`Kind`]. Only the few JSON fields the generator needs are decoded.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use anyhow::{bail, Context};
use reqwest::header::IF_MATCH;
use reqwest::{Client, Response, StatusCode};
use serde::Deserialize;
use serde_json::json;

use crate::cli::Args;
use crate::mix::Kind;
use crate::session::Session;

/// A signed-in client and the URLs of the mix.
pub struct Api {
    client: Client,
    users_url: String,
    access_url: String,
    grant_url: String,
    grant: GrantTarget,
}

/// The grant the writes update, with the newest version the generator has seen.
pub struct GrantTarget {
    version: AtomicI64,
    writes: AtomicU64,
}

impl GrantTarget {
    /// Remembers a version seen in a reply; versions only grow, so the highest wins.
    fn observe(&self, version: i64) {
        self.version.fetch_max(version, Ordering::Relaxed);
    }
}

#[derive(Deserialize)]
struct Permissions {
    grants: Vec<GrantRef>,
}

#[derive(Deserialize)]
struct GrantRef {
    id: String,
    version: i64,
    subject: SubjectName,
}

#[derive(Deserialize)]
struct SubjectName {
    name: String,
}

#[derive(Deserialize)]
struct Versioned {
    version: i64,
}

#[derive(Deserialize)]
struct Stale {
    current_version: i64,
}

impl Api {
    /// Signs in and looks up the grant to update.
    pub async fn connect(args: &Args) -> anyhow::Result<Self> {
        let Session {
            client,
            env_url: env,
        } = Session::open(args, args.concurrency as usize).await?;
        let (grant_id, version) = find_grant(&client, &env, &args.resource, &args.grant_subject)
            .await
            .with_context(|| format!("cannot find the grant to update on `{}`", args.resource))?;
        Ok(Self {
            users_url: format!("{env}/users"),
            access_url: format!("{env}/users/{}/access", args.access_user),
            grant_url: format!("{env}/grants/{grant_id}"),
            grant: GrantTarget {
                version: AtomicI64::new(version),
                writes: AtomicU64::new(0),
            },
            client,
        })
    }

    /// Sends one request of `kind` and reads its whole body; returns the status.
    pub async fn call(&self, kind: Kind) -> reqwest::Result<StatusCode> {
        match kind {
            Kind::UserList => drain(self.client.get(&self.users_url).send().await?).await,
            Kind::UserAccess => drain(self.client.get(&self.access_url).send().await?).await,
            Kind::GrantUpdate => self.update_grant().await,
        }
    }

    /// `PUT` the grant with the newest known version, alternating between two environment
    /// sets so every successful write is a real change; learns the version from the reply.
    async fn update_grant(&self) -> reqwest::Result<StatusCode> {
        let version = self.grant.version.load(Ordering::Relaxed);
        let environments = if self
            .grant
            .writes
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(2)
        {
            json!(["staging"])
        } else {
            json!(["staging", "development"])
        };
        let response = self
            .client
            .put(&self.grant_url)
            .header(IF_MATCH, format!("\"{version}\""))
            .json(&json!({ "role": { "app": "editor" }, "environments": environments }))
            .send()
            .await?;
        let status = response.status();
        let body = response.bytes().await?;
        let seen = if status.is_success() {
            serde_json::from_slice::<Versioned>(&body)
                .ok()
                .map(|v| v.version)
        } else if status == StatusCode::PRECONDITION_FAILED {
            serde_json::from_slice::<Stale>(&body)
                .ok()
                .map(|s| s.current_version)
        } else {
            None
        };
        if let Some(version) = seen {
            self.grant.observe(version);
        }
        Ok(status)
    }
}

/// Reads the body to the end so the latency covers the whole response.
async fn drain(response: Response) -> reqwest::Result<StatusCode> {
    let status = response.status();
    response.bytes().await?;
    Ok(status)
}

async fn find_grant(
    client: &Client,
    env: &str,
    resource: &str,
    subject: &str,
) -> anyhow::Result<(String, i64)> {
    let response = client
        .get(format!("{env}/resources/{resource}/permissions"))
        .send()
        .await?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        bail!("reading the permissions failed with {status}: {body}");
    }
    let permissions: Permissions = response
        .json()
        .await
        .context("the permissions reply is not the expected JSON")?;
    permissions
        .grants
        .into_iter()
        .find(|g| g.subject.name == subject)
        .map(|g| (g.id, g.version))
        .with_context(|| format!("no grant for `{subject}`"))
}
