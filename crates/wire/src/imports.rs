//! Importing users from a CSV file (`POST /environments/{env}/imports/users`): the file in,
//! a verdict per line out, and — unless it is a dry run — one change set that writes it all.

use serde::{Deserialize, Serialize};

use crate::ChangeSetResult;

/// The body of `POST /environments/{env}/imports/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// The CSV file as text: a header line (`code` required; `name`, `email`, `status`,
    /// `groups`, `windows`, `insite`, `pocket`), separated by `,` or `;`; at most 10,000
    /// data lines and 10 MiB.
    pub csv: String,
    /// Plan and report every line without writing anything.
    #[serde(default)]
    pub dry_run: bool,
    /// Write the file even though its change set breaks access tests (the account owner
    /// only; the override is audited). Without it, such a file is refused with 409 listing
    /// the tests.
    #[serde(default)]
    pub override_tests: bool,
}

/// What an import does with one line of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// A user that does not exist yet: created.
    New,
    /// An existing user whose fields differ: changed.
    Changed,
    /// An existing user the line leaves as it is.
    Unchanged,
    /// The line cannot be imported; nothing is written while any line is.
    Error,
}

/// The verdict on one data line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportLine {
    /// The line number in the file where the line starts (the header is line 1; a quoted
    /// field that spans lines counts each of them).
    pub line: usize,
    /// The user code as the line gives it (possibly malformed when the outcome is an error).
    pub code: String,
    /// New, changed, unchanged or error.
    pub outcome: ImportOutcome,
    /// For a changed user, the columns that change (`email`, `groups`, …), in column order.
    #[serde(default)]
    pub fields: Vec<String>,
    /// For an error, the column it is about, if one (`email`, `groups`, …).
    #[serde(default)]
    pub field: Option<String>,
    /// For an error, what is wrong, naming groups and users by name and code.
    #[serde(default)]
    pub message: Option<String>,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportResult {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// Every data line of the file, in file order.
    pub lines: Vec<ImportLine>,
    /// How many lines create a user.
    pub new: usize,
    /// How many lines change a user.
    pub changed: usize,
    /// How many lines leave their user as it is.
    pub unchanged: usize,
    /// How many lines cannot be imported.
    pub errors: usize,
    /// How many changes were written (users created or changed, memberships added or
    /// removed); 0 for a dry run and for a file that changes nothing.
    pub applied: usize,
    /// The change set's result (impact, stored users and groups) when one was decided: with
    /// a dry run its preview, else what was written; absent when nothing changes or a line
    /// is in error.
    #[serde(default)]
    pub result: Option<ChangeSetResult>,
}
