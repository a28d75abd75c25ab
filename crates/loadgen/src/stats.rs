//! What a run records: latency histograms per request kind, replies counted by status
//! class (and by exact status), and how late the generator sent each request compared with
//! its schedule.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::Context;
use hdrhistogram::Histogram;
use reqwest::StatusCode;

use crate::mix::Kind;

/// Highest latency a histogram holds, in microseconds (larger values are clamped).
const MAX_MICROS: u64 = 600_000_000;

/// How a request ended, in the classes the target talks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// 2xx.
    Success,
    /// 412: a stale `If-Match`, expected when writes overlap.
    Stale,
    /// 429: the server shed load (or throttled).
    TooMany,
    /// 503: the server shed load.
    Unavailable,
    /// Any other 1xx, 3xx or 4xx.
    OtherClient,
    /// 5xx other than 503: a failure, which the target forbids.
    Server,
    /// No HTTP reply: refused, reset or timed out.
    Connection,
}

impl Class {
    /// Number of classes.
    pub const COUNT: usize = 7;

    /// The class of an HTTP status.
    pub fn of(status: StatusCode) -> Class {
        match status.as_u16() {
            200..=299 => Class::Success,
            412 => Class::Stale,
            429 => Class::TooMany,
            503 => Class::Unavailable,
            500..=599 => Class::Server,
            _ => Class::OtherClient,
        }
    }

    /// Position in a counts array.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Counts and latencies of one request kind (or of all of them).
#[derive(Clone)]
pub struct KindStats {
    /// Intended send time to end of body: includes any wait for the schedule or a free slot,
    /// so coordinated omission does not hide queueing.
    pub latency: Histogram<u64>,
    /// Actual send to end of body: what the server and network alone took.
    pub service: Histogram<u64>,
    /// Replies (and connection errors) per [`Class`].
    pub classes: [u64; Class::COUNT],
    /// Replies per exact HTTP status.
    pub statuses: BTreeMap<u16, u64>,
}

impl KindStats {
    /// Nothing recorded yet.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            latency: histogram()?,
            service: histogram()?,
            classes: [0; Class::COUNT],
            statuses: BTreeMap::new(),
        })
    }

    /// Records an HTTP reply `latency` after its intended send and `service` after the
    /// actual one (the same in a closed loop, where nothing waits for a schedule).
    pub fn record_reply(&mut self, status: StatusCode, latency: Duration, service: Duration) {
        self.latency.saturating_record(micros(latency));
        self.service.saturating_record(micros(service));
        self.classes[Class::of(status).index()] += 1;
        *self.statuses.entry(status.as_u16()).or_default() += 1;
    }

    /// Records a request that got no HTTP reply.
    pub fn record_error(&mut self) {
        self.classes[Class::Connection.index()] += 1;
    }

    /// Requests recorded, whatever their outcome.
    pub fn total(&self) -> u64 {
        self.classes.iter().sum()
    }

    /// Replies of one class.
    pub fn count(&self, class: Class) -> u64 {
        self.classes[class.index()]
    }

    /// Adds `other`'s counts and latencies to these.
    pub fn add(&mut self, other: &KindStats) -> anyhow::Result<()> {
        self.latency
            .add(&other.latency)
            .context("merging latencies")?;
        self.service
            .add(&other.service)
            .context("merging latencies")?;
        for (mine, theirs) in self.classes.iter_mut().zip(other.classes) {
            *mine += theirs;
        }
        for (status, count) in &other.statuses {
            *self.statuses.entry(*status).or_default() += count;
        }
        Ok(())
    }
}

/// Everything recorded during one measured phase.
pub struct Stats {
    /// Per [`Kind`], in [`Kind::ALL`] order.
    pub kinds: [KindStats; 3],
    /// Actual minus intended send time of every sent request.
    pub lateness: Histogram<u64>,
    /// Requests due in the window that were never sent (no free slot before it closed).
    pub not_sent: u64,
    /// Scheduled requests in the window.
    pub scheduled: u64,
    /// From the first intended send to the last reply.
    pub elapsed: Duration,
    /// The first few distinct connection errors, for diagnosis.
    pub error_samples: Vec<String>,
}

impl Stats {
    /// Empty statistics.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            kinds: [KindStats::new()?, KindStats::new()?, KindStats::new()?],
            lateness: histogram()?,
            not_sent: 0,
            scheduled: 0,
            elapsed: Duration::ZERO,
            error_samples: Vec::new(),
        })
    }

    /// Records a request that was sent `late` after its slot.
    pub fn record_sent(&mut self, late: Duration) {
        self.lateness.saturating_record(micros(late));
    }

    /// Records an HTTP reply.
    pub fn record_reply(
        &mut self,
        kind: Kind,
        status: StatusCode,
        latency: Duration,
        service: Duration,
    ) {
        self.kinds[kind.index()].record_reply(status, latency, service);
    }

    /// Records a request that got no HTTP reply.
    pub fn record_error(&mut self, kind: Kind, error: &reqwest::Error) {
        self.kinds[kind.index()].record_error();
        remember(&mut self.error_samples, error_text(error));
    }

    /// All kinds together.
    pub fn overall(&self) -> anyhow::Result<KindStats> {
        let mut all = KindStats::new()?;
        for kind in &self.kinds {
            all.add(kind)?;
        }
        Ok(all)
    }
}

/// Keeps `text` among the first few distinct samples of what went wrong.
pub fn remember(samples: &mut Vec<String>, text: String) {
    if samples.len() < 5 && !samples.contains(&text) {
        samples.push(text);
    }
}

/// An error with its causes, since reqwest's top line rarely says what happened.
pub fn error_text(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn histogram() -> anyhow::Result<Histogram<u64>> {
    Histogram::new_with_bounds(1, MAX_MICROS, 3).context("cannot create a latency histogram")
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros())
        .unwrap_or(u64::MAX)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_unavailable_is_counted_apart_from_other_server_errors() {
        assert_eq!(
            Class::of(StatusCode::SERVICE_UNAVAILABLE),
            Class::Unavailable
        );
        assert_eq!(Class::of(StatusCode::BAD_GATEWAY), Class::Server);
        assert_eq!(Class::of(StatusCode::PRECONDITION_FAILED), Class::Stale);
        assert_eq!(Class::of(StatusCode::NOT_FOUND), Class::OtherClient);
    }

    #[test]
    fn overall_adds_every_kind() {
        let mut stats = Stats::new().unwrap();
        stats.record_reply(
            Kind::UserList,
            StatusCode::OK,
            Duration::from_millis(2),
            Duration::from_millis(1),
        );
        stats.record_reply(
            Kind::GrantUpdate,
            StatusCode::PRECONDITION_FAILED,
            Duration::from_millis(4),
            Duration::from_millis(3),
        );
        let all = stats.overall().unwrap();
        assert_eq!(all.total(), 2);
        assert_eq!(all.count(Class::Stale), 1);
        assert_eq!(all.latency.len(), 2);
        assert_eq!(all.statuses.get(&412), Some(&1));
    }

    #[test]
    fn exact_statuses_are_kept_beside_their_class() {
        let mut stats = KindStats::new().unwrap();
        let ms = Duration::from_millis(1);
        stats.record_reply(StatusCode::CONFLICT, ms, ms);
        stats.record_reply(StatusCode::UNPROCESSABLE_ENTITY, ms, ms);
        stats.record_error();
        assert_eq!(stats.count(Class::OtherClient), 2);
        assert_eq!(stats.count(Class::Connection), 1);
        assert_eq!(stats.statuses.len(), 2);
        assert_eq!(stats.total(), 3);
    }
}
