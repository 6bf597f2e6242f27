//! Sales orders; the total is the sum of the lines.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sales_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub order_no: String,
    pub customer_id: i32,
    pub branch_id: i32,
    pub salesperson_id: i32,
    pub opportunity_id: Option<i32>,
    pub ordered_at: DateTimeUtc,
    pub status: OrderStatus,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub total_amount: Decimal,
    pub currency: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
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
    #[sea_orm(
        belongs_to = "super::customers::Entity",
        from = "Column::CustomerId",
        to = "super::customers::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Customer,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::SalespersonId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Salesperson,
    #[sea_orm(
        belongs_to = "super::opportunities::Entity",
        from = "Column::OpportunityId",
        to = "super::opportunities::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Opportunity,
    #[sea_orm(has_many = "super::order_lines::Entity")]
    OrderLines,
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

impl Related<super::customers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customer.def()
    }
}

impl Related<super::employees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Salesperson.def()
    }
}

impl Related<super::opportunities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Opportunity.def()
    }
}

impl Related<super::order_lines::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrderLines.def()
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
