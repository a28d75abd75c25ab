//! The open-loop driver: request `n` is due at `start + n / rate`, whether or not earlier
//! replies have come back. Latency is measured from that due time, so a slow server (or a
//! generator that falls behind) shows up in the numbers instead of quietly lowering the rate.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context;
use tokio::sync::Semaphore;
use tokio::time::{sleep_until, Instant};

use crate::api::Api;
use crate::mix::Kind;
use crate::stats::Stats;

/// How hard and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// Requests started per second.
    pub rate: f64,
    /// Length of the window in which requests are started.
    pub duration: Duration,
    /// Requests in flight at most.
    pub concurrency: u32,
    /// Only this kind instead of the mix.
    pub only: Option<Kind>,
}

/// Runs the mix at `load.rate` requests per second for `load.duration`, with at most
/// `load.concurrency` requests in flight, and waits for the last reply.
///
/// When every slot is busy the next request waits for one (its wait counts as latency and
/// lateness); requests still unsent when the window closes are counted as not sent.
pub async fn run(api: Arc<Api>, load: Load) -> anyhow::Result<Stats> {
    let Load {
        rate,
        duration,
        concurrency,
        only,
    } = load;
    let stats = Arc::new(Mutex::new(Stats::new()?));
    let slots = Arc::new(Semaphore::new(concurrency as usize));
    let scheduled = (rate * duration.as_secs_f64()).floor() as u64;
    let start = Instant::now();
    let window_end = start + duration;
    let mut sent = 0;
    for n in 0..scheduled {
        let due = start + Duration::from_secs_f64(n as f64 / rate);
        if due > Instant::now() {
            sleep_until(due).await;
        }
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => tokio::select! {
                permit = slots.clone().acquire_owned() => permit.context("request slots closed")?,
                () = sleep_until(window_end) => break,
            },
        };
        sent += 1;
        let api = Arc::clone(&api);
        let stats = Arc::clone(&stats);
        tokio::spawn(async move {
            let kind = only.unwrap_or_else(|| Kind::for_slot(n));
            let sent_at = Instant::now();
            let result = api.call(kind).await;
            let done = Instant::now();
            {
                let mut stats = stats.lock().unwrap_or_else(PoisonError::into_inner);
                stats.record_sent(sent_at - due);
                match result {
                    Ok(status) => stats.record_reply(kind, status, done - due, done - sent_at),
                    Err(error) => stats.record_error(kind, &error),
                }
            }
            drop(permit);
        });
    }
    let _all_done = slots
        .acquire_many(concurrency)
        .await
        .context("request slots closed")?;
    let elapsed = start.elapsed();
    let mut stats = stats.lock().unwrap_or_else(PoisonError::into_inner);
    let mut result = std::mem::replace(&mut *stats, Stats::new()?);
    result.scheduled = scheduled;
    result.not_sent = scheduled - sent;
    result.elapsed = elapsed;
    Ok(result)
}
