//! The user code a user provisioned over SCIM gets, by the organisation's prefix rule.

use gatehouse_policy::{Participant, Policy, UserCode};
use gatehouse_scim::{ScimError, ScimType};

/// The user code a new user with `user_name` gets: the userName itself when it is a code of
/// this organisation (`12345.JJansen`) or a code without the organisation's number
/// (`JJansen`); otherwise one made from it (`j.jansen@contoso.com` → `12345.jjansen`, with a
/// number added while that is taken). A code of another organisation is refused; so is a
/// userName that is a code taken here.
pub fn code_for_user_name(policy: &Policy, user_name: &str) -> Result<UserCode, ScimError> {
    let participant = policy.participant.ok_or_else(|| {
        ScimError::bad_request(
            ScimType::InvalidValue,
            "this environment has no organisation number to make user codes with",
        )
    })?;
    let taken = |code: &UserCode| {
        let code = code.to_string();
        policy.users.iter().any(|u| {
            u.code
                .as_ref()
                .is_some_and(|c| c.to_string().eq_ignore_ascii_case(&code))
        })
    };
    let exact = UserCode::parse(user_name)
        .ok()
        .or_else(|| UserCode::parse(&format!("{participant}.{user_name}")).ok());
    if let Some(code) = exact {
        if code.participant() != participant {
            return Err(ScimError::bad_request(
                ScimType::InvalidValue,
                format!(
                    "userName {user_name} is a user code of another organisation; codes here start with {participant}."
                ),
            ));
        }
        if taken(&code) {
            return Err(ScimError::conflict(format!(
                "userName {user_name} is the user code of another user here"
            )));
        }
        return Ok(code);
    }
    derived_code(participant, user_name, taken)
}

/// A code made from a userName that is not one: the part before `@`, letters, digits, `-`
/// and `_` only, starting with a letter, at most 32 characters with any number added.
fn derived_code(
    participant: Participant,
    user_name: &str,
    taken: impl Fn(&UserCode) -> bool,
) -> Result<UserCode, ScimError> {
    let local = user_name.split('@').next().unwrap_or(user_name);
    let kept: String = local
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .skip_while(|c| !c.is_ascii_alphabetic())
        .collect();
    let stem = if kept.is_empty() {
        "user".to_owned()
    } else {
        kept
    };
    for n in 1..=10_000u32 {
        let suffix = if n == 1 { String::new() } else { n.to_string() };
        let room = 32 - suffix.len();
        let base: String = stem.chars().take(room).collect();
        if let Ok(code) = UserCode::parse(&format!("{participant}.{base}{suffix}")) {
            if !taken(&code) {
                return Ok(code);
            }
        }
    }
    Err(ScimError::conflict(format!(
        "no free user code could be made from userName {user_name}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provisioning::users::tests::policy_with;

    #[test]
    fn a_code_of_this_organisation_is_taken_as_it_is() {
        let policy = policy_with(&[]);
        let code = code_for_user_name(&policy, "12345.JJansen").unwrap();
        assert_eq!(code.to_string(), "12345.JJansen");
        let bare = code_for_user_name(&policy, "JJansen").unwrap();
        assert_eq!(bare.to_string(), "12345.JJansen");
    }

    #[test]
    fn a_code_of_another_organisation_or_one_taken_is_refused() {
        let policy = policy_with(&["12345.JJansen"]);
        let other = code_for_user_name(&policy, "54321.JJansen").unwrap_err();
        assert_eq!(other.status, 400);
        let taken = code_for_user_name(&policy, "12345.jjansen").unwrap_err();
        assert_eq!(taken.status, 409);
        assert_eq!(taken.scim_type, Some(ScimType::Uniqueness));
    }

    #[test]
    fn an_email_login_gives_a_code_with_a_number_while_taken() {
        let policy = policy_with(&["12345.jjansen", "12345.jjansen2"]);
        let code = code_for_user_name(&policy, "j.jansen@contoso.com").unwrap();
        assert_eq!(code.to_string(), "12345.jjansen3");
        let odd = code_for_user_name(&policy, "4f1c9e2a-0b7d-4e11-9a3c-5d8e7f6a1b2c").unwrap();
        assert_eq!(odd.to_string(), "12345.f1c9e2a-0b7d-4e11-9a3c-5d8e7f6a1");
    }
}
