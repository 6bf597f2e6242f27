//! Opening the database named by the settings, on SQLite or PostgreSQL.

use std::time::Duration;

use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::settings::{Settings, redact_url};

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "unsupported database URL {0}: expected sqlite://FILE or postgres://USER@HOST/DATABASE"
    )]
    UnsupportedUrl(String),
    #[error("cannot connect to database {url}: {source}")]
    Connect { url: String, source: sea_orm::DbErr },
}

/// The backend a URL names, or an error for any other kind of URL.
pub fn backend_of(url: &str) -> Result<DbBackend, DbError> {
    let scheme = url.split_once(':').map(|(scheme, _)| scheme).unwrap_or_default();
    match scheme {
        "sqlite" => Ok(DbBackend::Sqlite),
        "postgres" | "postgresql" => Ok(DbBackend::Postgres),
        _ => Err(DbError::UnsupportedUrl(redact_url(url))),
    }
}

/// Opens a connection pool. SQLite runs in WAL mode with a busy timeout, so readers never
/// wait for a writer and concurrent writers queue instead of failing.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbError> {
    let url = &settings.database_url;
    let backend = backend_of(url)?;
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(settings.max_connections)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        // No ping before every checkout: it doubled the round trips of every query. A broken
        // connection still fails its query, and the pool replaces it.
        .test_before_acquire(false)
        .sqlx_logging(false);
    if backend == DbBackend::Sqlite {
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    }
    Database::connect(options)
        .await
        .map_err(|source| DbError::Connect { url: redact_url(url), source })
}

/// Begins a transaction that writes. On SQLite it takes the write lock at once (`BEGIN
/// IMMEDIATE`): writers then queue behind each other for the busy timeout, whereas a deferred
/// transaction that has read first is refused its write at once ("database is locked") when
/// another writer got there in between. PostgreSQL ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    db.begin_with_options(options).await
}
