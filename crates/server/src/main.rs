//! Boots the Gatehouse server: configuration, tracing, then [`gatehouse_server::start`].

use clap::Parser;
use gatehouse_server::{start, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let config = Config::parse();
    let server = match start(&config, true).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("gatehouse-server: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("Gatehouse studio: http://{}/", server.addr);
    println!("Gatehouse API:    http://{}/api/v1/health", server.addr);
    match server.wait().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gatehouse-server: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
