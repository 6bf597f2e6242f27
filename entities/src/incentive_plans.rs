//! Incentive plans that reward attainment of a target metric.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "incentive_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub metric: TargetMetric,
    pub period_kind: PeriodKind,
    pub starts_on: Date,
    pub ends_on: Date,
    pub status: PlanStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::incentive_awards::Entity")]
    IncentiveAwards,
    #[sea_orm(has_many = "super::incentive_tiers::Entity")]
    IncentiveTiers,
}

impl Related<super::incentive_awards::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::IncentiveAwards.def()
    }
}

impl Related<super::incentive_tiers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::IncentiveTiers.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
