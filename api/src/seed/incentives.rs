//! Incentives: plans, tiers, and the awards earned by the attainment in the seeded orders.

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;
use salesgraph_entities::enums::{ScopeKind, SubjectKind};
use salesgraph_entities::keys::{scope_key, subject_key};
use sea_orm::{ConnectionTrait, DbErr};

use super::Seeder;
use super::bulk::V;
use super::targets::{add_months, quarter_start};

impl<C: ConnectionTrait> Seeder<'_, C> {
    pub(super) async fn incentives(&mut self) -> Result<(), DbErr> {
        let year = self.as_of.year();
        let start = NaiveDate::from_ymd_opt(year - 1, 1, 1).unwrap_or(self.as_of);
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(self.as_of);
        let mut plans = self.bulk(
            "incentive_plans",
            &[
                "id",
                "name",
                "description",
                "metric",
                "period_kind",
                "starts_on",
                "ends_on",
                "status",
            ],
        );
        plans
            .row(&[
                1.into(),
                "季度销售达成奖金".into(),
                "按季度销售额达成率分档发放奖金,奖金 = 实际销售额 × 档位比例".into(),
                "REVENUE".into(),
                "QUARTER".into(),
                start.into(),
                end.into(),
                "ACTIVE".into(),
            ])
            .await?;
        plans
            .row(&[
                2.into(),
                "年度销售之星".into(),
                "年度达成率领先的销售代表获得表彰或晋升".into(),
                "REVENUE".into(),
                "YEAR".into(),
                start.into(),
                end.into(),
                "ACTIVE".into(),
            ])
            .await?;
        let n = plans.finish().await?;
        self.done("incentive_plans", n);

        // (id, plan, min attainment %, bonus rate, award kind)
        let tiers: [(i32, i32, i64, i64, &str); 5] = [
            (1, 1, 100, 200, "BONUS"),
            (2, 1, 120, 350, "BONUS"),
            (3, 1, 150, 500, "BONUS"),
            (4, 2, 110, 0, "RECOGNITION"),
            (5, 2, 130, 0, "PROMOTION"),
        ];
        let mut rows = self.bulk(
            "incentive_tiers",
            &["id", "plan_id", "min_attainment", "bonus_rate", "award_kind"],
        );
        for (id, plan, min, rate, kind) in tiers {
            rows.row(&[
                id.into(),
                plan.into(),
                Decimal::from(min).into(),
                Decimal::new(rate, 4).into(),
                kind.into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("incentive_tiers", n);

        let mut awards = self.bulk(
            "incentive_awards",
            &[
                "id",
                "plan_id",
                "tier_id",
                "recipient_kind",
                "recipient_key",
                "employee_id",
                "period_start",
                "kind",
                "attainment",
                "amount",
                "reason",
                "status",
                "awarded_at",
            ],
        );
        let mut id = 0;
        let current_quarter = quarter_start(self.as_of);
        let mut periods: Vec<(i32, NaiveDate, u32)> = Vec::new();
        let mut q = start;
        while q < current_quarter {
            periods.push((1, q, 3));
            q = add_months(q, 3);
        }
        periods.push((2, start, 12));
        let last_quarter = add_months(current_quarter, 0) - Duration::days(1);
        for (plan, period, len) in periods {
            let months = self.month_indexes(period, len);
            for branch in 0..self.branches.len() {
                for (rep, _) in self.branches[branch].reps.clone() {
                    let target: Decimal = (0..len)
                        .filter_map(|k| {
                            let key =
                                (scope_key(ScopeKind::Employee, Some(rep)), add_months(period, k));
                            self.month_targets.get(&key).copied()
                        })
                        .sum();
                    if target.is_zero() {
                        continue;
                    }
                    let actual = self.rep_actual(rep, &months);
                    let attainment = (actual / target * Decimal::ONE_HUNDRED).round_dp(2);
                    let Some((tier, _, min, rate, kind)) = tiers
                        .iter()
                        .filter(|t| t.1 == plan && attainment >= Decimal::from(t.2))
                        .max_by_key(|t| t.2)
                    else {
                        continue;
                    };
                    id += 1;
                    let amount = (*rate > 0).then(|| (actual * Decimal::new(*rate, 4)).round_dp(2));
                    let end = add_months(period, len);
                    let status =
                        if end <= last_quarter - Duration::days(80) { "PAID" } else { "APPROVED" };
                    let reason = format!("达成率 {attainment}%,达到 {min}% 档");
                    let awarded_at = self.at(end + Duration::days(10), 10, 0).min(self.stamp);
                    awards
                        .row(&[
                            id.into(),
                            plan.into(),
                            (*tier).into(),
                            "EMPLOYEE".into(),
                            subject_key(SubjectKind::Employee, rep).as_str().into(),
                            rep.into(),
                            period.into(),
                            (*kind).into(),
                            attainment.into(),
                            amount.into(),
                            reason.as_str().into(),
                            status.into(),
                            V::T(awarded_at),
                        ])
                        .await?;
                }
            }
        }
        let n = awards.finish().await?;
        self.done("incentive_awards", n);
        Ok(())
    }
}
