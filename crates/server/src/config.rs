//! Server configuration from command-line flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// Default of [`Config::max_in_flight`].
pub const DEFAULT_MAX_IN_FLIGHT: usize = 64;
/// Default of [`Config::max_queued`].
pub const DEFAULT_MAX_QUEUED: usize = 256;
/// Default of [`Config::queue_timeout_ms`].
pub const DEFAULT_QUEUE_TIMEOUT_MS: u64 = 500;

/// How to run the server; every flag can also come from the environment.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "gatehouse-server",
    about = "Gatehouse permission administration server"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "GATEHOUSE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Database URL: `sqlite://file.db` (default) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/gatehouse.db"
    )]
    pub database_url: String,
    /// Folder with the built studio (`scripts/build-studio.sh` writes `dist/`); the API still works without it.
    #[arg(long, env = "GATEHOUSE_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Load the demo organisation on start when the database is empty.
    #[arg(long, env = "GATEHOUSE_DEMO_DATA", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo_data: bool,
    /// Mark the session cookie `Secure` (serve over HTTPS, e.g. behind a TLS proxy).
    #[arg(long, env = "GATEHOUSE_SECURE_COOKIES", default_value_t = false, action = clap::ArgAction::Set)]
    pub secure_cookies: bool,
    /// Requests served at once; more wait in a queue (admission control, see `overload.rs`).
    #[arg(long, env = "GATEHOUSE_MAX_IN_FLIGHT", default_value_t = DEFAULT_MAX_IN_FLIGHT)]
    pub max_in_flight: usize,
    /// Requests that may wait for a turn; beyond that they are answered 503 at once.
    #[arg(long, env = "GATEHOUSE_MAX_QUEUED", default_value_t = DEFAULT_MAX_QUEUED)]
    pub max_queued: usize,
    /// Milliseconds a request may wait for a turn before it is answered 503.
    #[arg(long, env = "GATEHOUSE_QUEUE_TIMEOUT_MS", default_value_t = DEFAULT_QUEUE_TIMEOUT_MS)]
    pub queue_timeout_ms: u64,
    /// Local time of day of the nightly collaborator sync, `HH:MM`.
    #[arg(long, env = "GATEHOUSE_SYNC_AT", default_value = "23:00")]
    pub sync_at: String,
    /// IANA time zone the sync time is in.
    #[arg(
        long,
        env = "GATEHOUSE_SYNC_TIMEZONE",
        default_value = "Europe/Amsterdam"
    )]
    pub sync_timezone: String,
    /// Run the nightly sync from this process (several processes on one PostgreSQL still run
    /// each scheduled sync once).
    #[arg(long, env = "GATEHOUSE_SYNC_SCHEDULER", default_value_t = true, action = clap::ArgAction::Set)]
    pub sync_scheduler: bool,
    /// Domain of client InSite addresses (`https://<participant>.<domain>`).
    #[arg(long, env = "GATEHOUSE_INSITE_DOMAIN", default_value = "afasinsite.nl")]
    pub insite_domain: String,
}

impl Config {
    /// A server on a free local port with the demo data (for tests and tools).
    pub fn local(database_url: impl Into<String>, dist: PathBuf) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: database_url.into(),
            dist,
            demo_data: true,
            secure_cookies: false,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            max_queued: DEFAULT_MAX_QUEUED,
            queue_timeout_ms: DEFAULT_QUEUE_TIMEOUT_MS,
            sync_at: "23:00".to_owned(),
            sync_timezone: "Europe/Amsterdam".to_owned(),
            sync_scheduler: false,
            insite_domain: "afasinsite.nl".to_owned(),
        }
    }
}
