//! Performance reviews (绩效评估): cycles, KPIs with weights, reviews computed by the
//! product's own scoring (`scoring::evaluate`, what `computeReviews` runs) from the seeded
//! data, and improvement plans after a low rating.

use chrono::{Datelike, Duration, Months, NaiveDate};
use rust_decimal::Decimal;
use salesgraph_entities::enums::SubjectKind;
use salesgraph_entities::keys::subject_key;
use salesgraph_entities::review_cycles;
use sea_orm::{ActiveEnum, ConnectionTrait, DbErr, EntityTrait, QueryOrder};

use super::bulk::Bulk;
use super::targets::{add_months, quarter_start, subject_kind_name};
use super::{Seeder, last_day};
use crate::analytics::sql::Dialect;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::scoring;

/// A scoring error as the seed reports it: the database error itself when there is one.
fn db_error(err: ApiError) -> DbErr {
    match err {
        ApiError::Internal(cause) => {
            cause.downcast::<DbErr>().unwrap_or_else(|cause| DbErr::Custom(format!("{cause:#}")))
        }
        other => DbErr::Custom(format!("scoring the demo reviews: {other}")),
    }
}

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn performance(&mut self) -> Result<(), DbErr> {
        let current = quarter_start(self.as_of);
        let cycles: Vec<NaiveDate> =
            (1..=4).rev().map(|k| current - Months::new(3 * k)).chain([current]).collect();
        let mut rows = self.bulk(
            "review_cycles",
            &["id", "name", "period_kind", "period_start", "period_end", "status"],
        );
        for (i, start) in cycles.iter().enumerate() {
            let name = format!("{}年第{}季度绩效考核", start.year(), start.month0() / 3 + 1);
            let status = if *start == current { "OPEN" } else { "CLOSED" };
            rows.row(&[
                (i as i32 + 1).into(),
                name.as_str().into(),
                "QUARTER".into(),
                (*start).into(),
                last_day(add_months(*start, 2)).into(),
                status.into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("review_cycles", n);

        // (code, name, subject, weight, target, unit)
        let kpis: [(&str, &str, &str, i64, i64, &str); 8] = [
            ("SALES_ATTAINMENT", "销售达成率", "EMPLOYEE", 65, 100, "%"),
            ("NEW_CUSTOMERS", "新客户数", "EMPLOYEE", 5, 1, "个"),
            ("CSAT", "客户满意度", "EMPLOYEE", 20, 85, "%"),
            ("TRAINING_HOURS", "培训学时", "EMPLOYEE", 10, 4, "小时"),
            ("SALES_ATTAINMENT", "销售达成率", "BRANCH", 40, 100, "%"),
            ("CSAT", "客户满意度", "BRANCH", 20, 85, "%"),
            ("MARKET_SHARE", "市场占有率", "BRANCH", 20, 15, "%"),
            ("TICKET_RESOLUTION", "工单按时解决率", "BRANCH", 20, 90, "%"),
        ];
        let mut rows = self.bulk(
            "kpi_definitions",
            &[
                "id",
                "cycle_id",
                "code",
                "name",
                "subject_kind",
                "weight",
                "target",
                "unit",
                "higher_is_better",
            ],
        );
        for c in 0..cycles.len() {
            for (k, (code, name, subject, weight, target, unit)) in kpis.iter().enumerate() {
                let id = (c * kpis.len() + k) as i32 + 1;
                rows.row(&[
                    id.into(),
                    (c as i32 + 1).into(),
                    (*code).into(),
                    (*name).into(),
                    (*subject).into(),
                    Decimal::from(*weight).into(),
                    Decimal::from(*target).into(),
                    (*unit).into(),
                    true.into(),
                ])
                .await?;
            }
        }
        let n = rows.finish().await?;
        self.done("kpi_definitions", n);

        let mut reviews = self.bulk(
            "reviews",
            &[
                "id",
                "cycle_id",
                "subject_kind",
                "subject_key",
                "employee_id",
                "branch_id",
                "reviewer_id",
                "total_score",
                "rating",
                "status",
                "comments",
                "finalized_at",
            ],
        );
        let mut scores = self.bulk(
            "review_scores",
            &["id", "review_id", "kpi_id", "target", "actual", "score", "weighted_score"],
        );
        let mut plans = self.bulk(
            "improvement_plans",
            &["id", "review_id", "employee_id", "branch_id", "goals", "status", "due_date"],
        );
        let mut actions = self.bulk(
            "improvement_actions",
            &["id", "plan_id", "description", "due_date", "status", "completed_at"],
        );
        // The closed cycles are reviewed, all but the last one finalised; the cycle under way
        // has no reviews yet. The market-size estimates, surveys, tickets and training that the
        // KPIs measure are seeded before this.
        let closed = cycles.len() - 1;
        let seeded = review_cycles::Entity::find()
            .order_by_asc(review_cycles::Column::PeriodStart)
            .all(self.conn)
            .await?;
        let dialect = Dialect::new(self.conn.get_database_backend(), self.tz);
        let (mut review_id, mut score_id, mut plan_id, mut action_id) = (0, 0, 0, 0);
        for (c, cycle) in seeded.iter().take(closed).enumerate() {
            let end = cycle.period_end;
            let finalized = c + 1 < closed;
            let evaluations =
                scoring::evaluate(self.conn, &dialect, &Principal::system(), cycle, self.stamp)
                    .await
                    .map_err(db_error)?;
            for scoring::Evaluation { subject, scores: kpi_scores, total, rating } in evaluations {
                review_id += 1;
                for s in &kpi_scores {
                    score_id += 1;
                    scores.push(&[
                        score_id.into(),
                        review_id.into(),
                        s.kpi_id.into(),
                        s.target.into(),
                        s.actual.into(),
                        s.score.into(),
                        s.weighted.into(),
                    ])?;
                }
                let attainment = kpi_scores
                    .iter()
                    .find(|s| s.code == "SALES_ATTAINMENT")
                    .map_or(Decimal::ZERO, |s| s.actual);
                let (employee, reviewer) = match subject.kind {
                    SubjectKind::Employee => (Some(subject.id), subject.reviewer_id),
                    SubjectKind::Branch => (None, Some(self.hq[1])),
                };
                let band = rating.to_value();
                let finalized_at = finalized.then(|| self.at(end + Duration::days(20), 17, 0));
                let comments = format!("本季度销售达成率 {attainment}%,综合得分 {total}");
                reviews.push(&[
                    review_id.into(),
                    cycle.id.into(),
                    subject_kind_name(subject.kind).into(),
                    subject_key(subject.kind, subject.id).as_str().into(),
                    employee.into(),
                    subject.branch_id.into(),
                    reviewer.into(),
                    total.into(),
                    band.as_str().into(),
                    if finalized { "FINALIZED" } else { "COMPUTED" }.into(),
                    comments.as_str().into(),
                    finalized_at.into(),
                ])?;
                if scoring::needs_plan(rating) {
                    plan_id += 1;
                    let due = end + Duration::days(90);
                    let status = if finalized { "COMPLETED" } else { "IN_PROGRESS" };
                    plans.push(&[
                        plan_id.into(),
                        review_id.into(),
                        employee.into(),
                        subject.branch_id.into(),
                        "下季度销售达成率提升至 90% 以上;重点客户拜访频次翻倍".into(),
                        status.into(),
                        due.into(),
                    ])?;
                    for (k, text) in ["制定重点客户拜访计划并每周复盘", "参加顾问式销售技巧培训"]
                        .iter()
                        .enumerate()
                    {
                        action_id += 1;
                        let action_due = end + Duration::days(30 * (k as i64 + 1));
                        let done = finalized.then(|| self.at(action_due, 16, 0));
                        actions.push(&[
                            action_id.into(),
                            plan_id.into(),
                            (*text).into(),
                            action_due.into(),
                            if finalized { "DONE" } else { "OPEN" }.into(),
                            done.into(),
                        ])?;
                    }
                }
                Bulk::flush_together(&mut [&mut reviews, &mut scores, &mut plans, &mut actions])
                    .await?;
            }
        }
        for (table, writer) in [
            ("reviews", reviews),
            ("review_scores", scores),
            ("improvement_plans", plans),
            ("improvement_actions", actions),
        ] {
            let n = writer.finish().await?;
            self.done(table, n);
        }
        Ok(())
    }
}
