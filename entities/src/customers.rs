//! Customers, owned by a branch and an account manager.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub branch_id: i32,
    pub owner_id: Option<i32>,
    pub segment: CustomerSegment,
    pub industry: String,
    pub city: String,
    pub status: CustomerStatus,
    pub acquired_on: Option<Date>,
    pub churned_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::branches::Entity",
        from = "Column::BranchId",
        to = "super::branches::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Branch,
    #[sea_orm(has_many = "super::contacts::Entity")]
    Contacts,
    #[sea_orm(has_many = "super::customer_feedback::Entity")]
    CustomerFeedback,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::OwnerId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Owner,
    #[sea_orm(has_many = "super::interactions::Entity")]
    Interactions,
    #[sea_orm(has_many = "super::market_feedback::Entity")]
    MarketFeedback,
    #[sea_orm(has_many = "super::opportunities::Entity")]
    Opportunities,
    #[sea_orm(has_many = "super::product_feedback::Entity")]
    ProductFeedback,
    #[sea_orm(has_many = "super::sales_orders::Entity")]
    SalesOrders,
    #[sea_orm(has_many = "super::service_tickets::Entity")]
    ServiceTickets,
    #[sea_orm(has_many = "super::survey_responses::Entity")]
    SurveyResponses,
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
    }
}

impl Related<super::customer_feedback::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CustomerFeedback.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl Related<super::interactions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Interactions.def()
    }
}

impl Related<super::market_feedback::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MarketFeedback.def()
    }
}

impl Related<super::opportunities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Opportunities.def()
    }
}

impl Related<super::product_feedback::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductFeedback.def()
    }
}

impl Related<super::sales_orders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SalesOrders.def()
    }
}

impl Related<super::service_tickets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ServiceTickets.def()
    }
}

impl Related<super::survey_responses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SurveyResponses.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
