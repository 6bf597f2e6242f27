//! Early warning and agility (灵活应变): alert rules, the alerts the seeded sales trigger,
//! market signals, contingency plans and their activations, promotions and price changes.

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;
use salesgraph_entities::enums::ScopeKind;
use salesgraph_entities::keys::scope_key;
use sea_orm::{ConnectionTrait, DbErr};

use super::bulk::V;
use super::names::{CATEGORIES, WEAK_BRANCH};
use super::{Seeder, last_day};

/// An alert as the contingency plans need it.
pub(crate) struct SeededAlert {
    pub id: i32,
    pub branch: usize,
    pub triggered: chrono::DateTime<chrono::Utc>,
    pub critical: bool,
    pub resolved: bool,
}

impl<C: ConnectionTrait> Seeder<'_, C> {
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
        // name, category, discount %, (month, first day, last day) of the yearly campaign
        let promos = [
            ("618 办公设备节", 0, 8, (6, 1, 18)),
            ("双十一网络设备特惠", 1, 10, (11, 1, 11)),
            ("年终服务器采购季", 2, 6, (12, 1, 31)),
            ("安防升级补贴", 3, 12, (3, 1, 31)),
            ("软件续费优惠", 4, 15, (1, 1, 31)),
            ("耗材集采价", 5, 5, (9, 1, 30)),
        ];
        for (i, (name, category, discount, (month, first, last))) in promos.iter().enumerate() {
            // The latest campaign that has started by the end of the data.
            let in_year = |y: i32| NaiveDate::from_ymd_opt(y, *month, *first);
            let year = self.as_of.year();
            let start = in_year(year)
                .filter(|d| *d <= self.as_of)
                .or_else(|| in_year(year - 1))
                .unwrap_or(self.as_of);
            let end = NaiveDate::from_ymd_opt(start.year(), *month, *last).unwrap_or(start);
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
}
