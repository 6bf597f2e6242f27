//! Awards granted to employees or branches under an incentive plan.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "incentive_awards")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_incentive_awards_plan_id_period_start_recipient_key")]
    pub plan_id: i32,
    pub tier_id: Option<i32>,
    pub recipient_kind: SubjectKind,
    #[sea_orm(unique_key = "uq_incentive_awards_plan_id_period_start_recipient_key")]
    pub recipient_key: String,
    pub employee_id: Option<i32>,
    pub branch_id: Option<i32>,
    #[sea_orm(unique_key = "uq_incentive_awards_plan_id_period_start_recipient_key")]
    pub period_start: Date,
    pub kind: AwardKind,
    #[sea_orm(column_type = "Decimal(Some((7, 2)))", nullable)]
    pub attainment: Option<Decimal>,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))", nullable)]
    pub amount: Option<Decimal>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub status: AwardStatus,
    pub awarded_at: DateTimeUtc,
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
        belongs_to = "super::employees::Entity",
        from = "Column::EmployeeId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Employee,
    #[sea_orm(
        belongs_to = "super::incentive_plans::Entity",
        from = "Column::PlanId",
        to = "super::incentive_plans::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Plan,
    #[sea_orm(
        belongs_to = "super::incentive_tiers::Entity",
        from = "Column::TierId",
        to = "super::incentive_tiers::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Tier,
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Employee.def()
    }
}

impl Related<super::incentive_plans::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Plan.def()
    }
}

impl Related<super::incentive_tiers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Tier.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
