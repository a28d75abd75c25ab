//! Reports: the text a person reads and the Markdown rows for BENCHMARKS.md, for the open-loop
//! mix ([`mix`]) and for change sets ([`sets`]), with the formatting they share.

pub mod mix;
pub mod sets;

use std::io::Write as _;
use std::path::Path;

use anyhow::Context;

use crate::stats::{Class, KindStats};

/// Appends `row` to the Markdown file at `path`, writing `header` first when it is new.
pub fn append_markdown(path: &Path, header: &str, row: &str) -> anyhow::Result<()> {
    let is_new = std::fs::metadata(path).map_or(true, |m| m.len() == 0);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open `{}`", path.display()))?;
    if is_new {
        writeln!(file, "{header}")?;
    }
    writeln!(file, "{row}").with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// Every reply counted by its exact status, then connection errors: `798 × 200, 2 × 503`.
pub(crate) fn statuses(stats: &KindStats) -> String {
    let mut parts: Vec<String> = stats
        .statuses
        .iter()
        .map(|(status, count)| format!("{count} × {status}"))
        .collect();
    let errors = stats.count(Class::Connection);
    if errors > 0 {
        parts.push(format!("{errors} × no reply"));
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Microseconds as milliseconds, with fewer decimals as the number grows.
pub(crate) fn ms(micros: u64) -> String {
    let value = micros as f64 / 1000.0;
    if value < 10.0 {
        format!("{value:.2}")
    } else if value < 100.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use reqwest::StatusCode;

    use super::*;

    #[test]
    fn milliseconds_lose_decimals_as_they_grow() {
        assert_eq!(ms(1_234), "1.23");
        assert_eq!(ms(12_345), "12.3");
        assert_eq!(ms(123_456), "123");
    }

    #[test]
    fn statuses_count_each_status_and_the_replies_that_never_came() {
        let mut stats = KindStats::new().unwrap();
        let ms = Duration::from_millis(1);
        stats.record_reply(StatusCode::OK, ms, ms);
        stats.record_reply(StatusCode::OK, ms, ms);
        stats.record_reply(StatusCode::SERVICE_UNAVAILABLE, ms, ms);
        stats.record_error();
        assert_eq!(statuses(&stats), "2 × 200, 1 × 503, 1 × no reply");
        assert_eq!(statuses(&KindStats::new().unwrap()), "none");
    }
}
