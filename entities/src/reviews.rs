//! Performance reviews of an employee or a branch in a cycle.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_reviews_cycle_id_subject_key")]
    pub cycle_id: i32,
    pub subject_kind: SubjectKind,
    #[sea_orm(unique_key = "uq_reviews_cycle_id_subject_key")]
    pub subject_key: String,
    pub employee_id: Option<i32>,
    pub branch_id: Option<i32>,
    pub reviewer_id: Option<i32>,
    #[sea_orm(column_type = "Decimal(Some((7, 2)))", nullable)]
    pub total_score: Option<Decimal>,
    pub rating: Option<Rating>,
    pub status: ReviewStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub comments: Option<String>,
    pub finalized_at: Option<DateTimeUtc>,
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
        belongs_to = "super::employees::Entity",
        from = "Column::ReviewerId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Reviewer,
    #[sea_orm(has_many = "super::improvement_plans::Entity")]
    ImprovementPlans,
    #[sea_orm(
        belongs_to = "super::review_cycles::Entity",
        from = "Column::CycleId",
        to = "super::review_cycles::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Cycle,
    #[sea_orm(has_many = "super::review_scores::Entity")]
    ReviewScores,
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::improvement_plans::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ImprovementPlans.def()
    }
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
