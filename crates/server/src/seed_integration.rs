//! Demo data for app connectors and filter authorisation, loaded inside the demo seed's
//! transaction.
//!
//! - App connector "HR Portal sync", linked to group Support, including the HR Database and
//!   Salesforce Sync connectors as get connectors.
//! - Table "Dossier items" (served by HR Database) in filter mode, set up as the seed page's
//!   extended example: the ICT filter for ICT employees, the Support filter for Support
//!   employees, both for the ICT/Support managers (group Management: Dana Bakker), and the All
//!   filter for the general manager (Gijs Meijer, through a force-on deviation). Emre Visser,
//!   in both ICT and Support, gets the sum of both. Anna de Vries and Jasmijn Dekker have no
//!   active filter and see nothing.
//! - Table "Employees" (served by Salesforce Sync) without filters: everyone sees every row.

use gatehouse_policy::{FilterMode, Predicate};
use serde_json::json;
use sqlx::{Any, Transaction};

use crate::seed::{group_id, user_id, DEMO_ENVIRONMENT};
use crate::store::integration_snapshot::filter_mode_str;

/// The demo app connector's id.
pub const DEMO_APP_CONNECTOR: &str = "ac-hr-portal";
/// The table served by the HR Database connector.
pub const DOSSIER_TABLE: &str = "tbl-dossier-items";
/// The table served by the Salesforce Sync connector.
pub const EMPLOYEES_TABLE: &str = "tbl-employees";

/// (number, kind, subject, requester)
const DOSSIER_ITEMS: &[(&str, &str, &str, &str)] = &[
    ("D-1001", "ICT", "Laptop does not start", "Carlos Jansen"),
    (
        "D-1002",
        "Support",
        "Customer cannot sign in",
        "Britt Williams",
    ),
    ("D-1003", "Purchasing", "New office chairs", "Dana Bakker"),
    (
        "D-1004",
        "ICT",
        "VPN access for new colleague",
        "Ivo Mulder",
    ),
    (
        "D-1005",
        "Support",
        "Refund for double invoice",
        "Fleur Smit",
    ),
    ("D-1006", "ICT", "Printer driver update", "Emre Visser"),
    (
        "D-1007",
        "Sales",
        "Follow up on quote 2024-118",
        "Koen Peters",
    ),
];

/// (number, name, department, location)
const EMPLOYEES: &[(&str, &str, &str, &str)] = &[
    ("E-001", "Anna de Vries", "Management", "Amsterdam"),
    ("E-002", "Britt Williams", "Support", "Utrecht"),
    ("E-003", "Carlos Jansen", "ICT", "Amsterdam"),
    ("E-004", "Dana Bakker", "Management", "Utrecht"),
    ("E-005", "Emre Visser", "ICT", "Rotterdam"),
    ("E-006", "Fleur Smit", "Support", "Amsterdam"),
];

/// Inserts the app connector, tables, rows and filters.
pub async fn insert_integration(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    insert_app_connector(tx).await?;
    let dossier_rows = DOSSIER_ITEMS
        .iter()
        .map(|(number, kind, subject, requester)| {
            (
                *number,
                json!({ "number": number, "kind": kind, "subject": subject, "requester": requester }),
            )
        })
        .collect::<Vec<_>>();
    insert_table(
        tx,
        DOSSIER_TABLE,
        "Dossier items",
        FilterMode::AccordingToFilter,
        &["number", "kind", "subject", "requester"],
        &dossier_rows,
    )
    .await?;
    let employee_rows = EMPLOYEES
        .iter()
        .map(|(number, name, department, location)| {
            (
                *number,
                json!({ "number": number, "name": name, "department": department, "location": location }),
            )
        })
        .collect::<Vec<_>>();
    insert_table(
        tx,
        EMPLOYEES_TABLE,
        "Employees",
        FilterMode::AllRows,
        &["number", "name", "department", "location"],
        &employee_rows,
    )
    .await?;
    for (connector, table) in [
        ("res-hrdb", DOSSIER_TABLE),
        ("res-salesforce", EMPLOYEES_TABLE),
    ] {
        sqlx::query("INSERT INTO connector_tables (connector_id, table_id) VALUES ($1, $2)")
            .bind(connector)
            .bind(table)
            .execute(&mut **tx)
            .await?;
    }
    let dossier_filters: [(&str, &str, Predicate, &[&str]); 2] = [
        (
            "ict",
            "ICT filter",
            Predicate::eq("kind", "ICT"),
            &["ICT", "Management"],
        ),
        (
            "support",
            "Support filter",
            Predicate::eq("kind", "Support"),
            &["Support", "Management"],
        ),
    ];
    for (position, (id, name, predicate, groups)) in dossier_filters.iter().enumerate() {
        insert_filter(tx, DOSSIER_TABLE, id, name, position as i64 + 1, predicate).await?;
        for group in *groups {
            sqlx::query(
                "INSERT INTO filter_activations (table_id, filter_id, group_id) VALUES ($1, $2, $3)",
            )
            .bind(DOSSIER_TABLE)
            .bind(*id)
            .bind(group_id(group))
            .execute(&mut **tx)
            .await?;
        }
    }
    // The general manager sees every dossier item through the All filter.
    sqlx::query(
        "INSERT INTO filter_deviations (table_id, filter_id, user_id, deviation) VALUES ($1, $2, $3, $4)",
    )
    .bind(DOSSIER_TABLE)
    .bind("all")
    .bind(user_id("12345.GMeijer"))
    .bind("force_on")
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_app_connector(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO app_connectors (id, environment, name, group_id, blocked, version) VALUES ($1, $2, $3, $4, $5, 1)",
    )
    .bind(DEMO_APP_CONNECTOR)
    .bind(DEMO_ENVIRONMENT)
    .bind("HR Portal sync")
    .bind(group_id("Support"))
    .bind(false)
    .execute(&mut **tx)
    .await?;
    for connector in ["res-hrdb", "res-salesforce"] {
        sqlx::query(
            "INSERT INTO app_connector_connectors (app_connector_id, connector_id, kind) VALUES ($1, $2, $3)",
        )
        .bind(DEMO_APP_CONNECTOR)
        .bind(connector)
        .bind("get")
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Inserts a table with its rows and the built-in All filter.
async fn insert_table(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    name: &str,
    mode: FilterMode,
    fields: &[&str],
    rows: &[(&str, serde_json::Value)],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tables (id, environment, name, filter_mode, fields_json, version) VALUES ($1, $2, $3, $4, $5, 1)",
    )
    .bind(id)
    .bind(DEMO_ENVIRONMENT)
    .bind(name)
    .bind(filter_mode_str(mode))
    .bind(json!(fields).to_string())
    .execute(&mut **tx)
    .await?;
    for (position, (row_id, values)) in rows.iter().enumerate() {
        sqlx::query(
            "INSERT INTO table_rows (table_id, row_id, position, values_json) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(*row_id)
        .bind(position as i64)
        .bind(values.to_string())
        .execute(&mut **tx)
        .await?;
    }
    insert_filter(tx, id, "all", "All", 0, &Predicate::All {}).await
}

async fn insert_filter(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    id: &str,
    name: &str,
    position: i64,
    predicate: &Predicate,
) -> Result<(), sqlx::Error> {
    let predicate =
        serde_json::to_string(predicate).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO filters (table_id, id, name, position, predicate_json, version) VALUES ($1, $2, $3, $4, $5, 1)",
    )
    .bind(table)
    .bind(id)
    .bind(name)
    .bind(position)
    .bind(predicate)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
