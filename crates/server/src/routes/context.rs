//! What a permission endpoint needs: the caller's environment, the policy snapshot, and the
//! caller as a policy user.
//!
//! The snapshot comes from the [`PolicyCache`](crate::policy_cache::PolicyCache): one query
//! reads the environment with its policy generation, and the prepared snapshot is reused while
//! that generation holds. It is as fresh as a snapshot loaded at the start of the request;
//! writes still re-check inside their transaction against freshly loaded data.

use std::sync::Arc;

use gatehouse_app::{ActorIn, SignedIn};
use gatehouse_policy::{
    authorize_actor, Actor, Change, Policy, PreparedPolicy, Timestamp, TokenId, UserId,
};
use gatehouse_wire::EnvironmentInfo;
use serde::Serialize;
use sqlx::AnyConnection;

use super::environments::caller_environment_generation;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::audit::{record, AuditRecord};
use crate::store::now;
use crate::store::snapshot::SnapshotError;
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
    /// The permission data, shared with the cache and other requests: to try a change on it,
    /// clone the data (`Policy::clone(&ctx.policy)`).
    pub policy: Arc<Policy>,
    /// The same, prepared for fast decisions.
    pub prepared: Arc<PreparedPolicy>,
    /// Who decides: the caller as a user of this environment, or as the organisation's
    /// account owner where they have no user row.
    pub actor: Actor,
    /// The time decisions are made at.
    pub now: Timestamp,
    /// The policy generation the snapshot belongs to (a write compares it with the stored
    /// one to know whether the snapshot is still current).
    pub generation: i64,
}

impl PolicyContext {
    /// The snapshot of environment `code` for `caller`.
    pub async fn load(state: &AppState, caller: &Caller, code: &str) -> Result<Self, ApiError> {
        let (env, generation) = caller_environment_generation(state, caller, code).await?;
        let now = Timestamp::from_unix_seconds(now());
        let snapshot = state
            .policies
            .get_or_load(&state.store, &env.code, generation, now)
            .await?;
        let actor = actor_in(state, caller, &env).await?;
        Ok(Self {
            env,
            policy: Arc::clone(&snapshot.policy),
            prepared: Arc::clone(&snapshot.prepared),
            actor,
            now,
            generation: snapshot.generation,
        })
    }
}

impl PolicyContext {
    /// The snapshot of environment `code` for a provisioning token of it, acting as
    /// [`Actor::Provisioner`]; 404 when the environment does not exist.
    pub async fn for_provisioner(
        state: &AppState,
        code: &str,
        token: TokenId,
    ) -> Result<Self, ApiError> {
        let (env, generation) = state
            .store
            .find_environment_generation(code)
            .await?
            .ok_or_else(|| ApiError::NotFound {
                what: "environment",
                id: code.to_owned(),
                field: "environment",
            })?;
        let now = Timestamp::from_unix_seconds(now());
        let snapshot = state
            .policies
            .get_or_load(&state.store, &env.code, generation, now)
            .await?;
        Ok(Self {
            env,
            policy: Arc::clone(&snapshot.policy),
            prepared: Arc::clone(&snapshot.prepared),
            actor: Actor::Provisioner(token),
            now,
            generation: snapshot.generation,
        })
    }
}

/// Who the caller is in `env`: in their own environment, themselves; the organisation's
/// account owner, in every other environment of the organisation, the organisation owner
/// (whether or not a user with their code exists there); anyone else, their own user there
/// (same code), if any — a collaborator in a client's environment.
async fn actor_in(
    state: &AppState,
    caller: &Caller,
    env: &EnvironmentInfo,
) -> Result<Actor, ApiError> {
    let parse = |id: &str| UserId::parse(id).map_err(|err| ApiError::Internal(err.to_string()));
    let home = parse(&caller.user.user_id)?;
    let signed_in = SignedIn {
        user: &home,
        environment: &caller.user.environment,
        account_owner: caller.user.account_owner,
    };
    let decided = gatehouse_app::actor_in(signed_in, &env.code);
    let here = match decided {
        ActorIn::Decided(_) => None,
        ActorIn::UserWithSameCode => state
            .store
            .find_user_id(&env.code, &caller.user.code)
            .await?
            .map(|id| parse(&id))
            .transpose()?,
    };
    Ok(decided.with_user_here(signed_in, here))
}

/// Changes to organisation-wide configuration (app connectors, other users' tokens, tables no
/// connector serves) are the account owner's: asked of the policy crate with a probe change
/// that only the account owner may make.
pub fn require_account_owner(ctx: &PolicyContext) -> Result<(), ApiError> {
    let probe = Change::SetPrecedence {
        precedence: ctx.policy.precedence,
    };
    authorize_actor(&ctx.prepared, &ctx.actor, &probe)
        .map_err(|r| ApiError::Forbidden(r.describe_with_contacts(&ctx.prepared)))
}

/// Whether the caller is the account owner (see [`require_account_owner`]).
pub fn is_account_owner(ctx: &PolicyContext) -> bool {
    require_account_owner(ctx).is_ok()
}

/// Who a write is recorded as in the audit log: a signed-in administrator, or the
/// provisioning token an identity provider called with.
pub trait Author: Send + Sync {
    /// The id recorded as the actor's (a user's or a token's).
    fn author_id(&self) -> &str;
    /// The code recorded as the actor's (a user code, or `scim:` and the token's name).
    fn author_code(&self) -> &str;
    /// The change set the author writes in, once one is begun ([`InSet`]); without one,
    /// each entry stands alone.
    fn change_set(&self) -> Option<&SetMark> {
        None
    }
}

/// The change set entries are written in: every entry of one transaction shares its id.
#[derive(Debug, Clone)]
pub struct SetMark {
    /// The change set's id.
    pub id: String,
    /// The change set it undoes, if it is an undo.
    pub undo_of: Option<String>,
}

/// An author writing in one change set.
pub struct InSet<'a> {
    author: &'a dyn Author,
    mark: SetMark,
}

impl<'a> InSet<'a> {
    /// `author` beginning a new change set (an undo of `undo_of`, if given).
    pub fn begin(author: &'a dyn Author, undo_of: Option<String>) -> Self {
        Self {
            author,
            mark: SetMark {
                id: uuid::Uuid::new_v4().to_string(),
                undo_of,
            },
        }
    }
}

impl Author for InSet<'_> {
    fn author_id(&self) -> &str {
        self.author.author_id()
    }

    fn author_code(&self) -> &str {
        self.author.author_code()
    }

    fn change_set(&self) -> Option<&SetMark> {
        Some(&self.mark)
    }
}

impl Author for Caller {
    fn author_id(&self) -> &str {
        &self.user.user_id
    }

    fn author_code(&self) -> &str {
        &self.user.code
    }
}

/// What an audit entry is about.
pub struct Audited<'a> {
    /// `create`, `update` or `delete`.
    pub action: &'a str,
    /// `app_connector`, `token`, `table`, `filter`.
    pub entity: &'a str,
    /// The entity's id.
    pub id: &'a str,
}

/// Records a change in the audit log, inside the change's transaction.
pub async fn audit<T: Serialize>(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    what: Audited<'_>,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<(), ApiError> {
    let json = |v: Option<&T>| v.and_then(|v| serde_json::to_value(v).ok());
    record(
        conn,
        AuditRecord {
            environment: &ctx.env.code,
            actor_id: caller.author_id(),
            actor_code: caller.author_code(),
            action: what.action,
            entity: what.entity,
            entity_id: what.id,
            before: json(before),
            after: json(after),
            change_set: caller.change_set().map(|m| m.id.as_str()),
            undo_of: caller.change_set().and_then(|m| m.undo_of.as_deref()),
        },
    )
    .await?;
    Ok(())
}
