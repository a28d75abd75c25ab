//! Write transactions that take their turn in the process before they reach the database.
//! Every write route begins its transaction here, so concurrent administrators queue instead
//! of failing.
//!
//! SQLite has one writer at a time; a second writer that finds the lock taken sleeps in its
//! busy handler (1, 2, 5, 10, … ms) and keeps its pooled connection while it sleeps. Queueing
//! this process's writers on an async, first-come-first-served lock instead hands the write
//! lock straight from one to the next. The transaction starts with `BEGIN IMMEDIATE`: it
//! takes the write lock before its first read, so it can never fail to upgrade from reader to
//! writer ("database is locked" at once, which no busy timeout waits out) when a statement
//! outside the turn (a session row, a sync run) wrote in between. Writers of other processes
//! still meet the busy timeout. PostgreSQL locks rows, not the database, so there this is a
//! plain transaction.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::{Any, AnyConnection, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::{Backend, Store};

/// A transaction that holds this process's write turn (SQLite) until it ends. Use it as the
/// transaction it wraps; end it with [`WriteTx::commit`] (dropping it rolls back).
pub struct WriteTx {
    // Dropped first: the rollback is queued before the next writer's turn begins.
    tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

/// The write turn after a commit ([`WriteTx::commit_holding_turn`]); dropping it lets the
/// next writer in.
pub struct Turn(#[allow(dead_code, reason = "held for its drop")] Option<OwnedMutexGuard<()>>);

/// The turn writers of one store take (shared by its clones).
pub(super) type WriteTurn = Arc<Mutex<()>>;

impl Store {
    /// Begins a write transaction after this process's earlier writers (SQLite).
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let turn = match self.backend() {
            Backend::Sqlite => Some(Arc::clone(&self.write_turn).lock_owned().await),
            Backend::Postgres => None,
        };
        let tx = match self.backend() {
            Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool().begin().await?,
        };
        Ok(WriteTx { tx, _turn: turn })
    }
}

impl WriteTx {
    /// Commits, then gives the turn to the next writer.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    /// Commits and keeps the turn until the returned guard is dropped: what the writer does
    /// with the guard held (publishing the snapshot it decided on) happens before the next
    /// writer reads, so the next one can decide on it instead of loading it again.
    pub async fn commit_holding_turn(self) -> Result<Turn, sqlx::Error> {
        let Self { tx, _turn } = self;
        tx.commit().await?;
        Ok(Turn(_turn))
    }

    /// Rolls back, then gives the turn to the next writer.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}
