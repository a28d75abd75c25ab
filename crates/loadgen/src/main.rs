//! `gatehouse-loadgen`: drives a running Gatehouse server with an open-loop 90/10 read/write
//! mix (or one request kind alone, with `--only`) at a fixed rate and reports latency
//! percentiles, status classes and whether the generator kept to its schedule. A benchmark,
//! not a test: it never fails on slow numbers.
//!
//! `main` only boots: flags, runtime, then sign-in, warm-up, the measured phase and the report.

mod api;
mod cli;
mod mix;
mod report;
mod schedule;
mod stats;

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;

use crate::api::Api;
use crate::cli::Args;
use crate::report::Setup;
use crate::schedule::Load;

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads as usize)
        .enable_all()
        .build();
    let result = runtime
        .context("cannot start the async runtime")
        .and_then(|runtime| runtime.block_on(run(&args)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gatehouse-loadgen: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> anyhow::Result<()> {
    let api = Arc::new(Api::connect(args).await?);
    let load = Load {
        rate: args.rate,
        duration: args.duration(),
        concurrency: args.concurrency,
        only: args.only,
    };
    if let Some(warmup) = args.warmup() {
        let warmup = Load {
            duration: warmup,
            ..load
        };
        schedule::run(Arc::clone(&api), warmup).await?;
    }
    let stats = schedule::run(api, load).await?;
    let setup = Setup {
        label: &args.label,
        rate: args.rate,
        concurrency: args.concurrency,
    };
    print!("{}", report::text(&setup, &stats)?);
    let row = report::markdown_row(&setup, &stats)?;
    println!("\n{}\n{row}", report::MARKDOWN_HEADER);
    if let Some(path) = &args.markdown {
        report::append_markdown(path, &row)?;
    }
    Ok(())
}
