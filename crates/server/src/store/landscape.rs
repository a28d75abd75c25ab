//! Loads every organisation, environment and user as a `gatehouse_policy::Landscape`, so the
//! collaborator rules and the nightly sync are decided by the policy crate, and writes back
//! the few columns those steps change.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_policy::{
    EmailAddress, EnvUser, EnvironmentCode, Landscape, Organisation, Participant, PersonId,
    UserCode, UserFlags, UserKind,
};
use sqlx::{AnyConnection, Row};

use super::snapshot::{corrupt, SnapshotError};
use super::users::flag;

/// Every organisation and the users of every environment.
pub async fn load_landscape(conn: &mut AnyConnection) -> Result<Landscape, SnapshotError> {
    let orgs = sqlx::query("SELECT participant, name, collaborator_licence FROM organisations")
        .fetch_all(&mut *conn)
        .await?;
    let envs = sqlx::query("SELECT code, participant FROM environments")
        .fetch_all(&mut *conn)
        .await?;
    let mut environments: BTreeMap<String, BTreeSet<EnvironmentCode>> = BTreeMap::new();
    for row in &envs {
        let code: String = row.try_get("code")?;
        let parsed =
            EnvironmentCode::parse(&code).map_err(|e| corrupt("environment code", &code, e))?;
        environments
            .entry(row.try_get("participant")?)
            .or_default()
            .insert(parsed);
    }
    let mut organisations = Vec::with_capacity(orgs.len());
    for row in &orgs {
        let participant: String = row.try_get("participant")?;
        organisations.push(Organisation {
            participant: Participant::parse(&participant)
                .map_err(|e| corrupt("participant", &participant, e))?,
            name: row.try_get("name")?,
            collaborator_licence: flag(row, "collaborator_licence")?,
            environments: environments.remove(&participant).unwrap_or_default(),
        });
    }
    let rows = sqlx::query(
        "SELECT id, environment, code, name, email, kind, person_id, windows, insite, pocket, \
         collaborator FROM users ORDER BY environment, code",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut users: BTreeMap<EnvironmentCode, Vec<EnvUser>> = BTreeMap::new();
    for row in &rows {
        let environment: String = row.try_get("environment")?;
        let environment = EnvironmentCode::parse(&environment)
            .map_err(|e| corrupt("environment code", &environment, e))?;
        users.entry(environment).or_default().push(env_user(row)?);
    }
    Ok(Landscape {
        organisations,
        users,
    })
}

fn env_user(row: &sqlx::any::AnyRow) -> Result<EnvUser, SnapshotError> {
    let code: String = row.try_get("code")?;
    let email: Option<String> = row.try_get("email")?;
    let kind: String = row.try_get("kind")?;
    let kind = if kind == "system" {
        UserKind::System
    } else {
        // Normal users created before people were tracked are linked to themselves.
        let person: Option<String> = row.try_get("person_id")?;
        let person = person
            .filter(|p| !p.trim().is_empty())
            .unwrap_or(row.try_get("id")?);
        UserKind::Normal {
            person: PersonId::parse(&person).map_err(|e| corrupt("person id", &person, e))?,
        }
    };
    Ok(EnvUser {
        code: UserCode::parse(&code).map_err(|e| corrupt("user code", &code, e))?,
        name: row.try_get("name")?,
        email: email
            .map(|e| EmailAddress::parse(&e).map_err(|err| corrupt("email", &e, err)))
            .transpose()?,
        kind,
        flags: UserFlags {
            windows: flag(row, "windows")?,
            insite: flag(row, "insite")?,
            pocket: flag(row, "pocket")?,
        },
        collaborator: flag(row, "collaborator")?,
    })
}

/// Sets the collaborator activation of `code` in `environment` if its version is `expected`;
/// false when the version moved on.
pub async fn set_collaborator(
    conn: &mut AnyConnection,
    environment: &str,
    code: &str,
    expected: i64,
    collaborator: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET collaborator = $1, version = version + 1 \
         WHERE environment = $2 AND code = $3 AND version = $4",
    )
    .bind(collaborator)
    .bind(environment)
    .bind(code)
    .bind(expected)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Adds a collaborator's copy to a client environment; returns the new row's id.
pub async fn insert_copy(
    conn: &mut AnyConnection,
    environment: &str,
    user: &EnvUser,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let (kind, person) = kind_columns(&user.kind);
    sqlx::query(
        "INSERT INTO users (id, environment, code, name, email, status, account_owner, windows, \
         insite, pocket, created_at, version, kind, person_id, collaborator) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, 1, $11, $12, $13)",
    )
    .bind(&id)
    .bind(environment)
    .bind(user.code.to_string())
    .bind(&user.name)
    .bind(user.email.as_ref().map(ToString::to_string))
    .bind(false)
    .bind(user.flags.windows)
    .bind(user.flags.insite)
    .bind(user.flags.pocket)
    .bind(super::now())
    .bind(kind)
    .bind(person)
    .bind(false)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Links a system user to a person if its version is `expected`.
pub async fn convert_to_normal(
    conn: &mut AnyConnection,
    environment: &str,
    code: &str,
    expected: i64,
    person: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET kind = 'normal', person_id = $1, version = version + 1 \
         WHERE environment = $2 AND code = $3 AND version = $4",
    )
    .bind(person)
    .bind(environment)
    .bind(code)
    .bind(expected)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Copies name and email from the source (the nightly sync); bumps the version.
pub async fn sync_identity(
    conn: &mut AnyConnection,
    environment: &str,
    code: &str,
    name: &str,
    email: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET name = $1, email = $2, version = version + 1 \
         WHERE environment = $3 AND code = $4",
    )
    .bind(name)
    .bind(email)
    .bind(environment)
    .bind(code)
    .execute(conn)
    .await?;
    Ok(())
}

/// The stored `kind` and `person_id` of a user kind.
pub fn kind_columns(kind: &UserKind) -> (&'static str, Option<String>) {
    match kind {
        UserKind::System => ("system", None),
        UserKind::Normal { person } => ("normal", Some(person.to_string())),
    }
}
