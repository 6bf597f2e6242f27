//! Alerts raised by the early-warning rules.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "alerts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub rule_id: i32,
    pub branch_id: Option<i32>,
    pub employee_id: Option<i32>,
    pub triggered_at: DateTimeUtc,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub observed_value: Decimal,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub severity: Severity,
    pub status: AlertStatus,
    pub acknowledged_by_id: Option<i32>,
    pub resolved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::alert_rules::Entity",
        from = "Column::RuleId",
        to = "super::alert_rules::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Rule,
    #[sea_orm(
        belongs_to = "super::branches::Entity",
        from = "Column::BranchId",
        to = "super::branches::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Branch,
    #[sea_orm(has_many = "super::contingency_activations::Entity")]
    ContingencyActivations,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::EmployeeId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Employee,
    #[sea_orm(
        belongs_to = "super::user_accounts::Entity",
        from = "Column::AcknowledgedById",
        to = "super::user_accounts::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    AcknowledgedBy,
}

impl Related<super::alert_rules::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Rule.def()
    }
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::contingency_activations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContingencyActivations.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Employee.def()
    }
}

impl Related<super::user_accounts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AcknowledgedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
