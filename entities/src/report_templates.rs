//! Templates for the weekly and monthly reports branches send to HQ.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "report_templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    pub kind: ReportCadence,
    #[sea_orm(column_type = "Text")]
    pub sections: String,
    pub is_active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::branch_reports::Entity")]
    BranchReports,
}

impl Related<super::branch_reports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::BranchReports.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
