//! Performance evaluation and improvement (绩效评估与改进): review cycles, KPI definitions with
//! weights, reviews of employees and branches with per-KPI scores, and improvement plans.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{
    ActionStatus, CycleStatus, ImprovementStatus, PeriodKind, Rating, ReviewStatus, SubjectKind,
};
use salesgraph_entities::{
    improvement_actions, improvement_plans, kpi_definitions, review_cycles, review_scores, reviews,
};

use super::node::node;

pub mod records;
pub mod scoring;
use super::organisation::{Branch, Employee};

node! {
    /// A performance review cycle (考核周期), such as 2025年第2季度绩效考核: the period whose
    /// results are reviewed, with its KPI definitions and reviews.
    ReviewCycle(review_cycles) {
        filter: ReviewCycleFilter, sort: ReviewCycleSort, query: ReviewCycleQuery,
        name: "review cycle",
        /// The review cycles (visible to every signed-in caller).
        list: review_cycles,
        /// One review cycle.
        one: review_cycle,
    }
    fields {
        /// The cycle's name, unique, such as 2025年第2季度绩效考核.
        name: String = Name,
        /// The length of the reviewed period: YEAR, QUARTER or MONTH.
        period_kind: PeriodKind = PeriodKind,
        /// The first day of the reviewed period.
        period_start: chrono::NaiveDate = PeriodStart,
        /// The last day of the reviewed period (inclusive).
        period_end: chrono::NaiveDate = PeriodEnd,
        /// The cycle's state: PLANNED, OPEN (reviews are being written) or CLOSED.
        status: CycleStatus = Status,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {}
    belongs {}
    has_many {}
    extra {}
}

node! {
    /// A KPI (关键绩效指标) of a review cycle for employees or for branches, such as 销售达成率
    /// or 客户满意度, with its weight and target. The weights of one cycle and subject kind add
    /// up to 100.
    KpiDefinition(kpi_definitions) {
        filter: KpiDefinitionFilter, sort: KpiDefinitionSort, query: KpiDefinitionQuery,
        name: "KPI definition",
        /// The KPI definitions of every cycle (visible to every signed-in caller).
        list: kpi_definitions,
        /// One KPI definition.
        one: kpi_definition,
    }
    fields {
        /// Short code, such as `SALES_ATTAINMENT`, `NEW_CUSTOMERS`, `CSAT`, `TRAINING_HOURS`,
        /// `MARKET_SHARE` or `TICKET_RESOLUTION`; unique per cycle and subject kind.
        code: String = Code,
        /// Display name, such as 销售达成率 or 客户满意度.
        name: String = Name,
        /// Whether the KPI measures an EMPLOYEE or a BRANCH.
        subject_kind: SubjectKind = SubjectKind,
        /// The KPI's share of the total score in percent, such as 65 for 65%.
        weight: rust_decimal::Decimal = Weight,
        /// The value that meets the KPI, in `unit`, such as 100 (%) or 4 (小时).
        target: rust_decimal::Decimal = Target,
        /// The unit of the target and of the actual values, such as `%`, 个 (a count) or 小时
        /// (hours).
        unit: String = Unit,
        /// True when a higher actual value is better; false when lower is better (such as a
        /// complaint count).
        higher_is_better: bool = HigherIsBetter,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the KPI's review cycle.
        cycle_id: i32 = CycleId,
    }
    belongs {
        /// The review cycle the KPI belongs to.
        cycle: ReviewCycle = cycle_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A performance review (绩效评估) of an employee or a branch in one cycle, scored KPI by KPI.
    /// The total score is visible only to HQ, the reviewed employee and the branch manager; the
    /// rating band is visible to everyone who may see the review.
    Review(reviews) {
        filter: ReviewFilter, sort: ReviewSort, query: ReviewQuery, name: "review",
        /// The reviews the caller may see: those of its branches (a rep with own scope: its
        /// own reviews).
        list: reviews,
        /// One review.
        one: review,
    }
    fields {
        /// Whether the review is of an EMPLOYEE or of a BRANCH.
        subject_kind: SubjectKind = SubjectKind,
        /// The reviewed subject as one text key, such as `EMPLOYEE:7` or `BRANCH:12`; a
        /// subject has one review per cycle.
        subject_key: String = SubjectKey,
        /// The rating band of the total score: EXCELLENT, GOOD, MEETS, NEEDS_IMPROVEMENT or
        /// UNSATISFACTORY; the two lowest call for an improvement plan. Null until the review
        /// is computed.
        rating: Option<Rating> = Rating,
        /// The review's state: DRAFT, COMPUTED (scores calculated) or FINALIZED (read-only).
        status: ReviewStatus = Status,
        /// When the review was finalised; null until then.
        finalized_at: Option<chrono::DateTime<chrono::Utc>> = FinalizedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the review cycle.
        cycle_id: i32 = CycleId,
        /// The id of the reviewed employee; null for a branch review.
        employee_id: Option<i32> = EmployeeId,
        /// The id of the branch: the reviewed branch for a branch review, the employee's
        /// branch for an employee review.
        branch_id: Option<i32> = BranchId,
        /// The id of the employee who wrote the review: usually the branch manager for an
        /// employee review and HQ staff for a branch review; null when none is assigned.
        reviewer_id: Option<i32> = ReviewerId,
    }
    belongs {
        /// The review cycle.
        cycle: ReviewCycle = cycle_id,
        /// The reviewed employee; null for a branch review.
        employee: Employee = employee_id,
        /// The reviewed branch for a branch review, the employee's branch for an employee
        /// review.
        branch: Branch = branch_id,
        /// The employee who wrote the review; null when none is assigned or the caller may not
        /// see them.
        reviewer: Employee = reviewer_id,
    }
    has_many {
        /// The per-KPI scores of the review, ordered by id.
        scores: ReviewScore = review_scores::ReviewId,
    }
    extra {
        /// The weighted total score: the sum of the KPIs' weighted scores, 100 when every KPI
        /// exactly meets its target. Null until the review is computed and for callers who may
        /// not see it (only HQ, the reviewed employee and the branch manager may).
        async fn total_score(
            &self,
            ctx: &async_graphql::Context<'_>,
        ) -> crate::error::ApiResult<Option<rust_decimal::Decimal>> {
            super::sensitive::masked(ctx, self.0.employee_id, self.0.branch_id, self.0.total_score.as_ref().map(super::filter::Field::out))
                .await
        }

        /// The reviewer's comments, such as 本季度销售达成率 95.2%; null for callers who may not
        /// see the scores (comments usually quote them).
        async fn comments(
            &self,
            ctx: &async_graphql::Context<'_>,
        ) -> crate::error::ApiResult<Option<String>> {
            let comments = self.0.comments.clone();
            super::sensitive::masked(ctx, self.0.employee_id, self.0.branch_id, comments).await
        }
    }
}

node! {
    /// The result of one KPI in a review: the target, the actual value and the score. The
    /// scores are visible only to HQ, the reviewed employee and the branch manager.
    ReviewScore(review_scores) {
        filter: ReviewScoreFilter, sort: ReviewScoreSort, query: ReviewScoreQuery,
        name: "review score",
        /// The KPI results of the reviews the caller may see.
        list: review_scores,
        /// One KPI result of a review.
        one: review_score,
    }
    fields {
        /// The value that meets the KPI, in the KPI's unit (such as % or 小时).
        target: rust_decimal::Decimal = Target,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the review.
        review_id: i32 = ReviewId,
        /// The id of the KPI definition.
        kpi_id: i32 = KpiId,
    }
    belongs {
        /// The review the score belongs to.
        review: Review = review_id,
        /// The KPI that was scored.
        kpi: KpiDefinition = kpi_id,
    }
    has_many {}
    extra {
        /// The value reached in the cycle's period, in the KPI's unit. Null for callers who
        /// may not see the scores (with the target it would reveal them).
        async fn actual(
            &self,
            ctx: &async_graphql::Context<'_>,
        ) -> crate::error::ApiResult<Option<rust_decimal::Decimal>> {
            masked_by_review(ctx, self.0.review_id, self.0.actual).await
        }

        /// The KPI's score in percent of its target (100 = target met), capped at 120. Null
        /// for callers who may not see it (only HQ, the reviewed employee and the branch
        /// manager may).
        async fn score(
            &self,
            ctx: &async_graphql::Context<'_>,
        ) -> crate::error::ApiResult<Option<rust_decimal::Decimal>> {
            masked_by_review(ctx, self.0.review_id, self.0.score).await
        }

        /// The score × the KPI's weight ÷ 100: what the KPI adds to the review's total score.
        /// Null for callers who may not see it (only HQ, the reviewed employee and the branch
        /// manager may).
        async fn weighted_score(
            &self,
            ctx: &async_graphql::Context<'_>,
        ) -> crate::error::ApiResult<Option<rust_decimal::Decimal>> {
            masked_by_review(ctx, self.0.review_id, self.0.weighted_score).await
        }
    }
}

node! {
    /// An improvement plan (改进计划) required after a review rated NEEDS_IMPROVEMENT or
    /// UNSATISFACTORY: goals, a due date and a list of actions.
    ImprovementPlan(improvement_plans) {
        filter: ImprovementPlanFilter, sort: ImprovementPlanSort, query: ImprovementPlanQuery,
        name: "improvement plan",
        /// The improvement plans of the reviews the caller may see.
        list: improvement_plans,
        /// One improvement plan.
        one: improvement_plan,
    }
    fields {
        /// What the plan must achieve, such as 下季度销售达成率提升至 90% 以上.
        goals: String = Goals,
        /// The plan's state: OPEN, IN_PROGRESS, COMPLETED or CANCELLED.
        status: ImprovementStatus = Status,
        /// The day the goals must be reached.
        due_date: chrono::NaiveDate = DueDate,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the review that called for the plan.
        review_id: i32 = ReviewId,
        /// The id of the employee who must improve; null for a branch's plan.
        employee_id: Option<i32> = EmployeeId,
        /// The id of the branch: the branch that must improve, or the employee's branch.
        branch_id: Option<i32> = BranchId,
    }
    belongs {
        /// The review that called for the plan.
        review: Review = review_id,
        /// The employee who must improve; null for a branch's plan.
        employee: Employee = employee_id,
        /// The branch that must improve, or the employee's branch.
        branch: Branch = branch_id,
    }
    has_many {
        /// The plan's actions, ordered by id.
        actions: ImprovementAction = improvement_actions::PlanId,
    }
    extra {}
}

node! {
    /// One action of an improvement plan, with its due date, such as 制定重点客户拜访计划并每周复盘.
    ImprovementAction(improvement_actions) {
        filter: ImprovementActionFilter, sort: ImprovementActionSort,
        query: ImprovementActionQuery, name: "improvement action",
        /// The improvement actions of the plans the caller may see.
        list: improvement_actions,
        /// One improvement action.
        one: improvement_action,
    }
    fields {
        /// What is to be done, such as 参加顾问式销售技巧培训.
        description: String = Description,
        /// The day the action is due.
        due_date: chrono::NaiveDate = DueDate,
        /// The action's state: OPEN, DONE or CANCELLED.
        status: ActionStatus = Status,
        /// When the action was done; null while it is not.
        completed_at: Option<chrono::DateTime<chrono::Utc>> = CompletedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the improvement plan.
        plan_id: i32 = PlanId,
    }
    belongs {
        /// The improvement plan the action belongs to.
        plan: ImprovementPlan = plan_id,
    }
    has_many {}
    extra {}
}

/// Queries of the performance domain.
#[derive(MergedObject, Default)]
pub struct PerformanceQuery(
    ReviewCycleQuery,
    KpiDefinitionQuery,
    ReviewQuery,
    ReviewScoreQuery,
    ImprovementPlanQuery,
    ImprovementActionQuery,
);

/// `value` of a score of review `review_id` when the caller may see that review's scores (its
/// subject is on the review); null when it may not, or cannot see the review at all.
async fn masked_by_review(
    ctx: &async_graphql::Context<'_>,
    review_id: i32,
    value: rust_decimal::Decimal,
) -> crate::error::ApiResult<Option<rust_decimal::Decimal>> {
    let Some(review) = super::loaders::belongs::<Review>(ctx, review_id).await? else {
        return Ok(None);
    };
    let shown = super::filter::Field::out(&value);
    super::sensitive::masked(ctx, review.0.employee_id, review.0.branch_id, Some(shown)).await
}
