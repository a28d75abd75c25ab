//! A signed-in HTTP client: keeps the session cookie, sends the CSRF header on every request
//! and reuses its keep-alive connections. The mix shares one; each change-set writer has its own.

use std::time::Duration;

use anyhow::{bail, Context};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Client;
use serde_json::json;

use crate::cli::Args;

/// The header every state-changing request must carry.
const CSRF_HEADER: &str = "x-gatehouse-csrf";

/// A client signed in as `args.code`, with the URLs every caller builds on.
pub struct Session {
    /// The cookie-keeping client.
    pub client: Client,
    /// `{base}/api/v1/environments/{env}`.
    pub env_url: String,
}

impl Session {
    /// Builds a client keeping up to `idle` connections open and signs it in.
    pub async fn open(args: &Args, idle: usize) -> anyhow::Result<Self> {
        let mut headers = HeaderMap::new();
        headers.insert(CSRF_HEADER, HeaderValue::from_static("1"));
        let client = Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .pool_max_idle_per_host(idle)
            .tcp_nodelay(true)
            .timeout(args.timeout())
            .connect_timeout(Duration::from_secs(5))
            .build()
            .context("cannot build the HTTP client")?;
        let api = format!("{}/api/v1", args.base.trim_end_matches('/'));
        sign_in(&client, &api, &args.code, &args.password).await?;
        Ok(Self {
            client,
            env_url: format!("{api}/environments/{}", args.environment),
        })
    }
}

async fn sign_in(client: &Client, api: &str, code: &str, password: &str) -> anyhow::Result<()> {
    let response = client
        .post(format!("{api}/session"))
        .json(&json!({ "code": code, "password": password }))
        .send()
        .await
        .with_context(|| format!("cannot reach `{api}`"))?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        bail!("sign-in as `{code}` failed with {status}: {body}");
    }
    Ok(())
}
