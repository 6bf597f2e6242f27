//! Product categories (a tree through `parent_id`).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "product_categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub parent_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::competitor_products::Entity")]
    CompetitorProducts,
    #[sea_orm(has_many = "super::market_signals::Entity")]
    MarketSignals,
    #[sea_orm(has_many = "super::market_size_estimates::Entity")]
    MarketSizeEstimates,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentId",
        to = "Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    SelfRef,
    #[sea_orm(has_many = "super::products::Entity")]
    Products,
    #[sea_orm(has_many = "super::promotions::Entity")]
    Promotions,
}

impl Related<super::competitor_products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompetitorProducts.def()
    }
}

impl Related<super::market_signals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MarketSignals.def()
    }
}

impl Related<super::market_size_estimates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MarketSizeEstimates.def()
    }
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Products.def()
    }
}

impl Related<super::promotions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Promotions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
