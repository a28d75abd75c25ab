//! The provisioning token gate: every SCIM call carries `Authorization: Bearer <secret>` of a
//! live provisioning token of the environment in its path; the call and its outcome are then
//! logged for the studio's Provisioning page.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::reply::{Fail, Outcome};
use crate::auth::token::fingerprint;
use crate::routes::context::Author;
use crate::store::now;
use crate::store::provisioning::{log_call, token_by_hash, ScimCallRow, ScimTokenRow};
use crate::AppState;
use gatehouse_scim::ScimError;

/// The provisioning token a SCIM call was made with: the actor of what it writes.
#[derive(Debug, Clone)]
pub struct ScimCaller {
    /// The token.
    pub token: ScimTokenRow,
    /// `scim:` and the token's name: the actor code in the audit log.
    pub code: String,
}

impl Author for ScimCaller {
    fn author_id(&self) -> &str {
        &self.token.id
    }

    fn author_code(&self) -> &str {
        &self.code
    }
}

/// The service provider's base URL for `env` as the caller reached this server: HTTPS when
/// a proxy says so (`X-Forwarded-Proto`) or the server is set up for it (secure cookies).
pub fn base_url(state: &AppState, headers: &HeaderMap, env: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]_".contains(c))
        })
        .unwrap_or("localhost");
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"))
        || state.secure_cookies;
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{host}/scim/v2/{env}")
}

/// The environment code in a SCIM path (`/scim/v2/O12345AA/Users` → `O12345AA`) and the
/// rest after it, with the query.
fn split_path(request: &Request) -> Option<(String, String)> {
    let rest = request.uri().path().strip_prefix("/scim/v2/")?;
    let (env, under) = rest.split_once('/').unwrap_or((rest, ""));
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    Some((env.to_owned(), format!("/{under}{query}")))
}

/// Lets a call through with a live token of its environment, and logs it.
pub async fn gate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some((env, under)) = split_path(&request) else {
        return next.run(request).await;
    };
    let method = request.method().to_string();
    let token = match authenticate(&state, request.headers(), &env).await {
        Ok(token) => token,
        Err((err, known)) => {
            let outcome = err.detail.clone();
            match known {
                Some(token) => log(&state, &env, Some(&token), &method, &under, 401, outcome).await,
                // Without a known token: logged for an environment that exists, at most once a
                // second, so a stranger cannot flood the log (or the write turn).
                None if unknown_call_due(&state, &env).await => {
                    log(&state, &env, None, &method, &under, 401, outcome).await
                }
                None => {}
            }
            let mut response = Fail(err).into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"gatehouse-scim\""),
            );
            return response;
        }
    };
    let code = format!("scim:{}", token.name);
    request.extensions_mut().insert(ScimCaller {
        token: token.clone(),
        code,
    });
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let outcome = response
        .extensions()
        .get::<Outcome>()
        .map(|o| o.0.clone())
        .unwrap_or_default();
    log(&state, &env, Some(&token), &method, &under, status, outcome).await;
    response
}

/// The live token the request carries, for `env`; else the error, and the token if it was a
/// known one of this environment (a revoked one), so the failed call is logged.
async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    env: &str,
) -> Result<ScimTokenRow, (ScimError, Option<ScimTokenRow>)> {
    let unauthorized = |detail: &str| ScimError::new(401, None, detail);
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, secret) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim())
        })
        .ok_or_else(|| {
            (
                unauthorized("send a provisioning token: Authorization: Bearer gh_scim_…"),
                None,
            )
        })?;
    let found = async {
        let mut conn = state.store.pool().acquire().await?;
        token_by_hash(&mut conn, &fingerprint(secret)).await
    }
    .await
    .map_err(|err| {
        tracing::error!(%err, "provisioning token lookup failed");
        (
            ScimError::new(500, None, "the token could not be checked; try again"),
            None,
        )
    })?;
    let Some(token) = found.filter(|t| t.environment == env) else {
        return Err((
            unauthorized("the bearer token is not a provisioning token of this environment"),
            None,
        ));
    };
    if token.revoked_at.is_some() {
        let detail = format!("the provisioning token {} was revoked", token.name);
        return Err((unauthorized(&detail), Some(token)));
    }
    Ok(token)
}

/// When each environment last logged a call without a known token (unix milliseconds).
#[derive(Debug, Default)]
pub struct ScimStrangers(Mutex<HashMap<String, i64>>);

/// Whether a call without a known token to `env` is logged: the environment exists and none
/// was logged for it in the last second.
async fn unknown_call_due(state: &AppState, env: &str) -> bool {
    let exists = state
        .store
        .find_environment_generation(env)
        .await
        .is_ok_and(|found| found.is_some());
    if !exists {
        return false;
    }
    let now = now_ms();
    let Ok(mut logged) = state.scim_strangers.0.lock() else {
        return false;
    };
    if logged.get(env).is_some_and(|last| now - last < 1000) {
        return false;
    }
    logged.insert(env.to_owned(), now);
    true
}

/// Logs a call; a failure to log is reported, never turned into a failed call.
async fn log(
    state: &AppState,
    env: &str,
    token: Option<&ScimTokenRow>,
    method: &str,
    under: &str,
    status: u16,
    outcome: String,
) {
    let id = uuid::Uuid::new_v4();
    let call = ScimCallRow {
        at_ms: now_ms(),
        token_id: token.map(|t| t.id.clone()),
        token_name: None,
        method: method.to_owned(),
        path: under.chars().take(500).collect(),
        status: i64::from(status),
        outcome: outcome.chars().take(500).collect(),
    };
    // About one call in 64 drops what is beyond the log's length.
    let prune = id.as_bytes()[0] < 4;
    let written = async {
        let mut tx = state.store.begin_write().await?;
        log_call(&mut tx, env, &id.simple().to_string(), &call, prune).await?;
        tx.commit().await
    }
    .await;
    if let Err(err) = written {
        tracing::warn!(%err, "a provisioning call could not be logged");
    }
}

/// Unix milliseconds now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_else(|_| now() * 1000)
}
