//! A small table builder that keeps the model migration readable: every table gets an `id`,
//! timestamps, indexes on its foreign keys, and foreign keys that work on both backends.
//!
//! SQLite accepts a foreign key to a table created later, but only inside `CREATE TABLE`;
//! PostgreSQL needs the target to exist. So on SQLite foreign keys are written inline, and on
//! PostgreSQL they are added with `ALTER TABLE` once every table exists, which also lets
//! branches point at their manager while employees point at their branch.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, integer_null, pk_auto, timestamp_with_time_zone};
use sea_orm_migration::sea_orm::DbBackend;

/// What a foreign key does when its target row is deleted.
#[derive(Clone, Copy, Debug)]
pub enum OnDelete {
    /// The child rows go with the parent (lines of an order).
    Cascade,
    /// The parent cannot be deleted while children exist (orders of a customer).
    Restrict,
    /// The reference is cleared (an optional link such as a task's project).
    SetNull,
}

impl From<OnDelete> for ForeignKeyAction {
    fn from(action: OnDelete) -> Self {
        match action {
            OnDelete::Cascade => ForeignKeyAction::Cascade,
            OnDelete::Restrict => ForeignKeyAction::Restrict,
            OnDelete::SetNull => ForeignKeyAction::SetNull,
        }
    }
}

struct Fk {
    column: &'static str,
    target: &'static str,
    on_delete: OnDelete,
}

/// One table under construction.
pub struct Tbl {
    name: &'static str,
    stmt: TableCreateStatement,
    fks: Vec<Fk>,
    indexes: Vec<(bool, Vec<&'static str>)>,
    stamps: bool,
    version: bool,
}

impl Tbl {
    /// A table with an auto-increment `id` primary key.
    pub fn new(name: &'static str) -> Self {
        let mut stmt = Table::create();
        stmt.table(name).col(pk_auto("id"));
        Self { name, stmt, fks: Vec::new(), indexes: Vec::new(), stamps: false, version: false }
    }

    /// The table's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Adds a column.
    pub fn col(mut self, column: impl IntoColumnDef) -> Self {
        self.stmt.col(column);
        self
    }

    /// Adds a required reference to `target.id`.
    pub fn fk(mut self, column: &'static str, target: &'static str, on_delete: OnDelete) -> Self {
        self.stmt.col(integer(column));
        self.fks.push(Fk { column, target, on_delete });
        self
    }

    /// Adds an optional reference to `target.id`, cleared when the target is deleted.
    pub fn fk_null(mut self, column: &'static str, target: &'static str) -> Self {
        self.stmt.col(integer_null(column));
        self.fks.push(Fk { column, target, on_delete: OnDelete::SetNull });
        self
    }

    /// Adds a unique index over `columns`.
    pub fn unique(mut self, columns: &[&'static str]) -> Self {
        self.indexes.push((true, columns.to_vec()));
        self
    }

    /// Adds a plain index over `columns`.
    pub fn index(mut self, columns: &[&'static str]) -> Self {
        self.indexes.push((false, columns.to_vec()));
        self
    }

    /// Adds `created_at` and `updated_at`, both set by the database on insert.
    pub fn stamps(mut self) -> Self {
        self.stamps = true;
        self
    }

    /// Adds timestamps and the optimistic-concurrency `version` of a row users edit.
    pub fn editable(mut self) -> Self {
        self.version = true;
        self.stamps()
    }

    /// The `CREATE TABLE` statement for `backend`. SQLite's `CURRENT_TIMESTAMP` is
    /// `YYYY-MM-DD HH:MM:SS` without an offset, which does not read back as a UTC instant, so
    /// there the default is written as RFC 3339, the form sqlx itself stores.
    fn create_statement(&self, backend: DbBackend) -> TableCreateStatement {
        let mut stmt = self.stmt.clone();
        if self.stamps {
            let now = match backend {
                DbBackend::Sqlite => Expr::cust("(strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))"),
                _ => Expr::current_timestamp(),
            };
            stmt.col(timestamp_with_time_zone("created_at").default(now.clone()))
                .col(timestamp_with_time_zone("updated_at").default(now));
        }
        if self.version {
            stmt.col(integer("version").default(1));
        }
        if backend == DbBackend::Sqlite {
            for fk in &self.fks {
                stmt.foreign_key(&mut self.foreign_key(fk));
            }
        }
        stmt
    }

    fn foreign_key(&self, fk: &Fk) -> ForeignKeyCreateStatement {
        ForeignKey::create()
            .name(identifier(format!("fk_{}_{}", self.name, fk.column)))
            .from(self.name, fk.column)
            .to(fk.target, "id")
            .on_delete(fk.on_delete.into())
            .on_update(ForeignKeyAction::Cascade)
            .take()
    }

    /// Every index of the table: the declared ones, then one per foreign key that no declared
    /// index already leads with.
    fn index_statements(&self) -> Vec<IndexCreateStatement> {
        let mut all = self.indexes.clone();
        for fk in &self.fks {
            if !all.iter().any(|(_, cols)| cols.first() == Some(&fk.column)) {
                all.push((false, vec![fk.column]));
            }
        }
        all.into_iter()
            .map(|(unique, cols)| {
                let prefix = if unique { "uq" } else { "ix" };
                let mut index = Index::create();
                index.name(identifier(format!("{prefix}_{}_{}", self.name, cols.join("_"))));
                index.table(self.name);
                for col in cols {
                    index.col(col);
                }
                if unique {
                    index.unique();
                }
                index
            })
            .collect()
    }
}

/// PostgreSQL cuts identifiers at 63 bytes; cutting them here keeps the names of both
/// backends the same.
fn identifier(mut name: String) -> String {
    name.truncate(63);
    name
}

/// Creates `tables` in order, then their foreign keys (PostgreSQL) and indexes.
pub async fn create_all(manager: &SchemaManager<'_>, tables: Vec<Tbl>) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    for table in &tables {
        manager.create_table(table.create_statement(backend)).await?;
    }
    for table in &tables {
        if backend != DbBackend::Sqlite {
            for fk in &table.fks {
                manager.create_foreign_key(table.foreign_key(fk)).await?;
            }
        }
        for index in table.index_statements() {
            manager.create_index(index).await?;
        }
    }
    Ok(())
}

/// Drops `tables` in reverse order. Foreign-key checks are deferred to the end of the
/// migration's transaction so that the branch ⇄ employee cycle does not block the drop.
pub async fn drop_all(manager: &SchemaManager<'_>, tables: &[&'static str]) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    if backend == DbBackend::Sqlite {
        manager.get_connection().execute_unprepared("PRAGMA defer_foreign_keys = ON").await?;
    }
    for name in tables.iter().rev() {
        let mut drop = Table::drop();
        drop.table(*name);
        if backend == DbBackend::Postgres {
            drop.cascade();
        }
        manager.drop_table(drop).await?;
    }
    Ok(())
}
