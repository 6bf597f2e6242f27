//! Competitors with their strengths and weaknesses.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "competitors")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    pub website: Option<String>,
    pub headquarters: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub strengths: String,
    #[sea_orm(column_type = "Text")]
    pub weaknesses: String,
    pub threat_level: Level,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::competitive_strategies::Entity")]
    CompetitiveStrategies,
    #[sea_orm(has_many = "super::competitor_products::Entity")]
    CompetitorProducts,
    #[sea_orm(has_many = "super::opportunity_competitors::Entity")]
    OpportunityCompetitors,
}

impl Related<super::competitive_strategies::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompetitiveStrategies.def()
    }
}

impl Related<super::competitor_products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompetitorProducts.def()
    }
}

impl Related<super::opportunity_competitors::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OpportunityCompetitors.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
