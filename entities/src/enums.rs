//! String-backed enums of the status and kind columns. Each is stored as its variant name in
//! upper snake case, so the database stays readable and new variants need no migration.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Declares a string-backed enum stored as its `SCREAMING_SNAKE_CASE` name.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name {
            $(
                #[sea_orm(string_value = $value)]
                $variant,
            )+
        }
    };
}

string_enum! {
    /// Whether a branch office operates.
    BranchStatus {
        Active = "ACTIVE",
        Closed = "CLOSED",
    }
}

string_enum! {
    /// Employment status.
    EmployeeStatus {
        Active = "ACTIVE",
        OnLeave = "ON_LEAVE",
        Left = "LEFT",
    }
}

string_enum! {
    /// Role of a user account or API key; decides what it may read and write.
    Role {
        HqAdmin = "HQ_ADMIN",
        HqAnalyst = "HQ_ANALYST",
        BranchManager = "BRANCH_MANAGER",
        SalesRep = "SALES_REP",
        Integrator = "INTEGRATOR",
    }
}

string_enum! {
    /// Which rows a user account or API key sees: everything, a region, a branch or its own.
    Scope {
        All = "ALL",
        Region = "REGION",
        Branch = "BRANCH",
        Own = "OWN",
    }
}

string_enum! {
    /// How often a branch report is due.
    ReportCadence {
        Weekly = "WEEKLY",
        Monthly = "MONTHLY",
    }
}

string_enum! {
    /// Life of a branch report: draft, submitted to HQ, reviewed by HQ.
    BranchReportStatus {
        Draft = "DRAFT",
        Submitted = "SUBMITTED",
        Reviewed = "REVIEWED",
    }
}

string_enum! {
    /// Kind of meeting.
    MeetingKind {
        HqBranch = "HQ_BRANCH",
        BranchInternal = "BRANCH_INTERNAL",
        CrossDepartment = "CROSS_DEPARTMENT",
        Customer = "CUSTOMER",
    }
}

string_enum! {
    /// Whether a meeting is planned, took place or was cancelled.
    MeetingStatus {
        Scheduled = "SCHEDULED",
        Held = "HELD",
        Cancelled = "CANCELLED",
    }
}

string_enum! {
    /// State of an action item or improvement action.
    ActionStatus {
        Open = "OPEN",
        Done = "DONE",
        Cancelled = "CANCELLED",
    }
}

string_enum! {
    /// Priority of an announcement, ticket or task.
    Priority {
        Low = "LOW",
        Normal = "NORMAL",
        High = "HIGH",
        Urgent = "URGENT",
    }
}

string_enum! {
    /// Whether a product is sold.
    ProductStatus {
        Active = "ACTIVE",
        Discontinued = "DISCONTINUED",
    }
}

string_enum! {
    /// Customer segment.
    CustomerSegment {
        Enterprise = "ENTERPRISE",
        Smb = "SMB",
        Government = "GOVERNMENT",
        Distributor = "DISTRIBUTOR",
    }
}

string_enum! {
    /// Life of a customer: prospect, active, churned.
    CustomerStatus {
        Prospect = "PROSPECT",
        Active = "ACTIVE",
        Churned = "CHURNED",
    }
}

string_enum! {
    /// Sales stage of an opportunity.
    OpportunityStage {
        Lead = "LEAD",
        Qualified = "QUALIFIED",
        Proposal = "PROPOSAL",
        Negotiation = "NEGOTIATION",
        ClosedWon = "CLOSED_WON",
        ClosedLost = "CLOSED_LOST",
    }
}

string_enum! {
    /// Whether an opportunity is open, won or lost.
    OpportunityStatus {
        Open = "OPEN",
        Won = "WON",
        Lost = "LOST",
    }
}

string_enum! {
    /// State of a sales order; only confirmed orders count as revenue.
    OrderStatus {
        Draft = "DRAFT",
        Confirmed = "CONFIRMED",
        Cancelled = "CANCELLED",
    }
}

string_enum! {
    /// Topic of a piece of market feedback.
    FeedbackCategory {
        Price = "PRICE",
        Quality = "QUALITY",
        Demand = "DEMAND",
        Competition = "COMPETITION",
        Service = "SERVICE",
    }
}

string_enum! {
    /// Tone of a piece of feedback.
    Sentiment {
        Positive = "POSITIVE",
        Neutral = "NEUTRAL",
        Negative = "NEGATIVE",
    }
}

string_enum! {
    /// What a target or incentive plan measures.
    TargetMetric {
        Revenue = "REVENUE",
        Orders = "ORDERS",
        NewCustomers = "NEW_CUSTOMERS",
    }
}

string_enum! {
    /// Length of a period.
    PeriodKind {
        Year = "YEAR",
        Quarter = "QUARTER",
        Month = "MONTH",
    }
}

string_enum! {
    /// Organisational level a target or rule applies to.
    ScopeKind {
        Company = "COMPANY",
        Region = "REGION",
        Branch = "BRANCH",
        Team = "TEAM",
        Employee = "EMPLOYEE",
    }
}

string_enum! {
    /// State of an incentive plan.
    PlanStatus {
        Draft = "DRAFT",
        Active = "ACTIVE",
        Closed = "CLOSED",
    }
}

string_enum! {
    /// What an incentive award grants.
    AwardKind {
        Bonus = "BONUS",
        Promotion = "PROMOTION",
        Training = "TRAINING",
        Recognition = "RECOGNITION",
    }
}

string_enum! {
    /// Whether a review, KPI or award is about an employee or a branch.
    SubjectKind {
        Employee = "EMPLOYEE",
        Branch = "BRANCH",
    }
}

string_enum! {
    /// State of an incentive award.
    AwardStatus {
        Proposed = "PROPOSED",
        Approved = "APPROVED",
        Paid = "PAID",
    }
}

string_enum! {
    /// Metric an early-warning rule watches.
    AlertMetric {
        Attainment = "ATTAINMENT",
        Pace = "PACE",
        RevenueDrop = "REVENUE_DROP",
        Csat = "CSAT",
        Nps = "NPS",
        SlaBreaches = "SLA_BREACHES",
    }
}

string_enum! {
    /// How an observed value is compared with a rule threshold.
    Comparator {
        Lt = "LT",
        Lte = "LTE",
        Gt = "GT",
        Gte = "GTE",
    }
}

string_enum! {
    /// Window over which an alert rule evaluates its metric.
    AlertWindow {
        Day = "DAY",
        Week = "WEEK",
        Month = "MONTH",
        Quarter = "QUARTER",
    }
}

string_enum! {
    /// Severity of an alert or contingency.
    Severity {
        Info = "INFO",
        Warning = "WARNING",
        Critical = "CRITICAL",
    }
}

string_enum! {
    /// State of an alert.
    AlertStatus {
        Open = "OPEN",
        Acknowledged = "ACKNOWLEDGED",
        Resolved = "RESOLVED",
    }
}

string_enum! {
    /// Kind of market signal.
    SignalKind {
        DemandShift = "DEMAND_SHIFT",
        Policy = "POLICY",
        CompetitorMove = "COMPETITOR_MOVE",
        Price = "PRICE",
        Supply = "SUPPLY",
    }
}

string_enum! {
    /// A low / medium / high level (impact, threat).
    Level {
        Low = "LOW",
        Medium = "MEDIUM",
        High = "HIGH",
    }
}

string_enum! {
    /// Whether a plan, strategy or promotion is drafted, in force or retired.
    LifecycleStatus {
        Draft = "DRAFT",
        Active = "ACTIVE",
        Retired = "RETIRED",
    }
}

string_enum! {
    /// Whether a contingency activation is still running.
    ActivationStatus {
        Active = "ACTIVE",
        Closed = "CLOSED",
    }
}

string_enum! {
    /// Subject area of a training course.
    CourseCategory {
        Onboarding = "ONBOARDING",
        Product = "PRODUCT",
        SalesSkill = "SALES_SKILL",
        Service = "SERVICE",
        Management = "MANAGEMENT",
    }
}

string_enum! {
    /// State of a training session.
    SessionStatus {
        Planned = "PLANNED",
        Done = "DONE",
        Cancelled = "CANCELLED",
    }
}

string_enum! {
    /// Result of an enrollment.
    EnrollmentStatus {
        Enrolled = "ENROLLED",
        Completed = "COMPLETED",
        Failed = "FAILED",
        Withdrawn = "WITHDRAWN",
    }
}

string_enum! {
    /// Kind of customer interaction.
    InteractionKind {
        Visit = "VISIT",
        Call = "CALL",
        Meeting = "MEETING",
        Event = "EVENT",
        Email = "EMAIL",
    }
}

string_enum! {
    /// Kind of customer feedback.
    CustomerFeedbackKind {
        Complaint = "COMPLAINT",
        Suggestion = "SUGGESTION",
        Praise = "PRAISE",
    }
}

string_enum! {
    /// Whether customer feedback was addressed.
    FeedbackStatus {
        Open = "OPEN",
        Addressed = "ADDRESSED",
    }
}

string_enum! {
    /// Kind of product feedback.
    ProductFeedbackKind {
        Defect = "DEFECT",
        FeatureRequest = "FEATURE_REQUEST",
        Praise = "PRAISE",
        Other = "OTHER",
    }
}

string_enum! {
    /// State of a service ticket.
    TicketStatus {
        Open = "OPEN",
        InProgress = "IN_PROGRESS",
        Resolved = "RESOLVED",
        Closed = "CLOSED",
    }
}

string_enum! {
    /// State of a review cycle.
    CycleStatus {
        Planned = "PLANNED",
        Open = "OPEN",
        Closed = "CLOSED",
    }
}

string_enum! {
    /// Rating band of a performance review.
    Rating {
        Excellent = "EXCELLENT",
        Good = "GOOD",
        Meets = "MEETS",
        NeedsImprovement = "NEEDS_IMPROVEMENT",
        Unsatisfactory = "UNSATISFACTORY",
    }
}

string_enum! {
    /// State of a performance review; finalised reviews are read-only.
    ReviewStatus {
        Draft = "DRAFT",
        Computed = "COMPUTED",
        Finalized = "FINALIZED",
    }
}

string_enum! {
    /// State of an improvement plan.
    ImprovementStatus {
        Open = "OPEN",
        InProgress = "IN_PROGRESS",
        Completed = "COMPLETED",
        Cancelled = "CANCELLED",
    }
}

string_enum! {
    /// State of a project.
    ProjectStatus {
        Planned = "PLANNED",
        Active = "ACTIVE",
        Done = "DONE",
        Cancelled = "CANCELLED",
    }
}

string_enum! {
    /// State of a task.
    TaskStatus {
        Todo = "TODO",
        InProgress = "IN_PROGRESS",
        Done = "DONE",
        Cancelled = "CANCELLED",
    }
}

string_enum! {
    /// How an opportunity ended against a competitor.
    CompetitionOutcome {
        Pending = "PENDING",
        Won = "WON",
        Lost = "LOST",
    }
}

string_enum! {
    /// Kind of competitive strategy.
    StrategyKind {
        Differentiation = "DIFFERENTIATION",
        Price = "PRICE",
        Service = "SERVICE",
    }
}

string_enum! {
    /// State of a report run.
    RunStatus {
        Queued = "QUEUED",
        Running = "RUNNING",
        Succeeded = "SUCCEEDED",
        Failed = "FAILED",
    }
}
