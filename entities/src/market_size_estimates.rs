//! Estimated market size per region, category and period (for market share).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "market_size_estimates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_market_size_estimates_region_id_category_id_period_kind_peri")]
    pub region_id: i32,
    #[sea_orm(unique_key = "uq_market_size_estimates_region_id_category_id_period_kind_peri")]
    pub category_id: i32,
    #[sea_orm(unique_key = "uq_market_size_estimates_region_id_category_id_period_kind_peri")]
    pub period_kind: PeriodKind,
    #[sea_orm(unique_key = "uq_market_size_estimates_region_id_category_id_period_kind_peri")]
    pub period_start: Date,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub amount: Decimal,
    pub source: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::product_categories::Entity",
        from = "Column::CategoryId",
        to = "super::product_categories::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Category,
    #[sea_orm(
        belongs_to = "super::regions::Entity",
        from = "Column::RegionId",
        to = "super::regions::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Region,
}

impl Related<super::product_categories::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl Related<super::regions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
