//! Meetings between HQ and branches or inside a branch, with minutes.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    pub kind: MeetingKind,
    pub branch_id: Option<i32>,
    pub organizer_id: i32,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub location: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub minutes: Option<String>,
    pub status: MeetingStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::action_items::Entity")]
    ActionItems,
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
        from = "Column::OrganizerId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Organizer,
    #[sea_orm(has_many = "super::meeting_attendees::Entity")]
    MeetingAttendees,
}

impl Related<super::action_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActionItems.def()
    }
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizer.def()
    }
}

impl Related<super::meeting_attendees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingAttendees.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
