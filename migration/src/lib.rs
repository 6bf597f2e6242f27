//! Schema migrations of salesgraph: one ordered list, each step runs unchanged on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod builder;
mod m20261127_000001_model;
mod m20261127_000002_sessions;
mod m20261128_000003_analytics;
mod m20261128_000004_report_archive;
mod m20261202_000005_target_scope_keys;
mod m20261202_000006_course_pass_mark;
mod m20261202_000007_api_key_import;
mod m20261204_000008_username_key;

/// All migrations, oldest first.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_model::Migration),
            Box::new(m20261127_000002_sessions::Migration),
            Box::new(m20261128_000003_analytics::Migration),
            Box::new(m20261128_000004_report_archive::Migration),
            Box::new(m20261202_000005_target_scope_keys::Migration),
            Box::new(m20261202_000006_course_pass_mark::Migration),
            Box::new(m20261202_000007_api_key_import::Migration),
            Box::new(m20261204_000008_username_key::Migration),
        ]
    }
}
