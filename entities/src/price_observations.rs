//! Prices of competitor products observed in the field.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "price_observations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competitor_product_id: i32,
    pub branch_id: Option<i32>,
    pub observed_by_id: Option<i32>,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub price: Decimal,
    pub observed_on: Date,
    pub source: Option<String>,
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
        belongs_to = "super::competitor_products::Entity",
        from = "Column::CompetitorProductId",
        to = "super::competitor_products::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    CompetitorProduct,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::ObservedById",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    ObservedBy,
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::competitor_products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompetitorProduct.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ObservedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
