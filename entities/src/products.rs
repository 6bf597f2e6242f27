//! Products we sell: SKU, unit, list price.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub category_id: i32,
    #[sea_orm(unique)]
    pub sku: String,
    pub name: String,
    pub unit: String,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub list_price: Decimal,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))", nullable)]
    pub cost_price: Option<Decimal>,
    pub status: ProductStatus,
    pub launched_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::competitor_products::Entity")]
    CompetitorProducts,
    #[sea_orm(has_many = "super::market_feedback::Entity")]
    MarketFeedback,
    #[sea_orm(has_many = "super::order_lines::Entity")]
    OrderLines,
    #[sea_orm(has_many = "super::price_changes::Entity")]
    PriceChanges,
    #[sea_orm(
        belongs_to = "super::product_categories::Entity",
        from = "Column::CategoryId",
        to = "super::product_categories::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Category,
    #[sea_orm(has_many = "super::product_feedback::Entity")]
    ProductFeedback,
    #[sea_orm(has_many = "super::promotions::Entity")]
    Promotions,
    #[sea_orm(has_many = "super::service_tickets::Entity")]
    ServiceTickets,
}

impl Related<super::competitor_products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompetitorProducts.def()
    }
}

impl Related<super::market_feedback::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MarketFeedback.def()
    }
}

impl Related<super::order_lines::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrderLines.def()
    }
}

impl Related<super::price_changes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PriceChanges.def()
    }
}

impl Related<super::product_categories::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl Related<super::product_feedback::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductFeedback.def()
    }
}

impl Related<super::promotions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Promotions.def()
    }
}

impl Related<super::service_tickets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ServiceTickets.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
