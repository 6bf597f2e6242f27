//! Times a contingency plan was put into action, and the outcome.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "contingency_activations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plan_id: i32,
    pub branch_id: Option<i32>,
    pub alert_id: Option<i32>,
    pub activated_by_id: i32,
    pub activated_at: DateTimeUtc,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub status: ActivationStatus,
    pub closed_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outcome: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::alerts::Entity",
        from = "Column::AlertId",
        to = "super::alerts::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Alert,
    #[sea_orm(
        belongs_to = "super::branches::Entity",
        from = "Column::BranchId",
        to = "super::branches::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Branch,
    #[sea_orm(
        belongs_to = "super::contingency_plans::Entity",
        from = "Column::PlanId",
        to = "super::contingency_plans::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Plan,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::ActivatedById",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    ActivatedBy,
}

impl Related<super::alerts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Alert.def()
    }
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::contingency_plans::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Plan.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActivatedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
