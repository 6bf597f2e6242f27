//! Training courses.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub title: String,
    pub category: CourseCategory,
    #[sea_orm(column_type = "Decimal(Some((5, 1)))")]
    pub hours: Decimal,
    pub is_mandatory: bool,
    /// The least assessment score out of 100 that completes the course.
    #[sea_orm(column_type = "Decimal(Some((7, 2)))")]
    pub pass_mark: Decimal,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::training_sessions::Entity")]
    TrainingSessions,
}

impl Related<super::training_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TrainingSessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
