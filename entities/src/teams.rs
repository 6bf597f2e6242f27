//! Sales teams inside a branch.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "teams")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_teams_branch_id_name")]
    pub branch_id: i32,
    #[sea_orm(unique_key = "uq_teams_branch_id_name")]
    pub name: String,
    pub leader_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::branches::Entity",
        from = "Column::BranchId",
        to = "super::branches::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Branch,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::LeaderId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Leader,
    #[sea_orm(has_many = "super::sales_targets::Entity")]
    SalesTargets,
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Leader.def()
    }
}

impl Related<super::sales_targets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SalesTargets.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
