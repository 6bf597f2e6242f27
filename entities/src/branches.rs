//! Branch offices (分公司): code, city, manager and the fixed liaison to HQ.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "branches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub region_id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub city: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// The branch manager (分公司总经理).
    pub manager_id: Option<i32>,
    /// The branch's fixed liaison (固定联络人): the person of the branch who keeps HQ informed.
    pub liaison_id: Option<i32>,
    pub opened_on: Option<Date>,
    pub status: BranchStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::alert_rules::Entity")]
    AlertRules,
    #[sea_orm(has_many = "super::alerts::Entity")]
    Alerts,
    #[sea_orm(has_many = "super::announcement_targets::Entity")]
    AnnouncementTargets,
    #[sea_orm(has_many = "super::api_keys::Entity")]
    ApiKeys,
    #[sea_orm(has_many = "super::branch_reports::Entity")]
    BranchReports,
    #[sea_orm(has_many = "super::competitive_strategies::Entity")]
    CompetitiveStrategies,
    #[sea_orm(has_many = "super::contingency_activations::Entity")]
    ContingencyActivations,
    #[sea_orm(has_many = "super::customers::Entity")]
    Customers,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::LiaisonId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Liaison,
    #[sea_orm(
        belongs_to = "super::employees::Entity",
        from = "Column::ManagerId",
        to = "super::employees::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Manager,
    #[sea_orm(has_many = "super::improvement_plans::Entity")]
    ImprovementPlans,
    #[sea_orm(has_many = "super::incentive_awards::Entity")]
    IncentiveAwards,
    #[sea_orm(has_many = "super::market_feedback::Entity")]
    MarketFeedback,
    #[sea_orm(has_many = "super::market_signals::Entity")]
    MarketSignals,
    #[sea_orm(has_many = "super::meetings::Entity")]
    Meetings,
    #[sea_orm(has_many = "super::opportunities::Entity")]
    Opportunities,
    #[sea_orm(has_many = "super::price_observations::Entity")]
    PriceObservations,
    #[sea_orm(has_many = "super::projects::Entity")]
    Projects,
    #[sea_orm(has_many = "super::promotions::Entity")]
    Promotions,
    #[sea_orm(
        belongs_to = "super::regions::Entity",
        from = "Column::RegionId",
        to = "super::regions::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Region,
    #[sea_orm(has_many = "super::report_runs::Entity")]
    ReportRuns,
    #[sea_orm(has_many = "super::reviews::Entity")]
    Reviews,
    #[sea_orm(has_many = "super::sales_orders::Entity")]
    SalesOrders,
    #[sea_orm(has_many = "super::sales_targets::Entity")]
    SalesTargets,
    #[sea_orm(has_many = "super::service_tickets::Entity")]
    ServiceTickets,
    #[sea_orm(has_many = "super::survey_responses::Entity")]
    SurveyResponses,
    #[sea_orm(has_many = "super::tasks::Entity")]
    Tasks,
    #[sea_orm(has_many = "super::teams::Entity")]
    Teams,
    #[sea_orm(has_many = "super::training_sessions::Entity")]
    TrainingSessions,
    #[sea_orm(has_many = "super::user_accounts::Entity")]
    UserAccounts,
}

impl Related<super::alert_rules::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AlertRules.def()
    }
}

impl Related<super::alerts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Alerts.def()
    }
}

impl Related<super::announcement_targets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AnnouncementTargets.def()
    }
}

impl Related<super::api_keys::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApiKeys.def()
    }
}

impl Related<super::branch_reports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::BranchReports.def()
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

impl Related<super::customers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customers.def()
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

impl Related<super::price_observations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PriceObservations.def()
    }
}

impl Related<super::projects::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Projects.def()
    }
}

impl Related<super::promotions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Promotions.def()
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

impl Related<super::reviews::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reviews.def()
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

impl Related<super::survey_responses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SurveyResponses.def()
    }
}

impl Related<super::tasks::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Tasks.def()
    }
}

impl Related<super::teams::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Teams.def()
    }
}

impl Related<super::training_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TrainingSessions.def()
    }
}

impl Related<super::user_accounts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserAccounts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
