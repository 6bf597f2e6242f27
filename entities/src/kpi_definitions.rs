//! KPIs of a review cycle with their weights and targets.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "kpi_definitions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_kpi_definitions_cycle_id_subject_kind_code")]
    pub cycle_id: i32,
    #[sea_orm(unique_key = "uq_kpi_definitions_cycle_id_subject_kind_code")]
    pub code: String,
    pub name: String,
    #[sea_orm(unique_key = "uq_kpi_definitions_cycle_id_subject_kind_code")]
    pub subject_kind: SubjectKind,
    #[sea_orm(column_type = "Decimal(Some((7, 2)))")]
    pub weight: Decimal,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub target: Decimal,
    pub unit: String,
    pub higher_is_better: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::review_cycles::Entity",
        from = "Column::CycleId",
        to = "super::review_cycles::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Cycle,
    #[sea_orm(has_many = "super::review_scores::Entity")]
    ReviewScores,
}

impl Related<super::review_cycles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Cycle.def()
    }
}

impl Related<super::review_scores::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReviewScores.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
