//! Improvement plans required after a low rating.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "improvement_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub review_id: i32,
    pub employee_id: Option<i32>,
    pub branch_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub goals: String,
    pub status: ImprovementStatus,
    pub due_date: Date,
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
    #[sea_orm(has_many = "super::improvement_actions::Entity")]
    ImprovementActions,
    #[sea_orm(
        belongs_to = "super::reviews::Entity",
        from = "Column::ReviewId",
        to = "super::reviews::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Review,
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

impl Related<super::improvement_actions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ImprovementActions.def()
    }
}

impl Related<super::reviews::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Review.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
