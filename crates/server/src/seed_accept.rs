//! The demo organisation's accept (`A12345AA`) and test (`T12345AA`) environments: the built-in
//! data environments in each and, in accept, two resources being tried out before production
//! — no users, groups or grants: the account owner administers them from production (an
//! environment needs no user row of hers for that) and sets them up.

use sqlx::{Any, Transaction};

use crate::seed::{data_environment_id, DATA_ENVIRONMENTS};
use crate::store::now;

/// The accept environment of the demo organisation.
pub const ACCEPT_ENVIRONMENT: &str = "A12345AA";
/// The test environment of the demo organisation.
pub const TEST_ENVIRONMENT: &str = "T12345AA";

/// (id, kind, name) of the resources in accept.
const ACCEPT_RESOURCES: &[(&str, &str, &str)] = &[
    ("res-a12345aa-crm", "app", "CRM Portal"),
    ("res-a12345aa-hrdb", "connector", "HR Database"),
];

/// Inserts the data environments of accept and test, and accept's resources.
pub async fn insert_accept_and_test(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    for environment in [ACCEPT_ENVIRONMENT, TEST_ENVIRONMENT] {
        for (position, name) in DATA_ENVIRONMENTS.iter().enumerate() {
            sqlx::query(
                "INSERT INTO data_environments (id, environment, name, builtin, position) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(data_environment_id(name))
            .bind(environment)
            .bind(*name)
            .bind(true)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    for (id, kind, name) in ACCEPT_RESOURCES {
        sqlx::query(
            "INSERT INTO resources (id, environment, kind, name, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(*id)
        .bind(ACCEPT_ENVIRONMENT)
        .bind(*kind)
        .bind(*name)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
