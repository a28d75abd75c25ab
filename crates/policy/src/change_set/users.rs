//! Users in a change set: adding a user of the organisation itself and changing a user's
//! properties (account owner only). The code starts with the environment's participant and is
//! unique in the environment, the email is unique regardless of letter case, Pocket needs
//! Windows or InSite, InSite needs a user linked to a person — judged on the users after the
//! whole set, so two users of one set cannot end up sharing a code or an email. Only a
//! user's own organisation changes their name and email (a collaborator's come from there),
//! and nobody deactivates their own account.

use std::collections::BTreeSet;

use crate::actor::Actor;
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
    let (name, email) = properties(index, input.name, input.email, input.flags)?;
    let mut user = User::new(id, name);
    user.code = Some(code);
    user.email = email;
    user.flags = input.flags;
    user.status = UserStatus::Active;
    Ok(user)
}

/// A user's properties as typed, for a change of them.
#[derive(Debug, Clone, Copy)]
pub struct UserEdit<'a> {
    /// Full name.
    pub name: &'a str,
    /// Email address; empty or absent for none.
    pub email: Option<&'a str>,
    /// Windows, InSite, Pocket.
    pub flags: UserFlags,
    /// Active or deactivated.
    pub status: UserStatus,
}

/// `current` with the properties of `edit`, trimmed and parsed (what the server and the demo
/// store both read a user edit into). A bad field is a refusal of change `index` naming it.
pub fn edited_user(index: usize, current: &User, edit: UserEdit<'_>) -> Result<User, SetRefusal> {
    let (name, email) = properties(index, edit.name, edit.email, edit.flags)?;
    let mut user = current.clone();
    user.name = name;
    user.email = email;
    user.flags = edit.flags;
    user.status = edit.status;
    Ok(user)
}

/// Name, email and flags checked on their own: a name people can read, a valid address, the
/// Pocket rule.
fn properties(
    index: usize,
    name: &str,
    email: Option<&str>,
    flags: UserFlags,
) -> Result<(String, Option<EmailAddress>), SetRefusal> {
    let invalid = |field: &str, message: String| {
        refusal(Some(index), RefusalKind::Invalid, Some(field), message)
    };
    let name =
        display_name("name", name, USER_NAME_CHARS).map_err(|e| invalid("name", e.to_string()))?;
    let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(raw) => Some(EmailAddress::parse(raw).map_err(|e| invalid("email", e.to_string()))?),
        None => None,
    };
    flags.validate().map_err(|_| {
        invalid(
            "flags.pocket",
            "Pocket can only be on together with Windows or InSite".to_owned(),
        )
    })?;
    Ok((name, email))
}

/// A change of a user's properties on its own, against the snapshot before the set.
pub(super) fn judge_edit(
    before: &Policy,
    actor: &Actor,
    index: usize,
    user: &User,
) -> Result<(), SetRefusal> {
    let at = Some(index);
    let Some(stored) = before.user(&user.id) else {
        return Err(refusal(
            at,
            RefusalKind::NotFound,
            Some("user"),
            "no such user in this environment".to_owned(),
        ));
    };
    let edit = UserEdit {
        name: &user.name,
        email: user.email.as_ref().map(EmailAddress::as_str),
        flags: user.flags,
        status: user.status,
    };
    if edited_user(index, stored, edit)? != *user {
        return Err(refusal(
            at,
            RefusalKind::Invalid,
            Some("user"),
            "only a user's name, email, flags and status change here, without spaces around the name"
                .to_owned(),
        ));
    }
    let home = match (&stored.code, before.participant) {
        (Some(code), Some(participant)) if code.participant() != participant => {
            Some(code.participant())
        }
        _ => None,
    };
    for (field, changed) in [
        ("name", stored.name != user.name),
        ("email", stored.email != user.email),
    ] {
        if let (Some(home), true) = (home, changed) {
            return Err(refusal(
                at,
                RefusalKind::Forbidden,
                Some(field),
                format!(
                    "{} is a collaborator from organisation {home}: only that organisation changes their {field}",
                    stored.name
                ),
            ));
        }
    }
    if user.flags.insite && !stored.flags.insite && stored.system {
        return Err(refusal(
            at,
            RefusalKind::Invalid,
            Some("flags.insite"),
            format!(
                "{} is a system user (a code only): InSite needs a user linked to a person",
                stored.name
            ),
        ));
    }
    not_self(actor, index, stored, user.status)
}

/// Nobody switches their own account off.
pub(super) fn not_self(
    actor: &Actor,
    index: usize,
    stored: &User,
    status: UserStatus,
) -> Result<(), SetRefusal> {
    if status == UserStatus::Deactivated
        && stored.is_active()
        && actor.user_id() == Some(&stored.id)
    {
        Err(refusal(
            Some(index),
            RefusalKind::Conflict,
            Some("status"),
            "you cannot deactivate your own account".to_owned(),
        ))
    } else {
        Ok(())
    }
}

/// Gives the user in `policy` the properties of `user`.
pub(super) fn edit(policy: &mut Policy, user: &User) {
    if let Some(stored) = policy.users.iter_mut().find(|u| u.id == user.id) {
        stored.name.clone_from(&user.name);
        stored.email.clone_from(&user.email);
        stored.flags = user.flags;
        stored.status = user.status;
    }
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
    code_of_organisation(before, code)
        .map_err(|message| refusal(at, RefusalKind::Invalid, Some("code"), message))
}

/// Whether a new user's `code` starts with the organisation's participant number (when the
/// snapshot knows it); the sentence saying whose codes these are when not.
pub fn code_of_organisation(policy: &Policy, code: &UserCode) -> Result<(), String> {
    match policy.participant {
        Some(participant) if code.participant() != participant => Err(format!(
            "user code {code} does not belong to this organisation, whose codes start with {participant}"
        )),
        _ => Ok(()),
    }
}

/// Codes and emails used twice after the set (letter case aside): a refusal for each new
/// or edited user that takes one another user has.
pub(super) fn clashes(before: &Policy, changes: &[SetChange]) -> Vec<SetRefusal> {
    let changed: Vec<(usize, &User)> = changes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            SetChange::CreateUser { user } | SetChange::EditUser { user } => Some((i, user)),
            _ => None,
        })
        .collect();
    if changed.is_empty() {
        return Vec::new();
    }
    let edited: BTreeSet<&UserId> = changes
        .iter()
        .filter_map(|c| match c {
            SetChange::EditUser { user } => Some(&user.id),
            _ => None,
        })
        .collect();
    let key = |user: &User| {
        (
            user.code.as_ref().map(|c| c.to_string().to_lowercase()),
            user.email.as_ref().map(EmailAddress::mailbox_key),
        )
    };
    // Who has each code and email after the set: users the set leaves alone by their code
    // (or name), users it creates or edits by the change's index.
    let mut codes: FxMap<String, Vec<Holder<'_>>> = FxMap::default();
    let mut emails: FxMap<String, Vec<Holder<'_>>> = FxMap::default();
    for user in before.users.iter().filter(|u| !edited.contains(&u.id)) {
        let (code, email) = key(user);
        if let Some(code) = code {
            codes.entry(code).or_default().push(Holder::Stored(user));
        }
        if let Some(email) = email {
            emails.entry(email).or_default().push(Holder::Stored(user));
        }
    }
    for (index, user) in &changed {
        let (code, email) = key(user);
        if let Some(code) = code {
            codes
                .entry(code)
                .or_default()
                .push(Holder::Changed(*index, user));
        }
        if let Some(email) = email {
            emails
                .entry(email)
                .or_default()
                .push(Holder::Changed(*index, user));
        }
    }
    let mut refusals = Vec::new();
    for (field, holders) in [("code", &codes), ("email", &emails)] {
        for list in holders.values().filter(|l| l.len() > 1) {
            for holder in list {
                let Holder::Changed(index, user) = holder else {
                    continue;
                };
                let other = list
                    .iter()
                    .find(|h| !matches!(h, Holder::Changed(i, _) if i == index))
                    .map(|h| h.describe(changes))
                    .unwrap_or_default();
                let value = if field == "code" {
                    user.code.as_ref().map(ToString::to_string)
                } else {
                    user.email.as_ref().map(|e| e.as_str().to_owned())
                }
                .unwrap_or_default();
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

/// Who holds a code or an email: a user the set leaves alone, or the user of change `.0`.
enum Holder<'p> {
    Stored(&'p User),
    Changed(usize, &'p User),
}

impl Holder<'_> {
    fn describe(&self, changes: &[SetChange]) -> String {
        let named = |user: &User| {
            user.code
                .as_ref()
                .map_or_else(|| user.name.clone(), ToString::to_string)
        };
        match self {
            Holder::Stored(user) => named(user),
            Holder::Changed(index, _)
                if matches!(changes[*index], SetChange::CreateUser { .. }) =>
            {
                format!("another new user of this set (change {index})")
            }
            Holder::Changed(_, user) => named(user),
        }
    }
}
