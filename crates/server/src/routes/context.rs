//! What a permission endpoint needs: the caller's environment, the policy snapshot, and the
//! caller as a policy user.

use gatehouse_policy::{Policy, PreparedPolicy, Timestamp, UserId};
use gatehouse_wire::EnvironmentInfo;

use super::environments::caller_environment;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::now;
use crate::store::snapshot::{load_policy, SnapshotError};
use crate::AppState;

impl From<SnapshotError> for ApiError {
    fn from(err: SnapshotError) -> Self {
        match err {
            SnapshotError::Database(err) => ApiError::Database(err),
            SnapshotError::Corrupt(err) => ApiError::Internal(err.to_string()),
        }
    }
}

/// The snapshot an endpoint decides with.
pub struct PolicyContext {
    /// The organisation environment.
    pub env: EnvironmentInfo,
    /// The permission data.
    pub policy: Policy,
    /// The same, prepared for fast decisions.
    pub prepared: PreparedPolicy,
    /// The caller's policy id.
    pub actor: UserId,
    /// The time decisions are made at.
    pub now: Timestamp,
}

impl PolicyContext {
    /// Loads the snapshot of environment `code` for `caller`.
    pub async fn load(state: &AppState, caller: &Caller, code: &str) -> Result<Self, ApiError> {
        let env = caller_environment(state, caller, code).await?;
        let mut conn = state.store.pool().acquire().await?;
        let policy = load_policy(&mut conn, &env.code).await?;
        drop(conn);
        let now = Timestamp::from_unix_seconds(now());
        let prepared = policy
            .prepare(now)
            .map_err(|err| ApiError::Internal(err.to_string()))?;
        let actor = UserId::parse(&caller.user.user_id)
            .map_err(|err| ApiError::Internal(err.to_string()))?;
        Ok(Self {
            env,
            policy,
            prepared,
            actor,
            now,
        })
    }
}
