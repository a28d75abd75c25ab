//! Server configuration from command-line flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// How to run the server; every flag can also come from the environment.
#[derive(Debug, Clone, Parser)]
#[command(name = "gatehouse-server", about = "Gatehouse permission administration server")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "GATEHOUSE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Database URL: `sqlite://file.db` (default) or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/gatehouse.db")]
    pub database_url: String,
    /// Folder with the built studio (Trunk's `dist/`); the API still works without it.
    #[arg(long, env = "GATEHOUSE_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Load the demo organisation on start when the database is empty.
    #[arg(long, env = "GATEHOUSE_DEMO_DATA", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo_data: bool,
}
