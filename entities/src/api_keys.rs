//! API keys for integrators: only the hash is stored, with role, scope and expiry.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    #[sea_orm(unique)]
    pub prefix: String,
    pub key_hash: String,
    pub role: Role,
    pub scope: Scope,
    pub region_id: Option<i32>,
    pub branch_id: Option<i32>,
    pub created_by_id: i32,
    pub expires_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
    /// Whether the key may import history (records dated in the past); INTEGRATOR keys only.
    pub can_import: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::audit_log::Entity")]
    AuditLog,
    #[sea_orm(
        belongs_to = "super::branches::Entity",
        from = "Column::BranchId",
        to = "super::branches::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Branch,
    #[sea_orm(
        belongs_to = "super::regions::Entity",
        from = "Column::RegionId",
        to = "super::regions::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Region,
    #[sea_orm(has_many = "super::report_runs::Entity")]
    ReportRuns,
    #[sea_orm(
        belongs_to = "super::user_accounts::Entity",
        from = "Column::CreatedById",
        to = "super::user_accounts::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    CreatedBy,
}

impl Related<super::audit_log::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AuditLog.def()
    }
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::regions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl Related<super::report_runs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReportRuns.def()
    }
}

impl Related<super::user_accounts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreatedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
