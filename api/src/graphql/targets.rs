//! Targets and incentives (目标明确): sales targets per period and organisational scope, split
//! down the organisation; incentive plans, their tiers, and the awards granted under them.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{
    AwardKind, AwardStatus, PeriodKind, PlanStatus, ScopeKind, SubjectKind, TargetMetric,
};
use salesgraph_entities::{incentive_awards, incentive_plans, incentive_tiers, sales_targets};

use super::node::node;

pub mod incentives;
pub mod records;
pub mod tree;
use super::organisation::{Branch, Employee, Region, Team};

node! {
    /// A sales target (销售目标): how much of a metric one organisational scope (the company, a
    /// region, a branch, a team or a sales rep) should reach in one year, quarter or month.
    /// Targets form a tree: a target is split from its parent, and the children of a target
    /// add up to it exactly, so a company target decomposes into branch and rep targets.
    SalesTarget(sales_targets) {
        filter: SalesTargetFilter, sort: SalesTargetSort, query: SalesTargetQuery,
        name: "sales target",
        /// The sales targets the caller may see: every company target, and the region, branch,
        /// team and rep targets within the caller's scope (a rep with own scope: its own).
        list: sales_targets,
        /// One sales target.
        one: sales_target,
    }
    fields {
        /// What the target measures: REVENUE (confirmed order revenue in yuan, ¥), ORDERS
        /// (the number of confirmed orders) or NEW_CUSTOMERS (the number of customers won).
        metric: TargetMetric = Metric,
        /// The length of the period: YEAR, QUARTER or MONTH.
        period_kind: PeriodKind = PeriodKind,
        /// The first day of the period, such as 2025-04-01 for the second quarter of 2025;
        /// periods are cut in the business time zone (Asia/Shanghai by default).
        period_start: chrono::NaiveDate = PeriodStart,
        /// The organisational level the target applies to: COMPANY, REGION, BRANCH, TEAM or
        /// EMPLOYEE (a sales rep's personal target).
        scope_kind: ScopeKind = ScopeKind,
        /// The scope as one text key: `COMPANY`, or the level and the id, such as `REGION:3`,
        /// `BRANCH:12`, `TEAM:40` or `EMPLOYEE:7`. There is one target per metric, period and
        /// scope key.
        scope_key: String = ScopeKey,
        /// The target value: yuan (¥) for a REVENUE target, a count of orders or of new
        /// customers for the other metrics; two decimals.
        amount: rust_decimal::Decimal = Amount,
        /// Whether the target is locked against changes; the targets of periods that have
        /// ended are locked.
        locked: bool = Locked,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the region: the target's own region for a REGION target, the enclosing
        /// region for branch, team and rep targets; null for a company target.
        region_id: Option<i32> = RegionId,
        /// The id of the branch: the target's own branch for a BRANCH target, the enclosing
        /// branch for team and rep targets; null for company and region targets.
        branch_id: Option<i32> = BranchId,
        /// The id of the team: the target's own team for a TEAM target, the rep's team for an
        /// EMPLOYEE target; null above team level.
        team_id: Option<i32> = TeamId,
        /// The id of the sales rep of an EMPLOYEE target; null for the other scopes.
        employee_id: Option<i32> = EmployeeId,
        /// The id of the target this one was split from; null for a yearly company target.
        parent_id: Option<i32> = ParentId,
    }
    belongs {
        /// The region the target belongs to; null for a company target.
        region: Region = region_id,
        /// The branch the target belongs to; null for company and region targets.
        branch: Branch = branch_id,
        /// The team the target belongs to; null above team level.
        team: Team = team_id,
        /// The sales rep of an EMPLOYEE target; null for the other scopes.
        employee: Employee = employee_id,
        /// The target this one was split from: the same period one level up the organisation
        /// (rep → team → branch → region → company), or, for a company target, the company
        /// target of the enclosing period (month → quarter → year). Null for a yearly company
        /// target, and when the caller may not see the parent.
        parent: SalesTarget = parent_id,
    }
    has_many {
        /// The targets split from this one that the caller may see; together they add up to
        /// this target's amount.
        children: SalesTarget = sales_targets::ParentId,
    }
    extra {}
}

node! {
    /// An incentive plan (激励方案) that rewards attainment of a target metric, such as
    /// 季度销售达成奖金: its tiers say which attainment earns which award.
    IncentivePlan(incentive_plans) {
        filter: IncentivePlanFilter, sort: IncentivePlanSort, query: IncentivePlanQuery,
        name: "incentive plan",
        /// The incentive plans (visible to every signed-in caller).
        list: incentive_plans,
        /// One incentive plan.
        one: incentive_plan,
    }
    fields {
        /// The plan's name, unique, such as 季度销售达成奖金 or 年度销售之星.
        name: String = Name,
        /// What the plan rewards and how awards are computed, such as
        /// 奖金 = 实际销售额 × 档位比例.
        description: Option<String> = Description,
        /// The metric whose attainment the plan rewards: REVENUE, ORDERS or NEW_CUSTOMERS.
        metric: TargetMetric = Metric,
        /// The period attainment is measured over: YEAR, QUARTER or MONTH.
        period_kind: PeriodKind = PeriodKind,
        /// The first day the plan applies.
        starts_on: chrono::NaiveDate = StartsOn,
        /// The last day the plan applies.
        ends_on: chrono::NaiveDate = EndsOn,
        /// The plan's state: DRAFT, ACTIVE (awards are granted under it) or CLOSED.
        status: PlanStatus = Status,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {}
    belongs {}
    has_many {
        /// The plan's tiers, ordered by id.
        tiers: IncentiveTier = incentive_tiers::PlanId,
    }
    extra {}
}

node! {
    /// A tier of an incentive plan (奖励档位): from a minimum attainment on, the award it earns.
    /// An attainment earns the tier of its plan with the highest minimum it reaches.
    IncentiveTier(incentive_tiers) {
        filter: IncentiveTierFilter, sort: IncentiveTierSort, query: IncentiveTierQuery,
        name: "incentive tier",
        /// The tiers of every incentive plan (visible to every signed-in caller).
        list: incentive_tiers,
        /// One incentive tier.
        one: incentive_tier,
    }
    fields {
        /// The attainment in percent from which the tier applies (actual ÷ target × 100), such
        /// as 120 for 120%; unique within the plan.
        min_attainment: rust_decimal::Decimal = MinAttainment,
        /// The bonus as a fraction of the actual sales of the period, such as 0.0350 for 3.5%
        /// (bonus = actual sales × rate); 0 for tiers that grant no money.
        bonus_rate: rust_decimal::Decimal = BonusRate,
        /// What the tier grants: BONUS, PROMOTION, TRAINING or RECOGNITION.
        award_kind: AwardKind = AwardKind,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the tier's incentive plan.
        plan_id: i32 = PlanId,
    }
    belongs {
        /// The incentive plan the tier belongs to.
        plan: IncentivePlan = plan_id,
    }
    has_many {}
    extra {}
}

node! {
    /// An award (奖励) granted to an employee or a branch under an incentive plan for one
    /// period, such as a quarterly bonus for reaching 120% of target. The amount is visible
    /// only to HQ, the recipient and the recipient's branch manager.
    IncentiveAward(incentive_awards) {
        filter: IncentiveAwardFilter, sort: IncentiveAwardSort, query: IncentiveAwardQuery,
        name: "incentive award",
        /// The awards the caller may see: those of employees and branches within its scope (a
        /// rep with own scope: its own awards).
        list: incentive_awards,
        /// One incentive award.
        one: incentive_award,
    }
    fields {
        /// Whether the award goes to an EMPLOYEE or a BRANCH.
        recipient_kind: SubjectKind = RecipientKind,
        /// The recipient as one text key, such as `EMPLOYEE:7` or `BRANCH:12`; a recipient
        /// gets at most one award per plan and period.
        recipient_key: String = RecipientKey,
        /// The first day of the period the award is for, such as 2025-04-01 for the second
        /// quarter of 2025.
        period_start: chrono::NaiveDate = PeriodStart,
        /// What the award grants: BONUS, PROMOTION, TRAINING or RECOGNITION.
        kind: AwardKind = Kind,
        /// The award's state: PROPOSED, APPROVED or PAID.
        status: AwardStatus = Status,
        /// When the award was granted.
        awarded_at: chrono::DateTime<chrono::Utc> = AwardedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the incentive plan the award is granted under.
        plan_id: i32 = PlanId,
        /// The id of the tier the attainment reached; null for an award outside the tiers.
        tier_id: Option<i32> = TierId,
        /// The id of the employee who receives the award; null for a branch award.
        employee_id: Option<i32> = EmployeeId,
        /// The id of the branch that receives the award; null for an employee award.
        branch_id: Option<i32> = BranchId,
    }
    belongs {
        /// The incentive plan the award is granted under.
        plan: IncentivePlan = plan_id,
        /// The tier the attainment reached; null for an award outside the tiers.
        tier: IncentiveTier = tier_id,
        /// The employee who receives the award; null for a branch award.
        employee: Employee = employee_id,
        /// The branch that receives the award; null for an employee award.
        branch: Branch = branch_id,
    }
    has_many {}
    extra {
        /// The award's amount in yuan (¥); null for non-monetary awards and for callers who may
        /// not see it (only HQ, the recipient and the recipient's branch manager may).
        async fn amount(
            &self,
            ctx: &async_graphql::Context<'_>,
        ) -> crate::error::ApiResult<Option<rust_decimal::Decimal>> {
            super::sensitive::masked(ctx, self.0.employee_id, self.0.branch_id, self.0.amount.as_ref().map(super::filter::Field::out))
                .await
        }

        /// The attainment in percent (actual ÷ target × 100) that earned the award, such as
        /// 123.45; null when the award is not tied to an attainment and for callers who may
        /// not see the amount (it would reveal it).
        async fn attainment(
            &self,
            ctx: &async_graphql::Context<'_>,
        ) -> crate::error::ApiResult<Option<rust_decimal::Decimal>> {
            super::sensitive::masked(ctx, self.0.employee_id, self.0.branch_id, self.0.attainment.as_ref().map(super::filter::Field::out))
                .await
        }

        /// Why the award was granted, such as 达成率 123.45%,达到 120% 档; null for callers who
        /// may not see the amount.
        async fn reason(
            &self,
            ctx: &async_graphql::Context<'_>,
        ) -> crate::error::ApiResult<Option<String>> {
            let reason = Some(self.0.reason.clone());
            super::sensitive::masked(ctx, self.0.employee_id, self.0.branch_id, reason).await
        }
    }
}

/// Queries of the targets and incentives domain.
#[derive(MergedObject, Default)]
pub struct TargetsQuery(
    SalesTargetQuery,
    IncentivePlanQuery,
    IncentiveTierQuery,
    IncentiveAwardQuery,
);
