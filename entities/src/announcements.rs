//! HQ announcements targeted at branches.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "announcements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub author_id: i32,
    pub priority: Priority,
    pub published_at: DateTimeUtc,
    pub expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::announcement_targets::Entity")]
    AnnouncementTargets,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::AuthorId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Author,
}

impl Related<super::announcement_targets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AnnouncementTargets.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
