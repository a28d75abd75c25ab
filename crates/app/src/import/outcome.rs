//! What the read lines lead to: an email held by one user across the file and the users it
//! leaves alone, then each line's outcome and the change requests that perform it.

use std::collections::{BTreeSet, HashMap};

use gatehouse_policy::{Policy, User, UserId};
use gatehouse_wire::ChangeRequest;

use super::plan::{Draft, Failure};
use super::read::Column;
use super::{LineOutcome, PlannedLine};

/// Who has an email after the import: a user the file leaves alone, or a line's user.
enum Holder<'p> {
    Stored(&'p User),
    Line(usize),
}

/// An email belongs to one user after the import, letter case aside: a line that gives one
/// a user the file leaves alone has, or an earlier line gives, is in error.
pub(super) fn unique_emails<'p>(
    policy: &'p Policy,
    lines: &[PlannedLine],
    drafts: &mut [Draft<'p>],
) {
    let touched: BTreeSet<&'p UserId> = drafts
        .iter()
        .filter_map(|d| match d {
            Draft::Ready {
                stored: Some(user), ..
            } => {
                let user: &'p User = user;
                Some(&user.id)
            }
            _ => None,
        })
        .collect();
    let mut holders: HashMap<String, Holder<'p>> = policy
        .users
        .iter()
        .filter(|u| !touched.contains(&u.id))
        .filter_map(|u| Some((u.email.as_ref()?.mailbox_key(), Holder::Stored(u))))
        .collect();
    for (at, draft) in drafts.iter_mut().enumerate() {
        let Draft::Ready { wanted, .. } = draft else {
            continue;
        };
        let Some(email) = &wanted.email else {
            continue;
        };
        let message = match holders.get(&email.mailbox_key()) {
            None => {
                holders.insert(email.mailbox_key(), Holder::Line(at));
                continue;
            }
            Some(Holder::Stored(other)) => format!("already used by {}", named(other)),
            Some(Holder::Line(first)) => {
                format!("{email} is also on line {}", lines[*first].line)
            }
        };
        *draft = Draft::error(Column::Email, message);
    }
}

/// "Fleur Smit (12345.FSmit)".
fn named(user: &User) -> String {
    match &user.code {
        Some(code) => format!("{} ({code})", user.name),
        None => user.name.clone(),
    }
}

/// The line's outcome, with its change requests appended to `requests`.
pub(super) fn outcome(
    draft: Draft<'_>,
    versions: &HashMap<String, i64>,
    requests: &mut Vec<ChangeRequest>,
) -> LineOutcome {
    let (stored, wanted, groups) = match draft {
        Draft::Error(Failure { field, message }) => return LineOutcome::Error { field, message },
        Draft::Ready {
            stored,
            wanted,
            groups,
        } => (stored, wanted, groups),
    };
    let user = wanted.id.to_string();
    let Some(stored) = stored else {
        requests.push(ChangeRequest::CreateUser {
            user: Some(user.clone()),
            code: wanted
                .code
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            name: wanted.name.clone(),
            email: wanted.email.as_ref().map(ToString::to_string),
            flags: wanted.flags.into(),
        });
        for group in groups.iter().flatten() {
            requests.push(ChangeRequest::AddMember {
                group: group.to_string(),
                user: user.clone(),
            });
        }
        return LineOutcome::New;
    };
    let changed: Vec<Column> = Column::ALL
        .into_iter()
        .filter(|column| match column {
            Column::Code => false,
            Column::Name => wanted.name != stored.name,
            Column::Email => wanted.email != stored.email,
            Column::Status => wanted.status != stored.status,
            Column::Groups => groups.as_ref().is_some_and(|g| *g != stored.groups),
            Column::Windows => wanted.flags.windows != stored.flags.windows,
            Column::Insite => wanted.flags.insite != stored.flags.insite,
            Column::Pocket => wanted.flags.pocket != stored.flags.pocket,
        })
        .collect();
    if changed.is_empty() {
        return LineOutcome::Unchanged;
    }
    if changed.iter().any(|c| *c != Column::Groups) {
        let Some(version) = versions.get(&user) else {
            return LineOutcome::Error {
                field: None,
                message: format!(
                    "the stored version of {} is unknown: reload and import again",
                    named(stored)
                ),
            };
        };
        requests.push(ChangeRequest::UpdateUser {
            user: user.clone(),
            version: *version,
            name: wanted.name.clone(),
            email: wanted.email.as_ref().map(ToString::to_string),
            flags: wanted.flags.into(),
            status: wanted.status.into(),
        });
    }
    if let Some(groups) = &groups {
        for group in stored.groups.difference(groups) {
            requests.push(ChangeRequest::RemoveMember {
                group: group.to_string(),
                user: user.clone(),
            });
        }
        for group in groups.difference(&stored.groups) {
            requests.push(ChangeRequest::AddMember {
                group: group.to_string(),
                user: user.clone(),
            });
        }
    }
    LineOutcome::Changed(changed)
}
