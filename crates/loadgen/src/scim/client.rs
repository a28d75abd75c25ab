//! The SCIM side of the sync: a provisioning token issued through the studio's API, a client
//! sending it, and what each request is recorded as (latency, status, failures).

use std::time::Duration;

use anyhow::{bail, Context};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Client, RequestBuilder, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::time::Instant;

use super::growth::UserTiming;
use super::Kind;
use crate::changes::excerpt;
use crate::cli::Args;
use crate::session::Session;
use crate::stats::{error_text, remember, KindStats};

/// The SCIM media type every body is sent as.
const SCIM_JSON: &str = "application/scim+json";

/// A client sending the provisioning token, and the SCIM base URL.
pub struct Scim {
    client: Client,
    base: String,
}

/// What one worker recorded.
pub struct Tally {
    /// Per [`Kind`], in [`Kind::ALL`] order.
    pub kinds: [KindStats; 5],
    /// Each user's lookup and creation.
    pub users: Vec<UserTiming>,
    /// Requests that failed.
    pub failed: u64,
    /// The first few failures.
    pub samples: Vec<String>,
}

#[derive(Deserialize)]
struct Issued {
    secret: String,
}

/// `POST /provisioning/tokens` as the account owner; the secret of the new token.
pub async fn issue_token(session: &Session) -> anyhow::Result<String> {
    let response = session
        .client
        .post(format!("{}/provisioning/tokens", session.env_url))
        .json(&json!({ "name": "loadgen" }))
        .send()
        .await
        .context("cannot reach the server to issue a provisioning token")?;
    let status = response.status();
    let body = response.bytes().await?;
    if status != StatusCode::CREATED {
        bail!(
            "issuing a provisioning token answered {status}: {}",
            excerpt(&body)
        );
    }
    let issued: Issued =
        serde_json::from_slice(&body).context("the issued token is not the expected JSON")?;
    Ok(issued.secret)
}

impl Scim {
    /// A client for `args.environment` sending `secret`, keeping up to `idle` connections.
    pub fn new(args: &Args, secret: &str, idle: usize) -> anyhow::Result<Self> {
        let mut bearer = HeaderValue::from_str(&format!("Bearer {secret}"))
            .context("the token secret is not a header value")?;
        bearer.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, bearer);
        let client = Client::builder()
            .default_headers(headers)
            .pool_max_idle_per_host(idle)
            .tcp_nodelay(true)
            .timeout(args.timeout())
            .connect_timeout(Duration::from_secs(5))
            .build()
            .context("cannot build the SCIM client")?;
        Ok(Self {
            client,
            base: format!(
                "{}/scim/v2/{}",
                args.base.trim_end_matches('/'),
                args.environment
            ),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET` of `path` under the SCIM base URL.
    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    /// `POST` of `body` to `path`, as SCIM JSON.
    pub fn post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.with_body(self.client.post(self.url(path)), body)
    }

    /// `PATCH` of `body` to `path`, as SCIM JSON.
    pub fn patch(&self, path: &str, body: &Value) -> RequestBuilder {
        self.with_body(self.client.patch(self.url(path)), body)
    }

    fn with_body(&self, request: RequestBuilder, body: &Value) -> RequestBuilder {
        request
            .header(CONTENT_TYPE, SCIM_JSON)
            .body(body.to_string())
    }

    /// Sends a lookup; whether it answered that nothing matches (else a counted failure).
    pub async fn absent(&self, tally: &mut Tally, kind: Kind, request: RequestBuilder) -> bool {
        let Some(found) = self.call(tally, kind, request).await else {
            return false;
        };
        if found["totalResults"] == 0 {
            return true;
        }
        tally.fail(format!(
            "{}: expected no match, got {}",
            kind.name(),
            excerpt(found.to_string().as_bytes())
        ));
        false
    }

    /// Sends one request, reads its body and records it under `kind`; the JSON reply when the
    /// status is the one `kind` expects, else `None` with the failure counted.
    pub async fn call(
        &self,
        tally: &mut Tally,
        kind: Kind,
        request: RequestBuilder,
    ) -> Option<Value> {
        let sent = Instant::now();
        let reply = match request.send().await {
            Ok(response) => {
                let status = response.status();
                response.bytes().await.map(|body| (status, body))
            }
            Err(error) => Err(error),
        };
        let took = sent.elapsed();
        let stats = &mut tally.kinds[kind.index()];
        let (status, body) = match reply {
            Ok(reply) => reply,
            Err(error) => {
                stats.record_error();
                tally.fail(format!("{}: {}", kind.name(), error_text(&error)));
                return None;
            }
        };
        stats.record_reply(status, took, took);
        if status != expected(kind) {
            tally.fail(format!("{} {status}: {}", kind.name(), excerpt(&body)));
            return None;
        }
        match serde_json::from_slice(&body) {
            Ok(value) => Some(value),
            Err(_) => {
                tally.fail(format!("{}: not JSON: {}", kind.name(), excerpt(&body)));
                None
            }
        }
    }
}

/// The status a request of `kind` answers when it went well.
fn expected(kind: Kind) -> StatusCode {
    match kind {
        Kind::UserCreate | Kind::GroupCreate => StatusCode::CREATED,
        Kind::UserLookup | Kind::GroupLookup | Kind::MemberPatch => StatusCode::OK,
    }
}

impl Tally {
    /// Nothing recorded yet.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            kinds: [
                KindStats::new()?,
                KindStats::new()?,
                KindStats::new()?,
                KindStats::new()?,
                KindStats::new()?,
            ],
            users: Vec::new(),
            failed: 0,
            samples: Vec::new(),
        })
    }

    /// Counts a failure and keeps its text if it is among the first few.
    pub fn fail(&mut self, text: String) {
        self.failed += 1;
        remember(&mut self.samples, text);
    }

    /// Adds what `other` recorded to this.
    pub fn add(&mut self, other: Tally) -> anyhow::Result<()> {
        for (mine, theirs) in self.kinds.iter_mut().zip(&other.kinds) {
            mine.add(theirs)?;
        }
        self.users.extend(other.users);
        self.failed += other.failed;
        for sample in other.samples {
            remember(&mut self.samples, sample);
        }
        Ok(())
    }
}
