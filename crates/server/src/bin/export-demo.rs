//! Writes the demo organisation as JSON for the studio's server-less demo mode:
//! `cargo run -p gatehouse-server --bin export-demo > demo/demo.json`.
//!
//! It seeds an in-memory SQLite database with the very seed the server uses and reads it back
//! through the same store functions, so the static demo can never drift from the server's.

use std::process::ExitCode;

use gatehouse_server::export::demo_snapshot;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match demo_snapshot().await {
        Ok(snapshot) => match serde_json::to_string_pretty(&snapshot) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("export-demo: {err}");
                ExitCode::FAILURE
            }
        },
        Err(err) => {
            eprintln!("export-demo: {err}");
            ExitCode::FAILURE
        }
    }
}
