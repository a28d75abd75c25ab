//! Closed-loop change-set writers: each writer has its own session and saves its change sets
//! back to back, the next as soon as the last one answered. Writer i only ever toggles its own
//! user's membership of one group, so the writers never conflict logically; they contend only
//! for the database's write turn, which is what this measures.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use reqwest::StatusCode;
use tokio::time::Instant;

use crate::changes::{self, excerpt};
use crate::cli::{Args, WritersArgs};
use crate::session::Session;
use crate::stats::{error_text, remember, KindStats};

/// What the measured phase recorded.
pub struct Outcome {
    /// Concurrent writers.
    pub writers: u32,
    /// Change sets each writer sent.
    pub sets_per_writer: u32,
    /// Unmeasured sets each writer sent first.
    pub warmup_sets: u32,
    /// Latency (send to last byte) and status of every set.
    pub stats: KindStats,
    /// From the start of the measured phase to the last writer's last reply.
    pub elapsed: Duration,
    /// The first few distinct refusals and connection errors, for diagnosis.
    pub samples: Vec<String>,
}

/// One writer: its session, its user and whether that user is in the group now.
struct Writer {
    session: Session,
    user: String,
    member: bool,
}

/// What one phase of every writer recorded, and the writers to run the next phase with.
struct Phase {
    writers: Vec<Writer>,
    stats: KindStats,
    samples: Vec<String>,
    elapsed: Duration,
}

/// Sets up the writers (their users, created when missing, and their sessions), runs the
/// warm-up sets, then the measured ones.
pub async fn run(args: &Args, opts: &WritersArgs) -> anyhow::Result<Outcome> {
    let admin = Session::open(args, 1).await?;
    let members = changes::members(&admin, &opts.group)
        .await
        .with_context(|| format!("cannot read the group `{}`", opts.group))?;
    let mut writers = Vec::with_capacity(opts.writers as usize);
    for i in 1..=opts.writers {
        let code = format!("{}.{}{i:02}", args.participant(), opts.user_prefix);
        let user = changes::ensure_user(&admin, &code, &format!("Load Writer {i:02}"))
            .await
            .with_context(|| format!("cannot find or add the user `{code}`"))?;
        let session = Session::open(args, 1).await?;
        writers.push(Writer {
            member: members.contains(&user),
            session,
            user,
        });
    }
    let group: Arc<str> = Arc::from(opts.group.as_str());
    if opts.warmup_sets > 0 {
        writers = phase(writers, &group, opts.warmup_sets).await?.writers;
    }
    let measured = phase(writers, &group, opts.sets).await?;
    Ok(Outcome {
        writers: opts.writers,
        sets_per_writer: opts.sets,
        warmup_sets: opts.warmup_sets,
        stats: measured.stats,
        elapsed: measured.elapsed,
        samples: measured.samples,
    })
}

/// Every writer saves `sets` change sets at once; waits for the last.
async fn phase(writers: Vec<Writer>, group: &Arc<str>, sets: u32) -> anyhow::Result<Phase> {
    let start = Instant::now();
    let tasks: Vec<_> = writers
        .into_iter()
        .map(|writer| tokio::spawn(writer.save(Arc::clone(group), sets)))
        .collect();
    let mut done = Phase {
        writers: Vec::with_capacity(tasks.len()),
        stats: KindStats::new()?,
        samples: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for task in tasks {
        let (writer, stats, samples) = task.await.context("a writer stopped")??;
        done.stats.add(&stats)?;
        for sample in samples {
            remember(&mut done.samples, sample);
        }
        done.writers.push(writer);
    }
    done.elapsed = start.elapsed();
    Ok(done)
}

impl Writer {
    /// Saves `sets` change sets back to back, each adding the writer's user to `group` or
    /// taking it out again; a refused set changes nothing, so the next one repeats it.
    async fn save(
        mut self,
        group: Arc<str>,
        sets: u32,
    ) -> anyhow::Result<(Self, KindStats, Vec<String>)> {
        let mut stats = KindStats::new()?;
        let mut samples = Vec::new();
        let add = changes::set(false, &[changes::membership(&group, &self.user, true)]);
        let remove = changes::set(false, &[changes::membership(&group, &self.user, false)]);
        for _ in 0..sets {
            let body = if self.member { &remove } else { &add }.clone();
            let sent = Instant::now();
            let reply = changes::post_set(&self.session.client, &self.session.env_url, body).await;
            let took = sent.elapsed();
            match reply {
                Ok((status, body)) => {
                    stats.record_reply(status, took, took);
                    if status == StatusCode::OK {
                        self.member = !self.member;
                    } else {
                        remember(&mut samples, format!("{status}: {}", excerpt(&body)));
                    }
                }
                Err(error) => {
                    stats.record_error();
                    remember(&mut samples, error_text(&error));
                }
            }
        }
        Ok((self, stats, samples))
    }
}
