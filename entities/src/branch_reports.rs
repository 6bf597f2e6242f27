//! Reports a branch submits to HQ: draft, submitted, reviewed with HQ comments.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "branch_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_branch_reports_branch_id_kind_period_start")]
    pub branch_id: i32,
    pub template_id: Option<i32>,
    pub author_id: i32,
    #[sea_orm(unique_key = "uq_branch_reports_branch_id_kind_period_start")]
    pub kind: ReportCadence,
    #[sea_orm(unique_key = "uq_branch_reports_branch_id_kind_period_start")]
    pub period_start: Date,
    pub period_end: Date,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub status: BranchReportStatus,
    pub submitted_at: Option<DateTimeUtc>,
    pub reviewed_by_id: Option<i32>,
    pub reviewed_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub hq_comment: Option<String>,
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
        on_delete = "Restrict"
    )]
    Branch,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::AuthorId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Author,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::ReviewedById",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    ReviewedBy,
    #[sea_orm(
        belongs_to = "super::report_templates::Entity",
        from = "Column::TemplateId",
        to = "super::report_templates::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Template,
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::report_templates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Template.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
