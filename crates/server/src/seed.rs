//! The demo organisation loaded on first start (idempotent: skipped when it already exists).
//!
//! Participant 12345 ("Northwind Advisory") with environments O12345AA / A12345AA / T12345AA,
//! eleven users (one deactivated, one without email), three groups, three apps, three
//! connectors, the data environments Production / Staging / Development, and grants that show
//! the interesting cases: an individual grant shadowed by All Users, a staging-only Editor.

use sqlx::{Any, Transaction};

use crate::store::{now, Store, StoreError};

/// Demo environment code of the production environment.
pub const DEMO_ENVIRONMENT: &str = "O12345AA";

/// The password of every demo account (documented in the README).
pub const DEMO_PASSWORD: &str = "gatehouse";

const USERS: &[(&str, &str, Option<&str>, &str, bool)] = &[
    // (code, name, email, status, account owner)
    (
        "12345.AdeVries",
        "Anna de Vries",
        Some("anna.devries@northwind.example"),
        "active",
        true,
    ),
    (
        "12345.BWilliams",
        "Britt Williams",
        Some("b.williams@northwind.example"),
        "active",
        false,
    ),
    (
        "12345.CJansen",
        "Carlos Jansen",
        Some("carlos.jansen@northwind.example"),
        "active",
        false,
    ),
    (
        "12345.DBakker",
        "Dana Bakker",
        Some("dana.bakker@northwind.example"),
        "active",
        false,
    ),
    (
        "12345.EVisser",
        "Emre Visser",
        Some("emre.visser@northwind.example"),
        "active",
        false,
    ),
    (
        "12345.FSmit",
        "Fleur Smit",
        Some("fleur.smit@northwind.example"),
        "active",
        false,
    ),
    (
        "12345.GMeijer",
        "Gijs Meijer",
        Some("gijs.meijer@northwind.example"),
        "active",
        false,
    ),
    (
        "12345.HBos",
        "Hana Bos",
        Some("hana.bos@northwind.example"),
        "deactivated",
        false,
    ),
    (
        "12345.IMulder",
        "Ivo Mulder",
        Some("ivo.mulder@northwind.example"),
        "active",
        false,
    ),
    ("12345.JDekker", "Jasmijn Dekker", None, "active", false),
    (
        "12345.KPeters",
        "Koen Peters",
        Some("koen.peters@northwind.example"),
        "active",
        false,
    ),
];

const GROUPS: &[(&str, &str, &[&str])] = &[
    (
        "ICT",
        "Builds and runs the integrations",
        &["12345.CJansen", "12345.EVisser", "12345.IMulder"],
    ),
    (
        "Support",
        "Helps customers; reads the CRM",
        &[
            "12345.BWilliams",
            "12345.FSmit",
            "12345.KPeters",
            "12345.EVisser",
        ],
    ),
    (
        "Management",
        "Department managers",
        &["12345.DBakker", "12345.GMeijer"],
    ),
];

pub(crate) const DATA_ENVIRONMENTS: &[&str] = &["Production", "Staging", "Development"];

#[rustfmt::skip]
const RESOURCES: &[(&str, &str, &str, &str)] = &[
    // (id suffix, kind, name, creator: its first Owner)
    ("crm", "app", "CRM Portal", "12345.FSmit"),
    ("timesheets", "app", "Timesheets", "12345.DBakker"),
    ("insights", "app", "Customer Insights", "12345.GMeijer"),
    ("salesforce", "connector", "Salesforce Sync", "12345.CJansen"),
    ("ledger", "connector", "Exact Ledger", "12345.DBakker"),
    ("hrdb", "connector", "HR Database", "12345.GMeijer"),
];

/// (resource, subject kind, subject (user code or group name), role, environments)
#[rustfmt::skip]
const GRANTS: &[(&str, &str, &str, &str, &[&str])] = &[
    ("crm", "all_users", "", "preview_only", DATA_ENVIRONMENTS),
    ("crm", "user", "12345.FSmit", "owner", DATA_ENVIRONMENTS),
    ("crm", "group", "Support", "editor", &["Production", "Staging"]),
    ("crm", "user", "12345.CJansen", "editor", &["Staging"]),
    ("timesheets", "all_users", "", "editor", DATA_ENVIRONMENTS),
    ("timesheets", "user", "12345.DBakker", "owner", DATA_ENVIRONMENTS),
    ("timesheets", "user", "12345.BWilliams", "preview_only", &["Production"]),
    ("timesheets", "group", "Management", "publisher", &["Production"]),
    ("insights", "group", "Management", "owner", DATA_ENVIRONMENTS),
    ("insights", "user", "12345.HBos", "editor", &["Production"]),
    ("salesforce", "group", "ICT", "owner", DATA_ENVIRONMENTS),
    ("salesforce", "all_users", "", "use_only", &["Production"]),
    ("ledger", "group", "ICT", "editor", &["Staging", "Development"]),
    ("ledger", "user", "12345.DBakker", "owner", DATA_ENVIRONMENTS),
    ("hrdb", "user", "12345.GMeijer", "owner", DATA_ENVIRONMENTS),
    ("hrdb", "group", "ICT", "use_only", &["Development"]),
];

/// Loads the demo organisation unless it is already there. One transaction: all or nothing.
pub async fn load_demo_data(store: &Store) -> Result<(), StoreError> {
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT participant FROM organisations WHERE participant = $1")
            .bind("12345")
            .fetch_optional(store.pool())
            .await?;
    if exists.is_some() {
        return Ok(());
    }
    let mut tx = store.pool().begin().await?;
    insert_organisation(&mut tx).await?;
    insert_users(&mut tx).await?;
    insert_groups(&mut tx).await?;
    insert_resources_and_grants(&mut tx).await?;
    crate::seed_accept::insert_accept_and_test(&mut tx).await?;
    crate::seed_integration::insert_integration(&mut tx).await?;
    crate::seed_collaborators::insert_collaborators(&mut tx).await?;
    tx.commit().await?;
    tracing::info!("loaded the demo organisation 12345 (environment {DEMO_ENVIRONMENT})");
    Ok(())
}

async fn insert_organisation(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO organisations (participant, name, collaborator_licence) VALUES ($1, $2, $3)",
    )
    .bind("12345")
    .bind("Northwind Advisory")
    .bind(true)
    .execute(&mut **tx)
    .await?;
    for (code, kind, name) in [
        ("O12345AA", "production", "Northwind production"),
        ("A12345AA", "accept", "Northwind acceptance"),
        ("T12345AA", "test", "Northwind test"),
    ] {
        sqlx::query(
            "INSERT INTO environments (code, participant, kind, name) VALUES ($1, $2, $3, $4)",
        )
        .bind(code)
        .bind("12345")
        .bind(kind)
        .bind(name)
        .execute(&mut **tx)
        .await?;
    }
    for (position, name) in DATA_ENVIRONMENTS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO data_environments (id, environment, name, builtin, position) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(data_environment_id(name))
        .bind(DEMO_ENVIRONMENT)
        .bind(*name)
        .bind(true)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_users(tx: &mut Transaction<'_, Any>) -> Result<(), StoreError> {
    let created = now();
    let password_hash = crate::auth::password::hash_password(DEMO_PASSWORD)
        .ok_or_else(|| StoreError::Seed("cannot hash the demo password".to_owned()))?;
    for (code, name, email, status, owner) in USERS {
        let has_email = email.is_some();
        sqlx::query(
            "INSERT INTO users (id, environment, code, name, email, status, account_owner, \
             windows, insite, pocket, created_at, password_hash, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)",
        )
        .bind(user_id(code))
        .bind(DEMO_ENVIRONMENT)
        .bind(*code)
        .bind(*name)
        .bind(email.map(str::to_owned))
        .bind(*status)
        .bind(*owner)
        .bind(true)
        .bind(has_email)
        .bind(false)
        .bind(created)
        .bind(&password_hash)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_groups(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    for (name, description, members) in GROUPS {
        let id = group_id(name);
        sqlx::query(
            "INSERT INTO user_groups (id, environment, name, description) VALUES ($1, $2, $3, $4)",
        )
        .bind(&id)
        .bind(DEMO_ENVIRONMENT)
        .bind(*name)
        .bind(*description)
        .execute(&mut **tx)
        .await?;
        for member in *members {
            sqlx::query("INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)")
                .bind(&id)
                .bind(user_id(member))
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

async fn insert_resources_and_grants(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    let created = now();
    for (suffix, kind, name, creator) in RESOURCES {
        sqlx::query(
            "INSERT INTO resources (id, environment, kind, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(format!("res-{suffix}"))
        .bind(DEMO_ENVIRONMENT)
        .bind(*kind)
        .bind(*name)
        .bind(user_id(creator))
        .bind(created)
        .execute(&mut **tx)
        .await?;
    }
    for (index, (resource, subject_kind, subject, role, environments)) in GRANTS.iter().enumerate()
    {
        let grant = format!("grant-{}", index + 1);
        let subject_id = match *subject_kind {
            "user" => Some(user_id(subject)),
            "group" => Some(group_id(subject)),
            _ => None,
        };
        sqlx::query(
            "INSERT INTO grants (id, resource_id, subject_kind, subject_id, role) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&grant)
        .bind(format!("res-{resource}"))
        .bind(*subject_kind)
        .bind(subject_id.unwrap_or_default())
        .bind(*role)
        .execute(&mut **tx)
        .await?;
        for environment in *environments {
            sqlx::query(
                "INSERT INTO grant_environments (grant_id, data_environment_id) VALUES ($1, $2)",
            )
            .bind(&grant)
            .bind(data_environment_id(environment))
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// The id of a demo user (`12345.BWilliams` → `usr-12345-bwilliams`).
pub(crate) fn user_id(code: &str) -> String {
    format!("usr-{}", code.replace('.', "-").to_lowercase())
}

/// The id of a demo group (`Support` → `grp-support`).
pub(crate) fn group_id(name: &str) -> String {
    format!("grp-{}", name.to_lowercase())
}

pub(crate) fn data_environment_id(name: &str) -> String {
    name.to_lowercase()
}
