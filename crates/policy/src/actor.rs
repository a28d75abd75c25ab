//! Who makes a change: a user of the environment with their own roles, the organisation's
//! account owner administering another environment of the organisation, where they need no
//! user row (an empty accept or test environment has nobody in it yet), or a provisioning
//! token through which the organisation's identity provider keeps people and groups in step.

use serde::{Deserialize, Serialize};

use crate::change::Change;
use crate::compiled::PreparedPolicy;
use crate::error::LookupError;
use crate::guard::{authorize, Refusal};
use crate::ids::{EnvironmentId, ResourceId, TokenId, UserId};
use crate::roles::Role;

/// The one deciding a change or reading with their rights.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Actor {
    /// A user of this environment, with the roles the policy gives them.
    User(UserId),
    /// The account owner of the organisation the environment belongs to, acting from their
    /// own (production) environment: Owner of everything, may make every change, as the
    /// account owner is in their own environment (DESIGN.md §2). The id is their user in the
    /// environment they signed in to.
    OrganisationOwner(UserId),
    /// A provisioning (SCIM) token of the environment, used by an identity provider: it may
    /// create and change users, groups and memberships, and nothing else — no grants,
    /// precedence, account owners, tokens or configuration. It sees no resource.
    Provisioner(TokenId),
}

impl Actor {
    /// The actor's user id (in this environment, or in their own for an organisation owner);
    /// none for a provisioning token.
    pub fn user_id(&self) -> Option<&UserId> {
        match self {
            Actor::User(id) | Actor::OrganisationOwner(id) => Some(id),
            Actor::Provisioner(_) => None,
        }
    }
}

impl From<UserId> for Actor {
    fn from(id: UserId) -> Self {
        Actor::User(id)
    }
}

impl PreparedPolicy {
    /// Whether `actor` may change `resource`'s permissions (see
    /// [`PreparedPolicy::may_edit_permissions`]); an organisation owner may on every resource.
    pub fn actor_may_edit_permissions(
        &self,
        actor: &Actor,
        resource: &ResourceId,
    ) -> Result<(), Refusal> {
        match actor {
            Actor::User(id) => self.may_edit_permissions(id, resource),
            Actor::OrganisationOwner(_) => self
                .policy()
                .resource(resource)
                .map(|_| ())
                .ok_or_else(|| Refusal::UnknownResource(resource.clone())),
            Actor::Provisioner(_) => Err(Refusal::NotProvisioning),
        }
    }

    /// Whether `actor` sees `resource` at all: a role above None in some data environment.
    /// A resource the actor does not see is not listed and is treated as if it did not exist.
    pub fn actor_sees(&self, actor: &Actor, resource: &ResourceId) -> bool {
        self.policy().environments.iter().any(|env| {
            self.actor_role(actor, resource, &env.id)
                .is_ok_and(|role| role.level() > 0)
        })
    }

    /// Whether `actor` administers some resource here (the account owner, or an owner of a
    /// resource): who may read the whole snapshot.
    pub fn actor_administers_any(&self, actor: &Actor) -> bool {
        self.policy()
            .resources
            .iter()
            .any(|r| self.actor_may_edit_permissions(actor, &r.id).is_ok())
    }

    /// The actor's effective role on `resource` in `env`: Owner for an organisation owner.
    pub fn actor_role(
        &self,
        actor: &Actor,
        resource: &ResourceId,
        env: &EnvironmentId,
    ) -> Result<Role, LookupError> {
        match actor {
            Actor::User(id) => self.effective_role(id, resource, env),
            Actor::OrganisationOwner(_) => self
                .policy()
                .resource(resource)
                .map(|r| Role::owner(r.kind))
                .ok_or_else(|| LookupError::UnknownResource(resource.clone())),
            Actor::Provisioner(_) => self
                .policy()
                .resource(resource)
                .map(|r| Role::none(r.kind))
                .ok_or_else(|| LookupError::UnknownResource(resource.clone())),
        }
    }
}

/// Authorises `actor` to make `change` ([`authorize`] for a user of the environment; an
/// organisation owner may make every change).
pub fn authorize_actor(
    prepared: &PreparedPolicy,
    actor: &Actor,
    change: &Change,
) -> Result<(), Refusal> {
    match actor {
        Actor::User(id) => authorize(prepared, id, change),
        Actor::OrganisationOwner(_) => match change {
            Change::UpsertGrant { grant } => {
                prepared.actor_may_edit_permissions(actor, &grant.resource)
            }
            Change::RemoveGrant { key } => {
                prepared.actor_may_edit_permissions(actor, &key.resource)
            }
            _ => Ok(()),
        },
        Actor::Provisioner(_) => match change {
            Change::AddMembership { .. }
            | Change::RemoveMembership { .. }
            | Change::SetUserStatus { .. } => Ok(()),
            _ => Err(Refusal::NotProvisioning),
        },
    }
}

/// Whether `actor` may change users, groups and memberships: an active account owner of the
/// environment, or the organisation's account owner from their own environment.
pub fn authorize_administrator(prepared: &PreparedPolicy, actor: &Actor) -> Result<(), Refusal> {
    match actor {
        Actor::User(id) => crate::guard::authorize_account_owner(prepared, id),
        Actor::OrganisationOwner(_) => Ok(()),
        Actor::Provisioner(_) => Err(Refusal::NotProvisioning),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::{Grant, Subject};
    use crate::roles::AppRole;
    use crate::test_fixtures::crm_only;
    use crate::time::Timestamp;

    #[test]
    fn an_organisation_owner_needs_no_user_row_to_administer_an_environment() {
        let (policy, crm) = crm_only();
        let prepared = policy.prepare(Timestamp::from_unix_seconds(0)).unwrap();
        let anna = UserId::parse("usr-anna").unwrap();
        let owner = Actor::OrganisationOwner(anna.clone());
        assert_eq!(prepared.actor_may_edit_permissions(&owner, &crm), Ok(()));
        let env = policy.environments[0].id.clone();
        assert_eq!(
            prepared.actor_role(&owner, &crm, &env),
            Ok(Role::App(AppRole::Owner))
        );
        let grant = Grant::new(
            Subject::AllUsers,
            crm.clone(),
            Role::App(AppRole::Editor),
            vec![env],
        );
        assert_eq!(
            authorize_actor(&prepared, &owner, &Change::UpsertGrant { grant }),
            Ok(())
        );
        // The same person as a plain user of that environment is unknown there.
        assert_eq!(
            prepared.actor_may_edit_permissions(&Actor::User(anna.clone()), &crm),
            Err(Refusal::UnknownActor(anna))
        );
    }

    #[test]
    fn an_organisation_owner_still_cannot_edit_a_resource_that_does_not_exist() {
        let (policy, _) = crm_only();
        let prepared = policy.prepare(Timestamp::from_unix_seconds(0)).unwrap();
        let gone = ResourceId::parse("res-gone").unwrap();
        let owner = Actor::OrganisationOwner(UserId::parse("usr-anna").unwrap());
        assert_eq!(
            prepared.actor_may_edit_permissions(&owner, &gone),
            Err(Refusal::UnknownResource(gone))
        );
    }
}
