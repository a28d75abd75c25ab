//! The mix's report: the recorded [`Stats`] as text and as a Markdown row for BENCHMARKS.md.

use std::fmt::Write as _;

use hdrhistogram::Histogram;

use super::ms;
use crate::mix::Kind;
use crate::stats::{Class, KindStats, Stats};

/// The columns of [`markdown_row`], for a new table.
pub const MARKDOWN_HEADER: &str =
    "| run | target/s | achieved/s | p50 ms | p90 ms | p99 ms | max ms \
| p99 from send | p99 list | p99 access | p99 write | 2xx | 412 | 429 | 503 | other 4xx | 5xx \
| conn err | late p99 ms | not sent |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:\
|---:|---:|---:|---:|---:|---:|---:|---:|";

/// Column order of the status classes in every table.
const CLASSES: [Class; Class::COUNT] = [
    Class::Success,
    Class::Stale,
    Class::TooMany,
    Class::Unavailable,
    Class::OtherClient,
    Class::Server,
    Class::Connection,
];

/// What was asked of the run, for the report's first line.
pub struct Setup<'a> {
    /// The run's name.
    pub label: &'a str,
    /// Target requests per second.
    pub rate: f64,
    /// Requests in flight at most.
    pub concurrency: u32,
}

/// The human-readable report.
pub fn text(setup: &Setup<'_>, stats: &Stats) -> anyhow::Result<String> {
    let all = stats.overall()?;
    let replies = all.total() - all.count(Class::Connection);
    let seconds = stats.elapsed.as_secs_f64();
    let mut out = String::new();
    writeln!(
        out,
        "{}: target {} req/s, {} in flight at most",
        setup.label, setup.rate, setup.concurrency
    )?;
    writeln!(
        out,
        "scheduled {}, sent {}, not sent {}; {} replies in {:.2} s = {:.1} req/s achieved",
        stats.scheduled,
        stats.scheduled - stats.not_sent,
        stats.not_sent,
        replies,
        seconds,
        achieved(stats, &all)
    )?;
    let late = &stats.lateness;
    writeln!(
        out,
        "generator lateness (actual - scheduled send): p50 {} ms, p99 {} ms, max {} ms{}",
        ms(late.value_at_quantile(0.5)),
        ms(late.value_at_quantile(0.99)),
        ms(late.max()),
        if late.value_at_quantile(0.99) > 5_000 || stats.not_sent > 0 {
            "  <- did not keep up: latencies include the wait"
        } else {
            "  (kept up)"
        }
    )?;
    writeln!(
        out,
        "\nlatency from scheduled send to last byte, ms (server-only time in brackets: from actual send)"
    )?;
    writeln!(
        out,
        "{:<13}{:>8}{:>16}{:>16}{:>16}{:>18} {:>7}{:>6}{:>6}{:>6}{:>6}{:>6}{:>6}",
        "kind",
        "count",
        "p50",
        "p90",
        "p99",
        "max",
        "2xx",
        "412",
        "429",
        "503",
        "4xx",
        "5xx",
        "conn"
    )?;
    for kind in Kind::ALL {
        kind_line(&mut out, kind.label(), &stats.kinds[kind.index()])?;
    }
    kind_line(&mut out, "all", &all)?;
    for sample in &stats.error_samples {
        writeln!(out, "connection error: {sample}")?;
    }
    Ok(out)
}

fn kind_line(out: &mut String, label: &str, stats: &KindStats) -> anyhow::Result<()> {
    let pair = |q: f64| {
        format!(
            "{} ({})",
            ms(stats.latency.value_at_quantile(q)),
            ms(stats.service.value_at_quantile(q))
        )
    };
    write!(
        out,
        "{:<13}{:>8}{:>16}{:>16}{:>16}{:>18} ",
        label,
        stats.total(),
        pair(0.5),
        pair(0.9),
        pair(0.99),
        format!("{} ({})", ms(stats.latency.max()), ms(stats.service.max())),
    )?;
    for class in CLASSES {
        let width = if class == Class::Success { 7 } else { 6 };
        write!(out, "{:>width$}", stats.count(class))?;
    }
    writeln!(out)?;
    Ok(())
}

/// One Markdown table row in the columns of [`MARKDOWN_HEADER`].
pub fn markdown_row(setup: &Setup<'_>, stats: &Stats) -> anyhow::Result<String> {
    let all = stats.overall()?;
    let p99 = |h: &Histogram<u64>| ms(h.value_at_quantile(0.99));
    let mut row = format!(
        "| {} | {} | {:.0} | {} | {} | {} | {} | {} | {} | {} | {} |",
        setup.label,
        setup.rate,
        achieved(stats, &all),
        ms(all.latency.value_at_quantile(0.5)),
        ms(all.latency.value_at_quantile(0.9)),
        p99(&all.latency),
        ms(all.latency.max()),
        p99(&all.service),
        p99(&stats.kinds[Kind::UserList.index()].latency),
        p99(&stats.kinds[Kind::UserAccess.index()].latency),
        p99(&stats.kinds[Kind::GrantUpdate.index()].latency),
    );
    for class in CLASSES {
        write!(row, " {} |", all.count(class))?;
    }
    write!(
        row,
        " {} | {} |",
        ms(stats.lateness.value_at_quantile(0.99)),
        stats.not_sent
    )?;
    Ok(row)
}

/// HTTP replies (any status) per second of wall time.
fn achieved(stats: &Stats, all: &KindStats) -> f64 {
    let replies = all.total() - all.count(Class::Connection);
    let seconds = stats.elapsed.as_secs_f64();
    if seconds > 0.0 {
        replies as f64 / seconds
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_has_as_many_cells_as_the_header_and_its_rule() {
        let stats = Stats::new().unwrap();
        let setup = Setup {
            label: "sqlite",
            rate: 2000.0,
            concurrency: 256,
        };
        let row = markdown_row(&setup, &stats).unwrap();
        for line in MARKDOWN_HEADER.lines() {
            assert_eq!(row.matches('|').count(), line.matches('|').count());
        }
    }
}
