//! Performance reviews (绩效评估): cycles, KPIs with weights, reviews scored from the seeded
//! sales, and improvement plans after a low rating.

use std::collections::HashMap;

use chrono::{Datelike, Duration, Months, NaiveDate};
use rand::RngExt;
use rust_decimal::Decimal;
use salesgraph_entities::enums::{ScopeKind, SubjectKind};
use salesgraph_entities::keys::{scope_key, subject_key};
use sea_orm::{ConnectionTrait, DbErr};

use super::bulk::Bulk;
use super::names::WEAK_BRANCH;
use super::targets::{add_months, quarter_start, subject_kind_name};
use super::{Seeder, last_day};

/// `hits ÷ all × 100` over the months of a branch, to the hundredth; 0 without data.
fn share(stats: &HashMap<(usize, usize), (u32, u32)>, branch: usize, months: &[usize]) -> Decimal {
    let (hits, all) = months
        .iter()
        .filter_map(|m| stats.get(&(branch, *m)))
        .fold((0u32, 0u32), |(h, a), (hit, total)| (h + hit, a + total));
    if all == 0 {
        return Decimal::ZERO;
    }
    (Decimal::from(hits) * Decimal::ONE_HUNDRED / Decimal::from(all)).round_dp(2)
}

/// Score of a KPI: actual against target in percent, capped at 120.
pub(crate) fn kpi_score(actual: Decimal, target: Decimal) -> Decimal {
    if target.is_zero() {
        return Decimal::ZERO;
    }
    (actual / target * Decimal::ONE_HUNDRED).min(Decimal::from(120)).round_dp(2)
}

/// Rating band of a weighted total score.
pub(crate) fn rating(total: Decimal) -> &'static str {
    match total {
        t if t >= Decimal::from(105) => "EXCELLENT",
        t if t >= Decimal::from(90) => "GOOD",
        t if t >= Decimal::from(75) => "MEETS",
        t if t >= Decimal::from(60) => "NEEDS_IMPROVEMENT",
        _ => "UNSATISFACTORY",
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
        let (mut review_id, mut score_id, mut plan_id, mut action_id) = (0, 0, 0, 0);
        let closed = cycles.len() - 1;
        for (c, start) in cycles.iter().take(closed).enumerate() {
            let months = self.month_indexes(*start, 3);
            let end = last_day(add_months(*start, 2));
            let finalized = c + 1 < closed;
            for b in 0..self.branches.len() {
                let weak = self.branches[b].code == WEAK_BRANCH;
                let branch_id = self.branches[b].id;
                // Subjects of the branch: every rep, then the branch itself.
                let mut subjects: Vec<(SubjectKind, i32)> = self.branches[b]
                    .reps
                    .iter()
                    .map(|(rep, _)| (SubjectKind::Employee, *rep))
                    .collect();
                subjects.push((SubjectKind::Branch, branch_id));
                for (subject, subject_id) in subjects {
                    review_id += 1;
                    let (kpi_offset, reps): (usize, Vec<i32>) = match subject {
                        SubjectKind::Employee => (0, vec![subject_id]),
                        SubjectKind::Branch => {
                            (4, self.branches[b].reps.iter().map(|r| r.0).collect())
                        }
                    };
                    let target: Decimal = reps
                        .iter()
                        .flat_map(|rep| (0..3).map(move |k| (*rep, add_months(*start, k))))
                        .filter_map(|(rep, month)| {
                            self.month_targets
                                .get(&(scope_key(ScopeKind::Employee, Some(rep)), month))
                                .copied()
                        })
                        .sum();
                    let actual: Decimal =
                        reps.iter().map(|rep| self.rep_actual(*rep, &months)).sum();
                    let attainment = if target.is_zero() {
                        Decimal::ZERO
                    } else {
                        (actual / target * Decimal::ONE_HUNDRED).round_dp(2)
                    };
                    let penalty = if weak { 12 } else { 0 };
                    let mut total = Decimal::ZERO;
                    for k in 0..4 {
                        let (code, _, _, weight, kpi_target, _) = kpis[kpi_offset + k];
                        let actual_value = match code {
                            "SALES_ATTAINMENT" => attainment,
                            "NEW_CUSTOMERS" => Decimal::from(
                                months
                                    .iter()
                                    .filter_map(|m| self.rep_new_customers.get(&(subject_id, *m)))
                                    .sum::<u32>(),
                            ),
                            // The branch's customers, for the rep's review too: a rep has too
                            // few responses a quarter for a rate of its own.
                            "CSAT" => share(&self.branch_csat, b, &months),
                            "TRAINING_HOURS" => Decimal::from(
                                months
                                    .iter()
                                    .filter_map(|m| self.training_hours.get(&(subject_id, *m)))
                                    .sum::<i64>(),
                            ),
                            // An estimate: the market-size table is seeded after the reviews.
                            "MARKET_SHARE" => {
                                Decimal::from(self.rng.random_range(10..22) - penalty / 2)
                            }
                            _ => share(&self.branch_tickets, b, &months),
                        };
                        let score = kpi_score(actual_value, Decimal::from(kpi_target));
                        let weighted =
                            (score * Decimal::from(weight) / Decimal::ONE_HUNDRED).round_dp(2);
                        total += weighted;
                        score_id += 1;
                        let kpi_id = (c * kpis.len() + kpi_offset + k) as i32 + 1;
                        scores.push(&[
                            score_id.into(),
                            review_id.into(),
                            kpi_id.into(),
                            Decimal::from(kpi_target).into(),
                            actual_value.into(),
                            score.into(),
                            weighted.into(),
                        ])?;
                    }
                    let band = rating(total);
                    let (employee, reviewer) = match subject {
                        SubjectKind::Employee => (Some(subject_id), self.branches[b].manager),
                        SubjectKind::Branch => (None, self.hq[1]),
                    };
                    let finalized_at = finalized.then(|| self.at(end + Duration::days(20), 17, 0));
                    let comments = format!("本季度销售达成率 {attainment}%,综合得分 {total}");
                    reviews.push(&[
                        review_id.into(),
                        (c as i32 + 1).into(),
                        subject_kind_name(subject).into(),
                        subject_key(subject, subject_id).as_str().into(),
                        employee.into(),
                        branch_id.into(),
                        reviewer.into(),
                        total.into(),
                        band.into(),
                        if finalized { "FINALIZED" } else { "COMPUTED" }.into(),
                        comments.as_str().into(),
                        finalized_at.into(),
                    ])?;
                    if matches!(band, "NEEDS_IMPROVEMENT" | "UNSATISFACTORY") {
                        plan_id += 1;
                        let due = end + Duration::days(90);
                        let status = if finalized { "COMPLETED" } else { "IN_PROGRESS" };
                        plans.push(&[
                            plan_id.into(),
                            review_id.into(),
                            employee.into(),
                            Some(branch_id).into(),
                            "下季度销售达成率提升至 90% 以上;重点客户拜访频次翻倍".into(),
                            status.into(),
                            due.into(),
                        ])?;
                        for (k, text) in
                            ["制定重点客户拜访计划并每周复盘", "参加顾问式销售技巧培训"]
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
                    Bulk::flush_together(&mut [
                        &mut reviews,
                        &mut scores,
                        &mut plans,
                        &mut actions,
                    ])
                    .await?;
                }
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
