//! Who a signed-in user acts as in an environment: the rule the server authorises with and the
//! studio previews with.

use gatehouse_policy::{Actor, EnvironmentCode, UserId};

/// The signed-in user, as their session knows them.
#[derive(Debug, Clone, Copy)]
pub struct SignedIn<'a> {
    /// Their user in the environment they signed in to.
    pub user: &'a UserId,
    /// That environment's code (`O12345AA`).
    pub environment: &'a str,
    /// Whether they are their organisation's account owner.
    pub account_owner: bool,
}

/// Who the signed-in user is in environment `env`, or that it depends on the user with their
/// code there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorIn {
    /// Decided: in their own environment, themselves; the organisation's account owner, in
    /// every other environment of the organisation, the organisation owner (whether or not a
    /// user with their code exists there).
    Decided(Actor),
    /// Anyone else acts as their own user there (same code) — a collaborator in a client's
    /// environment; the caller looks the code up and calls [`ActorIn::with_user_here`].
    UserWithSameCode,
}

impl ActorIn {
    /// The actor, given the id of the user with the signed-in user's code in the environment
    /// (if any; without one they act as their home user, who is unknown there).
    pub fn with_user_here(self, signed_in: SignedIn<'_>, here: Option<UserId>) -> Actor {
        match self {
            ActorIn::Decided(actor) => actor,
            ActorIn::UserWithSameCode => {
                Actor::User(here.unwrap_or_else(|| signed_in.user.clone()))
            }
        }
    }
}

/// Who `signed_in` acts as in environment `env` (see [`ActorIn`]).
pub fn actor_in(signed_in: SignedIn<'_>, env: &str) -> ActorIn {
    if env == signed_in.environment {
        return ActorIn::Decided(Actor::User(signed_in.user.clone()));
    }
    if signed_in.account_owner && same_organisation(signed_in.environment, env) {
        return ActorIn::Decided(Actor::OrganisationOwner(signed_in.user.clone()));
    }
    ActorIn::UserWithSameCode
}

/// Whether two environment codes belong to one organisation (participant).
pub fn same_organisation(a: &str, b: &str) -> bool {
    match (EnvironmentCode::parse(a), EnvironmentCode::parse(b)) {
        (Ok(a), Ok(b)) => a.participant() == b.participant(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anna() -> UserId {
        UserId::parse("usr-12345-adevries").unwrap()
    }

    #[test]
    fn the_account_owner_is_the_organisation_owner_in_other_environments_of_it_only() {
        let id = anna();
        let owner = SignedIn {
            user: &id,
            environment: "O12345AA",
            account_owner: true,
        };
        assert_eq!(
            actor_in(owner, "O12345AA"),
            ActorIn::Decided(Actor::User(anna()))
        );
        assert_eq!(
            actor_in(owner, "A12345AA"),
            ActorIn::Decided(Actor::OrganisationOwner(anna()))
        );
        assert_eq!(actor_in(owner, "O54321AA"), ActorIn::UserWithSameCode);
        let plain = SignedIn {
            account_owner: false,
            ..owner
        };
        let here = UserId::parse("usr-a-12345-adevries").unwrap();
        assert_eq!(
            actor_in(plain, "A12345AA").with_user_here(plain, Some(here.clone())),
            Actor::User(here)
        );
        assert_eq!(
            actor_in(plain, "A12345AA").with_user_here(plain, None),
            Actor::User(anna())
        );
    }
}
