//! Sales regions (大区) that group branches.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "regions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::api_keys::Entity")]
    ApiKeys,
    #[sea_orm(has_many = "super::branches::Entity")]
    Branches,
    #[sea_orm(has_many = "super::competitive_strategies::Entity")]
    CompetitiveStrategies,
    #[sea_orm(has_many = "super::market_signals::Entity")]
    MarketSignals,
    #[sea_orm(has_many = "super::market_size_estimates::Entity")]
    MarketSizeEstimates,
    #[sea_orm(has_many = "super::sales_targets::Entity")]
    SalesTargets,
    #[sea_orm(has_many = "super::user_accounts::Entity")]
    UserAccounts,
}

impl Related<super::api_keys::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApiKeys.def()
    }
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branches.def()
    }
}

impl Related<super::competitive_strategies::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompetitiveStrategies.def()
    }
}

impl Related<super::market_signals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MarketSignals.def()
    }
}

impl Related<super::market_size_estimates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MarketSizeEstimates.def()
    }
}

impl Related<super::sales_targets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SalesTargets.def()
    }
}

impl Related<super::user_accounts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserAccounts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
