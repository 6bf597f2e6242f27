//! Audit log: who changed what, when, with the before and after.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub actor_user_id: Option<i32>,
    pub actor_api_key_id: Option<i32>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub changes: Option<Json>,
    pub request_id: Option<String>,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::api_keys::Entity",
        from = "Column::ActorApiKeyId",
        to = "super::api_keys::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    ActorApiKey,
    #[sea_orm(
        belongs_to = "super::user_accounts::Entity",
        from = "Column::ActorUserId",
        to = "super::user_accounts::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    ActorUser,
}

impl Related<super::api_keys::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActorApiKey.def()
    }
}

impl Related<super::user_accounts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActorUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
