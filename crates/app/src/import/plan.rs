//! Planning the data lines: each line read into the user it asks for (by the policy crate's
//! `user_from_input` or `edited_user`), its groups found by name; then (in `outcome`) checked
//! against the other lines and the users the file leaves alone, and turned into change
//! requests.

use std::collections::{BTreeSet, HashMap};

use gatehouse_policy::naming::GROUP_NAME_CHARS;
use gatehouse_policy::{
    edited_user, user_from_input, EmailAddress, Group, GroupId, Policy, SetRefusal, Subject, User,
    UserCode, UserEdit, UserFlags, UserInput, UserStatus,
};

use super::outcome::{outcome, unique_emails};
use super::read::{Column, Header, Record};
use super::{column_of, readable, ImportPlan, LineOutcome, PlannedLine};
use crate::csv_export::{groups_cell, unprotect};

/// Why a line cannot be imported.
pub(super) struct Failure {
    pub(super) field: Option<String>,
    pub(super) message: String,
}

/// A line read on its own: an error, or the user as the line wants it.
pub(super) enum Draft<'p> {
    Error(Failure),
    Ready {
        /// The user the line is about, when it exists.
        stored: Option<&'p User>,
        /// The user as the line wants it.
        wanted: User,
        /// The complete list of groups, when the file has a `groups` column.
        groups: Option<BTreeSet<GroupId>>,
    },
}

impl Failure {
    pub(super) fn on(field: Column, message: String) -> Self {
        Failure {
            field: Some(field.name().to_owned()),
            message,
        }
    }
}

impl Draft<'_> {
    pub(super) fn error(field: Column, message: String) -> Self {
        Draft::Error(Failure::on(field, message))
    }
}

/// The snapshot, looked up by what a file names things by.
struct Lookup<'p> {
    policy: &'p Policy,
    /// Users by code, letter case aside (codes are unique so).
    by_code: HashMap<String, &'p User>,
    /// Groups by name, letter case aside (names are unique so).
    groups: HashMap<String, &'p Group>,
    /// Groups' names by id.
    names: HashMap<&'p GroupId, &'p str>,
    /// The built-in group's name, letter case aside.
    all_users: String,
    environment: &'p str,
}

pub(super) fn plan(
    header: &Header,
    records: &[Record],
    policy: &Policy,
    versions: &HashMap<String, i64>,
    environment: &str,
) -> ImportPlan {
    let lookup = Lookup {
        policy,
        by_code: policy
            .users
            .iter()
            .filter_map(|u| Some((u.code.as_ref()?.to_string().to_lowercase(), u)))
            .collect(),
        groups: policy
            .groups
            .iter()
            .map(|g| (g.name.to_lowercase(), g))
            .collect(),
        names: policy
            .groups
            .iter()
            .map(|g| (&g.id, g.name.as_str()))
            .collect(),
        all_users: policy.subject_name(&Subject::AllUsers).to_lowercase(),
        environment,
    };
    let mut codes: HashMap<String, usize> = HashMap::new();
    let mut lines = Vec::with_capacity(records.len());
    let mut drafts = Vec::with_capacity(records.len());
    for record in records {
        let (code, draft) = lookup.draft(header, record, &mut codes);
        lines.push(PlannedLine {
            line: record.line,
            code,
            outcome: LineOutcome::Unchanged,
        });
        drafts.push(draft);
    }
    unique_emails(policy, &lines, &mut drafts);
    let mut plan = ImportPlan {
        lines,
        requests: Vec::new(),
        request_lines: Vec::new(),
    };
    for (at, draft) in drafts.into_iter().enumerate() {
        let before = plan.requests.len();
        let outcome = outcome(draft, versions, &mut plan.requests);
        plan.request_lines
            .extend(std::iter::repeat_n(at, plan.requests.len() - before));
        plan.lines[at].outcome = outcome;
    }
    plan
}

impl<'p> Lookup<'p> {
    /// The line's code as given and what the line asks for; `codes` holds the lines the
    /// codes seen so far are on.
    fn draft(
        &self,
        header: &Header,
        record: &Record,
        codes: &mut HashMap<String, usize>,
    ) -> (String, Draft<'p>) {
        let cell = |column: Column| {
            header
                .position(column)
                .map(|at| unprotect(record.fields.get(at).unwrap_or_default()))
        };
        let code = cell(Column::Code).unwrap_or_default().trim().to_owned();
        if record.fields.len() != header.width() {
            let hint = if record.fields.iter().any(|f| f.contains('\n')) {
                " (a quote that is not closed joins the lines after it)"
            } else {
                ""
            };
            let message = format!(
                "has {} fields where the header has {}{hint}",
                record.fields.len(),
                header.width()
            );
            return (
                code,
                Draft::Error(Failure {
                    field: None,
                    message,
                }),
            );
        }
        if code.is_empty() {
            let message = "the user code is missing".to_owned();
            return (code, Draft::error(Column::Code, message));
        }
        let parsed = match UserCode::parse(&code) {
            Ok(parsed) => parsed,
            Err(err) => return (code, Draft::error(Column::Code, readable(&err.to_string()))),
        };
        let key = code.to_lowercase();
        if let Some(first) = codes.get(&key) {
            let message = format!("{code} is also on line {first}: give each user one line");
            return (code, Draft::error(Column::Code, message));
        }
        codes.insert(key.clone(), record.line);
        let draft = self.read_line(&cell, &parsed, self.by_code.get(&key).copied());
        (code, draft)
    }

    /// The user line `cell` asks for: `stored` changed, or a new user with `code`.
    fn read_line<'c>(
        &self,
        cell: &impl Fn(Column) -> Option<&'c str>,
        code: &UserCode,
        stored: Option<&'p User>,
    ) -> Draft<'p> {
        let status = match cell(Column::Status)
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) if s.eq_ignore_ascii_case("active") => Some(UserStatus::Active),
            Some(s) if s.eq_ignore_ascii_case("deactivated") => Some(UserStatus::Deactivated),
            Some(s) => {
                let message = format!("status must be active or deactivated, not {s}");
                return Draft::error(Column::Status, message);
            }
        };
        let current = stored.map(|u| u.flags).unwrap_or_default();
        let mut flags = UserFlags::default();
        for (column, current, slot) in [
            (Column::Windows, current.windows, &mut flags.windows),
            (Column::Insite, current.insite, &mut flags.insite),
            (Column::Pocket, current.pocket, &mut flags.pocket),
        ] {
            *slot = match flag(cell(column)) {
                Ok(value) => value.unwrap_or(current),
                Err(value) => {
                    let message = format!(
                        "{} must be yes or no (or true/false, 1/0), not {value}",
                        column.name()
                    );
                    return Draft::error(column, message);
                }
            };
        }
        let groups = cell(Column::Groups).map(|cell| match stored {
            // Exactly what the export writes: as stored, however else the names could read.
            Some(stored) if cell == groups_cell(&self.names, stored) => Ok(stored.groups.clone()),
            _ => self.group_ids(cell),
        });
        let groups = match groups.transpose() {
            Ok(groups) => groups,
            Err(message) => return Draft::error(Column::Groups, message),
        };
        let email = cell(Column::Email);
        let read = match stored {
            Some(stored) => {
                let edit = UserEdit {
                    name: cell(Column::Name).unwrap_or(&stored.name),
                    email: email.or(stored.email.as_ref().map(EmailAddress::as_str)),
                    flags,
                    status: status.unwrap_or(stored.status),
                };
                edited_user(0, stored, edit).map_err(|r| refused(&r))
            }
            None => self.new_user(cell, code, email, flags, status),
        };
        match read {
            Ok(wanted) => Draft::Ready {
                stored,
                wanted,
                groups,
            },
            Err(failure) => Draft::Error(failure),
        }
    }

    /// A new user with `code`, as `user_from_input` reads it; a line that cannot make one
    /// is its error.
    fn new_user<'c>(
        &self,
        cell: &impl Fn(Column) -> Option<&'c str>,
        code: &UserCode,
        email: Option<&str>,
        flags: UserFlags,
        status: Option<UserStatus>,
    ) -> Result<User, Failure> {
        let Some(name) = cell(Column::Name) else {
            let message = format!("{code} is a new user, who needs a name: add a name column");
            return Err(Failure::on(Column::Name, message));
        };
        if status == Some(UserStatus::Deactivated) {
            let message = format!(
                "{code} is a new user, who starts active: import them active, then deactivate them"
            );
            return Err(Failure::on(Column::Status, message));
        }
        gatehouse_policy::code_of_organisation(self.policy, code)
            .map_err(|message| Failure::on(Column::Code, message))?;
        let id = format!("usr-{}-{code}", self.environment);
        let code = code.to_string();
        let input = UserInput {
            id: &id,
            code: &code,
            name,
            email,
            flags,
        };
        user_from_input(0, input).map_err(|r| refused(&r))
    }

    /// The groups a `groups` cell names, by display name separated by `|`. A name may hold
    /// `|` itself: the longest run of pieces that names a group is taken (a cell exactly as
    /// the export writes a user's groups is read as those groups before this).
    fn group_ids(&self, cell: &str) -> Result<BTreeSet<GroupId>, String> {
        let pieces: Vec<&str> = cell.split('|').collect();
        let mut ids = BTreeSet::new();
        let mut at = 0;
        while at < pieces.len() {
            let mut name = String::new();
            let mut found = None;
            for (end, piece) in pieces.iter().enumerate().skip(at) {
                if end > at {
                    name.push('|');
                }
                name.push_str(piece);
                let trimmed = name.trim();
                if trimmed.chars().count() > GROUP_NAME_CHARS {
                    break;
                }
                if let Some(group) = self.groups.get(&trimmed.to_lowercase()) {
                    found = Some((end + 1, *group));
                }
            }
            match found {
                Some((next, group)) => {
                    ids.insert(group.id.clone());
                    at = next;
                }
                None => {
                    let name = pieces[at].trim();
                    if name.to_lowercase() == self.all_users {
                        return Err(format!(
                            "{name} holds every user already: leave it out of groups"
                        ));
                    }
                    if !name.is_empty() {
                        return Err(format!("there is no group {name} here"));
                    }
                    at += 1;
                }
            }
        }
        Ok(ids)
    }
}

/// A yes/no cell: `None` when empty (keep), the text when it is no such value.
fn flag(cell: Option<&str>) -> Result<Option<bool>, String> {
    let Some(value) = cell.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match value.to_lowercase().as_str() {
        "yes" | "true" | "1" => Ok(Some(true)),
        "no" | "false" | "0" => Ok(Some(false)),
        _ => Err(value.to_owned()),
    }
}

/// A refusal of the policy crate's readers as the line's failure, on its column.
fn refused(refusal: &SetRefusal) -> Failure {
    Failure {
        field: column_of(refusal.field.as_deref()),
        message: readable(&refusal.message),
    }
}
