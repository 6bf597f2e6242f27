//! Failed logins per username or client address, shared by every instance.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "login_failures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `user:NAME` or `ip:ADDRESS`.
    #[sea_orm(unique)]
    pub key: String,
    /// Failures since `window_started_at`.
    pub failures: i32,
    pub window_started_at: DateTimeUtc,
    /// No login is tried for this key before then.
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
