//! Server configuration from command-line flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

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
    /// Folder with the built studio (Trunk's `dist/`); the API still works without it.
    #[arg(long, env = "GATEHOUSE_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Load the demo organisation on start when the database is empty.
    #[arg(long, env = "GATEHOUSE_DEMO_DATA", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo_data: bool,
    /// Mark the session cookie `Secure` (serve over HTTPS, e.g. behind a TLS proxy).
    #[arg(long, env = "GATEHOUSE_SECURE_COOKIES", default_value_t = false, action = clap::ArgAction::Set)]
    pub secure_cookies: bool,
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
        }
    }
}
