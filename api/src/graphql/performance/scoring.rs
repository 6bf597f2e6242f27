//! Performance scoring through GraphQL: the KPI set of a cycle (`setKpiDefinitions`),
//! `computeReviews` from the data, improvement plans after a low rating, and
//! `finalizeReview`, after which a review is read-only.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use salesgraph_entities::enums::{
    ActionStatus, ImprovementStatus, ReviewStatus, Role, SubjectKind as ModelSubject,
};
use salesgraph_entities::{
    improvement_actions, improvement_plans, kpi_definitions, review_cycles, review_scores, reviews,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde_json::json;

use super::{ImprovementPlan, KpiDefinition, Review, ReviewCycle};
use crate::analytics::sql::Dialect;
use crate::audit::Entry;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::enums::SubjectKind;
use crate::graphql::write::{self, text};
use crate::graphql::{audit, parse_id, principal};
use crate::scope::Scoped;
use crate::scoring::{self, KPI_CODES};
use crate::state::AppState;

/// One KPI of a cycle's set.
#[derive(InputObject)]
pub struct KpiInput {
    /// What is measured: SALES_ATTAINMENT, NEW_CUSTOMERS, CSAT, TRAINING_HOURS (employees),
    /// MARKET_SHARE or TICKET_RESOLUTION (branches).
    pub code: String,
    /// Its display name, such as 销售达成率.
    pub name: String,
    /// Its weight in percent; the weights of the set add up to 100.
    pub weight: Decimal,
    /// The value that scores 100.
    pub target: Decimal,
    /// The unit shown with values, such as % or 个.
    pub unit: String,
    /// False when a lower value is better.
    #[graphql(default = true)]
    pub higher_is_better: bool,
}

/// What `computeReviews` did.
#[derive(SimpleObject)]
pub struct ReviewComputation {
    pub cycle: ReviewCycle,
    /// Reviews created or recomputed.
    pub computed: i32,
    /// Finalised reviews, left as they were.
    pub finalized: i32,
}

/// A step of an improvement plan.
#[derive(InputObject)]
pub struct ImprovementActionInput {
    /// What will be done, 2 to 500 characters.
    pub description: String,
    pub due_date: NaiveDate,
}

/// An improvement plan for a review.
#[derive(InputObject)]
pub struct CreateImprovementPlanInput {
    pub review_id: ID,
    /// The goals, 2 to 2,000 characters.
    pub goals: String,
    pub due_date: NaiveDate,
    /// At least one action.
    pub actions: Vec<ImprovementActionInput>,
}

async fn cycle_of<C: ConnectionTrait>(conn: &C, id: &ID) -> Result<review_cycles::Model, ApiError> {
    let id = parse_id("cycleId", id)?;
    review_cycles::Entity::find_by_id(id).one(conn).await?.ok_or(ApiError::NotFound("review cycle"))
}

/// A review the caller may see and change: HQ_ADMIN any, a branch manager those of its
/// branch's employees.
async fn own_review<C: ConnectionTrait>(
    conn: &C,
    p: &Principal,
    id: &ID,
) -> Result<reviews::Model, ApiError> {
    let id = parse_id("reviewId", id)?;
    let review = reviews::Entity::find_by_id(id)
        .filter(reviews::Entity::visible_to(p))
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    let allowed = match p.role {
        Role::HqAdmin => true,
        Role::BranchManager => {
            review.subject_kind == ModelSubject::Employee && review.branch_id == p.branch_id
        }
        _ => false,
    };
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    if review.status == ReviewStatus::Finalized {
        return Err(ApiError::Conflict {
            field: "status".to_owned(),
            message: "the review is finalised".to_owned(),
        });
    }
    Ok(review)
}

/// Scoring mutations.
#[derive(Default)]
pub struct ScoringMutation;

#[Object]
impl ScoringMutation {
    /// Replaces the KPI set of a cycle for employees or for branches (HQ_ADMIN). The weights
    /// must add up to exactly 100, each code once and measurable for that subject. Reviews of
    /// the cycle and subject that are not finalised go back to DRAFT, their scores removed;
    /// CONFLICT when one is finalised. Writes an audit entry `kpiDefinition.replace`.
    async fn set_kpi_definitions(
        &self,
        ctx: &Context<'_>,
        cycle_id: ID,
        subject_kind: SubjectKind,
        kpis: Vec<KpiInput>,
    ) -> ApiResult<Vec<KpiDefinition>> {
        let p = principal(ctx)?;
        write::require_company_admin(p).gql()?;
        let subject: ModelSubject = subject_kind.into();
        let mut codes = std::collections::BTreeSet::new();
        for (i, k) in kpis.iter().enumerate() {
            let field = |f: &str| format!("kpis[{i}].{f}");
            let known = KPI_CODES
                .iter()
                .find(|(c, _)| *c == k.code)
                .ok_or_else(|| {
                    let all: Vec<&str> = KPI_CODES.iter().map(|(c, _)| *c).collect();
                    ApiError::bad_input(&field("code"), format!("is not one of {}", all.join(", ")))
                })
                .gql()?;
            if !known.1.contains(&subject) {
                return Err(ApiError::bad_input(
                    &field("code"),
                    format!("is not measured for {}", subject.to_value()),
                ))
                .gql();
            }
            if !codes.insert(k.code.clone()) {
                return Err(ApiError::bad_input(&field("code"), "is named twice")).gql();
            }
            write::within(&field("weight"), k.weight, Decimal::ZERO, Decimal::ONE_HUNDRED).gql()?;
            if k.target.is_sign_negative() {
                return Err(ApiError::bad_input(&field("target"), "must not be negative")).gql();
            }
            text(&field("name"), &k.name, 1, 100).gql()?;
            text(&field("unit"), &k.unit, 1, 20).gql()?;
        }
        let total: Decimal = kpis.iter().map(|k| k.weight).sum();
        if total != Decimal::ONE_HUNDRED {
            return Err(ApiError::bad_input(
                "kpis",
                format!("the weights add up to {total}, not 100"),
            ))
            .gql();
        }
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let cycle = cycle_of(&txn, &cycle_id).await.gql()?;
        let subjects = reviews::Entity::find()
            .filter(reviews::Column::CycleId.eq(cycle.id))
            .filter(reviews::Column::SubjectKind.eq(subject))
            .all(&txn)
            .await
            .gql()?;
        if subjects.iter().any(|r| r.status == ReviewStatus::Finalized) {
            let message = "reviews of the cycle are finalised: its KPIs can no longer change";
            return Err(ApiError::Conflict {
                field: "cycleId".to_owned(),
                message: message.to_owned(),
            })
            .gql();
        }
        let ids: Vec<i32> = subjects.iter().map(|r| r.id).collect();
        review_scores::Entity::delete_many()
            .filter(review_scores::Column::ReviewId.is_in(ids.clone()))
            .exec(&txn)
            .await
            .gql()?;
        reviews::Entity::update_many()
            .col_expr(
                reviews::Column::Status,
                sea_orm::sea_query::Expr::value(ReviewStatus::Draft.to_value()),
            )
            .col_expr(
                reviews::Column::TotalScore,
                sea_orm::sea_query::Expr::value(Option::<Decimal>::None),
            )
            .col_expr(
                reviews::Column::Rating,
                sea_orm::sea_query::Expr::value(Option::<String>::None),
            )
            .filter(reviews::Column::Id.is_in(ids))
            .exec(&txn)
            .await
            .gql()?;
        kpi_definitions::Entity::delete_many()
            .filter(kpi_definitions::Column::CycleId.eq(cycle.id))
            .filter(kpi_definitions::Column::SubjectKind.eq(subject))
            .exec(&txn)
            .await
            .gql()?;
        let mut out = Vec::new();
        for k in kpis {
            let row = kpi_definitions::ActiveModel {
                id: NotSet,
                cycle_id: Set(cycle.id),
                code: Set(k.code),
                name: Set(k.name.trim().to_owned()),
                subject_kind: Set(subject),
                weight: Set(k.weight),
                target: Set(k.target),
                unit: Set(k.unit.trim().to_owned()),
                higher_is_better: Set(k.higher_is_better),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            }
            .insert(&txn)
            .await
            .gql()?;
            out.push(row);
        }
        let entry = Entry::by(p, "kpiDefinition.replace", "review_cycles", cycle.id)
            .with_changes(json!({ "subjectKind": subject.to_value(), "kpis": out }));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(out.into_iter().map(KpiDefinition).collect())
    }

    /// Computes the reviews of a cycle from the data (HQ_ADMIN): one for every sales rep with
    /// a target in the cycle's period and one for every operating branch, each KPI measured,
    /// scored and weighted, the total rated (see the formula on `Review`). Running it again
    /// recomputes the reviews that are not finalised and creates none twice; finalised reviews
    /// are left alone. Writes an audit entry `review.compute`.
    async fn compute_reviews(
        &self,
        ctx: &Context<'_>,
        cycle_id: ID,
    ) -> ApiResult<ReviewComputation> {
        let p = principal(ctx)?;
        write::require_company_admin(p).gql()?;
        let state = ctx.data::<AppState>()?;
        let _slot = state.analytics_slot(p.actor).await;
        let db = state.db();
        let now = Utc::now();
        let cycle = cycle_of(db, &cycle_id).await.gql()?;
        let dialect = Dialect::new(db.get_database_backend(), state.settings().time_zone);
        let evaluations = scoring::evaluate(db, &dialect, p, &cycle, now).await.gql()?;
        let txn = crate::db::begin_write(db).await.gql()?;
        let scoring::Stored { computed, finalized } =
            scoring::store(&txn, cycle.id, evaluations, now).await.gql()?;
        let entry = Entry::by(p, "review.compute", "review_cycles", cycle.id)
            .with_changes(json!({ "computed": computed, "finalized": finalized }));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(ReviewComputation { cycle: ReviewCycle(cycle), computed, finalized })
    }

    /// Adds an improvement plan with its actions to a review that is not finalised (HQ_ADMIN,
    /// or the branch manager of the reviewed rep). Writes an audit entry
    /// `improvementPlan.create`.
    async fn create_improvement_plan(
        &self,
        ctx: &Context<'_>,
        input: CreateImprovementPlanInput,
    ) -> ApiResult<ImprovementPlan> {
        let p = principal(ctx)?;
        let goals = text("goals", &input.goals, 2, 2000).gql()?;
        if input.actions.is_empty() {
            return Err(ApiError::bad_input("actions", "name at least one action")).gql();
        }
        let mut actions = Vec::new();
        for (i, a) in input.actions.iter().enumerate() {
            actions.push((
                text(&format!("actions[{i}].description"), &a.description, 2, 500).gql()?,
                a.due_date,
            ));
        }
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let today = state.business_day(now);
        if input.due_date < today {
            return Err(ApiError::bad_input("dueDate", "is in the past")).gql();
        }
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let review = own_review(&txn, p, &input.review_id).await.gql()?;
        let plan = improvement_plans::ActiveModel {
            id: NotSet,
            review_id: Set(review.id),
            employee_id: Set(review.employee_id),
            branch_id: Set(review.branch_id),
            goals: Set(goals),
            status: Set(ImprovementStatus::Open),
            due_date: Set(input.due_date),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .gql()?;
        for (description, due) in actions {
            improvement_actions::ActiveModel {
                id: NotSet,
                plan_id: Set(plan.id),
                description: Set(description),
                due_date: Set(due),
                status: Set(ActionStatus::Open),
                completed_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            }
            .insert(&txn)
            .await
            .gql()?;
        }
        let entry = Entry::by(p, "improvementPlan.create", "improvement_plans", plan.id)
            .with_changes(write::created(&plan));
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(ImprovementPlan(plan))
    }

    /// Finalises a COMPUTED review, if it is still at the version you read (HQ_ADMIN, or the
    /// branch manager of the reviewed rep), with the reviewer's comments. A review rated
    /// NEEDS_IMPROVEMENT or UNSATISFACTORY needs an improvement plan first. A finalised
    /// review no longer changes. Writes an audit entry `review.finalize`.
    async fn finalize_review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review.")] id: ID,
        #[graphql(desc = "The version you read.")] version: i32,
        #[graphql(desc = "The reviewer's comments, up to 2,000 characters.")] comments: Option<
            String,
        >,
    ) -> ApiResult<Review> {
        let p = principal(ctx)?;
        let comments = write::optional_text("comments", comments.as_deref(), 2000).gql()?;
        let state = ctx.data::<AppState>()?;
        let now = Utc::now();
        let txn = crate::db::begin_write(state.db()).await.gql()?;
        let before = own_review(&txn, p, &id).await.gql()?;
        if before.status != ReviewStatus::Computed {
            return Err(ApiError::bad_input("id", "only a COMPUTED review can be finalised")).gql();
        }
        if before.rating.is_some_and(scoring::needs_plan) {
            let plans = improvement_plans::Entity::find()
                .filter(improvement_plans::Column::ReviewId.eq(before.id))
                .one(&txn)
                .await
                .gql()?;
            if plans.is_none() {
                let message = format!(
                    "a review rated {} needs an improvement plan before it is finalised",
                    before.rating.map(|r| r.to_value()).unwrap_or_default()
                );
                return Err(ApiError::bad_input("id", message)).gql();
            }
        }
        let changes = reviews::ActiveModel {
            status: Set(ReviewStatus::Finalized),
            finalized_at: Set(Some(now)),
            comments: Set(comments.or(before.comments.clone())),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = write::update_audited::<reviews::Entity>(
            ctx,
            &txn,
            p,
            "review.finalize",
            &before,
            version,
            changes,
        )
        .await
        .gql()?;
        txn.commit().await.gql()?;
        Ok(Review(after))
    }
}
