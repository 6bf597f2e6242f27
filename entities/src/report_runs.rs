//! Report runs: kind, parameters, requester, status and the PDF.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "report_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: String,
    pub params: Json,
    pub requester_user_id: Option<i32>,
    pub requester_api_key_id: Option<i32>,
    pub branch_id: Option<i32>,
    pub status: RunStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    pub checksum: Option<String>,
    pub size_bytes: Option<i32>,
    pub pages: Option<i32>,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    /// Set on runs of the monthly archive: unique, so that a report is archived once.
    pub archive_key: Option<String>,
    /// The report's title, known once it is built; the PDF's file name.
    pub title: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::api_keys::Entity",
        from = "Column::RequesterApiKeyId",
        to = "super::api_keys::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    RequesterApiKey,
    #[sea_orm(
        belongs_to = "super::branches::Entity",
        from = "Column::BranchId",
        to = "super::branches::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Branch,
    #[sea_orm(
        belongs_to = "super::user_accounts::Entity",
        from = "Column::RequesterUserId",
        to = "super::user_accounts::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    RequesterUser,
}

impl Related<super::api_keys::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RequesterApiKey.def()
    }
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::user_accounts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RequesterUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
