//! One large change set: N grant creations, one per (group × resource) pair, on groups made
//! for it (`Bulk 1`, `Bulk 2`, …), since the demo has few resources and users. Each round
//! times the set's dry run, its apply, and one set deleting every grant the apply stored.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{bail, Context};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::time::Instant;

use crate::changes::{self, excerpt, SetResult};
use crate::cli::{Args, BigSetArgs};
use crate::session::Session;

/// The timings of one round, send to last byte.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    /// The set with `dry_run: true`.
    pub dry_run: Duration,
    /// The same set applied.
    pub apply: Duration,
    /// One set deleting every grant the apply stored.
    pub delete: Duration,
}

/// What the measurement did and how long each step took.
pub struct Outcome {
    /// Changes in the set.
    pub changes: usize,
    /// Groups the grants are for.
    pub groups: usize,
    /// Resources of the environment.
    pub resources: usize,
    /// Groups that had to be created first, and how long that took.
    pub created_groups: usize,
    /// Time to create them, one request each.
    pub setup: Duration,
    /// Size of the apply's reply, in bytes.
    pub apply_reply_bytes: usize,
    /// Each round, in order.
    pub rounds: Vec<Round>,
}

/// Makes the groups, builds the set and times `opts.rounds` rounds of it.
pub async fn run(args: &Args, opts: &BigSetArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(args, 1).await?;
    let resources = changes::resources(&session).await?;
    if resources.is_empty() {
        bail!("the environment `{}` has no resources", args.environment);
    }
    let wanted = opts.changes as usize;
    let needed = wanted.div_ceil(resources.len());
    let existing: HashMap<String, String> = changes::groups(&session)
        .await?
        .into_iter()
        .map(|(id, name)| (name, id))
        .collect();
    let started = Instant::now();
    let mut groups = Vec::with_capacity(needed);
    let mut created_groups = 0;
    for i in 1..=needed {
        let name = format!("{} {i}", opts.group_prefix);
        let id = match existing.get(&name) {
            Some(id) => id.clone(),
            None => {
                created_groups += 1;
                changes::create_group(&session, &name)
                    .await
                    .with_context(|| format!("cannot create the group `{name}`"))?
            }
        };
        groups.push(id);
    }
    let setup = started.elapsed();
    let creates: Vec<Value> = groups
        .iter()
        .flat_map(|group| {
            resources
                .iter()
                .map(|r| changes::create_group_grant(group, r, &opts.data_environment))
        })
        .take(wanted)
        .collect();
    let mut outcome = Outcome {
        changes: creates.len(),
        groups: groups.len(),
        resources: resources.len(),
        created_groups,
        setup,
        apply_reply_bytes: 0,
        rounds: Vec::with_capacity(opts.rounds as usize),
    };
    for _ in 0..opts.rounds {
        let (dry_run, _, _) =
            timed(&session, "dry run", changes::set(true, &creates), wanted).await?;
        let (apply, stored, bytes) =
            timed(&session, "apply", changes::set(false, &creates), wanted).await?;
        if stored.grants.len() != wanted {
            bail!(
                "the apply stored {} grants, not {wanted}",
                stored.grants.len()
            );
        }
        let deletes: Vec<Value> = stored.grants.iter().map(changes::delete_grant).collect();
        let (delete, _, _) =
            timed(&session, "delete", changes::set(false, &deletes), wanted).await?;
        outcome.apply_reply_bytes = bytes;
        outcome.rounds.push(Round {
            dry_run,
            apply,
            delete,
        });
    }
    Ok(outcome)
}

/// Sends one set and times it; anything but a 200 that counts `changes` is an error.
async fn timed(
    session: &Session,
    what: &str,
    set: Vec<u8>,
    changes: usize,
) -> anyhow::Result<(Duration, SetResult, usize)> {
    let sent = Instant::now();
    let (status, body) = changes::post_set(&session.client, &session.env_url, set)
        .await
        .with_context(|| format!("the {what} got no reply"))?;
    let took = sent.elapsed();
    if status != StatusCode::OK {
        bail!(
            "the {what} answered {status} after {} ms: {}",
            took.as_millis(),
            excerpt(&body)
        );
    }
    let result: SetResult = serde_json::from_slice(&body)
        .with_context(|| format!("the {what}'s reply is not the expected JSON"))?;
    if result.applied != changes {
        bail!(
            "the {what} counted {} changes, not {changes}",
            result.applied
        );
    }
    Ok((took, result, body.len()))
}
