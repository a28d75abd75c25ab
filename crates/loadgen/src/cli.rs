//! Command-line flags: which server, how hard, for how long, and what to call. Without a
//! subcommand the open-loop mix runs; `writers` and `big-set` measure change sets, `scim` an
//! identity provider's first sync.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::mix::Kind;

/// A load run against a running Gatehouse server.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "gatehouse-loadgen",
    about = "HTTP load generator for a running Gatehouse server: an open-loop 90/10 read/write \
mix, or (subcommands) closed-loop change-set writers and one large change set",
    after_help = "The flags before a subcommand (`--base`, `--code`, `--label`, `--markdown`, …) \
apply to it too; the mix's rate flags are then ignored."
)]
pub struct Args {
    /// A change-set measurement instead of the open-loop mix.
    #[command(subcommand)]
    pub mode: Option<Mode>,
    /// Base URL of the running server, e.g. `http://127.0.0.1:8080`.
    #[arg(long)]
    pub base: String,
    /// Requests started per second, on a fixed schedule (open loop).
    #[arg(long, default_value_t = 1000.0, value_parser = positive)]
    pub rate: f64,
    /// Seconds of measured load.
    #[arg(long, default_value_t = 20.0, value_parser = positive)]
    pub duration: f64,
    /// Seconds of unmeasured load at the same rate before the measurement (0 for none).
    #[arg(long, default_value_t = 2.0)]
    pub warmup: f64,
    /// Requests in flight at most; when all are busy the schedule waits and the delay counts.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub concurrency: u32,
    /// Seconds before a request is given up and counted as a connection error.
    #[arg(long, default_value_t = 30.0, value_parser = positive)]
    pub timeout: f64,
    /// Tokio worker threads of the generator (keep it small: it shares the cores with the server).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: u32,
    /// Send only this kind of request instead of the 90/10 mix (to cost one endpoint alone).
    #[arg(long, value_enum)]
    pub only: Option<Kind>,
    /// Name of this run in the Markdown row (e.g. `sqlite`).
    #[arg(long, default_value = "server")]
    pub label: String,
    /// Append the Markdown result row to this file (the header is written when it is new).
    #[arg(long)]
    pub markdown: Option<PathBuf>,
    /// Organisation environment the requests go to.
    #[arg(long, default_value = "O12345AA")]
    pub environment: String,
    /// User whose effective access is read.
    #[arg(long, default_value = "12345.BWilliams")]
    pub access_user: String,
    /// Resource whose grant is updated.
    #[arg(long, default_value = "res-crm")]
    pub resource: String,
    /// Subject name of the grant that is updated.
    #[arg(long, default_value = "Carlos Jansen")]
    pub grant_subject: String,
    /// User code to sign in with.
    #[arg(long, default_value = "12345.AdeVries")]
    pub code: String,
    /// Password to sign in with (the seeded demo password).
    #[arg(long, default_value = "gatehouse")]
    pub password: String,
}

/// The change-set measurements.
#[derive(Debug, Clone, Subcommand)]
pub enum Mode {
    /// Closed loop: N writers, each with its own session, save M change sets back to back,
    /// each toggling the writer's own user in one group (no logical conflicts, one write turn).
    Writers(WritersArgs),
    /// One change set of N grant creations (groups × resources): dry run, apply, then one set
    /// deleting them all, each timed.
    BigSet(BigSetArgs),
    /// Microsoft Entra ID's first sync through SCIM 2.0: every user looked up and created,
    /// then every group looked up, created and filled with member PATCHes.
    Scim(ScimArgs),
}

/// Flags of `writers`.
#[derive(Debug, Clone, clap::Args)]
pub struct WritersArgs {
    /// Concurrent writers, each signed in on its own.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub writers: u32,
    /// Change sets each writer saves in the measured phase.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub sets: u32,
    /// Unmeasured change sets per writer before the measured phase (0 for none).
    #[arg(long, default_value_t = 5)]
    pub warmup_sets: u32,
    /// The group every writer toggles its own user in.
    #[arg(long, default_value = "grp-management")]
    pub group: String,
    /// Writer i's user is `<participant>.<prefix><i>` (created when missing), so no two
    /// writers ever touch the same membership.
    #[arg(long, default_value = "LoadWriter")]
    pub user_prefix: String,
}

/// Flags of `big-set`.
#[derive(Debug, Clone, clap::Args)]
pub struct BigSetArgs {
    /// Grant creations in the set (one per group × resource pair).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub changes: u32,
    /// Times to repeat dry run, apply and delete (the report gives each and the median).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub rounds: u32,
    /// The groups are named `<prefix> 1`, `<prefix> 2`, … (created when missing).
    #[arg(long, default_value = "Bulk")]
    pub group_prefix: String,
    /// Data environment every created grant applies in.
    #[arg(long, default_value = "staging")]
    pub data_environment: String,
}

/// Flags of `scim`.
#[derive(Debug, Clone, clap::Args)]
pub struct ScimArgs {
    /// Users to provision: `u1@loadgen.example`, `u2@loadgen.example`, …
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub users: u32,
    /// Groups to provision: `Load Group 1`, …; group g gets the users whose index ≡ g mod this.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    pub groups: u32,
    /// Most members one PATCH adds to a group.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub members_per_patch: u32,
    /// SCIM requests in flight at most (this one, after `scim`; the mix's is ignored).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: u32,
}

impl Args {
    /// The participant of the signed-in user, e.g. `12345` of `12345.AdeVries`.
    pub fn participant(&self) -> &str {
        self.code.split_once('.').map_or("", |(p, _)| p)
    }

    /// The measured duration.
    pub fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.duration)
    }

    /// The warm-up duration, if any.
    pub fn warmup(&self) -> Option<Duration> {
        (self.warmup > 0.0).then(|| Duration::from_secs_f64(self.warmup))
    }

    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.timeout)
    }
}

/// Accepts a finite number above zero.
fn positive(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(format!("`{text}` must be above zero"))
    }
}
