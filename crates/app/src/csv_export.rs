//! CSV downloads: the users of an environment (the file [`crate::plan_user_import`] reads
//! back unchanged), one resource's grants, and one user's effective access. RFC 4180 quoting
//! by the `csv` crate, `,` between fields, CRLF after each line.
//!
//! A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return, after any apostrophes) is written with one apostrophe before it, as
//! spreadsheets themselves mark text; the import takes that one apostrophe off again, so an
//! export imports back unchanged.

use std::collections::HashMap;

use gatehouse_policy::{Basis, EmailAddress, GroupId, Policy, Subject, User, UserStatus};
use gatehouse_wire::{ResourcePermissions, UserAccess};

use crate::import::Column;

/// The users of `policy` with a code, by code: `code,name,email,status,groups,windows,
/// insite,pocket`, groups by display name joined with `|` (All Users is implicit and left
/// out), flags as `yes`/`no`.
pub fn users_csv(policy: &Policy) -> String {
    let names: HashMap<&GroupId, &str> = policy
        .groups
        .iter()
        .map(|g| (&g.id, g.name.as_str()))
        .collect();
    let mut users: Vec<_> = policy
        .users
        .iter()
        .filter_map(|u| Some((u.code.as_ref()?, u)))
        .collect();
    users.sort_by(|a, b| a.0.cmp(b.0));
    let header = Column::ALL.map(Column::name).map(str::to_owned);
    let rows = users.into_iter().map(|(code, user)| {
        [
            code.to_string(),
            user.name.clone(),
            user.email
                .as_ref()
                .map(EmailAddress::to_string)
                .unwrap_or_default(),
            match user.status {
                UserStatus::Active => "active",
                UserStatus::Deactivated => "deactivated",
            }
            .to_owned(),
            groups_cell(&names, user),
            yes_no(user.flags.windows),
            yes_no(user.flags.insite),
            yes_no(user.flags.pocket),
        ]
    });
    write(header, rows)
}

/// One resource's grants, in the order of `permissions` (All Users, groups, users):
/// `subject_kind,subject,code,role,environments,expires`. `user_codes` gives the users' codes
/// by id (`(id, code)`, e.g. from the users list); environments are named, joined with `|`;
/// the expiry is UTC (`2026-05-01T00:00:00Z`), empty for none.
pub fn grants_csv(permissions: &ResourcePermissions, user_codes: &[(String, String)]) -> String {
    let codes: HashMap<&str, &str> = user_codes
        .iter()
        .map(|(id, code)| (id.as_str(), code.as_str()))
        .collect();
    let environments: HashMap<&str, &str> = permissions
        .environments
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let header = [
        "subject_kind",
        "subject",
        "code",
        "role",
        "environments",
        "expires",
    ]
    .map(str::to_owned);
    let rows = permissions.grants.iter().map(|grant| {
        let (kind, code) = match &grant.subject.subject {
            Subject::AllUsers => ("all_users", ""),
            Subject::Group(_) => ("group", ""),
            Subject::User(id) => ("user", codes.get(id.as_str()).copied().unwrap_or_default()),
        };
        let in_environments: Vec<&str> = permissions
            .environments
            .iter()
            .filter(|e| grant.environments.contains(&e.id))
            .map(|e| e.name.as_str())
            .chain(
                grant
                    .environments
                    .iter()
                    .filter(|e| !environments.contains_key(e.as_str()))
                    .map(String::as_str),
            )
            .collect();
        [
            kind.to_owned(),
            grant.subject.name.clone(),
            code.to_owned(),
            grant.role.to_string(),
            in_environments.join("|"),
            grant.expires_at.map(utc).unwrap_or_default(),
        ]
    });
    write(header, rows)
}

/// One user's effective access, a line per resource and data environment:
/// `user,resource,environment,role,basis,decided_by,summary`. `resource_names` gives the
/// resources' names by id (`(id, name)`, e.g. from the resource lists); `decided_by` names
/// the grant's subject that won, if a grant did.
pub fn access_csv(access: &UserAccess, resource_names: &[(String, String)]) -> String {
    let resources: HashMap<&str, &str> = resource_names
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str()))
        .collect();
    let environments: HashMap<&str, &str> = access
        .environments
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let header = [
        "user",
        "resource",
        "environment",
        "role",
        "basis",
        "decided_by",
        "summary",
    ]
    .map(str::to_owned);
    let rows = access.decisions.iter().map(|decision| {
        let resource = decision.resource.as_str();
        let environment = decision.environment.as_str();
        [
            access.code.clone(),
            resources
                .get(resource)
                .copied()
                .unwrap_or(resource)
                .to_owned(),
            environments
                .get(environment)
                .copied()
                .unwrap_or(environment)
                .to_owned(),
            decision.role.to_string(),
            match decision.basis {
                Basis::AccountOwner => "account owner",
                Basis::Deactivated => "deactivated",
                Basis::Grant => "grant",
                Basis::NoGrant => "no grant",
            }
            .to_owned(),
            decision
                .winner
                .as_ref()
                .map(|w| w.subject_name.clone())
                .unwrap_or_default(),
            decision.summary.clone(),
        ]
    });
    write(header, rows)
}

/// A user's groups as the export writes them: display names, sorted, joined with `|`.
pub(crate) fn groups_cell(names: &HashMap<&GroupId, &str>, user: &User) -> String {
    let mut groups: Vec<&str> = user
        .groups
        .iter()
        .filter_map(|g| names.get(g).copied())
        .collect();
    groups.sort_unstable();
    groups.join("|")
}

/// The cell as written: with one apostrophe before it when a spreadsheet would run it as a
/// formula (see the module's documentation).
pub(crate) fn protect(cell: &str) -> String {
    if runs_as_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The cell as meant: [`protect`] undone.
pub(crate) fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if runs_as_formula(rest) => rest,
        _ => cell,
    }
}

/// Whether a spreadsheet reads `cell` as a formula once the apostrophes before it are gone.
fn runs_as_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn yes_no(on: bool) -> String {
    if on { "yes" } else { "no" }.to_owned()
}

/// `header` and `rows` as CSV text, every cell [`protect`]ed.
fn write<const N: usize>(header: [String; N], rows: impl Iterator<Item = [String; N]>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let written = std::iter::once(header)
        .chain(rows)
        .try_for_each(|row| writer.write_record(row.iter().map(|c| protect(c))));
    // Writing to memory cannot fail; an empty download would say so if it ever did.
    match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => String::from_utf8(bytes).unwrap_or_default(),
        _ => String::new(),
    }
}

/// Unix seconds as a UTC date and time, `2026-05-01T13:45:00Z`.
fn utc(seconds: i64) -> String {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use gatehouse_policy::{
        AppRole, Contribution, Decision, EnvironmentId, Precedence, ResourceId, ResourceKind, Role,
        UserId,
    };
    use gatehouse_wire::{DataEnvironment, GrantView, ResourceSummary, SubjectView};

    use super::*;

    fn environments() -> Vec<DataEnvironment> {
        [("production", "Production"), ("staging", "Staging")]
            .map(|(id, name)| DataEnvironment {
                id: id.to_owned(),
                name: name.to_owned(),
                builtin: true,
            })
            .to_vec()
    }

    fn grant(subject: Subject, name: &str, role: AppRole, expires_at: Option<i64>) -> GrantView {
        GrantView {
            id: format!("grant-{name}"),
            resource: "res-crm".to_owned(),
            subject: SubjectView {
                subject,
                name: name.to_owned(),
            },
            role: Role::App(role),
            environments: vec!["staging".to_owned(), "production".to_owned()],
            expires_at,
            version: 1,
        }
    }

    #[test]
    fn grants_name_their_subject_code_role_environments_and_expiry() {
        let fleur = UserId::parse("usr-fleur").unwrap();
        let permissions = ResourcePermissions {
            resource: ResourceSummary {
                id: "res-crm".to_owned(),
                kind: ResourceKind::App,
                name: "CRM Portal".to_owned(),
                my_roles: Vec::new(),
                can_edit_permissions: true,
                edit_refusal: None,
                version: 1,
            },
            environments: environments(),
            grants: vec![
                grant(Subject::AllUsers, "All Users", AppRole::PreviewOnly, None),
                grant(
                    Subject::User(fleur),
                    "Smit, Fleur",
                    AppRole::Owner,
                    Some(1_777_593_600),
                ),
            ],
            shadowed: Vec::new(),
        };
        let codes = [("usr-fleur".to_owned(), "12345.FSmit".to_owned())];
        assert_eq!(
            grants_csv(&permissions, &codes),
            "subject_kind,subject,code,role,environments,expires\r\n\
             all_users,All Users,,Preview Only,Production|Staging,\r\n\
             user,\"Smit, Fleur\",12345.FSmit,Owner,Production|Staging,2026-05-01T00:00:00Z\r\n"
        );
    }

    #[test]
    fn access_names_resources_and_environments_and_what_decided() {
        let winner = Contribution {
            subject: Subject::AllUsers,
            subject_name: "All Users".to_owned(),
            role: Role::App(AppRole::Editor),
            environments: [EnvironmentId::parse("staging").unwrap()].into(),
            expires_at: None,
        };
        let access = UserAccess {
            code: "12345.FSmit".to_owned(),
            environments: environments(),
            decisions: vec![Decision {
                user: UserId::parse("usr-fleur").unwrap(),
                resource: ResourceId::parse("res-crm").unwrap(),
                environment: EnvironmentId::parse("staging").unwrap(),
                role: Role::App(AppRole::Editor),
                precedence: Precedence::HighestWins,
                basis: Basis::Grant,
                contributing: vec![winner.clone()],
                winner: Some(winner),
                shadowed: Vec::new(),
                tied: Vec::new(),
                expired: Vec::new(),
                summary: "Editor in Staging from All Users (highest wins)".to_owned(),
            }],
        };
        let names = [("res-crm".to_owned(), "CRM Portal".to_owned())];
        assert_eq!(
            access_csv(&access, &names),
            "user,resource,environment,role,basis,decided_by,summary\r\n\
             12345.FSmit,CRM Portal,Staging,Editor,grant,All Users,Editor in Staging from All Users (highest wins)\r\n"
        );
    }

    #[test]
    fn formula_cells_get_one_apostrophe_that_the_import_takes_off() {
        for cell in ["=1+1", "-Jan", "@me", "'=x", "''+y", "plain", "", "'quoted"] {
            assert_eq!(unprotect(&protect(cell)), cell, "{cell}");
        }
        assert_eq!(protect("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(protect("Fleur"), "Fleur");
    }

    #[test]
    fn expiry_times_are_written_in_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_777_593_600), "2026-05-01T00:00:00Z");
        assert_eq!(utc(951_782_400 + 3_661), "2000-02-29T01:01:01Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
    }
}
