//! The sync's report: a table a person reads (per request kind: count, p50, p90, p99, max)
//! with the phases' wall times, and the same as Markdown rows for BENCHMARKS.md.

use std::fmt::Write as _;
use std::time::Duration;

use super::{growth, Kind, Outcome};
use crate::report::{ms, statuses};
use crate::stats::KindStats;

/// The columns of [`rows`]: per s is the count over the wall time of the phase it ran in
/// (users/s for the user rows; requests/s over the whole sync for its row).
pub const HEADER: &str = "| run | request | count | phase s | per s | p50 ms | p90 ms | p99 ms \
| max ms | statuses |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|";

/// The human-readable report.
pub fn text(label: &str, outcome: &Outcome) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "{label}: Entra ID first sync of {} users and {} groups ({} members per PATCH at most), \
{} requests in flight",
        outcome.users, outcome.groups, outcome.members_per_patch, outcome.concurrency
    )?;
    writeln!(
        out,
        "users phase {:.1} s ({:.1} users/s), groups phase {:.1} s, whole sync {:.1} s; {} failed",
        outcome.users_phase.as_secs_f64(),
        per_second(created_users(outcome), outcome.users_phase),
        outcome.groups_phase.as_secs_f64(),
        outcome.total.as_secs_f64(),
        outcome.failed
    )?;
    writeln!(
        out,
        "{:<14}{:>7}{:>9}{:>9}{:>9}{:>9}   statuses (ms, send to last byte)",
        "request", "count", "p50", "p90", "p99", "max"
    )?;
    for (kind, stats) in lines(outcome)? {
        let h = &stats.latency;
        writeln!(
            out,
            "{:<14}{:>7}{:>9}{:>9}{:>9}{:>9}   {}",
            name(kind),
            stats.total(),
            ms(h.value_at_quantile(0.5)),
            ms(h.value_at_quantile(0.9)),
            ms(h.value_at_quantile(0.99)),
            ms(h.max()),
            statuses(&stats)
        )?;
    }
    out.push_str(&growth::text(&growth::tenths(
        &outcome.user_timings,
        outcome.users,
    ))?);
    for sample in &outcome.samples {
        writeln!(out, "failed: {sample}")?;
    }
    Ok(out)
}

/// One Markdown row per request kind and one for the whole sync, in the columns of [`HEADER`].
pub fn rows(label: &str, outcome: &Outcome) -> anyhow::Result<String> {
    let mut rows = Vec::new();
    for (kind, stats) in lines(outcome)? {
        let phase = match kind {
            Some(kind) if kind.in_users_phase() => outcome.users_phase,
            Some(_) => outcome.groups_phase,
            None => outcome.total,
        };
        let h = &stats.latency;
        rows.push(format!(
            "| {label} | {} | {} | {:.1} | {:.1} | {} | {} | {} | {} | {} |",
            name(kind),
            stats.total(),
            phase.as_secs_f64(),
            per_second(stats.total(), phase),
            ms(h.value_at_quantile(0.5)),
            ms(h.value_at_quantile(0.9)),
            ms(h.value_at_quantile(0.99)),
            ms(h.max()),
            statuses(&stats)
        ));
    }
    Ok(rows.join("\n"))
}

/// Each kind, then every request of the sync together (`None`).
fn lines(outcome: &Outcome) -> anyhow::Result<Vec<(Option<Kind>, KindStats)>> {
    let mut all = KindStats::new()?;
    let mut lines = Vec::with_capacity(Kind::ALL.len() + 1);
    for kind in Kind::ALL {
        let stats = &outcome.kinds[kind.index()];
        all.add(stats)?;
        lines.push((Some(kind), stats.clone()));
    }
    lines.push((None, all));
    Ok(lines)
}

fn name(kind: Option<Kind>) -> &'static str {
    kind.map_or("whole sync", Kind::name)
}

fn created_users(outcome: &Outcome) -> u64 {
    let creates = &outcome.kinds[Kind::UserCreate.index()];
    creates.statuses.get(&201).copied().unwrap_or(0)
}

fn per_second(count: u64, elapsed: Duration) -> f64 {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;

    use super::*;

    fn outcome() -> Outcome {
        let mut kinds = [(); 5].map(|()| KindStats::new().unwrap());
        let ms = Duration::from_millis;
        kinds[Kind::UserLookup.index()].record_reply(StatusCode::OK, ms(2), ms(2));
        kinds[Kind::UserCreate.index()].record_reply(StatusCode::CREATED, ms(8), ms(8));
        kinds[Kind::UserCreate.index()].record_reply(StatusCode::CREATED, ms(12), ms(12));
        kinds[Kind::MemberPatch.index()].record_reply(StatusCode::CONFLICT, ms(30), ms(30));
        Outcome {
            users: 2,
            groups: 1,
            members_per_patch: 100,
            concurrency: 4,
            kinds,
            users_phase: Duration::from_secs(2),
            groups_phase: Duration::from_secs(1),
            total: Duration::from_secs(3),
            user_timings: Vec::new(),
            failed: 1,
            samples: vec!["member patch 409 Conflict: {}".to_owned()],
        }
    }

    #[test]
    fn every_row_has_as_many_cells_as_the_header() {
        let rows = rows("sqlite", &outcome()).unwrap();
        assert_eq!(rows.lines().count(), Kind::ALL.len() + 1);
        for row in rows.lines() {
            for line in HEADER.lines() {
                assert_eq!(row.matches('|').count(), line.matches('|').count(), "{row}");
            }
        }
    }

    #[test]
    fn user_rows_count_per_second_over_the_users_phase_and_the_sync_over_all_of_it() {
        let rows = rows("sqlite", &outcome()).unwrap();
        assert!(
            rows.contains("| sqlite | user create | 2 | 2.0 | 1.0 |"),
            "{rows}"
        );
        assert!(
            rows.contains("| sqlite | whole sync | 4 | 3.0 | 1.3 |"),
            "{rows}"
        );
        assert!(rows.contains("1 × 409"), "{rows}");
    }

    #[test]
    fn the_text_names_the_failures_it_counted() {
        let text = text("postgres", &outcome()).unwrap();
        assert!(text.contains("1.0 users/s"), "{text}");
        assert!(text.contains("1 failed"), "{text}");
        assert!(text.contains("failed: member patch 409"), "{text}");
    }
}
