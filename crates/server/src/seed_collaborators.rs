//! Demo data for collaborator users, loaded inside the demo seed's transaction.
//!
//! - Northwind Advisory (12345) holds the collaborator licence; Britt Williams and Carlos
//!   Jansen are activated as collaborators in O12345AA.
//! - Zuidas Bakery (98765, environments O98765AA and T98765AA, owner `98765.MOosterhuis`)
//!   has Britt as a normal user with InSite in both, and Carlos as a system user.
//! - Delta Care (54321, O54321AA, owner `54321.LVos`) has Britt as a system user, and its own
//!   user `54321.BJansen` holds `b.jansen-williams@northwind.example`: when Northwind changes
//!   Britt's email to that address, the sync reports the conflict for O54321AA.

use sqlx::{Any, Transaction};

use crate::seed::{data_environment_id, user_id, DATA_ENVIRONMENTS, DEMO_PASSWORD};
use crate::store::{now, StoreError};

/// An environment: (code, kind, name).
type EnvironmentSeed = (&'static str, &'static str, &'static str);

/// (participant, name, environments)
const CLIENTS: &[(&str, &str, &[EnvironmentSeed])] = &[
    (
        "98765",
        "Zuidas Bakery",
        &[
            ("O98765AA", "production", "Zuidas production"),
            ("T98765AA", "test", "Zuidas test"),
        ],
    ),
    (
        "54321",
        "Delta Care",
        &[("O54321AA", "production", "Delta Care production")],
    ),
];

/// (environment, code, name, email, account owner): the clients' own users.
#[rustfmt::skip]
const CLIENT_USERS: &[(&str, &str, &str, Option<&str>, bool)] = &[
    ("O98765AA", "98765.MOosterhuis", "Mila Oosterhuis", Some("mila@zuidas-bakery.example"), true),
    ("O98765AA", "98765.PKok", "Pieter Kok", Some("pieter@zuidas-bakery.example"), false),
    ("T98765AA", "98765.MOosterhuis", "Mila Oosterhuis", Some("mila@zuidas-bakery.example"), true),
    ("T98765AA", "98765.PKok", "Pieter Kok", Some("pieter@zuidas-bakery.example"), false),
    ("O54321AA", "54321.LVos", "Lotte Vos", Some("lotte.vos@deltacare.example"), true),
    ("O54321AA", "54321.BJansen", "Britt Jansen", Some("b.jansen-williams@northwind.example"), false),
];

/// Northwind's users activated as collaborators.
const COLLABORATORS: &[&str] = &["12345.BWilliams", "12345.CJansen"];

/// (client environment, collaborator code, person for a normal user (None: system user))
#[rustfmt::skip]
const PLACEMENTS: &[(&str, &str, Option<&str>)] = &[
    ("O98765AA", "12345.BWilliams", Some("P-98765-017")),
    ("T98765AA", "12345.BWilliams", Some("P-98765-017")),
    ("O98765AA", "12345.CJansen", None),
    ("O54321AA", "12345.BWilliams", None),
];

/// Inserts the client organisations, their users and the collaborator placements.
pub async fn insert_collaborators(tx: &mut Transaction<'_, Any>) -> Result<(), StoreError> {
    for code in COLLABORATORS {
        sqlx::query(
            "UPDATE users SET collaborator = $1, windows = $2 WHERE environment = $3 AND code = $4",
        )
        .bind(true)
        .bind(true)
        .bind("O12345AA")
        .bind(*code)
        .execute(&mut **tx)
        .await?;
    }
    insert_clients(tx).await?;
    let password_hash = crate::auth::password::hash_password(DEMO_PASSWORD)
        .ok_or_else(|| StoreError::Seed("cannot hash the demo password".to_owned()))?;
    for (environment, code, name, email, owner) in CLIENT_USERS {
        insert_user(
            tx,
            environment,
            code,
            name,
            *email,
            UserShape {
                owner: *owner,
                person: Some(&format!("P-{}", code.replace('.', "-"))),
                insite: true,
                password_hash: Some(&password_hash),
            },
        )
        .await?;
    }
    for (environment, code, person) in PLACEMENTS {
        let (name, email): (String, Option<String>) =
            sqlx::query_as("SELECT name, email FROM users WHERE environment = $1 AND code = $2")
                .bind("O12345AA")
                .bind(*code)
                .fetch_one(&mut **tx)
                .await?;
        insert_user(
            tx,
            environment,
            code,
            &name,
            email.as_deref(),
            UserShape {
                owner: false,
                person: *person,
                insite: person.is_some(),
                password_hash: None,
            },
        )
        .await?;
    }
    Ok(())
}

async fn insert_clients(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    for (participant, name, environments) in CLIENTS {
        sqlx::query(
            "INSERT INTO organisations (participant, name, collaborator_licence) VALUES ($1, $2, $3)",
        )
        .bind(*participant)
        .bind(*name)
        .bind(false)
        .execute(&mut **tx)
        .await?;
        for (code, kind, env_name) in *environments {
            sqlx::query(
                "INSERT INTO environments (code, participant, kind, name) VALUES ($1, $2, $3, $4)",
            )
            .bind(*code)
            .bind(*participant)
            .bind(*kind)
            .bind(*env_name)
            .execute(&mut **tx)
            .await?;
            for (position, data_env) in DATA_ENVIRONMENTS.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO data_environments (id, environment, name, builtin, position) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(data_environment_id(data_env))
                .bind(*code)
                .bind(*data_env)
                .bind(true)
                .bind(i64::try_from(position).unwrap_or_default())
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

struct UserShape<'a> {
    owner: bool,
    person: Option<&'a str>,
    insite: bool,
    password_hash: Option<&'a str>,
}

async fn insert_user(
    tx: &mut Transaction<'_, Any>,
    environment: &str,
    code: &str,
    name: &str,
    email: Option<&str>,
    shape: UserShape<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, environment, code, name, email, status, account_owner, windows, \
         insite, pocket, created_at, password_hash, version, kind, person_id, collaborator) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, $11, 1, $12, $13, $14)",
    )
    .bind(format!("{}-{}", user_id(code), environment.to_lowercase()))
    .bind(environment)
    .bind(code)
    .bind(name)
    .bind(email)
    .bind(shape.owner)
    .bind(true)
    .bind(shape.insite && shape.person.is_some())
    .bind(false)
    .bind(now())
    .bind(shape.password_hash)
    .bind(if shape.person.is_some() {
        "normal"
    } else {
        "system"
    })
    .bind(shape.person)
    .bind(false)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
