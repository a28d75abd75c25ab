//! Users in a change set: adding a user of the organisation itself (account owner only).
//! The code starts with the environment's participant and is unique in the environment, the
//! email is unique regardless of letter case, Pocket needs Windows or InSite — judged on the
//! users after the whole set, so two new users of one set cannot share a code or an email.

use std::collections::BTreeSet;

use crate::fxhash::FxMap;
use crate::ids::{EmailAddress, UserCode, UserId};
use crate::naming::display_name;
use crate::policy::{Policy, User, UserStatus};
use crate::UserFlags;

use super::{refusal, RefusalKind, SetChange, SetRefusal};

/// Longest user name, in characters.
pub const USER_NAME_CHARS: usize = 100;

/// What a new user is made of, as typed.
#[derive(Debug, Clone, Copy)]
pub struct UserInput<'a> {
    /// The id the store gives the user.
    pub id: &'a str,
    /// `12345.FSmit`.
    pub code: &'a str,
    /// Full name.
    pub name: &'a str,
    /// Email address; empty or absent for none.
    pub email: Option<&'a str>,
    /// Windows, InSite, Pocket.
    pub flags: UserFlags,
}

/// A new, active user from a change's input fields: trimmed and parsed (what the server and
/// the demo store both read a user change into). A bad field is a refusal of change `index`
/// naming it (`code`, `name`, `email`, `flags.pocket`).
pub fn user_from_input(index: usize, input: UserInput<'_>) -> Result<User, SetRefusal> {
    let at = Some(index);
    let invalid =
        |field: &str, message: String| refusal(at, RefusalKind::Invalid, Some(field), message);
    let id = UserId::parse(input.id).map_err(|e| invalid("user", e.to_string()))?;
    let code = UserCode::parse(input.code.trim()).map_err(|e| invalid("code", e.to_string()))?;
    let name = display_name("name", input.name, USER_NAME_CHARS)
        .map_err(|e| invalid("name", e.to_string()))?;
    let email = match input.email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(raw) => Some(EmailAddress::parse(raw).map_err(|e| invalid("email", e.to_string()))?),
        None => None,
    };
    input.flags.validate().map_err(|_| {
        invalid(
            "flags.pocket",
            "Pocket can only be on together with Windows or InSite".to_owned(),
        )
    })?;
    let mut user = User::new(id, name);
    user.code = Some(code);
    user.email = email;
    user.flags = input.flags;
    user.status = UserStatus::Active;
    Ok(user)
}

/// The users `changes` create, but for the `refused` changes (to be appended to the
/// snapshot's users, so that the existing users keep their positions for the impact).
pub(super) fn created(
    policy: &Policy,
    changes: &[SetChange],
    refused: &BTreeSet<usize>,
) -> Vec<User> {
    changes
        .iter()
        .enumerate()
        .filter(|(i, _)| !refused.contains(i))
        .filter_map(|(_, c)| match c {
            SetChange::CreateUser { user } if policy.user(&user.id).is_none() => Some(user.clone()),
            _ => None,
        })
        .collect()
}

/// One new user on its own, against the snapshot before the set.
pub(super) fn judge(before: &Policy, index: usize, user: &User) -> Result<(), SetRefusal> {
    let at = Some(index);
    if before.user(&user.id).is_some() {
        return Err(refusal(
            at,
            RefusalKind::Conflict,
            Some("user"),
            "a user with this id already exists".to_owned(),
        ));
    }
    let Some(code) = &user.code else {
        return Err(refusal(
            at,
            RefusalKind::Invalid,
            Some("code"),
            "a new user needs a user code".to_owned(),
        ));
    };
    let code_text = code.to_string();
    let input = UserInput {
        id: user.id.as_str(),
        code: &code_text,
        name: &user.name,
        email: user.email.as_ref().map(EmailAddress::as_str),
        flags: user.flags,
    };
    let read = user_from_input(index, input)?;
    if read != *user {
        return Err(refusal(
            at,
            RefusalKind::Invalid,
            Some("name"),
            "a new user is active, in no group yet, and has no spaces around the name".to_owned(),
        ));
    }
    if let Some(participant) = before.participant {
        if code.participant() != participant {
            return Err(refusal(
                at,
                RefusalKind::Invalid,
                Some("code"),
                format!(
                    "user code {code} does not belong to this organisation, whose codes start with {participant}"
                ),
            ));
        }
    }
    Ok(())
}

/// Codes and emails used twice after the set (letter case aside): a refusal for each new
/// user that takes one another user has.
pub(super) fn clashes(before: &Policy, changes: &[SetChange]) -> Vec<SetRefusal> {
    let new: Vec<(usize, &User)> = changes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            SetChange::CreateUser { user } => Some((i, user)),
            _ => None,
        })
        .collect();
    if new.is_empty() {
        return Vec::new();
    }
    let key = |user: &User| {
        (
            user.code.as_ref().map(|c| c.to_string().to_lowercase()),
            user.email.as_ref().map(EmailAddress::mailbox_key),
        )
    };
    // Who has each code and email: existing users by their code (or name), new ones by index.
    let mut codes: FxMap<String, Vec<Holder<'_>>> = FxMap::default();
    let mut emails: FxMap<String, Vec<Holder<'_>>> = FxMap::default();
    for user in &before.users {
        let (code, email) = key(user);
        if let Some(code) = code {
            codes.entry(code).or_default().push(Holder::Stored(user));
        }
        if let Some(email) = email {
            emails.entry(email).or_default().push(Holder::Stored(user));
        }
    }
    for (index, user) in &new {
        let (code, email) = key(user);
        if let Some(code) = code {
            codes.entry(code).or_default().push(Holder::New(*index));
        }
        if let Some(email) = email {
            emails.entry(email).or_default().push(Holder::New(*index));
        }
    }
    let mut refusals = Vec::new();
    for (field, holders) in [("code", &codes), ("email", &emails)] {
        for list in holders.values().filter(|l| l.len() > 1) {
            for holder in list {
                let Holder::New(index) = holder else { continue };
                let other = list
                    .iter()
                    .find(|h| !matches!(h, Holder::New(i) if i == index))
                    .map(Holder::describe)
                    .unwrap_or_default();
                let value = match (&changes[*index], field) {
                    (SetChange::CreateUser { user }, "code") => user
                        .code
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    (SetChange::CreateUser { user }, _) => user
                        .email
                        .as_ref()
                        .map(|e| e.as_str().to_owned())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                refusals.push(refusal(
                    Some(*index),
                    RefusalKind::Conflict,
                    Some(field),
                    format!("{field} {value} is already used by {other}"),
                ));
            }
        }
    }
    refusals.sort_by_key(|r| r.index);
    refusals
}

/// Who holds a code or an email.
enum Holder<'p> {
    Stored(&'p User),
    New(usize),
}

impl Holder<'_> {
    fn describe(&self) -> String {
        match self {
            Holder::Stored(user) => user
                .code
                .as_ref()
                .map_or_else(|| user.name.clone(), ToString::to_string),
            Holder::New(index) => format!("another new user of this set (change {index})"),
        }
    }
}
