//! The reviews of a cycle computed from the data: who is reviewed, each KPI measured, scored
//! and weighted, the total rated. `computeReviews` stores them; the demo seed writes the same
//! evaluations, so that the demo's reviews are what the product computes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use salesgraph_entities::enums::{BranchStatus, Rating, ReviewStatus, ScopeKind, SubjectKind};
use salesgraph_entities::keys::subject_key;
use salesgraph_entities::{
    branches, employees, kpi_definitions, review_cycles, review_scores, reviews, sales_targets,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::analytics::Range;
use crate::analytics::sql::Dialect;
use crate::auth::Principal;
use crate::error::ApiError;

/// Someone reviewed in a cycle: a sales rep or a branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    pub kind: SubjectKind,
    /// The employee or the branch.
    pub id: i32,
    /// The branch of the rep, or the branch itself.
    pub branch_id: Option<i32>,
    /// A rep's branch manager; none for a branch.
    pub reviewer_id: Option<i32>,
}

/// One KPI of a computed review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiScore {
    pub kpi_id: i32,
    pub code: String,
    pub target: Decimal,
    pub actual: Decimal,
    pub score: Decimal,
    pub weighted: Decimal,
}

/// The computed review of one subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub subject: Subject,
    /// In the order of the cycle's KPI definitions.
    pub scores: Vec<KpiScore>,
    pub total: Decimal,
    pub rating: Rating,
}

/// Evaluates every subject of `cycle` from the data `principal` may see: one review for every
/// sales rep with a target in the cycle's period and one for every active branch, grouped by
/// branch (its reps by id, then the branch). BAD_USER_INPUT `cycleId` when the KPI weights of
/// a subject kind do not add up to 100.
pub async fn evaluate<C: ConnectionTrait>(
    conn: &C,
    dialect: &Dialect,
    principal: &Principal,
    cycle: &review_cycles::Model,
    now: DateTime<Utc>,
) -> Result<Vec<Evaluation>, ApiError> {
    let range = Range { from: cycle.period_start, to: cycle.period_end };
    let kpis = kpi_definitions::Entity::find()
        .filter(kpi_definitions::Column::CycleId.eq(cycle.id))
        .order_by_asc(kpi_definitions::Column::Id)
        .all(conn)
        .await?;
    for kind in [SubjectKind::Employee, SubjectKind::Branch] {
        let total: Decimal = kpis.iter().filter(|k| k.subject_kind == kind).map(|k| k.weight).sum();
        if total != Decimal::ONE_HUNDRED && kpis.iter().any(|k| k.subject_kind == kind) {
            let message = format!("the {} KPI weights add up to {total}, not 100", kind.to_value());
            return Err(ApiError::bad_input("cycleId", message));
        }
    }
    let actuals = super::measure(conn, dialect, principal, range, now).await?;
    let evaluations = subjects(conn, range)
        .await?
        .into_iter()
        .map(|subject| {
            let scores: Vec<KpiScore> = kpis
                .iter()
                .filter(|k| k.subject_kind == subject.kind)
                .map(|k| {
                    let actual = actuals.get(subject.kind, &k.code, subject.id, subject.branch_id);
                    let score = super::score(actual, k.target, k.higher_is_better);
                    KpiScore {
                        kpi_id: k.id,
                        code: k.code.clone(),
                        target: k.target,
                        actual,
                        score,
                        weighted: super::weighted(score, k.weight),
                    }
                })
                .collect();
            let total: Decimal = scores.iter().map(|s| s.weighted).sum();
            Evaluation { subject, scores, total, rating: super::rating(total) }
        })
        .collect();
    Ok(evaluations)
}

/// The subjects of a cycle over `range`: reps with a target in it, and the active branches.
async fn subjects<C: ConnectionTrait>(conn: &C, range: Range) -> Result<Vec<Subject>, ApiError> {
    let reps: Vec<i32> = sales_targets::Entity::find()
        .select_only()
        .column(sales_targets::Column::EmployeeId)
        .distinct()
        .filter(sales_targets::Column::ScopeKind.eq(ScopeKind::Employee))
        .filter(sales_targets::Column::PeriodStart.gte(range.from))
        .filter(sales_targets::Column::PeriodStart.lte(range.to))
        .into_tuple::<Option<i32>>()
        .all(conn)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let people = employees::Entity::find()
        .filter(employees::Column::Id.is_in(reps))
        .order_by_asc(employees::Column::Id)
        .all(conn)
        .await?;
    let offices = branches::Entity::find()
        .filter(branches::Column::Status.eq(BranchStatus::Active))
        .order_by_asc(branches::Column::Id)
        .all(conn)
        .await?;
    let manager_of = |branch: Option<i32>| {
        offices.iter().find(|b| Some(b.id) == branch).and_then(|b| b.manager_id)
    };
    let mut subjects: Vec<Subject> = people
        .iter()
        .map(|e| Subject {
            kind: SubjectKind::Employee,
            id: e.id,
            branch_id: e.branch_id,
            reviewer_id: manager_of(e.branch_id),
        })
        .chain(offices.iter().map(|b| Subject {
            kind: SubjectKind::Branch,
            id: b.id,
            branch_id: Some(b.id),
            reviewer_id: None,
        }))
        .collect();
    // A branch's reps, then the branch; reps without a branch last.
    subjects.sort_by_key(|s| (s.branch_id.is_none(), s.branch_id, s.kind == SubjectKind::Branch));
    Ok(subjects)
}

/// What [`store`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stored {
    /// Reviews created or recomputed.
    pub computed: i32,
    /// Finalised reviews, left as they were.
    pub finalized: i32,
}

/// Writes `evaluations` as the reviews of cycle `cycle_id`: an existing review that is not
/// finalised gets the new scores (its version bumped, status COMPUTED), a subject without one
/// gets a new review, and finalised reviews are left alone.
pub async fn store<C: ConnectionTrait>(
    conn: &C,
    cycle_id: i32,
    evaluations: Vec<Evaluation>,
    now: DateTime<Utc>,
) -> Result<Stored, ApiError> {
    let mut stored = Stored::default();
    // The cycle's reviews so far, read once: one per subject key.
    let mut reviewed: HashMap<String, reviews::Model> = reviews::Entity::find()
        .filter(reviews::Column::CycleId.eq(cycle_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.subject_key.clone(), r))
        .collect();
    for Evaluation { subject, scores, total, rating } in evaluations {
        let key = subject_key(subject.kind, subject.id);
        let existing = reviewed.remove(&key);
        if existing.as_ref().is_some_and(|r| r.status == ReviewStatus::Finalized) {
            stored.finalized += 1;
            continue;
        }
        let review = match existing {
            Some(r) => {
                review_scores::Entity::delete_many()
                    .filter(review_scores::Column::ReviewId.eq(r.id))
                    .exec(conn)
                    .await?;
                reviews::ActiveModel {
                    id: Set(r.id),
                    total_score: Set(Some(total)),
                    rating: Set(Some(rating)),
                    status: Set(ReviewStatus::Computed),
                    updated_at: Set(now),
                    version: Set(r.version + 1),
                    ..Default::default()
                }
                .update(conn)
                .await?
            }
            None => {
                reviews::ActiveModel {
                    id: NotSet,
                    cycle_id: Set(cycle_id),
                    subject_kind: Set(subject.kind),
                    subject_key: Set(key),
                    employee_id: Set((subject.kind == SubjectKind::Employee).then_some(subject.id)),
                    branch_id: Set(subject.branch_id),
                    reviewer_id: Set(subject.reviewer_id),
                    total_score: Set(Some(total)),
                    rating: Set(Some(rating)),
                    status: Set(ReviewStatus::Computed),
                    comments: Set(None),
                    finalized_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(conn)
                .await?
            }
        };
        for s in scores {
            review_scores::ActiveModel {
                id: NotSet,
                review_id: Set(review.id),
                kpi_id: Set(s.kpi_id),
                target: Set(s.target),
                actual: Set(s.actual),
                score: Set(s.score),
                weighted_score: Set(s.weighted),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            }
            .insert(conn)
            .await?;
        }
        stored.computed += 1;
    }
    Ok(stored)
}
