//! Gatehouse server: the JSON API under `/api/v1` and the built studio, on one port.
//!
//! `main.rs` only boots; tests build the same [`app`] and drive it over real HTTP.

pub mod auth;
pub mod config;
pub mod error;
pub mod export;
pub mod extract;
pub mod json_errors;
pub mod overload;
pub mod policy_cache;
pub mod routes;
pub mod security_headers;
pub mod seed;
pub mod seed_accept;
pub mod seed_collaborators;
pub mod seed_integration;
pub mod static_files;
pub mod store;
pub mod sync;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use auth::rate_limit::SignInLimiter;

use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use store::Store;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database behind every route.
    pub store: Store,
    /// Sign-in throttling.
    pub limiter: Arc<SignInLimiter>,
    /// Whether session cookies are marked `Secure`.
    pub secure_cookies: bool,
    /// Prepared policy snapshots, reused while their environment's generation holds.
    pub policies: Arc<policy_cache::PolicyCache>,
    /// Admission control: how many requests are served at once and how many wait.
    pub admission: Arc<overload::Admission>,
    /// The nightly collaborator sync's schedule and the InSite domain.
    pub sync: Arc<sync::SyncSettings>,
    /// When each environment last logged a SCIM call without a known token.
    pub scim_strangers: Arc<routes::ScimStrangers>,
}

/// Builds the whole application: API routes, then the studio's static files as fallback.
pub fn app(state: AppState, dist: Option<PathBuf>) -> Router {
    let admission = Arc::clone(&state.admission);
    let headers = Arc::new(security_headers::SecurityHeaders::new(
        dist.as_deref(),
        state.secure_cookies,
    ));
    let api_and_studio = routes::router()
        .merge(routes::scim_router(state.clone()))
        .with_state(state)
        .fallback_service(static_files::service(dist));
    // Layers on a router wrap each route one by one, inside the router's own 404/405; these
    // two need those answers (with `Allow`), so they wrap the whole router as one service.
    Router::new()
        .fallback_service(api_and_studio)
        .layer(axum::middleware::from_fn(auth::csrf::require_csrf_header))
        .layer(axum::middleware::from_fn(json_errors::ensure_json))
        .layer(axum::middleware::from_fn_with_state(
            admission,
            overload::admit,
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        // Outermost: every answer carries them, the load shedder's 503 too.
        .layer(axum::middleware::map_response_with_state(
            headers,
            security_headers::add,
        ))
}

/// Connects to the database, runs migrations, loads the demo data when asked and returns the
/// state the router needs.
pub async fn prepare(config: &Config) -> Result<AppState, store::StoreError> {
    let settings = sync::SyncSettings::new(
        &config.sync_at,
        &config.sync_timezone,
        &config.insite_domain,
    )
    .map_err(|err| store::StoreError::Config(err.to_string()))?;
    let store = Store::connect(&config.database_url).await?;
    store.migrate().await?;
    if config.demo_data {
        seed::load_demo_data(&store).await?;
    }
    Ok(AppState {
        store,
        limiter: Arc::new(SignInLimiter::default()),
        secure_cookies: config.secure_cookies,
        policies: Arc::new(policy_cache::PolicyCache::new()),
        admission: Arc::new(overload::Admission::new(
            config.max_in_flight,
            config.max_queued,
            std::time::Duration::from_millis(config.queue_timeout_ms),
        )),
        sync: Arc::new(settings),
        scim_strangers: Arc::default(),
    })
}

/// A server started by [`start`]: where it listens, and how to stop it.
pub struct RunningServer {
    /// The bound address (useful when the configured port was 0).
    pub addr: SocketAddr,
    /// The state, for tests that want to look behind the API.
    pub state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), std::io::Error>>,
    scheduler: Option<tokio::task::JoinHandle<()>>,
}

impl RunningServer {
    /// Stops accepting connections, lets in-flight requests finish, and waits for the end.
    pub async fn stop(mut self) {
        if let Some(scheduler) = self.scheduler.take() {
            scheduler.abort();
        }
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let abort = self.task.abort_handle();
        if tokio::time::timeout(std::time::Duration::from_secs(5), &mut self.task)
            .await
            .is_err()
        {
            abort.abort();
        }
    }

    /// Waits until the server ends (after Ctrl-C, for `main`).
    pub async fn wait(self) -> Result<(), std::io::Error> {
        match self.task.await {
            Ok(result) => result,
            Err(err) => Err(std::io::Error::other(err)),
        }
    }
}

/// Failures while starting the server.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened, migrated or seeded.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// The address could not be bound.
    #[error("cannot listen on `{addr}`: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why not.
        source: std::io::Error,
    },
}

/// Prepares the state, binds `config.addr` and serves until stopped (or Ctrl-C when
/// `until_ctrl_c`). The studio is served from `config.dist` when it holds an `index.html`.
pub async fn start(config: &Config, until_ctrl_c: bool) -> Result<RunningServer, StartError> {
    let state = prepare(config).await?;
    let dist = config
        .dist
        .join("index.html")
        .exists()
        .then(|| config.dist.clone());
    if dist.is_none() {
        tracing::warn!(dist = %config.dist.display(), "no built studio found; serving the API only");
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: config.addr,
        source,
    })?;
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = app(state.clone(), dist);
    let scheduler = config
        .sync_scheduler
        .then(|| sync::spawn_scheduler(state.clone()));
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            if until_ctrl_c {
                tokio::select! {
                    _ = stopped => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            } else {
                let _ = stopped.await;
            }
        })
        .await
    });
    Ok(RunningServer {
        addr,
        state,
        shutdown: Some(shutdown),
        task,
        scheduler,
    })
}
