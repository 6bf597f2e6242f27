//! After-sales service tickets with priority, SLA and resolution.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "service_tickets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub ticket_no: String,
    pub customer_id: i32,
    pub branch_id: i32,
    pub product_id: Option<i32>,
    pub order_id: Option<i32>,
    pub assignee_id: Option<i32>,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub priority: Priority,
    pub status: TicketStatus,
    pub opened_at: DateTimeUtc,
    pub sla_due_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution: Option<String>,
    pub satisfaction: Option<i16>,
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
        from = "Column::AssigneeId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Assignee,
    #[sea_orm(
        belongs_to = "super::products::Entity",
        from = "Column::ProductId",
        to = "super::products::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::sales_orders::Entity",
        from = "Column::OrderId",
        to = "super::sales_orders::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Order,
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
        Relation::Assignee.def()
    }
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::sales_orders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Order.def()
    }
}

impl Related<super::survey_responses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SurveyResponses.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
