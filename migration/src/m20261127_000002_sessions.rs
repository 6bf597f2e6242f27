//! Refresh tokens of logged-in users, and the failed-login counters that slow down and then
//! refuse password guessing. Both live in the database so that every instance behind a load
//! balancer sees the same sessions and the same counters.

use crate::builder::{OnDelete, Tbl, create_all, drop_all};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// All or nothing on SQLite too: a failure leaves no table behind.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_all(manager, tables()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let names: Vec<&'static str> = tables().iter().map(Tbl::name).collect();
        drop_all(manager, &names).await
    }
}

fn tables() -> Vec<Tbl> {
    vec![
        // One row per refresh token ever issued: rotation marks the old row replaced, so a
        // replayed token is recognised and its whole family (one login) is revoked.
        Tbl::new("refresh_tokens")
            .fk("user_id", "user_accounts", OnDelete::Cascade)
            .col(string_len("token_hash", 64))
            .col(string_len("family", 36))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("replaced_at"))
            .col(timestamp_with_time_zone_null("revoked_at"))
            .unique(&["token_hash"])
            .index(&["family"])
            .stamps(),
        // Failed logins per key (`user:NAME` or `ip:ADDRESS`) in the current window.
        Tbl::new("login_failures")
            .col(string_len("key", 255))
            .col(integer("failures"))
            .col(timestamp_with_time_zone("window_started_at"))
            .col(timestamp_with_time_zone_null("locked_until"))
            .unique(&["key"])
            .stamps(),
    ]
}
