//! The sentences decisions and lint findings are explained with, in one place so the studio
//! and the server always say the same thing.

use crate::grants::Subject;
use crate::roles::Role;

/// "user grant Preview Only", "group Marketing grant Editor", "All Users grant Editor".
pub(crate) fn grant_phrase(subject: &Subject, subject_name: &str, role: Role) -> String {
    match subject {
        Subject::AllUsers => format!("All Users grant {role}"),
        Subject::Group(_) => format!("group {subject_name} grant {role}"),
        Subject::User(_) => format!("user grant {role}"),
    }
}

/// "All Users grants Editor in Staging", "group Marketing grants Owner in Staging",
/// "the user's own grant gives Editor in Staging".
pub(crate) fn source_phrase(
    subject: &Subject,
    subject_name: &str,
    role: Role,
    env: &str,
) -> String {
    match subject {
        Subject::AllUsers => format!("All Users grants {role} in {env}"),
        Subject::Group(_) => format!("group {subject_name} grants {role} in {env}"),
        Subject::User(_) => format!("the user's own grant gives {role} in {env}"),
    }
}

/// "user grant Preview Only of Bob on CRM", "group Marketing grant Editor on CRM": a grant
/// named without the context of one decision.
pub(crate) fn lint_phrase(
    subject: &Subject,
    subject_name: &str,
    role: Role,
    resource: &str,
) -> String {
    match subject {
        Subject::User(_) => format!("user grant {role} of {subject_name} on {resource}"),
        _ => format!(
            "{} on {resource}",
            grant_phrase(subject, subject_name, role)
        ),
    }
}

/// "user grant Preview Only has no effect: All Users grants Editor in Staging".
pub(crate) fn no_effect(shadowed: &str, because: &str) -> String {
    format!("{shadowed} has no effect: {because}")
}

/// "All Users grant Editor does not apply: the user's own grant gives Preview Only in
/// Staging, and the most specific grant wins".
pub(crate) fn overridden(shadowed: &str, because: &str) -> String {
    format!("{shadowed} does not apply: {because}, and the most specific grant wins")
}

/// The reason every grant of an account owner is without effect.
pub(crate) const ACCOUNT_OWNER: &str = "the account owner has Owner everywhere";

/// The reason every grant of a deactivated user is without effect.
pub(crate) const DEACTIVATED: &str = "the account is deactivated";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::AppRole;

    #[test]
    fn the_seed_example_reads_as_one_sentence() {
        let user = Subject::User(crate::ids::UserId::parse("bob").unwrap());
        let shadowed = grant_phrase(&user, "Bob", Role::App(AppRole::PreviewOnly));
        let because = source_phrase(
            &Subject::AllUsers,
            "All Users",
            Role::App(AppRole::Editor),
            "Staging",
        );
        assert_eq!(
            no_effect(&shadowed, &because),
            "user grant Preview Only has no effect: All Users grants Editor in Staging"
        );
    }
}
