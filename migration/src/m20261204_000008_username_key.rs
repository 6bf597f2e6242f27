//! Usernames unique whatever their letter case, in every script: `user_accounts.username_key`
//! holds the username lower-cased by the server (Unicode-aware, the same on SQLite, whose
//! `lower()` folds ASCII only, and on PostgreSQL), with a unique index, so `Émile` and
//! `émile` cannot both exist even when created at the same instant. Existing rows get their
//! key; of two existing names differing only in case, the later keeps a null key (it can
//! still log in, and no new case variant of either can be created).

use std::collections::HashSet;

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ux_user_accounts_username_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let column = ColumnDef::new("username_key").string_len(255).null().to_owned();
        manager
            .alter_table(Table::alter().table("user_accounts").add_column(column).to_owned())
            .await?;
        let db = manager.get_connection();
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT id, username FROM user_accounts ORDER BY id",
            ))
            .await?;
        let mut taken = HashSet::new();
        for row in rows {
            let id: i32 = row.try_get_by_index(0)?;
            let username: String = row.try_get_by_index(1)?;
            let key = username.trim().to_lowercase();
            if !taken.insert(key.clone()) {
                continue;
            }
            let update = Query::update()
                .table("user_accounts")
                .value("username_key", key)
                .and_where(Expr::col("id").eq(id))
                .to_owned();
            manager.exec_stmt(update).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table("user_accounts")
                    .col("username_key")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(INDEX).table("user_accounts").to_owned()).await?;
        manager
            .alter_table(
                Table::alter().table("user_accounts").drop_column("username_key").to_owned(),
            )
            .await
    }
}
