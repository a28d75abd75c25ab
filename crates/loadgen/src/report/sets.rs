//! The change-set reports: the writers' throughput, latency and statuses, and the big set's
//! timings, as text and as Markdown rows for BENCHMARKS.md.

use std::fmt::Write as _;
use std::time::Duration;

use super::{ms, statuses};
use crate::big_set::{self, Round};
use crate::stats::{Class, KindStats};
use crate::writers;

/// The columns of [`writers_row`].
pub const WRITERS_HEADER: &str = "| run | writers | sets | sets/s | p50 ms | p90 ms | p99 ms \
| max ms | statuses |\n|---|---:|---:|---:|---:|---:|---:|---:|---|";

/// The columns of [`big_set_row`]: the median of the rounds, then the fastest–slowest.
pub const BIG_SET_HEADER: &str =
    "| run | changes | rounds | dry run ms | apply ms | delete ms |\n|---|---:|---:|---:|---:|---:|";

/// The writers' human-readable report.
pub fn writers_text(label: &str, outcome: &writers::Outcome) -> anyhow::Result<String> {
    let stats = &outcome.stats;
    let mut out = String::new();
    writeln!(
        out,
        "{label}: {} writers × {} change sets each, closed loop ({} unmeasured warm-up sets each first)",
        outcome.writers, outcome.sets_per_writer, outcome.warmup_sets
    )?;
    writeln!(
        out,
        "{} of {} sets acknowledged (200) in {:.2} s = {:.1} sets/s",
        acknowledged(stats),
        stats.total(),
        outcome.elapsed.as_secs_f64(),
        per_second(acknowledged(stats), outcome.elapsed)
    )?;
    let h = &stats.latency;
    writeln!(
        out,
        "latency, send to last byte: p50 {} ms, p90 {} ms, p99 {} ms, max {} ms",
        ms(h.value_at_quantile(0.5)),
        ms(h.value_at_quantile(0.9)),
        ms(h.value_at_quantile(0.99)),
        ms(h.max())
    )?;
    writeln!(
        out,
        "statuses: {} ({} × 503, {} × other 5xx)",
        statuses(stats),
        stats.count(Class::Unavailable),
        stats.count(Class::Server)
    )?;
    for sample in &outcome.samples {
        writeln!(out, "not acknowledged: {sample}")?;
    }
    Ok(out)
}

/// One Markdown row in the columns of [`WRITERS_HEADER`].
pub fn writers_row(label: &str, outcome: &writers::Outcome) -> String {
    let stats = &outcome.stats;
    let h = &stats.latency;
    format!(
        "| {label} | {} | {} | {:.0} | {} | {} | {} | {} | {} |",
        outcome.writers,
        stats.total(),
        per_second(acknowledged(stats), outcome.elapsed),
        ms(h.value_at_quantile(0.5)),
        ms(h.value_at_quantile(0.9)),
        ms(h.value_at_quantile(0.99)),
        ms(h.max()),
        statuses(stats)
    )
}

/// The big set's human-readable report.
pub fn big_set_text(label: &str, outcome: &big_set::Outcome) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "{label}: one change set of {} grant creations ({} groups × {} resources); \
{} groups created first, one request each, in {:.2} s",
        outcome.changes,
        outcome.groups,
        outcome.resources,
        outcome.created_groups,
        outcome.setup.as_secs_f64()
    )?;
    writeln!(
        out,
        "{:<8}{:>12}{:>12}{:>12}   (ms, send to last byte)",
        "round", "dry run", "apply", "delete"
    )?;
    for (n, round) in outcome.rounds.iter().enumerate() {
        writeln!(
            out,
            "{:<8}{:>12}{:>12}{:>12}",
            n + 1,
            millis(round.dry_run),
            millis(round.apply),
            millis(round.delete)
        )?;
    }
    let median = |pick: fn(&Round) -> Duration| millis(median(&outcome.rounds, pick));
    writeln!(
        out,
        "{:<8}{:>12}{:>12}{:>12}",
        "median",
        median(|r| r.dry_run),
        median(|r| r.apply),
        median(|r| r.delete)
    )?;
    writeln!(
        out,
        "the apply's reply: {} bytes",
        outcome.apply_reply_bytes
    )?;
    Ok(out)
}

/// One Markdown row in the columns of [`BIG_SET_HEADER`].
pub fn big_set_row(label: &str, outcome: &big_set::Outcome) -> String {
    let cell = |pick: fn(&Round) -> Duration| {
        let times: Vec<Duration> = outcome.rounds.iter().map(pick).collect();
        let fastest = times.iter().min().copied().unwrap_or_default();
        let slowest = times.iter().max().copied().unwrap_or_default();
        format!(
            "{} ({}–{})",
            millis(median(&outcome.rounds, pick)),
            millis(fastest),
            millis(slowest)
        )
    };
    format!(
        "| {label} | {} | {} | {} | {} | {} |",
        outcome.changes,
        outcome.rounds.len(),
        cell(|r| r.dry_run),
        cell(|r| r.apply),
        cell(|r| r.delete)
    )
}

fn acknowledged(stats: &KindStats) -> u64 {
    stats.statuses.get(&200).copied().unwrap_or(0)
}

fn per_second(count: u64, elapsed: Duration) -> f64 {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

/// The middle value of `pick` over `rounds` (the lower middle of an even count).
fn median(rounds: &[Round], pick: fn(&Round) -> Duration) -> Duration {
    let mut times: Vec<Duration> = rounds.iter().map(pick).collect();
    times.sort();
    times
        .get(times.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or_default()
}

fn millis(duration: Duration) -> String {
    ms(u64::try_from(duration.as_micros()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(dry_run: u64, apply: u64, delete: u64) -> Round {
        Round {
            dry_run: Duration::from_millis(dry_run),
            apply: Duration::from_millis(apply),
            delete: Duration::from_millis(delete),
        }
    }

    #[test]
    fn the_median_round_is_the_middle_one_whatever_the_order() {
        let rounds = [round(30, 90, 40), round(10, 70, 60), round(20, 80, 50)];
        assert_eq!(median(&rounds, |r| r.dry_run), Duration::from_millis(20));
        assert_eq!(median(&rounds, |r| r.delete), Duration::from_millis(50));
        assert_eq!(median(&[], |r| r.apply), Duration::ZERO);
    }

    #[test]
    fn every_row_has_as_many_cells_as_its_header() {
        let big = big_set::Outcome {
            changes: 1000,
            groups: 167,
            resources: 6,
            created_groups: 167,
            setup: Duration::from_secs(1),
            apply_reply_bytes: 0,
            rounds: vec![round(30, 90, 40)],
        };
        let writers = writers::Outcome {
            writers: 8,
            sets_per_writer: 100,
            warmup_sets: 5,
            stats: KindStats::new().unwrap(),
            elapsed: Duration::from_secs(1),
            samples: Vec::new(),
        };
        for (row, header) in [
            (big_set_row("sqlite", &big), BIG_SET_HEADER),
            (writers_row("sqlite", &writers), WRITERS_HEADER),
        ] {
            for line in header.lines() {
                assert_eq!(row.matches('|').count(), line.matches('|').count());
            }
        }
    }
}
