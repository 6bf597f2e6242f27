//! Employees enrolled in a training session, with their result.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "enrollments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique_key = "uq_enrollments_session_id_employee_id")]
    pub session_id: i32,
    #[sea_orm(unique_key = "uq_enrollments_session_id_employee_id")]
    pub employee_id: i32,
    pub status: EnrollmentStatus,
    #[sea_orm(column_type = "Decimal(Some((7, 2)))", nullable)]
    pub score: Option<Decimal>,
    pub completed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::EmployeeId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Employee,
    #[sea_orm(
        belongs_to = "super::training_sessions::Entity",
        from = "Column::SessionId",
        to = "super::training_sessions::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Session,
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Employee.def()
    }
}

impl Related<super::training_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
