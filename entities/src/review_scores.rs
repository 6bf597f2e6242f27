//! Per-KPI target, actual and score of a review.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "review_scores")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_review_scores_review_id_kpi_id")]
    pub review_id: i32,
    #[sea_orm(unique_key = "uq_review_scores_review_id_kpi_id")]
    pub kpi_id: i32,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub target: Decimal,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub actual: Decimal,
    #[sea_orm(column_type = "Decimal(Some((7, 2)))")]
    pub score: Decimal,
    #[sea_orm(column_type = "Decimal(Some((7, 2)))")]
    pub weighted_score: Decimal,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::kpi_definitions::Entity",
        from = "Column::KpiId",
        to = "super::kpi_definitions::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Kpi,
    #[sea_orm(
        belongs_to = "super::reviews::Entity",
        from = "Column::ReviewId",
        to = "super::reviews::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Review,
}

impl Related<super::kpi_definitions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Kpi.def()
    }
}

impl Related<super::reviews::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Review.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
