//! Performance review cycles.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "review_cycles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    pub period_kind: PeriodKind,
    pub period_start: Date,
    pub period_end: Date,
    pub status: CycleStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::kpi_definitions::Entity")]
    KpiDefinitions,
    #[sea_orm(has_many = "super::reviews::Entity")]
    Reviews,
}

impl Related<super::kpi_definitions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::KpiDefinitions.def()
    }
}

impl Related<super::reviews::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reviews.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
