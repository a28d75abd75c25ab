//! Admission control: at most `max_in_flight` requests are served at once and at most
//! `max_queued` more wait for a turn, each for at most `queue_timeout`. Every other request is
//! answered at once with `503 Service Unavailable`, `Retry-After` and the usual JSON error
//! body, so overload sheds load with fast refusals instead of queueing without bound (which
//! only turns into client time-outs) or failing.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError};

use crate::error::ApiError;

/// Seconds a refused client is asked to wait before trying again.
pub const RETRY_AFTER_SECONDS: u64 = 1;

/// The limits, shared by every request of one server.
#[derive(Debug)]
pub struct Admission {
    permits: Arc<Semaphore>,
    queued: AtomicUsize,
    max_queued: usize,
    queue_timeout: Duration,
}

impl Admission {
    /// At most `max_in_flight` (at least 1) requests at once, `max_queued` waiting, each
    /// waiting at most `queue_timeout`.
    pub fn new(max_in_flight: usize, max_queued: usize, queue_timeout: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(max_in_flight.max(1))),
            queued: AtomicUsize::new(0),
            max_queued,
            queue_timeout,
        }
    }

    /// A turn to be served, or `None` when the server is full.
    async fn turn(&self) -> Option<OwnedSemaphorePermit> {
        match Arc::clone(&self.permits).try_acquire_owned() {
            Ok(permit) => return Some(permit),
            Err(TryAcquireError::Closed) => return None,
            Err(TryAcquireError::NoPermits) => {}
        }
        let _place = QueuePlace::take(&self.queued, self.max_queued)?;
        // The semaphore is fair: waiting requests are served in arrival order.
        tokio::time::timeout(
            self.queue_timeout,
            Arc::clone(&self.permits).acquire_owned(),
        )
        .await
        .ok()?
        .ok()
    }
}

/// A place in the queue, given back when dropped.
struct QueuePlace<'a>(&'a AtomicUsize);

impl<'a> QueuePlace<'a> {
    fn take(queued: &'a AtomicUsize, max: usize) -> Option<Self> {
        queued
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Self(queued))
    }
}

impl Drop for QueuePlace<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The middleware: serves the request when it gets a turn, else answers 503.
pub async fn admit(
    State(admission): State<Arc<Admission>>,
    request: Request,
    next: Next,
) -> Response {
    match admission.turn().await {
        Some(_permit) => next.run(request).await,
        None => ApiError::Unavailable {
            retry_after: RETRY_AFTER_SECONDS,
        }
        .into_response(),
    }
}
