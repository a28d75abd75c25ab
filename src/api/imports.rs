//! Importing users from a CSV file.

use gatehouse_wire::{ImportRequest, ImportResult};

use super::{send_json, ApiFailure};

/// Imports the users file `csv` into `env` (account owner only): with `dry_run` every line's
/// outcome without writing anything, else the whole file as one change set. A line in
/// error refuses the import with 422 naming it (`line 17, email: …`, field `csv`); a file
/// whose change set breaks access tests is refused for them unless `override_tests` (the
/// account owner only).
pub async fn import_users(
    env: &str,
    csv: &str,
    dry_run: bool,
    override_tests: bool,
) -> Result<ImportResult, ApiFailure> {
    let body = ImportRequest {
        csv: csv.to_owned(),
        dry_run,
        override_tests,
    };
    if crate::demo::is_active() {
        return crate::demo::import_users(env, &body);
    }
    send_json(
        "POST",
        &format!("/environments/{env}/imports/users"),
        Some(&body),
    )
    .await
}
