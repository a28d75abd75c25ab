//! The demo organisation as a [`DemoSnapshot`], read back from a freshly seeded database.

use gatehouse_wire::demo::{DemoResource, DemoSnapshot};
use sqlx::Row;

use crate::seed::DEMO_ENVIRONMENT;
use crate::store::{Store, StoreError};

/// Seeds a scratch SQLite database and exports it.
pub async fn demo_snapshot() -> Result<DemoSnapshot, StoreError> {
    let dir = std::env::temp_dir().join(format!(
        "gatehouse-export-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir)?;
    let result = export_from(&format!("sqlite://{}", dir.join("demo.db").display())).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn export_from(url: &str) -> Result<DemoSnapshot, StoreError> {
    let store = Store::connect(url).await?;
    store.migrate().await?;
    crate::seed::load_demo_data(&store).await?;
    let env = DEMO_ENVIRONMENT;
    let mut groups = Vec::new();
    for summary in store.list_groups(env).await? {
        if let Some(group) = store.find_group(env, &summary.id).await? {
            groups.push(group);
        }
    }
    let mut resources = Vec::new();
    let mut grants = Vec::new();
    for row in sqlx::query("SELECT id, kind, name, created_by, version FROM resources WHERE environment = $1 ORDER BY name")
        .bind(env)
        .fetch_all(store.pool())
        .await?
    {
        let id: String = row.try_get("id")?;
        let kind: String = row.try_get("kind")?;
        let Some(kind) = crate::store::snapshot::parse_kind(&kind) else { continue };
        for grant in store.grants_on(&id).await? {
            grants.push(grant);
        }
        resources.push(DemoResource {
            id,
            kind,
            name: row.try_get("name")?,
            creator: row.try_get("created_by")?,
            version: row.try_get("version")?,
        });
    }
    let mut conn = store.pool().acquire().await?;
    let policy = crate::store::snapshot::load_policy(&mut conn, env)
        .await
        .map_err(|err| StoreError::Seed(err.to_string()))?;
    drop(conn);
    let prepared = policy
        .prepare(gatehouse_policy::Timestamp::from_unix_seconds(
            crate::store::now(),
        ))
        .map_err(|err| StoreError::Seed(err.to_string()))?;
    let grants = grants
        .into_iter()
        .map(|g| crate::routes::grant_view_for(&prepared, g))
        .collect();
    let data_environments = gatehouse_app::data_environments(&policy);
    let snapshot = DemoSnapshot {
        environments: store.list_environments().await?,
        environment: env.to_owned(),
        data_environments,
        users: store.list_users(env).await?,
        groups,
        resources,
        grants,
    };
    store.close().await;
    Ok(snapshot)
}
