//! Storage: one sqlx `Any` pool over SQLite (default) or PostgreSQL, the same SQL for both.
//!
//! The SQL sticks to the common subset (text ids, BIGINT times and versions, BOOLEAN flags,
//! `$n` placeholders in order), so both backends run the very same code paths and tests.

pub mod access_tests;
pub mod app_connectors;
pub mod audit;
mod batch;
pub mod data_environments;
pub mod generation;
pub mod grants;
pub mod groups;
pub mod integration_snapshot;
pub mod landscape;
pub mod provisioning;
pub mod sessions;
pub mod snapshot;
pub mod sync_runs;
pub mod tables;
pub mod tokens;
pub mod users;
pub mod write_tx;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// SQLite connections. Each runs its statements on a worker thread of its own and WAL lets
/// them all read at once while one writes; on the 2-core machine of `BENCHMARKS.md`, 4 served
/// the load benchmark as well as 8 with fewer threads to switch between.
const SQLITE_CONNECTIONS: u32 = 4;
/// PostgreSQL connections: each is a backend process on the database server; 8 gave a lower
/// tail than 16 in the load benchmark (PostgreSQL on the same 2 cores).
const POSTGRES_CONNECTIONS: u32 = 8;
/// How long a request waits for a free connection before it is answered 503 (see
/// `error.rs`): under overload, a quick "try again" beats a slow queue. Connections are not
/// pinged on every acquire (`test_before_acquire`): that doubled the round trips (SQLite:
/// thread hand-offs) of every query; a connection that broke fails its next query instead.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A local SQLite file, in WAL mode.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// The name shown by the health endpoint.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Failures of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no database this server supports.
    #[error("unsupported database url `{0}`: use sqlite://… or postgres://…")]
    UnsupportedUrl(String),
    /// The SQLite file's folder could not be created.
    #[error("cannot create the database folder: {0}")]
    Folder(#[from] std::io::Error),
    /// Migrations failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A setting is not understood.
    #[error("{0}")]
    Config(String),
    /// The demo data could not be prepared.
    #[error("cannot load the demo data: {0}")]
    Seed(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// The database handle shared by all requests.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    write_turn: write_tx::WriteTurn,
}

impl Store {
    /// Opens the database named by `url`, creating a SQLite file (and its folder) if needed.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(SQLITE_CONNECTIONS)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .test_before_acquire(false)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA busy_timeout = 5000").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(POSTGRES_CONNECTIONS)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .test_before_acquire(false)
                    .connect_with(options)
                    .await?
            }
        };
        Ok(Self {
            pool,
            backend,
            write_turn: write_tx::WriteTurn::default(),
        })
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// The pool, for the query modules.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection (tests use this to simulate a database going away).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Makes sure a SQLite file URL creates its file and folder on first start.
fn prepare_sqlite_url(url: &str) -> Result<String, StoreError> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// Current time in unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_url_gets_create_mode() {
        let url = prepare_sqlite_url("sqlite://:memory:").unwrap();
        assert_eq!(url, "sqlite://:memory:?mode=rwc");
    }

    #[test]
    fn sqlite_url_keeps_explicit_mode() {
        let url = prepare_sqlite_url("sqlite://:memory:?mode=ro").unwrap();
        assert_eq!(url, "sqlite://:memory:?mode=ro");
    }
}
