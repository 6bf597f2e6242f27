//! Tiers of an incentive plan: from an attainment level, a bonus rate or award.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "incentive_tiers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_incentive_tiers_plan_id_min_attainment")]
    pub plan_id: i32,
    #[sea_orm(
        column_type = "Decimal(Some((7, 2)))",
        unique_key = "uq_incentive_tiers_plan_id_min_attainment"
    )]
    pub min_attainment: Decimal,
    #[sea_orm(column_type = "Decimal(Some((7, 4)))")]
    pub bonus_rate: Decimal,
    pub award_kind: AwardKind,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::incentive_awards::Entity")]
    IncentiveAwards,
    #[sea_orm(
        belongs_to = "super::incentive_plans::Entity",
        from = "Column::PlanId",
        to = "super::incentive_plans::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Plan,
}

impl Related<super::incentive_awards::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::IncentiveAwards.def()
    }
}

impl Related<super::incentive_plans::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Plan.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
