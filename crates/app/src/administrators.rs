//! Who administers an environment, so the studio can say who to ask before an action it
//! would refuse ("Only the account owner changes a user's properties. Ask Anna de Vries").

use gatehouse_policy::{account_owner_contacts, ask_sentence, Policy};
use gatehouse_wire::{Administrators, UserRef};

/// The active account owners of `policy`, by name, and the sentence that says to ask them
/// (the same words a refusal of an account owner's change ends with).
pub fn administrators(policy: &Policy) -> Administrators {
    let contacts = account_owner_contacts(policy);
    let account_owners = contacts
        .iter()
        .filter_map(|c| policy.user(&c.user))
        .map(|u| UserRef {
            id: u.id.to_string(),
            code: u.code.as_ref().map(ToString::to_string).unwrap_or_default(),
            name: u.name.clone(),
        })
        .collect();
    Administrators {
        account_owners,
        ask: ask_sentence(policy, &contacts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_policy::{User, UserCode, UserId, UserStatus};

    fn user(id: &str, code: &str, name: &str, owner: bool, status: UserStatus) -> User {
        let mut u = User::new(UserId::parse(id).unwrap(), name);
        u.code = Some(UserCode::parse(code).unwrap());
        u.account_owner = owner;
        u.status = status;
        u
    }

    #[test]
    fn lists_active_account_owners_by_name_and_says_to_ask_them() {
        let mut policy = Policy::new();
        policy.users = vec![
            user("usr-z", "12345.ZZ", "Zoë Zee", true, UserStatus::Active),
            user("usr-a", "12345.AA", "Anna Aa", true, UserStatus::Active),
            user(
                "usr-o",
                "12345.OO",
                "Old Owner",
                true,
                UserStatus::Deactivated,
            ),
            user(
                "usr-p",
                "12345.PP",
                "Plain Person",
                false,
                UserStatus::Active,
            ),
        ];
        let admins = administrators(&policy);
        let names: Vec<(&str, &str)> = admins
            .account_owners
            .iter()
            .map(|u| (u.code.as_str(), u.name.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![("12345.AA", "Anna Aa"), ("12345.ZZ", "Zoë Zee")]
        );
        assert_eq!(
            admins.ask.as_deref(),
            Some("Ask Anna Aa (account owner) or Zoë Zee (account owner).")
        );
    }

    #[test]
    fn nobody_to_ask_without_an_active_account_owner() {
        let mut policy = Policy::new();
        policy.users = vec![user(
            "usr-p",
            "12345.PP",
            "Plain",
            false,
            UserStatus::Active,
        )];
        let admins = administrators(&policy);
        assert!(admins.account_owners.is_empty());
        assert_eq!(admins.ask, None);
    }
}
