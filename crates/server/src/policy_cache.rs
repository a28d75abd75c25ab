//! The prepared policy snapshot of each environment, kept in memory between requests.
//!
//! Loading a snapshot takes a dozen queries and `prepare` compiles it, so a request reuses the
//! snapshot as long as the environment's `policy_generation` (bumped by database triggers on
//! every change to the data the snapshot is built from, migration 0005) has not moved. Each
//! request reads the generation from the database, so a change made by another server process
//! or by hand is seen by the very next request, exactly as without the cache.
//!
//! A snapshot is used only when its generation is at least the one the request read (a newer
//! one is what a fresh load would give anyway) and when no grant in it has expired since it
//! was prepared (then it is prepared again from the cached data, without queries). Writes that
//! re-check inside their transaction keep loading fresh data; afterwards they may
//! [`PolicyCache::publish`] what they loaded so the next reader need not.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use gatehouse_policy::{Policy, PreparedPolicy, Timestamp};

use crate::error::ApiError;
use crate::store::Store;

/// One environment's snapshot at one generation, prepared for decisions.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The environment's policy generation the data belongs to.
    pub generation: i64,
    /// The permission data.
    pub policy: Arc<Policy>,
    /// The same, prepared for fast decisions (at `prepared.now()`).
    pub prepared: Arc<PreparedPolicy>,
}

impl Snapshot {
    /// Validates and prepares `policy` for decisions at `now`.
    pub fn prepare(generation: i64, policy: Policy, now: Timestamp) -> Result<Self, ApiError> {
        let prepared = policy
            .prepare(now)
            .map_err(|err| ApiError::Internal(err.to_string()))?;
        Ok(Self {
            generation,
            policy: Arc::new(policy),
            prepared: Arc::new(prepared),
        })
    }

    /// Whether this snapshot may answer a request that read `generation` at `now`.
    fn serves(&self, generation: i64, now: Timestamp) -> bool {
        self.generation >= generation && self.prepared.is_current(now)
    }

    /// Whether this snapshot should replace `other` in the cache.
    fn supersedes(&self, other: &Snapshot) -> bool {
        self.generation > other.generation
            || (self.generation == other.generation && self.prepared.now() > other.prepared.now())
    }
}

/// Snapshots by environment code. Cheap to share; every method is safe to call concurrently.
#[derive(Debug, Default)]
pub struct PolicyCache {
    entries: Mutex<HashMap<String, Arc<Snapshot>>>,
    /// One loader per environment at a time: after a change, concurrent requests wait for
    /// one load instead of all loading the same data.
    loaders: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// Locks a map; a panic elsewhere cannot leave these maps inconsistent (every update is one
/// insert), so a poisoned lock is simply taken over.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl PolicyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The snapshot of `environment` for a request that read `generation` at `now`, loading
    /// (and caching) it when the cached one is older or missing.
    pub async fn get_or_load(
        &self,
        store: &Store,
        environment: &str,
        generation: i64,
        now: Timestamp,
    ) -> Result<Arc<Snapshot>, ApiError> {
        if let Some(snapshot) = self.cached(environment, generation, now)? {
            return Ok(snapshot);
        }
        let loader = self.loader(environment);
        let _one_at_a_time = loader.lock().await;
        if let Some(snapshot) = self.cached(environment, generation, now)? {
            return Ok(snapshot);
        }
        let (loaded, policy) = store.load_policy_generation(environment).await?;
        Ok(self.publish(environment, Snapshot::prepare(loaded, policy, now)?))
    }

    /// Stores a snapshot (unless a newer one is already there) and returns the newest.
    /// Only for data read at `snapshot.generation`: by [`PolicyCache::get_or_load`], or inside
    /// a committed write transaction after its last change.
    pub fn publish(&self, environment: &str, snapshot: Snapshot) -> Arc<Snapshot> {
        self.publish_shared(environment, Arc::new(snapshot))
    }

    fn publish_shared(&self, environment: &str, snapshot: Arc<Snapshot>) -> Arc<Snapshot> {
        let mut entries = lock(&self.entries);
        match entries.get(environment) {
            Some(current) if !snapshot.supersedes(current) => Arc::clone(current),
            _ => {
                entries.insert(environment.to_owned(), Arc::clone(&snapshot));
                snapshot
            }
        }
    }

    /// The cached snapshot if it serves the request; prepared again from the cached data (no
    /// queries) when only time has moved, past one of its grants' expiry.
    fn cached(
        &self,
        environment: &str,
        generation: i64,
        now: Timestamp,
    ) -> Result<Option<Arc<Snapshot>>, ApiError> {
        let Some(current) = lock(&self.entries).get(environment).cloned() else {
            return Ok(None);
        };
        if current.serves(generation, now) {
            return Ok(Some(current));
        }
        if current.generation < generation {
            return Ok(None);
        }
        let prepared = current
            .policy
            .prepare(now)
            .map_err(|err| ApiError::Internal(err.to_string()))?;
        let again = Arc::new(Snapshot {
            generation: current.generation,
            policy: Arc::clone(&current.policy),
            prepared: Arc::new(prepared),
        });
        let newest = self.publish_shared(environment, Arc::clone(&again));
        // A request whose clock lags another's keeps its own moment.
        Ok(Some(if newest.serves(generation, now) {
            newest
        } else {
            again
        }))
    }

    /// The cached snapshot of `environment` if it is exactly at `generation` and still
    /// current at `now` (no query): what a writer that finds the stored generation moved on
    /// since its request started decides on, when the writer before it published it.
    pub fn at_generation(
        &self,
        environment: &str,
        generation: i64,
        now: Timestamp,
    ) -> Option<Arc<Snapshot>> {
        lock(&self.entries)
            .get(environment)
            .filter(|s| s.generation == generation && s.prepared.is_current(now))
            .cloned()
    }

    fn loader(&self, environment: &str) -> Arc<tokio::sync::Mutex<()>> {
        Arc::clone(
            lock(&self.loaders)
                .entry(environment.to_owned())
                .or_default(),
        )
    }
}

#[cfg(test)]
mod tests {
    use gatehouse_policy::{
        AppRole, Grant, Resource, ResourceId, ResourceKind, Role, Subject, User, UserId,
    };

    use super::*;

    fn policy(expires_at: Option<i64>) -> Policy {
        let owner = UserId::parse("usr-owner").unwrap();
        let crm = ResourceId::parse("res-crm").unwrap();
        let mut policy = Policy::new();
        let mut user = User::new(owner.clone(), "Owner");
        user.account_owner = true;
        policy.users.push(user);
        policy.resources.push(Resource {
            id: crm.clone(),
            name: "CRM".to_owned(),
            kind: ResourceKind::App,
            creator: Some(owner),
        });
        let envs = policy
            .environments
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>();
        let mut grant = Grant::new(Subject::AllUsers, crm, Role::App(AppRole::Editor), envs);
        grant.expires_at = expires_at.map(Timestamp::from_unix_seconds);
        policy.grants.push(grant);
        policy
    }

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_unix_seconds(seconds)
    }

    #[test]
    fn a_snapshot_serves_its_generation_and_older_reads_only() {
        let cache = PolicyCache::new();
        cache.publish("O1", Snapshot::prepare(5, policy(None), at(100)).unwrap());
        assert!(cache.cached("O1", 5, at(100)).unwrap().is_some());
        assert!(cache.cached("O1", 4, at(200)).unwrap().is_some());
        assert!(cache.cached("O1", 6, at(100)).unwrap().is_none());
        assert!(cache.cached("O2", 0, at(100)).unwrap().is_none());
    }

    #[test]
    fn an_older_generation_never_replaces_a_newer_one() {
        let cache = PolicyCache::new();
        cache.publish("O1", Snapshot::prepare(7, policy(None), at(100)).unwrap());
        let kept = cache.publish("O1", Snapshot::prepare(6, policy(None), at(300)).unwrap());
        assert_eq!(kept.generation, 7);
        let newer = cache.publish("O1", Snapshot::prepare(8, policy(None), at(100)).unwrap());
        assert_eq!(newer.generation, 8);
    }

    #[test]
    fn an_expired_grant_prepares_the_cached_data_again() {
        let cache = PolicyCache::new();
        cache.publish(
            "O1",
            Snapshot::prepare(1, policy(Some(150)), at(100)).unwrap(),
        );
        let before = cache.cached("O1", 1, at(149)).unwrap().unwrap();
        assert_eq!(before.prepared.now(), at(100));
        let after = cache.cached("O1", 1, at(150)).unwrap().unwrap();
        assert_eq!(after.generation, 1);
        assert_eq!(after.prepared.now(), at(150));
        assert!(Arc::ptr_eq(&before.policy, &after.policy), "no reload");
    }
}
