//! `gatehouse-loadgen`: drives a running Gatehouse server and reports what it measured. A
//! benchmark, not a test: it never fails on slow numbers.
//!
//! - Without a subcommand: an open-loop 90/10 read/write mix (or one request kind alone, with
//!   `--only`) at a fixed rate: latency percentiles, status classes and whether the generator
//!   kept to its schedule.
//! - `writers`: closed-loop change-set writers: sets per second, latency and every status.
//! - `big-set`: one change set of a thousand grant creations: dry run, apply and delete timed.
//! - `scim`: Entra ID's first sync of 10,000 users and 200 groups: each request kind and the
//!   whole sync timed; fails if any request failed.
//!
//! `main` only boots: flags, runtime, then the chosen measurement and its report.

mod api;
mod big_set;
mod changes;
mod cli;
mod mix;
mod report;
mod schedule;
mod scim;
mod session;
mod stats;
mod writers;

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;

use crate::api::Api;
use crate::cli::{Args, Mode};
use crate::report::mix::Setup;
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
    match &args.mode {
        None => run_mix(args).await,
        Some(Mode::Writers(opts)) => {
            let outcome = writers::run(args, opts).await?;
            print!("{}", report::sets::writers_text(&args.label, &outcome)?);
            let row = report::sets::writers_row(&args.label, &outcome);
            finish(args, report::sets::WRITERS_HEADER, &row)
        }
        Some(Mode::BigSet(opts)) => {
            let outcome = big_set::run(args, opts).await?;
            print!("{}", report::sets::big_set_text(&args.label, &outcome)?);
            let row = report::sets::big_set_row(&args.label, &outcome);
            finish(args, report::sets::BIG_SET_HEADER, &row)
        }
        Some(Mode::Scim(opts)) => {
            let outcome = scim::run(args, opts).await?;
            print!("{}", scim::report::text(&args.label, &outcome)?);
            let rows = scim::report::rows(&args.label, &outcome)?;
            finish(args, scim::report::HEADER, &rows)?;
            scim::check(&outcome)
        }
    }
}

async fn run_mix(args: &Args) -> anyhow::Result<()> {
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
    print!("{}", report::mix::text(&setup, &stats)?);
    let row = report::mix::markdown_row(&setup, &stats)?;
    finish(args, report::mix::MARKDOWN_HEADER, &row)
}

/// Prints the Markdown row under its header and appends it to `--markdown`, if given.
fn finish(args: &Args, header: &str, row: &str) -> anyhow::Result<()> {
    println!("\n{header}\n{row}");
    if let Some(path) = &args.markdown {
        report::append_markdown(path, header, row)?;
    }
    Ok(())
}
