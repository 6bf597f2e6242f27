//! Targets and incentives (目标明确), early warning and agility (灵活应变), and performance
//! reviews (绩效评估), all derived from the orders seeded before them.

use std::collections::HashMap;

use chrono::{Datelike, Duration, Months, NaiveDate};
use rand::RngExt;
use rust_decimal::Decimal;
use salesgraph_entities::enums::{ScopeKind, SubjectKind};
use salesgraph_entities::keys::{scope_key, subject_key};
use sea_orm::{ConnectionTrait, DbErr};

use super::bulk::{Bulk, V};
use super::names::{CATEGORIES, WEAK_BRANCH};
use super::sales::max_quantity;
use super::{Seeder, last_day};

/// Targets ask for a little more than the plan.
const STRETCH: f64 = 1.05;

/// An alert as the contingency plans need it.
pub(crate) struct SeededAlert {
    pub id: i32,
    pub branch: usize,
    pub triggered: chrono::DateTime<chrono::Utc>,
    pub critical: bool,
    pub resolved: bool,
}

/// A target before it is written: scope, period kind, period start.
type TargetKey = (ScopeKind, Option<i32>, &'static str, NaiveDate);

/// Rank of a period kind, longest first, so parents sort before children.
fn period_rank(kind: &str) -> u8 {
    match kind {
        "YEAR" => 0,
        "QUARTER" => 1,
        _ => 2,
    }
}

/// First day of the quarter containing `day`.
pub(crate) fn quarter_start(day: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(day.year(), day.month0() / 3 * 3 + 1, 1).unwrap_or(day)
}

fn add_months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_months(Months::new(n)).unwrap_or(day)
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
        t if t >= Decimal::from(110) => "EXCELLENT",
        t if t >= Decimal::from(95) => "GOOD",
        t if t >= Decimal::from(80) => "MEETS",
        t if t >= Decimal::from(60) => "NEEDS_IMPROVEMENT",
        _ => "UNSATISFACTORY",
    }
}

impl<C: ConnectionTrait> Seeder<'_, C> {
    /// Mean confirmed revenue of one order as the generator draws it: lines × mean line
    /// amount × (1 − mean discount) × share not cancelled.
    fn mean_order_value(&self) -> f64 {
        let mean_line: f64 = self
            .products
            .iter()
            .map(|p| {
                let price: f64 = p.price.try_into().unwrap_or_default();
                price * f64::from(1 + max_quantity(p.price)) / 2.0
            })
            .sum::<f64>()
            / self.products.len() as f64;
        2.0 * mean_line * (1.0 - 0.0336) * 0.95
    }

    /// Confirmed revenue of a rep over month indexes `months`.
    fn rep_actual(&self, rep: i32, months: &[usize]) -> Decimal {
        months.iter().filter_map(|m| self.rep_revenue.get(&(rep, *m))).sum()
    }

    /// Month indexes of the data within `[start, start + n months)`.
    fn month_indexes(&self, start: NaiveDate, n: u32) -> Vec<usize> {
        (0..n).filter_map(|k| self.month_index(add_months(start, k))).collect()
    }

    /// Revenue targets for the previous and the current year. Rep month targets are set from
    /// the plan (what each branch is expected to sell, the weak branch planned as an average
    /// one), then summed: team, branch, region and company months are the sums of their
    /// children, quarters the sums of their months and years the sums of their quarters, so
    /// every parent equals the sum of its children to the fen.
    ///
    /// A target's parent is the same period one level up the organisation; a company target's
    /// parent is the company target of the enclosing period (month → quarter → year).
    pub(super) async fn targets(&mut self) -> Result<(), DbErr> {
        let order_value = self.mean_order_value();
        let year = self.as_of.year();
        let mut amounts: HashMap<TargetKey, Decimal> = HashMap::new();
        let mut parents: HashMap<(ScopeKind, Option<i32>), (ScopeKind, Option<i32>)> =
            HashMap::new();
        for y in [year - 1, year] {
            let year_start = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(self.as_of);
            for m in 0..12 {
                let month = add_months(year_start, m);
                let quarter = quarter_start(month);
                for (b, branch) in self.branches.iter().enumerate() {
                    // The weak branch is planned as if it sold like an average branch.
                    let planned_strength =
                        if branch.code == WEAK_BRANCH { 1.0 } else { branch.strength };
                    let branch_plan =
                        self.planned_orders(planned_strength, month) * order_value * STRETCH;
                    let per_rep = branch_plan / branch.reps.len() as f64;
                    for (k, (rep, team)) in branch.reps.iter().enumerate() {
                        // Reps differ by up to ±15%; amounts are whole hundreds of yuan.
                        let factor = 0.85 + 0.3 * ((k * 7 + b * 3) % 10) as f64 / 9.0;
                        let amount = Decimal::from((per_rep * factor / 100.0).round() as i64 * 100);
                        let chain = [
                            (ScopeKind::Employee, Some(*rep)),
                            (ScopeKind::Team, Some(*team)),
                            (ScopeKind::Branch, Some(branch.id)),
                            (ScopeKind::Region, Some(branch.region_id)),
                            (ScopeKind::Company, None),
                        ];
                        for pair in chain.windows(2) {
                            parents.insert(pair[0], pair[1]);
                        }
                        for (scope, id) in chain {
                            for (kind, start) in
                                [("MONTH", month), ("QUARTER", quarter), ("YEAR", year_start)]
                            {
                                *amounts.entry((scope, id, kind, start)).or_default() += amount;
                            }
                        }
                    }
                }
            }
        }
        let mut keys: Vec<TargetKey> = amounts.keys().copied().collect();
        keys.sort_by_key(|(scope, id, kind, start)| (*scope as u8, period_rank(kind), *start, *id));
        let team_branch: HashMap<i32, i32> =
            self.branches.iter().flat_map(|b| b.teams.iter().map(move |t| (*t, b.id))).collect();
        let branch_region: HashMap<i32, i32> =
            self.branches.iter().map(|b| (b.id, b.region_id)).collect();
        let mut ids: HashMap<TargetKey, i32> = HashMap::new();
        let mut rows = self.bulk(
            "sales_targets",
            &[
                "id",
                "metric",
                "period_kind",
                "period_start",
                "scope_kind",
                "scope_key",
                "region_id",
                "branch_id",
                "team_id",
                "employee_id",
                "amount",
                "parent_id",
                "locked",
            ],
        );
        let first_open_month = self.as_of.with_day(1).unwrap_or(self.as_of);
        for (i, key) in keys.iter().enumerate() {
            let (scope, scope_id, kind, start) = *key;
            let id = i as i32 + 1;
            let parent_key = match (scope, kind) {
                (ScopeKind::Company, "MONTH") => {
                    Some((scope, None, "QUARTER", quarter_start(start)))
                }
                (ScopeKind::Company, "QUARTER") => Some((
                    scope,
                    None,
                    "YEAR",
                    NaiveDate::from_ymd_opt(start.year(), 1, 1).unwrap_or(start),
                )),
                (ScopeKind::Company, _) => None,
                _ => parents.get(&(scope, scope_id)).map(|(p, pid)| (*p, *pid, kind, start)),
            };
            let parent = parent_key.and_then(|k| ids.get(&k).copied());
            // Denormalised links: a team target also names its branch and region, and so on.
            let (region, branch, team, employee) = match scope {
                ScopeKind::Company => (None, None, None, None),
                ScopeKind::Region => (scope_id, None, None, None),
                ScopeKind::Branch => {
                    (scope_id.and_then(|b| branch_region.get(&b).copied()), scope_id, None, None)
                }
                ScopeKind::Team => {
                    let b = scope_id.and_then(|t| team_branch.get(&t).copied());
                    (b.and_then(|b| branch_region.get(&b).copied()), b, scope_id, None)
                }
                ScopeKind::Employee => {
                    let t = parents.get(&(scope, scope_id)).and_then(|(_, t)| *t);
                    let b = t.and_then(|t| team_branch.get(&t).copied());
                    (b.and_then(|b| branch_region.get(&b).copied()), b, t, scope_id)
                }
            };
            let scope_text = scope_key(scope, scope_id);
            // Targets of periods that have ended are locked.
            let locked = period_end(kind, start) < first_open_month;
            rows.row(&[
                id.into(),
                "REVENUE".into(),
                kind.into(),
                start.into(),
                scope_kind_name(scope).into(),
                scope_text.as_str().into(),
                region.into(),
                branch.into(),
                team.into(),
                employee.into(),
                amounts[key].into(),
                parent.into(),
                locked.into(),
            ])
            .await?;
            if kind == "MONTH" {
                self.month_targets.insert((scope_text, start), amounts[key]);
            }
            ids.insert(*key, id);
        }
        let n = rows.finish().await?;
        self.done("sales_targets", n);
        Ok(())
    }

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

    /// Confirmed revenue and target of branch `b` in the month starting `month`.
    fn branch_month(&self, b: usize, month: NaiveDate) -> Option<(Decimal, Decimal)> {
        let m = self.month_index(month)?;
        let branch = &self.branches[b];
        let target =
            *self.month_targets.get(&(scope_key(ScopeKind::Branch, Some(branch.id)), month))?;
        let actual = branch.reps.iter().map(|(rep, _)| self.rep_actual(*rep, &[m])).sum();
        Some((actual, target))
    }

    pub(super) async fn early_warning(&mut self) -> Result<(), DbErr> {
        let mut rules = self.bulk(
            "alert_rules",
            &[
                "id",
                "name",
                "metric",
                "scope_kind",
                "comparator",
                "threshold",
                "window",
                "severity",
                "is_active",
            ],
        );
        let rule_rows = [
            (1, "分公司月度达成率低于 80%", "ATTAINMENT", "LT", 80, "WARNING"),
            (2, "分公司月度达成率低于 60%", "ATTAINMENT", "LT", 60, "CRITICAL"),
            (3, "客户满意度低于 80%", "CSAT", "LT", 80, "WARNING"),
            (4, "月度 SLA 超时工单超过 5 张", "SLA_BREACHES", "GT", 5, "WARNING"),
        ];
        for (id, name, metric, cmp, threshold, severity) in rule_rows {
            rules
                .row(&[
                    id.into(),
                    name.into(),
                    metric.into(),
                    "BRANCH".into(),
                    cmp.into(),
                    Decimal::from(threshold).into(),
                    "MONTH".into(),
                    severity.into(),
                    true.into(),
                ])
                .await?;
        }
        let n = rules.finish().await?;
        self.done("alert_rules", n);

        let mut alerts = self.bulk(
            "alerts",
            &[
                "id",
                "rule_id",
                "branch_id",
                "triggered_at",
                "observed_value",
                "message",
                "severity",
                "status",
                "acknowledged_by_id",
                "resolved_at",
            ],
        );
        let mut id = 0;
        let complete = self.months.len() - 1;
        for m in 0..complete {
            let month = self.months[m];
            for b in 0..self.branches.len() {
                let Some((actual, target)) = self.branch_month(b, month) else { continue };
                let attainment = (actual / target * Decimal::ONE_HUNDRED).round_dp(1);
                let (rule, severity) = if attainment < Decimal::from(60) {
                    (2, "CRITICAL")
                } else if attainment < Decimal::from(80) {
                    (1, "WARNING")
                } else {
                    continue;
                };
                id += 1;
                let triggered = self.at(last_day(month) + Duration::days(1), 9, 0);
                let age = complete - m;
                let (status, ack, resolved) = match age {
                    1 => ("OPEN", None, None),
                    2 => ("ACKNOWLEDGED", Some(self.admin_user), None),
                    _ => ("RESOLVED", Some(self.admin_user), Some(triggered + Duration::days(20))),
                };
                let message = format!(
                    "{}分公司 {}年{}月销售达成率 {attainment}%(实际 ¥{} / 目标 ¥{}),低于预警线",
                    self.branches[b].city,
                    month.year(),
                    month.month(),
                    actual.round_dp(2),
                    target
                );
                alerts
                    .row(&[
                        id.into(),
                        rule.into(),
                        self.branches[b].id.into(),
                        V::T(triggered),
                        attainment.into(),
                        message.as_str().into(),
                        severity.into(),
                        status.into(),
                        ack.into(),
                        resolved.into(),
                    ])
                    .await?;
                self.alert_ids.push(SeededAlert {
                    id,
                    branch: b,
                    triggered,
                    critical: rule == 2,
                    resolved: resolved.is_some(),
                });
            }
        }
        let n = alerts.finish().await?;
        self.done("alerts", n);
        self.agility().await
    }

    async fn agility(&mut self) -> Result<(), DbErr> {
        let signals = [
            (
                "DEMAND_SHIFT",
                "制造业客户数字化改造需求上升",
                "多家制造业客户启动产线数字化项目,网络与服务器需求增加",
                "HIGH",
            ),
            (
                "POLICY",
                "政府采购国产化比例要求提高",
                "新一轮政府采购要求核心设备国产化比例不低于 70%",
                "HIGH",
            ),
            (
                "COMPETITOR_MOVE",
                "华锐科技下调中端交换机报价",
                "竞品中端交换机报价下调约 12%,渠道返点提高",
                "MEDIUM",
            ),
            (
                "PRICE",
                "存储芯片价格上涨",
                "上游存储芯片价格季度环比上涨 8%,服务器成本承压",
                "MEDIUM",
            ),
            (
                "SUPPLY",
                "部分网络设备交付周期延长",
                "海外芯片供应紧张,部分型号交付周期延长至 8 周",
                "MEDIUM",
            ),
            ("DEMAND_SHIFT", "中小企业安防升级需求集中释放", "老旧小区改造带动安防监控采购", "LOW"),
        ];
        let mut rows = self.bulk(
            "market_signals",
            &[
                "id",
                "region_id",
                "category_id",
                "kind",
                "title",
                "description",
                "impact",
                "observed_on",
                "source",
                "reported_by_id",
            ],
        );
        for (i, (kind, title, description, impact)) in signals.iter().cycle().take(12).enumerate() {
            let region = self.region_ids[i % self.region_ids.len()];
            let category = self.category_ids[(i * 5 + 1) % self.category_ids.len()];
            let day = self.any_day();
            let source = if i % 2 == 0 { "行业协会报告" } else { "一线销售反馈" };
            rows.row(&[
                (i as i32 + 1).into(),
                region.into(),
                category.into(),
                (*kind).into(),
                (*title).into(),
                (*description).into(),
                (*impact).into(),
                day.into(),
                source.into(),
                self.hq[2].into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("market_signals", n);

        let plans = [
            (
                "区域业绩严重下滑应急预案",
                "分公司月度达成率连续两个月低于 60%",
                "1. 总部派驻销售支持小组;2. 重新分配重点客户;3. 每周经营复盘",
                "CRITICAL",
            ),
            (
                "重大客户流失应急预案",
                "年采购额前 20 的客户流失或暂停采购",
                "1. 48 小时内高层拜访;2. 制定挽回方案;3. 复盘服务问题",
                "CRITICAL",
            ),
            (
                "竞品价格战应对预案",
                "主要竞品在重点品类降价超过 10%",
                "1. 启用价格保护;2. 捆绑服务差异化;3. 锁定长期合同",
                "WARNING",
            ),
            (
                "供应链中断应急预案",
                "核心产品交付周期超过 6 周",
                "1. 启用替代型号;2. 优先保障重点客户;3. 主动告知客户",
                "WARNING",
            ),
        ];
        let mut rows = self.bulk(
            "contingency_plans",
            &["id", "name", "trigger_condition", "actions", "owner_id", "severity", "status"],
        );
        for (i, (name, trigger, actions, severity)) in plans.iter().enumerate() {
            rows.row(&[
                (i as i32 + 1).into(),
                (*name).into(),
                (*trigger).into(),
                (*actions).into(),
                self.hq[1].into(),
                (*severity).into(),
                "ACTIVE".into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("contingency_plans", n);

        let mut rows = self.bulk(
            "contingency_activations",
            &[
                "id",
                "plan_id",
                "branch_id",
                "alert_id",
                "activated_by_id",
                "activated_at",
                "reason",
                "status",
                "closed_at",
                "outcome",
            ],
        );
        // The plan for a collapsing branch was put into action on the weak branch's three
        // latest critical alerts, the day after each; it stays active while its alert is open.
        let mut critical: Vec<&SeededAlert> = self
            .alert_ids
            .iter()
            .filter(|a| a.critical && self.branches[a.branch].code == WEAK_BRANCH)
            .collect();
        critical.sort_by_key(|a| std::cmp::Reverse(a.triggered));
        critical.truncate(3);
        critical.reverse();
        for (i, alert) in critical.iter().enumerate() {
            let at = (alert.triggered + Duration::days(1)).min(self.stamp);
            let closed_at = (at + Duration::days(30)).min(self.stamp);
            let (status, closed, outcome) = if alert.resolved {
                ("CLOSED", Some(closed_at), Some("达成率回升至 60% 以上,继续观察"))
            } else {
                ("ACTIVE", None, None)
            };
            rows.row(&[
                (i as i32 + 1).into(),
                1.into(),
                self.branches[alert.branch].id.into(),
                alert.id.into(),
                self.hq[1].into(),
                V::T(at),
                "分公司月度达成率低于 60%,启动区域业绩下滑预案".into(),
                status.into(),
                closed.into(),
                outcome.into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("contingency_activations", n);

        let mut rows = self.bulk(
            "promotions",
            &[
                "id",
                "name",
                "description",
                "product_id",
                "category_id",
                "branch_id",
                "discount_pct",
                "starts_on",
                "ends_on",
                "status",
            ],
        );
        let promos = [
            ("618 办公设备节", 0, 8),
            ("双十一网络设备特惠", 1, 10),
            ("年终服务器采购季", 2, 6),
            ("安防升级补贴", 3, 12),
            ("软件续费优惠", 4, 15),
            ("耗材集采价", 5, 5),
        ];
        for (i, (name, category, discount)) in promos.iter().enumerate() {
            let start = self.months[(i * 4) % self.months.len()];
            let end = last_day(start);
            let status = if end < self.as_of { "RETIRED" } else { "ACTIVE" };
            let branch = (i % 2 == 1).then(|| self.branches[i % self.branches.len()].id);
            rows.row(&[
                (i as i32 + 1).into(),
                (*name).into(),
                format!("{}品类限时 {discount}% 折扣", CATEGORIES[*category].1).as_str().into(),
                V::Null,
                self.category_ids[*category].into(),
                branch.into(),
                Decimal::from(*discount).into(),
                start.into(),
                end.into(),
                status.into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("promotions", n);

        // The current list prices were set by these changes.
        let mut rows = self.bulk(
            "price_changes",
            &[
                "id",
                "product_id",
                "old_price",
                "new_price",
                "effective_on",
                "reason",
                "approved_by_id",
            ],
        );
        for i in 0..8 {
            let p = &self.products[(i * 5 + 2) % self.products.len()];
            let old = (p.price * Decimal::new(if i % 3 == 0 { 108 } else { 95 }, 2)).round_dp(0);
            let reason = if old > p.price {
                "应对竞品降价,下调报价"
            } else {
                "原材料成本上涨,上调报价"
            };
            let day = self.months[6 + i * 2];
            rows.row(&[
                (i as i32 + 1).into(),
                p.id.into(),
                old.into(),
                p.price.into(),
                day.into(),
                reason.into(),
                self.hq[1].into(),
            ])
            .await?;
        }
        let n = rows.finish().await?;
        self.done("price_changes", n);
        Ok(())
    }

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
            ("SALES_ATTAINMENT", "销售达成率", "EMPLOYEE", 60, 100, "%"),
            ("NEW_CUSTOMERS", "新客户数", "EMPLOYEE", 10, 1, "个"),
            ("CSAT", "客户满意度", "EMPLOYEE", 20, 85, "%"),
            ("TRAINING_HOURS", "培训学时", "EMPLOYEE", 10, 8, "小时"),
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
                            "CSAT" => Decimal::from(self.rng.random_range(72..98) - penalty),
                            "TRAINING_HOURS" => Decimal::from(self.rng.random_range(2..16)),
                            "MARKET_SHARE" => {
                                Decimal::from(self.rng.random_range(10..22) - penalty / 2)
                            }
                            _ => Decimal::from(self.rng.random_range(84..99) - penalty),
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

fn scope_kind_name(scope: ScopeKind) -> &'static str {
    match scope {
        ScopeKind::Company => "COMPANY",
        ScopeKind::Region => "REGION",
        ScopeKind::Branch => "BRANCH",
        ScopeKind::Team => "TEAM",
        ScopeKind::Employee => "EMPLOYEE",
    }
}

fn subject_kind_name(subject: SubjectKind) -> &'static str {
    match subject {
        SubjectKind::Employee => "EMPLOYEE",
        SubjectKind::Branch => "BRANCH",
    }
}

/// Last day of a target period.
fn period_end(kind: &str, start: NaiveDate) -> NaiveDate {
    let months = match kind {
        "YEAR" => 12,
        "QUARTER" => 3,
        _ => 1,
    };
    add_months(start, months) - Duration::days(1)
}
