//! The GraphQL enums mirroring the status and kind enums of the model, with their filters.

use async_graphql::{Enum, InputObject};
use salesgraph_entities::enums as model;
use sea_orm::{ActiveEnum, ColumnTrait, Condition, DbBackend};
use serde_json::Value as Json;

use super::filter::{Cursored, Field, checked, null_check};
use crate::error::ApiError;

/// Declares, for each enum of the model, its GraphQL twin, the conversions both ways, its
/// filter input and its [`Field`] impl.
macro_rules! mirror {
    ($( $(#[$meta:meta])* $name:ident / $filter:ident { $($variant:ident),+ $(,)? } ),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
        pub enum $name {
            $( $variant, )+
        }

        impl From<model::$name> for $name {
            fn from(v: model::$name) -> Self {
                match v {
                    $( model::$name::$variant => Self::$variant, )+
                }
            }
        }

        impl From<$name> for model::$name {
            fn from(v: $name) -> Self {
                match v {
                    $( $name::$variant => Self::$variant, )+
                }
            }
        }

        /// Conditions on a value of this kind.
        #[derive(InputObject, Clone, Default)]
        pub struct $filter {
            /// Equal to.
            pub eq: Option<$name>,
            /// Not equal to.
            pub ne: Option<$name>,
            /// One of.
            #[graphql(name = "in")]
            pub in_: Option<Vec<$name>>,
            /// None of.
            pub not_in: Option<Vec<$name>>,
            /// True: the value is missing; false: it is present.
            pub is_null: Option<bool>,
        }

        impl Field for model::$name {
            type Out = $name;
            type Filter = $filter;

            fn out(&self) -> $name {
                (*self).into()
            }

            fn condition(
                column: impl ColumnTrait,
                f: &$filter,
                field: &str,
                _: DbBackend,
            ) -> Result<Condition, ApiError> {
                let stored = |v: &$name| model::$name::from(*v).to_value();
                let mut c = null_check(column, f.is_null);
                if let Some(v) = &f.eq {
                    c = c.add(column.eq(stored(v)));
                }
                if let Some(v) = &f.ne {
                    c = c.add(column.ne(stored(v)));
                }
                if let Some(v) = &f.in_ {
                    c = c.add(column.is_in(checked(field, v)?.iter().map(stored)));
                }
                if let Some(v) = &f.not_in {
                    c = c.add(column.is_not_in(checked(field, v)?.iter().map(stored)));
                }
                Ok(c)
            }

            fn to_cursor(&self) -> Json {
                Json::from(self.to_value())
            }

            fn from_cursor(value: &Json) -> Option<Cursored> {
                let stored = value.as_str()?.to_owned();
                model::$name::try_from_value(&stored).ok()?;
                Some(Cursored::Value(stored.into()))
            }
        }
    )+};
}

mirror! {
    /// Whether a branch office operates.
    BranchStatus / BranchStatusFilter { Active, Closed },
    /// Employment status.
    EmployeeStatus / EmployeeStatusFilter { Active, OnLeave, Left },
    /// Role of a user account or API key; decides what it may read and write.
    Role / RoleFilter { HqAdmin, HqAnalyst, BranchManager, SalesRep, Integrator },
    /// Which rows a user account or API key sees: everything, a region, a branch or its own.
    Scope / ScopeFilter { All, Region, Branch, Own },
    /// How often a branch report is due.
    ReportCadence / ReportCadenceFilter { Weekly, Monthly },
    /// Life of a branch report: draft, submitted to HQ, reviewed by HQ.
    BranchReportStatus / BranchReportStatusFilter { Draft, Submitted, Reviewed },
    /// Kind of meeting.
    MeetingKind / MeetingKindFilter { HqBranch, BranchInternal, CrossDepartment, Customer },
    /// Whether a meeting is planned, took place or was cancelled.
    MeetingStatus / MeetingStatusFilter { Scheduled, Held, Cancelled },
    /// State of an action item or improvement action.
    ActionStatus / ActionStatusFilter { Open, Done, Cancelled },
    /// Priority of an announcement, ticket or task.
    Priority / PriorityFilter { Low, Normal, High, Urgent },
    /// Whether a product is sold.
    ProductStatus / ProductStatusFilter { Active, Discontinued },
    /// Customer segment.
    CustomerSegment / CustomerSegmentFilter { Enterprise, Smb, Government, Distributor },
    /// Life of a customer: prospect, active, churned.
    CustomerStatus / CustomerStatusFilter { Prospect, Active, Churned },
    /// Sales stage of an opportunity.
    OpportunityStage / OpportunityStageFilter { Lead, Qualified, Proposal, Negotiation, ClosedWon, ClosedLost },
    /// Whether an opportunity is open, won or lost.
    OpportunityStatus / OpportunityStatusFilter { Open, Won, Lost },
    /// State of a sales order; only confirmed orders count as revenue.
    OrderStatus / OrderStatusFilter { Draft, Confirmed, Cancelled },
    /// Topic of a piece of market feedback.
    FeedbackCategory / FeedbackCategoryFilter { Price, Quality, Demand, Competition, Service },
    /// Tone of a piece of feedback.
    Sentiment / SentimentFilter { Positive, Neutral, Negative },
    /// What a target or incentive plan measures.
    TargetMetric / TargetMetricFilter { Revenue, Orders, NewCustomers },
    /// Length of a period.
    PeriodKind / PeriodKindFilter { Year, Quarter, Month },
    /// Organisational level a target or rule applies to.
    ScopeKind / ScopeKindFilter { Company, Region, Branch, Team, Employee },
    /// State of an incentive plan.
    PlanStatus / PlanStatusFilter { Draft, Active, Closed },
    /// What an incentive award grants.
    AwardKind / AwardKindFilter { Bonus, Promotion, Training, Recognition },
    /// Whether a review, KPI or award is about an employee or a branch.
    SubjectKind / SubjectKindFilter { Employee, Branch },
    /// State of an incentive award.
    AwardStatus / AwardStatusFilter { Proposed, Approved, Paid },
    /// Metric an early-warning rule watches.
    AlertMetric / AlertMetricFilter { Attainment, Pace, RevenueDrop, Csat, Nps, SlaBreaches },
    /// How an observed value is compared with a rule threshold.
    Comparator / ComparatorFilter { Lt, Lte, Gt, Gte },
    /// Window over which an alert rule evaluates its metric.
    AlertWindow / AlertWindowFilter { Day, Week, Month, Quarter },
    /// Severity of an alert or contingency.
    Severity / SeverityFilter { Info, Warning, Critical },
    /// State of an alert.
    AlertStatus / AlertStatusFilter { Open, Acknowledged, Resolved },
    /// Kind of market signal.
    SignalKind / SignalKindFilter { DemandShift, Policy, CompetitorMove, Price, Supply },
    /// A low / medium / high level (impact, threat).
    Level / LevelFilter { Low, Medium, High },
    /// Whether a plan, strategy or promotion is drafted, in force or retired.
    LifecycleStatus / LifecycleStatusFilter { Draft, Active, Retired },
    /// Whether a contingency activation is still running.
    ActivationStatus / ActivationStatusFilter { Active, Closed },
    /// Subject area of a training course.
    CourseCategory / CourseCategoryFilter { Onboarding, Product, SalesSkill, Service, Management },
    /// State of a training session.
    SessionStatus / SessionStatusFilter { Planned, Done, Cancelled },
    /// Result of an enrollment.
    EnrollmentStatus / EnrollmentStatusFilter { Enrolled, Completed, Failed, Withdrawn },
    /// Kind of customer interaction.
    InteractionKind / InteractionKindFilter { Visit, Call, Meeting, Event, Email },
    /// Kind of customer feedback.
    CustomerFeedbackKind / CustomerFeedbackKindFilter { Complaint, Suggestion, Praise },
    /// Whether customer feedback was addressed.
    FeedbackStatus / FeedbackStatusFilter { Open, Addressed },
    /// Kind of product feedback.
    ProductFeedbackKind / ProductFeedbackKindFilter { Defect, FeatureRequest, Praise, Other },
    /// State of a service ticket.
    TicketStatus / TicketStatusFilter { Open, InProgress, Resolved, Closed },
    /// State of a review cycle.
    CycleStatus / CycleStatusFilter { Planned, Open, Closed },
    /// Rating band of a performance review.
    Rating / RatingFilter { Excellent, Good, Meets, NeedsImprovement, Unsatisfactory },
    /// State of a performance review; finalised reviews are read-only.
    ReviewStatus / ReviewStatusFilter { Draft, Computed, Finalized },
    /// State of an improvement plan.
    ImprovementStatus / ImprovementStatusFilter { Open, InProgress, Completed, Cancelled },
    /// State of a project.
    ProjectStatus / ProjectStatusFilter { Planned, Active, Done, Cancelled },
    /// State of a task.
    TaskStatus / TaskStatusFilter { Todo, InProgress, Done, Cancelled },
    /// How an opportunity ended against a competitor.
    CompetitionOutcome / CompetitionOutcomeFilter { Pending, Won, Lost },
    /// Kind of competitive strategy.
    StrategyKind / StrategyKindFilter { Differentiation, Price, Service },
    /// State of a report run.
    RunStatus / RunStatusFilter { Queued, Running, Succeeded, Failed },
}
