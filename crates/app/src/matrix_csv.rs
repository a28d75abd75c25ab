//! The access matrix: one cell's role as the matrix shows it (in one data environment, or the
//! highest over all of them) and the matrix as CSV, so the studio's grid and its download
//! agree by construction. The role itself is always the policy crate's decision.

use gatehouse_policy::{EnvIx, PreparedPolicy, ResourceIx, Role, UserIx};

use crate::csv_export::protect;

/// The role of `user` on `resource` the matrix shows: the effective role in data environment
/// `env`, or with `None` the highest effective role over every data environment.
pub fn matrix_role(
    prepared: &PreparedPolicy,
    user: UserIx,
    resource: ResourceIx,
    env: Option<EnvIx>,
) -> Role {
    let kind = prepared
        .resource_kind(resource)
        .unwrap_or(gatehouse_policy::ResourceKind::App);
    let level = match env {
        Some(env) => prepared.effective_level(user, resource, env),
        None => prepared
            .environments()
            .map(|env| prepared.effective_level(user, resource, env))
            .max()
            .unwrap_or(0),
    };
    Role::from_level(kind, level).unwrap_or(Role::none(kind))
}

/// The matrix of `users` (rows, in the given order) × `resources` (columns, in the given
/// order) as CSV: `user,code,<resource name>…`, each cell the role's name as
/// [`matrix_role`] decides it for `env`. Names are display names; a user without a code has
/// an empty code cell. RFC 4180 quoting, CRLF line ends, formula-like cells protected as in
/// the other exports.
pub fn access_matrix_csv(
    prepared: &PreparedPolicy,
    users: &[UserIx],
    resources: &[ResourceIx],
    env: Option<EnvIx>,
) -> String {
    let policy = prepared.policy();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = ["user".to_owned(), "code".to_owned()]
        .into_iter()
        .chain(resources.iter().map(|r| {
            policy
                .resources
                .get(r.index())
                .map(|r| r.name.clone())
                .unwrap_or_default()
        }))
        .collect::<Vec<_>>();
    let mut written = writer.write_record(header.iter().map(|c| protect(c)));
    for &user in users {
        let Some(person) = policy.users.get(user.index()) else {
            continue;
        };
        let row = [
            person.name.clone(),
            person
                .code
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ]
        .into_iter()
        .chain(
            resources
                .iter()
                .map(|&r| matrix_role(prepared, user, r, env).label().to_owned()),
        );
        written = written.and_then(|()| writer.write_record(row.map(|c| protect(&c))));
    }
    // Writing to memory cannot fail; an empty download would say so if it ever did.
    match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => String::from_utf8(bytes).unwrap_or_default(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use gatehouse_policy::{
        AppRole, ConnectorRole, Environment, Grant, Policy, Resource, ResourceId, ResourceKind,
        Subject, Timestamp, User, UserId, UserStatus,
    };

    use super::*;

    fn policy() -> PreparedPolicy {
        let mut policy = Policy::new();
        let anna = UserId::parse("usr-anna").unwrap();
        let fleur = UserId::parse("usr-fleur").unwrap();
        let hana = UserId::parse("usr-hana").unwrap();
        policy.users.push(User::new(anna.clone(), "Anna de Vries"));
        policy.users.push(User::new(fleur.clone(), "Smit, Fleur"));
        let mut gone = User::new(hana.clone(), "=Hana");
        gone.status = UserStatus::Deactivated;
        policy.users.push(gone);
        let crm = ResourceId::parse("res-crm").unwrap();
        let sql = ResourceId::parse("res-sql").unwrap();
        policy.resources.push(Resource {
            id: crm.clone(),
            name: "CRM Portal".to_owned(),
            kind: ResourceKind::App,
            creator: None,
        });
        policy.resources.push(Resource {
            id: sql.clone(),
            name: "SQL Server".to_owned(),
            kind: ResourceKind::Connector,
            creator: None,
        });
        policy.grants.push(Grant::new(
            Subject::User(fleur.clone()),
            crm.clone(),
            Role::App(AppRole::Owner),
            [Environment::production_id()],
        ));
        policy.grants.push(Grant::new(
            Subject::AllUsers,
            crm,
            Role::App(AppRole::PreviewOnly),
            [Environment::production_id(), Environment::staging_id()],
        ));
        policy.grants.push(Grant::new(
            Subject::User(fleur),
            sql,
            Role::Connector(ConnectorRole::Editor),
            [Environment::development_id()],
        ));
        policy.prepare(Timestamp::from_unix_seconds(0)).unwrap()
    }

    fn ixs(prepared: &PreparedPolicy) -> (Vec<UserIx>, Vec<ResourceIx>) {
        (prepared.users().collect(), prepared.resources().collect())
    }

    #[test]
    fn one_data_environment_shows_its_effective_roles() {
        let prepared = policy();
        let (users, resources) = ixs(&prepared);
        let production = prepared.env_ix(&Environment::production_id());
        assert_eq!(
            access_matrix_csv(&prepared, &users, &resources, production),
            "user,code,CRM Portal,SQL Server\r\n\
             Anna de Vries,,Preview Only,None\r\n\
             \"Smit, Fleur\",,Owner,None\r\n\
             '=Hana,,None,None\r\n"
        );
    }

    #[test]
    fn all_data_environments_show_the_highest_role_per_cell() {
        let prepared = policy();
        let (users, resources) = ixs(&prepared);
        let csv = access_matrix_csv(&prepared, &users, &resources, None);
        assert!(csv.contains("\"Smit, Fleur\",,Owner,Editor\r\n"), "{csv}");
        let staging = prepared.env_ix(&Environment::staging_id());
        let fleur = users[1];
        let crm = resources[0];
        assert_eq!(
            matrix_role(&prepared, fleur, crm, staging),
            Role::App(AppRole::PreviewOnly)
        );
        assert_eq!(
            matrix_role(&prepared, fleur, crm, None),
            Role::App(AppRole::Owner)
        );
    }

    #[test]
    fn only_the_filtered_rows_and_columns_in_their_order_are_written() {
        let prepared = policy();
        let (users, resources) = ixs(&prepared);
        let production = prepared.env_ix(&Environment::production_id());
        let csv = access_matrix_csv(
            &prepared,
            &[users[1]],
            &[resources[1], resources[0]],
            production,
        );
        assert_eq!(
            csv,
            "user,code,SQL Server,CRM Portal\r\n\"Smit, Fleur\",,None,Owner\r\n"
        );
        assert_eq!(
            access_matrix_csv(&prepared, &[], &[], production),
            "user,code\r\n"
        );
    }
}
