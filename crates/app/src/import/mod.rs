//! Importing users from a CSV file: [`plan_user_import`] reads the file against the
//! environment's snapshot and says, line by line, which users it creates, changes or leaves
//! alone and which lines cannot be imported (with the line number and the column), and gives
//! the change requests that perform the whole import as one change set. The server and the
//! static demo plan with this one function and write through their change-set path, whose
//! decision ([`gatehouse_policy::decide`]) stays the last word: its refusals are put back on
//! their lines with [`ImportPlan::refuse`].
//!
//! Every property is checked by the policy crate's own readers (`user_from_input`,
//! `edited_user`, `UserCode::parse`); this module reads the file, names groups by their
//! display names, and reports what only a file can get wrong: a code or an email given on two
//! lines, and values that are no value of their column.

mod outcome;
mod plan;
mod read;

use std::collections::HashMap;
use std::fmt;

use gatehouse_policy::{Policy, SetRefusal};
use gatehouse_wire::{ChangeRequest, ChangeSetResult, ImportLine, ImportOutcome, ImportResult};

pub use read::{Column, MAX_IMPORT_BYTES, MAX_IMPORT_LINES};

/// Why a file, or one line of it, cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The line it is on (the header is line 1); `None` for the file as a whole.
    pub line: Option<usize>,
    /// The column it is about, if one.
    pub field: Option<String>,
    /// What is wrong, for people.
    pub message: String,
}

impl ImportError {
    fn file(message: String) -> Self {
        Self {
            line: None,
            field: None,
            message,
        }
    }

    fn at(line: usize, field: Option<&str>, message: String) -> Self {
        Self {
            line: Some(line),
            field: field.map(str::to_owned),
            message,
        }
    }
}

impl fmt::Display for ImportError {
    /// `line 17, email: already used by Fleur Smit (12345.FSmit)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.field) {
            (Some(line), Some(field)) => write!(f, "line {line}, {field}: {}", self.message),
            (Some(line), None) => write!(f, "line {line}: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// What the import does with one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineOutcome {
    /// Creates the user.
    New,
    /// Changes these columns of an existing user, in column order.
    Changed(Vec<Column>),
    /// Leaves an existing user as it is.
    Unchanged,
    /// Cannot be imported.
    Error {
        /// The column it is about, if one.
        field: Option<String>,
        /// What is wrong.
        message: String,
    },
}

/// One data line of the file and what the import does with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedLine {
    /// Where the line starts in the file (the header is line 1).
    pub line: usize,
    /// The user code as the line gives it, trimmed.
    pub code: String,
    /// What happens to it.
    pub outcome: LineOutcome,
}

/// A planned import: every data line's outcome, and the change requests of the lines that
/// can be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    /// The data lines, in file order.
    pub lines: Vec<PlannedLine>,
    requests: Vec<ChangeRequest>,
    /// For each request, the index in `lines` of the line it comes from.
    request_lines: Vec<usize>,
}

/// Plans importing the users file `csv` into the environment whose snapshot is `policy` and
/// whose code is `environment` (new users get the id `usr-<environment>-<code>`, so the
/// requests can add them to groups in the same set); `versions` are the stored users'
/// versions by id, which the requests that change a user carry. The same file and data
/// always give the same plan.
///
/// A file that cannot be read at all (too large, not UTF-8, more than
/// [`MAX_IMPORT_LINES`] lines, a header without `code` or with an unknown or repeated
/// column) is an error; anything wrong within a data line is that line's outcome.
pub fn plan_user_import(
    csv: &[u8],
    policy: &Policy,
    versions: &HashMap<String, i64>,
    environment: &str,
) -> Result<ImportPlan, ImportError> {
    let (header, records) = read::read(csv)?;
    Ok(plan::plan(&header, &records, policy, versions, environment))
}

impl ImportPlan {
    /// The change requests that perform the import of the lines without an error (the
    /// whole import when [`ImportPlan::first_error`] is `None`); empty when nothing changes.
    pub fn requests(&self) -> &[ChangeRequest] {
        &self.requests
    }

    /// The first line in error, as an error naming its line and column.
    pub fn first_error(&self) -> Option<ImportError> {
        self.lines.iter().find_map(|l| match &l.outcome {
            LineOutcome::Error { field, message } => Some(ImportError {
                line: Some(l.line),
                field: field.clone(),
                message: message.clone(),
            }),
            _ => None,
        })
    }

    /// Puts the refusals of deciding [`ImportPlan::requests`] on the lines they come from
    /// (the first refusal of a line wins; a line in error already keeps its error). Returns
    /// the first refusal of the set as a whole (the lock-out guard), which is on no line.
    pub fn refuse(&mut self, refusals: &[SetRefusal]) -> Option<String> {
        let mut whole = None;
        for refusal in refusals {
            let Some(at) = refusal.index.and_then(|i| self.request_lines.get(i)) else {
                whole.get_or_insert_with(|| readable(&refusal.message));
                continue;
            };
            if let Some(line) = self.lines.get_mut(*at) {
                if !matches!(line.outcome, LineOutcome::Error { .. }) {
                    line.outcome = LineOutcome::Error {
                        field: column_of(refusal.field.as_deref()),
                        message: readable(&refusal.message),
                    };
                }
            }
        }
        whole
    }

    /// The wire answer: every line with its outcome and the counts; `result` is the change
    /// set's answer when one was decided (its `applied` counts unless `dry_run`).
    pub fn result(&self, dry_run: bool, result: Option<ChangeSetResult>) -> ImportResult {
        let mut answer = ImportResult {
            dry_run,
            lines: Vec::with_capacity(self.lines.len()),
            new: 0,
            changed: 0,
            unchanged: 0,
            errors: 0,
            applied: match &result {
                Some(result) if !dry_run => result.applied,
                _ => 0,
            },
            result,
        };
        for line in &self.lines {
            let (outcome, fields, field, message) = match &line.outcome {
                LineOutcome::New => {
                    answer.new += 1;
                    (ImportOutcome::New, Vec::new(), None, None)
                }
                LineOutcome::Changed(columns) => {
                    answer.changed += 1;
                    let fields = columns.iter().map(|c| c.name().to_owned()).collect();
                    (ImportOutcome::Changed, fields, None, None)
                }
                LineOutcome::Unchanged => {
                    answer.unchanged += 1;
                    (ImportOutcome::Unchanged, Vec::new(), None, None)
                }
                LineOutcome::Error { field, message } => {
                    answer.errors += 1;
                    let message = Some(message.clone());
                    (ImportOutcome::Error, Vec::new(), field.clone(), message)
                }
            };
            answer.lines.push(ImportLine {
                line: line.line,
                code: line.code.clone(),
                outcome,
                fields,
                field,
                message,
            });
        }
        answer
    }
}

/// The column a refusal's field is about (`flags.pocket` is the `pocket` column).
fn column_of(field: Option<&str>) -> Option<String> {
    field.map(|field| {
        match field {
            "flags.windows" => "windows",
            "flags.insite" => "insite",
            "flags.pocket" => "pocket",
            "user" => "code",
            "group" => "groups",
            other => other,
        }
        .to_owned()
    })
}

/// A message of the policy crate for people: without the backticks it quotes input in.
fn readable(message: &str) -> String {
    message.replace('`', "")
}

#[cfg(test)]
mod tests;
