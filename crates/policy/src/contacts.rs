//! Who can do what a refusal stops: the people to ask, so a refusal never ends in a dead end
//! ("ask Fleur Smit, Owner of CRM Portal").

use crate::compiled::PreparedPolicy;
use crate::guard::{permission_editors, Refusal};
use crate::ids::{ResourceId, UserId};
use crate::policy::{Policy, User};

/// How many people a sentence names before it says "and N more".
const NAMED: usize = 3;

/// In what capacity a contact may do what the refused actor may not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capacity {
    /// An Owner of the resource (not the account owner).
    Owner(ResourceId),
    /// An account owner of the organisation.
    AccountOwner,
}

/// One person to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The person.
    pub user: UserId,
    /// Why they can.
    pub capacity: Capacity,
}

/// The active people who may make the change `refusal` stopped: for a permission edit the
/// resource's Owners (by name), then the account owners; for an account owner's change the
/// account owners. Nobody for refusals no person can lift (an unknown resource, a deactivated
/// actor, a provisioning token's limits). The refused actor is never listed.
pub fn who_can_instead(prepared: &PreparedPolicy, refusal: &Refusal) -> Vec<Contact> {
    let policy = prepared.policy();
    let (actor, resource) = match refusal {
        Refusal::NotOwner { actor, resource } => (actor, Some(resource)),
        Refusal::NotAccountOwner(actor) | Refusal::UnknownActor(actor) => (actor, None),
        Refusal::ActorDeactivated(_) | Refusal::UnknownResource(_) | Refusal::NotProvisioning => {
            return Vec::new()
        }
    };
    let mut contacts: Vec<Contact> = Vec::new();
    if let Some(resource) = resource {
        let mut owners: Vec<&User> = permission_editors(prepared, resource)
            .iter()
            .filter_map(|id| policy.user(id))
            .filter(|u| !u.account_owner && &u.id != actor)
            .collect();
        owners.sort_by(|a, b| a.name.cmp(&b.name));
        contacts.extend(owners.into_iter().map(|u| Contact {
            user: u.id.clone(),
            capacity: Capacity::Owner(resource.clone()),
        }));
    }
    contacts.extend(
        account_owner_contacts(policy)
            .into_iter()
            .filter(|c| &c.user != actor),
    );
    contacts
}

/// The active account owners, by name: who to ask for what only they may do.
pub fn account_owner_contacts(policy: &Policy) -> Vec<Contact> {
    let mut account_owners: Vec<&User> = policy.account_owners().collect();
    account_owners.sort_by(|a, b| a.name.cmp(&b.name));
    account_owners
        .into_iter()
        .map(|u| Contact {
            user: u.id.clone(),
            capacity: Capacity::AccountOwner,
        })
        .collect()
}

/// "Ask Fleur Smit (Owner of CRM Portal) or Anna de Vries (account owner)." — names, never
/// ids where `policy` knows them; at most three people, then how many more. `None` when there
/// is nobody to ask.
pub fn ask_sentence(policy: &Policy, contacts: &[Contact]) -> Option<String> {
    if contacts.is_empty() {
        return None;
    }
    let named: Vec<String> = contacts
        .iter()
        .take(NAMED)
        .map(|c| {
            let name = policy
                .user(&c.user)
                .map_or_else(|| c.user.to_string(), |u| u.name.clone());
            match &c.capacity {
                Capacity::AccountOwner => format!("{name} (account owner)"),
                Capacity::Owner(resource) => {
                    let resource = policy
                        .resource(resource)
                        .map_or_else(|| resource.to_string(), |r| r.name.clone());
                    format!("{name} (Owner of {resource})")
                }
            }
        })
        .collect();
    let more = contacts.len().saturating_sub(NAMED);
    let list = match (named.as_slice(), more) {
        ([one], 0) => one.clone(),
        ([first @ .., last], 0) => format!("{} or {last}", first.join(", ")),
        (all, more) => format!("{} or {more} more", all.join(", ")),
    };
    Some(format!("Ask {list}."))
}

impl Refusal {
    /// [`Refusal::describe`] followed by who to ask instead, when anyone can.
    pub fn describe_with_contacts(&self, prepared: &PreparedPolicy) -> String {
        let policy = prepared.policy();
        let said = self.describe(policy);
        match ask_sentence(policy, &who_can_instead(prepared, self)) {
            Some(ask) => format!("{said}. {ask}"),
            None => said,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::{Grant, Subject};
    use crate::roles::{ResourceKind, Role};
    use crate::time::Timestamp;
    use crate::Policy;

    fn uid(s: &str) -> UserId {
        UserId::parse(s).unwrap()
    }

    fn person(policy: &mut Policy, id: &str, name: &str, account_owner: bool) {
        let mut user = User::new(uid(id), name);
        user.account_owner = account_owner;
        policy.users.push(user);
    }

    /// CRM Portal owned by Fleur (a user grant), Anna the account owner, Jan a plain user.
    fn org() -> (Policy, ResourceId) {
        let (mut policy, crm) = crate::test_fixtures::crm_only();
        person(&mut policy, "usr-anna", "Anna de Vries", true);
        person(&mut policy, "usr-fleur", "Fleur Smit", false);
        person(&mut policy, "usr-jan", "Jan Jansen", false);
        let env = policy.environments[0].id.clone();
        policy.grants.push(Grant::new(
            Subject::User(uid("usr-fleur")),
            crm.clone(),
            Role::owner(ResourceKind::App),
            [env],
        ));
        (policy, crm)
    }

    #[test]
    fn a_permission_refusal_names_the_resource_owners_then_the_account_owner() {
        let (policy, crm) = org();
        let prepared = policy.prepare(Timestamp::from_unix_seconds(0)).unwrap();
        let refusal = Refusal::NotOwner {
            actor: uid("usr-jan"),
            resource: crm.clone(),
        };
        let contacts = who_can_instead(&prepared, &refusal);
        assert_eq!(
            contacts,
            vec![
                Contact {
                    user: uid("usr-fleur"),
                    capacity: Capacity::Owner(crm)
                },
                Contact {
                    user: uid("usr-anna"),
                    capacity: Capacity::AccountOwner
                },
            ]
        );
        assert_eq!(
            refusal.describe_with_contacts(&prepared),
            "only an owner of `CRM Portal` or the account owner may change its permissions, \
             and you are neither. Ask Fleur Smit (Owner of CRM Portal) or Anna de Vries (account owner)."
        );
    }

    #[test]
    fn an_account_owner_refusal_names_only_active_account_owners_and_never_the_actor() {
        let (mut policy, _) = org();
        person(&mut policy, "usr-old", "Old Owner", true);
        policy.users.last_mut().unwrap().status = crate::UserStatus::Deactivated;
        let prepared = policy.prepare(Timestamp::from_unix_seconds(0)).unwrap();
        let fleur = Refusal::NotAccountOwner(uid("usr-fleur"));
        assert_eq!(
            ask_sentence(&policy, &who_can_instead(&prepared, &fleur)).as_deref(),
            Some("Ask Anna de Vries (account owner).")
        );
        let anna = Refusal::NotAccountOwner(uid("usr-anna"));
        assert!(who_can_instead(&prepared, &anna).is_empty());
        assert_eq!(
            anna.describe_with_contacts(&prepared),
            anna.describe(&policy)
        );
    }

    #[test]
    fn nobody_is_asked_where_no_person_can_lift_the_refusal() {
        let (policy, _) = org();
        let prepared = policy.prepare(Timestamp::from_unix_seconds(0)).unwrap();
        for refusal in [
            Refusal::NotProvisioning,
            Refusal::ActorDeactivated(uid("usr-jan")),
            Refusal::UnknownResource(ResourceId::parse("res-gone").unwrap()),
        ] {
            assert!(
                who_can_instead(&prepared, &refusal).is_empty(),
                "{refusal:?}"
            );
        }
    }

    #[test]
    fn long_lists_name_three_and_count_the_rest() {
        let (mut policy, _) = org();
        for i in 0..4 {
            person(
                &mut policy,
                &format!("usr-ao{i}"),
                &format!("Owner {i}"),
                true,
            );
        }
        let prepared = policy.prepare(Timestamp::from_unix_seconds(0)).unwrap();
        let refusal = Refusal::NotAccountOwner(uid("usr-jan"));
        assert_eq!(
            ask_sentence(&policy, &who_can_instead(&prepared, &refusal)).as_deref(),
            Some("Ask Anna de Vries (account owner), Owner 0 (account owner), Owner 1 (account owner) or 2 more.")
        );
    }
}
