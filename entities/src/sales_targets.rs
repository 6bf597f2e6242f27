//! Sales targets per period and organisational scope, linked to their parent target.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sales_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_sales_targets_metric_period_kind_period_start_scope_key")]
    pub metric: TargetMetric,
    #[sea_orm(unique_key = "uq_sales_targets_metric_period_kind_period_start_scope_key")]
    pub period_kind: PeriodKind,
    #[sea_orm(unique_key = "uq_sales_targets_metric_period_kind_period_start_scope_key")]
    pub period_start: Date,
    pub scope_kind: ScopeKind,
    #[sea_orm(unique_key = "uq_sales_targets_metric_period_kind_period_start_scope_key")]
    /// `COMPANY`, `REGION:3`, `BRANCH:12`, …: makes "one target per period, scope and metric"
    /// a unique key (see `keys::scope_key`).
    pub scope_key: String,
    pub region_id: Option<i32>,
    pub branch_id: Option<i32>,
    pub team_id: Option<i32>,
    pub employee_id: Option<i32>,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub amount: Decimal,
    /// The target this one was split from: the same period one level up the organisation
    /// (rep → team → branch → region → company), or, for a company target, the company
    /// target of the enclosing period (month → quarter → year). Each split adds up exactly.
    pub parent_id: Option<i32>,
    pub locked: bool,
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
        belongs_to = "super::regions::Entity",
        from = "Column::RegionId",
        to = "super::regions::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Region,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentId",
        to = "Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    SelfRef,
    #[sea_orm(
        belongs_to = "super::teams::Entity",
        from = "Column::TeamId",
        to = "super::teams::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Team,
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

impl Related<super::regions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl Related<super::teams::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Team.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
