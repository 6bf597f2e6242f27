//! Career promotions of employees from one level to another.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "promotion_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub employee_id: i32,
    pub from_level_id: Option<i32>,
    pub to_level_id: i32,
    pub effective_on: Date,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub approved_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::career_levels::Entity",
        from = "Column::FromLevelId",
        to = "super::career_levels::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    FromLevel,
    #[sea_orm(
        belongs_to = "super::career_levels::Entity",
        from = "Column::ToLevelId",
        to = "super::career_levels::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    ToLevel,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::ApprovedById",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    ApprovedBy,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::EmployeeId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Employee,
}

impl ActiveModelBehavior for ActiveModel {}
