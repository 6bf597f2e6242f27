//! Customer satisfaction survey responses (CSAT 1–5, NPS 0–10).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "survey_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub customer_id: i32,
    pub branch_id: i32,
    pub order_id: Option<i32>,
    pub ticket_id: Option<i32>,
    pub csat: Option<i16>,
    pub nps: Option<i16>,
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    pub responded_at: DateTimeUtc,
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
        on_delete = "Cascade"
    )]
    Customer,
    #[sea_orm(
        belongs_to = "super::sales_orders::Entity",
        from = "Column::OrderId",
        to = "super::sales_orders::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Order,
    #[sea_orm(
        belongs_to = "super::service_tickets::Entity",
        from = "Column::TicketId",
        to = "super::service_tickets::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Ticket,
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

impl Related<super::sales_orders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Order.def()
    }
}

impl Related<super::service_tickets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Ticket.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
