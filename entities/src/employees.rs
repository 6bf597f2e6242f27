//! Employees of HQ and the branches.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "employees")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub employee_no: String,
    pub name: String,
    pub branch_id: Option<i32>,
    pub team_id: Option<i32>,
    pub title: String,
    pub career_level_id: Option<i32>,
    pub hire_date: Date,
    pub status: EmployeeStatus,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::action_items::Entity")]
    ActionItems,
    #[sea_orm(has_many = "super::alerts::Entity")]
    Alerts,
    #[sea_orm(has_many = "super::announcements::Entity")]
    Announcements,
    #[sea_orm(
        belongs_to = "super::branches::Entity",
        from = "Column::BranchId",
        to = "super::branches::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Branch,
    #[sea_orm(
        belongs_to = "super::career_levels::Entity",
        from = "Column::CareerLevelId",
        to = "super::career_levels::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    CareerLevel,
    #[sea_orm(has_many = "super::competitive_strategies::Entity")]
    CompetitiveStrategies,
    #[sea_orm(has_many = "super::contingency_activations::Entity")]
    ContingencyActivations,
    #[sea_orm(has_many = "super::contingency_plans::Entity")]
    ContingencyPlans,
    #[sea_orm(has_many = "super::customer_feedback::Entity")]
    CustomerFeedback,
    #[sea_orm(has_many = "super::customers::Entity")]
    Customers,
    #[sea_orm(has_many = "super::enrollments::Entity")]
    Enrollments,
    #[sea_orm(has_many = "super::improvement_plans::Entity")]
    ImprovementPlans,
    #[sea_orm(has_many = "super::incentive_awards::Entity")]
    IncentiveAwards,
    #[sea_orm(has_many = "super::interactions::Entity")]
    Interactions,
    #[sea_orm(has_many = "super::market_feedback::Entity")]
    MarketFeedback,
    #[sea_orm(has_many = "super::market_signals::Entity")]
    MarketSignals,
    #[sea_orm(has_many = "super::meeting_attendees::Entity")]
    MeetingAttendees,
    #[sea_orm(has_many = "super::meetings::Entity")]
    Meetings,
    #[sea_orm(has_many = "super::opportunities::Entity")]
    Opportunities,
    #[sea_orm(has_many = "super::price_changes::Entity")]
    PriceChanges,
    #[sea_orm(has_many = "super::price_observations::Entity")]
    PriceObservations,
    #[sea_orm(has_many = "super::product_feedback::Entity")]
    ProductFeedback,
    #[sea_orm(has_many = "super::projects::Entity")]
    Projects,
    #[sea_orm(has_many = "super::sales_orders::Entity")]
    SalesOrders,
    #[sea_orm(has_many = "super::sales_targets::Entity")]
    SalesTargets,
    #[sea_orm(has_many = "super::service_tickets::Entity")]
    ServiceTickets,
    #[sea_orm(
        belongs_to = "super::teams::Entity",
        from = "Column::TeamId",
        to = "super::teams::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Team,
    #[sea_orm(has_many = "super::user_accounts::Entity")]
    UserAccounts,
}

impl Related<super::action_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActionItems.def()
    }
}

impl Related<super::alerts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Alerts.def()
    }
}

impl Related<super::announcements::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Announcements.def()
    }
}

impl Related<super::branches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Branch.def()
    }
}

impl Related<super::career_levels::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CareerLevel.def()
    }
}

impl Related<super::competitive_strategies::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompetitiveStrategies.def()
    }
}

impl Related<super::contingency_activations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContingencyActivations.def()
    }
}

impl Related<super::contingency_plans::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContingencyPlans.def()
    }
}

impl Related<super::customer_feedback::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CustomerFeedback.def()
    }
}

impl Related<super::customers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customers.def()
    }
}

impl Related<super::enrollments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Enrollments.def()
    }
}

impl Related<super::improvement_plans::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ImprovementPlans.def()
    }
}

impl Related<super::incentive_awards::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::IncentiveAwards.def()
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

impl Related<super::market_signals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MarketSignals.def()
    }
}

impl Related<super::meeting_attendees::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MeetingAttendees.def()
    }
}

impl Related<super::meetings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meetings.def()
    }
}

impl Related<super::opportunities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Opportunities.def()
    }
}

impl Related<super::price_changes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PriceChanges.def()
    }
}

impl Related<super::price_observations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PriceObservations.def()
    }
}

impl Related<super::product_feedback::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProductFeedback.def()
    }
}

impl Related<super::projects::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Projects.def()
    }
}

impl Related<super::sales_orders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SalesOrders.def()
    }
}

impl Related<super::sales_targets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SalesTargets.def()
    }
}

impl Related<super::service_tickets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ServiceTickets.def()
    }
}

impl Related<super::teams::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Team.def()
    }
}

impl Related<super::user_accounts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserAccounts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
