//! Competitors met on an opportunity, and how it ended against them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "opportunity_competitors")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_opportunity_competitors_opportunity_id_competitor_id")]
    pub opportunity_id: i32,
    #[sea_orm(unique_key = "uq_opportunity_competitors_opportunity_id_competitor_id")]
    pub competitor_id: i32,
    pub outcome: CompetitionOutcome,
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
        on_delete = "Restrict"
    )]
    Competitor,
    #[sea_orm(
        belongs_to = "super::opportunities::Entity",
        from = "Column::OpportunityId",
        to = "super::opportunities::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Opportunity,
}

impl Related<super::competitors::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Competitor.def()
    }
}

impl Related<super::opportunities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Opportunity.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
