//! Competitor products, mapped to ours.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "competitor_products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_competitor_products_competitor_id_name")]
    pub competitor_id: i32,
    #[sea_orm(unique_key = "uq_competitor_products_competitor_id_name")]
    pub name: String,
    pub our_product_id: Option<i32>,
    pub category_id: Option<i32>,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))", nullable)]
    pub list_price: Option<Decimal>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::competitors::Entity",
        from = "Column::CompetitorId",
        to = "super::competitors::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Competitor,
    #[sea_orm(has_many = "super::price_observations::Entity")]
    PriceObservations,
    #[sea_orm(
        belongs_to = "super::product_categories::Entity",
        from = "Column::CategoryId",
        to = "super::product_categories::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Category,
    #[sea_orm(
        belongs_to = "super::products::Entity",
        from = "Column::OurProductId",
        to = "super::products::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    OurProduct,
}

impl Related<super::competitors::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Competitor.def()
    }
}

impl Related<super::price_observations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PriceObservations.def()
    }
}

impl Related<super::product_categories::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OurProduct.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
