//! Competitive strategies in force: differentiation, price, service.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "competitive_strategies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competitor_id: Option<i32>,
    pub kind: StrategyKind,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub region_id: Option<i32>,
    pub branch_id: Option<i32>,
    pub owner_id: Option<i32>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub status: LifecycleStatus,
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
        on_delete = "SetNull"
    )]
    Branch,
    #[sea_orm(
        belongs_to = "super::competitors::Entity",
        from = "Column::CompetitorId",
        to = "super::competitors::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Competitor,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::OwnerId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Owner,
    #[sea_orm(
        belongs_to = "super::regions::Entity",
        from = "Column::RegionId",
        to = "super::regions::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Region,
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::competitors::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Competitor.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl Related<super::regions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
