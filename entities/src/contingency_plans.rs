//! Contingency plans (应急预案) prepared for known risks.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "contingency_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub trigger_condition: String,
    #[sea_orm(column_type = "Text")]
    pub actions: String,
    pub owner_id: Option<i32>,
    pub severity: Severity,
    pub status: LifecycleStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::contingency_activations::Entity")]
    ContingencyActivations,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::OwnerId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Owner,
}

impl Related<super::contingency_activations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContingencyActivations.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
