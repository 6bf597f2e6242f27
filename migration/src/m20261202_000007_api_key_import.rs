//! History import: an API key may be granted the right to import history (records dated in
//! the past), `api_keys.can_import`, false for every existing key.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let column = ColumnDef::new("can_import").boolean().not_null().default(false).to_owned();
        manager.alter_table(Table::alter().table("api_keys").add_column(column).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("api_keys").drop_column("can_import").to_owned())
            .await
    }
}
