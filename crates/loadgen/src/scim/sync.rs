//! The sync itself: the users with `--concurrency` requests in flight (each worker takes the
//! next user: lookup, then create), then the groups the same way (lookup, create, member
//! PATCHes in order).

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use anyhow::Context;
use tokio::time::Instant;

use super::client::{issue_token, Scim, Tally};
use super::growth::UserTiming;
use super::{wire, Kind, Outcome};
use crate::cli::{Args, ScimArgs};
use crate::session::Session;

/// Issues a token, then runs the users phase and the groups phase.
pub async fn run(args: &Args, opts: &ScimArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(args, 1).await?;
    let secret = issue_token(&session).await?;
    let scim = Arc::new(Scim::new(args, &secret, opts.concurrency as usize)?);
    let started = Instant::now();
    let next = Arc::new(AtomicU32::new(1));
    let users = opts.users;
    let done = pool(opts.concurrency, || {
        provision_users(Arc::clone(&scim), Arc::clone(&next), users)
    })
    .await?;
    let users_phase = started.elapsed();
    let mut tally = Tally::new()?;
    let mut ids = vec![None; users as usize];
    for (worker, created) in done {
        tally.add(worker)?;
        for (i, id) in created {
            ids[(i - 1) as usize] = Some(id);
        }
    }
    let ids = Arc::new(ids);
    let groups_started = Instant::now();
    let next = Arc::new(AtomicU32::new(1));
    let done = pool(opts.concurrency, || {
        provision_groups(
            Arc::clone(&scim),
            Arc::clone(&next),
            Arc::clone(&ids),
            opts.clone(),
        )
    })
    .await?;
    let groups_phase = groups_started.elapsed();
    let total = started.elapsed();
    for worker in done {
        tally.add(worker)?;
    }
    Ok(Outcome {
        users,
        groups: opts.groups,
        members_per_patch: opts.members_per_patch,
        concurrency: opts.concurrency,
        kinds: tally.kinds,
        user_timings: tally.users,
        users_phase,
        groups_phase,
        total,
        failed: tally.failed,
        samples: tally.samples,
    })
}

/// Starts `concurrency` workers made by `worker` and waits for them all.
async fn pool<T, F, Fut>(concurrency: u32, worker: F) -> anyhow::Result<Vec<T>>
where
    F: Fn() -> Fut,
    Fut: Future<Output = anyhow::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    let tasks: Vec<_> = (0..concurrency).map(|_| tokio::spawn(worker())).collect();
    let mut done = Vec::with_capacity(tasks.len());
    for task in tasks {
        done.push(task.await.context("a worker stopped")??);
    }
    Ok(done)
}

/// Takes users off `next` until all `users` are taken: looks each up, creates it when the
/// lookup found none; returns the ids created, by index.
async fn provision_users(
    scim: Arc<Scim>,
    next: Arc<AtomicU32>,
    users: u32,
) -> anyhow::Result<(Tally, Vec<(u32, String)>)> {
    let mut tally = Tally::new()?;
    let mut created = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i > users {
            break;
        }
        let lookup = scim.get(&format!(
            "/Users?{}",
            wire::filter_query("userName", &wire::user_name(i))
        ));
        let sent = Instant::now();
        let absent = scim.absent(&mut tally, Kind::UserLookup, lookup).await;
        let mut timing = UserTiming {
            index: i,
            lookup: sent.elapsed(),
            create: None,
        };
        if !absent {
            tally.users.push(timing);
            continue;
        }
        let create = scim.post("/Users", &wire::user_body(i));
        let sent = Instant::now();
        let user = scim.call(&mut tally, Kind::UserCreate, create).await;
        timing.create = Some(sent.elapsed());
        tally.users.push(timing);
        if let Some(user) = user {
            match user["id"].as_str() {
                Some(id) => created.push((i, id.to_owned())),
                None => tally.fail(format!("user create {i}: the reply has no id: {user}")),
            }
        }
    }
    Ok((tally, created))
}

/// Takes groups off `next` until all are taken: looks each up, creates it when the lookup
/// found none and adds its members in PATCHes of `members_per_patch`.
async fn provision_groups(
    scim: Arc<Scim>,
    next: Arc<AtomicU32>,
    ids: Arc<Vec<Option<String>>>,
    opts: ScimArgs,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::new()?;
    loop {
        let g = next.fetch_add(1, Ordering::Relaxed);
        if g > opts.groups {
            break;
        }
        let lookup = scim.get(&format!(
            "/Groups?{}",
            wire::filter_query("displayName", &wire::group_name(g))
        ));
        if !scim.absent(&mut tally, Kind::GroupLookup, lookup).await {
            continue;
        }
        let create = scim.post("/Groups", &wire::group_body(g));
        let Some(group) = scim.call(&mut tally, Kind::GroupCreate, create).await else {
            continue;
        };
        let Some(id) = group["id"].as_str() else {
            tally.fail(format!("group create {g}: the reply has no id: {group}"));
            continue;
        };
        // Users whose creation failed are left out; their failure is counted already.
        let members: Vec<String> = wire::members_of(g, opts.users, opts.groups)
            .filter_map(|i| ids.get((i - 1) as usize).cloned().flatten())
            .collect();
        let path = format!("/Groups/{id}");
        let mut last = None;
        for patch in wire::member_patches(&members, opts.members_per_patch as usize) {
            let request = scim.patch(&path, &patch);
            last = scim.call(&mut tally, Kind::MemberPatch, request).await;
        }
        let listed = last.map_or(0, |g| g["members"].as_array().map_or(0, Vec::len));
        if !members.is_empty() && listed != members.len() {
            tally.fail(format!(
                "group {g}: {} members sent, the last PATCH answered {listed}",
                members.len()
            ));
        }
    }
    Ok(tally)
}
