//! Agility (灵活应变): early-warning rules and their alerts, market signals, contingency plans
//! and their activations, promotions and price changes.

use async_graphql::MergedObject;
use salesgraph_entities::enums::{
    ActivationStatus, AlertMetric, AlertStatus, AlertWindow, Comparator, Level, LifecycleStatus,
    ScopeKind, Severity, SignalKind,
};
use salesgraph_entities::{
    alert_rules, alerts, contingency_activations, contingency_plans, market_signals, price_changes,
    promotions,
};

use super::node::node;

pub mod mutations;
pub mod records;
use super::organisation::{Branch, Employee, Region};
use super::sales::{Product, ProductCategory};

node! {
    /// An early-warning rule (预警规则): when a metric crosses a threshold, an alert of the
    /// rule's severity is raised, such as 分公司月度达成率低于 80%.
    AlertRule(alert_rules) {
        filter: AlertRuleFilter, sort: AlertRuleSort, query: AlertRuleQuery,
        name: "alert rule",
        /// The early-warning rules (visible to every caller).
        list: alert_rules,
        /// One early-warning rule.
        one: alert_rule,
    }
    fields {
        /// What the rule checks, such as 分公司月度达成率低于 80%.
        name: String = Name,
        /// The metric watched: attainment %, pace, revenue drop %, CSAT %, NPS or the number
        /// of tickets that missed their SLA.
        metric: AlertMetric = Metric,
        /// The organisational level the metric is computed for (company, region, branch, team
        /// or employee); one alert is raised per unit that crosses the threshold.
        scope_kind: ScopeKind = ScopeKind,
        /// How the observed value is compared with the threshold: `LT` (<), `LTE` (≤), `GT` (>)
        /// or `GTE` (≥); an alert is raised when the comparison holds.
        comparator: Comparator = Comparator,
        /// The threshold, in the metric's unit: percent for attainment, pace (100 = on track),
        /// revenue drop and CSAT; NPS points (−100 to +100); a number of tickets for SLA
        /// breaches. For example 80 with `LT` on attainment: below 80 %.
        threshold: rust_decimal::Decimal = Threshold,
        /// The period the metric is evaluated over: day, week, month or quarter.
        window: AlertWindow = Window,
        /// The severity of the alerts the rule raises: info, warning or critical.
        severity: Severity = Severity,
        /// Whether the rule is evaluated; inactive rules raise no alerts.
        is_active: bool = IsActive,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the only branch the rule watches; null when it watches every unit of its
        /// level.
        branch_id: Option<i32> = BranchId,
    }
    belongs {
        /// The only branch the rule watches; null when it watches every unit of its level.
        branch: Branch = branch_id,
    }
    has_many {}
    extra {}
}

node! {
    /// An alert (预警) raised by an early-warning rule for a branch or an employee, with the
    /// value observed, until it is acknowledged and resolved.
    Alert(alerts) {
        filter: AlertFilter, sort: AlertSort, query: AlertQuery, name: "alert",
        /// The alerts the caller may see: those of its branches and the company-wide ones.
        list: alerts,
        /// One alert.
        one: alert,
    }
    fields {
        /// When the rule fired.
        triggered_at: chrono::DateTime<chrono::Utc> = TriggeredAt,
        /// The value of the rule's metric that crossed the threshold, in the metric's unit
        /// (for attainment: percent, such as 57.3).
        observed_value: rust_decimal::Decimal = ObservedValue,
        /// A readable explanation with the figures, such as 成都分公司 2026年10月销售达成率
        /// 57.3%…,低于预警线.
        message: String = Message,
        /// Info, warning or critical, copied from the rule when the alert was raised.
        severity: Severity = Severity,
        /// Open, acknowledged (someone is on it) or resolved.
        status: AlertStatus = Status,
        /// When the alert was resolved; null while it is open or acknowledged.
        resolved_at: Option<chrono::DateTime<chrono::Utc>> = ResolvedAt,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the rule that raised the alert.
        rule_id: i32 = RuleId,
        /// The id of the branch the alert is about; null for a company-wide alert.
        branch_id: Option<i32> = BranchId,
        /// The id of the employee the alert is about, for rules at employee level.
        employee_id: Option<i32> = EmployeeId,
        /// The id of the user account that acknowledged the alert; null until acknowledged.
        acknowledged_by_id: Option<i32> = AcknowledgedById,
    }
    belongs {
        /// The rule that raised the alert.
        rule: AlertRule = rule_id,
        /// The branch the alert is about; null for a company-wide alert.
        branch: Branch = branch_id,
        /// The employee the alert is about, for rules at employee level.
        employee: Employee = employee_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A market signal (市场信号) that may call for a change of strategy: a shift in demand, a
    /// policy, a competitor's move, a price or supply change.
    MarketSignal(market_signals) {
        filter: MarketSignalFilter, sort: MarketSignalSort, query: MarketSignalQuery,
        name: "market signal",
        /// The market signals (visible to every caller).
        list: market_signals,
        /// One market signal.
        one: market_signal,
    }
    fields {
        /// Demand shift, policy, competitor move, price or supply.
        kind: SignalKind = Kind,
        /// A one-line headline, such as 存储芯片价格上涨.
        title: String = Title,
        /// What was observed, such as 上游存储芯片价格季度环比上涨 8%,服务器成本承压.
        description: String = Description,
        /// The expected impact on sales: low, medium or high.
        impact: Level = Impact,
        /// The day the signal was observed.
        observed_on: chrono::NaiveDate = ObservedOn,
        /// Where it comes from, such as 行业协会报告 or 一线销售反馈.
        source: Option<String> = Source,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the region concerned; null when it concerns every region.
        region_id: Option<i32> = RegionId,
        /// The id of the branch concerned; null when it concerns no branch in particular.
        branch_id: Option<i32> = BranchId,
        /// The id of the product category concerned; null when it concerns every category.
        category_id: Option<i32> = CategoryId,
        /// The id of the employee who reported the signal.
        reported_by_id: Option<i32> = ReportedById,
    }
    belongs {
        /// The region concerned; null when it concerns every region.
        region: Region = region_id,
        /// The branch concerned; null when it concerns no branch in particular.
        branch: Branch = branch_id,
        /// The product category concerned; null when it concerns every category.
        category: ProductCategory = category_id,
        /// The employee who reported the signal.
        reported_by: Employee = reported_by_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A contingency plan (应急预案) prepared for a known risk: what triggers it and what to do,
    /// such as 竞品价格战应对预案.
    ContingencyPlan(contingency_plans) {
        filter: ContingencyPlanFilter, sort: ContingencyPlanSort, query: ContingencyPlanQuery,
        name: "contingency plan",
        /// The contingency plans (visible to every caller).
        list: contingency_plans,
        /// One contingency plan.
        one: contingency_plan,
    }
    fields {
        /// The plan's name, unique, such as 重大客户流失应急预案.
        name: String = Name,
        /// The situation that calls for the plan, such as 主要竞品在重点品类降价超过 10%.
        trigger_condition: String = TriggerCondition,
        /// The steps to take, as text, such as 1. 启用价格保护;2. 捆绑服务差异化;3. 锁定长期合同.
        actions: String = Actions,
        /// How serious the risk is: info, warning or critical.
        severity: Severity = Severity,
        /// Draft, active (ready to be put into action) or retired.
        status: LifecycleStatus = Status,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the employee responsible for the plan.
        owner_id: Option<i32> = OwnerId,
    }
    belongs {
        /// The employee responsible for the plan.
        owner: Employee = owner_id,
    }
    has_many {
        /// The times the plan was put into action that the caller may see, oldest first.
        activations: ContingencyActivation = contingency_activations::PlanId,
    }
    extra {}
}

node! {
    /// A time a contingency plan was put into action (预案启动), for a branch or the whole
    /// company, often in answer to an alert, and its outcome.
    ContingencyActivation(contingency_activations) {
        filter: ContingencyActivationFilter, sort: ContingencyActivationSort,
        query: ContingencyActivationQuery,
        name: "contingency activation",
        /// The contingency activations the caller may see: those of its branches and the
        /// company-wide ones.
        list: contingency_activations,
        /// One contingency activation.
        one: contingency_activation,
    }
    fields {
        /// When the plan was put into action.
        activated_at: chrono::DateTime<chrono::Utc> = ActivatedAt,
        /// Why, such as 分公司月度达成率低于 60%,启动区域业绩下滑预案.
        reason: String = Reason,
        /// Active (still running) or closed.
        status: ActivationStatus = Status,
        /// When the activation was closed; null while it is active.
        closed_at: Option<chrono::DateTime<chrono::Utc>> = ClosedAt,
        /// What came of it, such as 达成率回升至 60% 以上,继续观察; null while it is active.
        outcome: Option<String> = Outcome,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the plan put into action.
        plan_id: i32 = PlanId,
        /// The id of the branch it was put into action for; null for the whole company.
        branch_id: Option<i32> = BranchId,
        /// The id of the alert that led to it, if any.
        alert_id: Option<i32> = AlertId,
        /// The id of the employee who put the plan into action.
        activated_by_id: i32 = ActivatedById,
    }
    belongs {
        /// The plan put into action.
        plan: ContingencyPlan = plan_id,
        /// The branch it was put into action for; null for the whole company.
        branch: Branch = branch_id,
        /// The alert that led to it, if any.
        alert: Alert = alert_id,
        /// The employee who put the plan into action.
        activated_by: Employee = activated_by_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A sales promotion (促销活动): a discount on a product or a category, in one branch or
    /// company-wide, between two days, such as 618 办公设备节.
    Promotion(promotions) {
        filter: PromotionFilter, sort: PromotionSort, query: PromotionQuery, name: "promotion",
        /// The promotions the caller may see: those of its branches and the company-wide ones.
        list: promotions,
        /// One promotion.
        one: promotion,
    }
    fields {
        /// The promotion's name, such as 双十一网络设备特惠.
        name: String = Name,
        /// What it offers, such as 网络设备品类限时 10% 折扣.
        description: Option<String> = Description,
        /// The discount in percent (0–100), such as 10 for 10 % off the list price.
        discount_pct: rust_decimal::Decimal = DiscountPct,
        /// The first day of the promotion.
        starts_on: chrono::NaiveDate = StartsOn,
        /// The last day of the promotion (included).
        ends_on: chrono::NaiveDate = EndsOn,
        /// Draft, active or retired.
        status: LifecycleStatus = Status,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the product on promotion; null when the promotion covers a category.
        product_id: Option<i32> = ProductId,
        /// The id of the product category on promotion; null when it covers one product.
        category_id: Option<i32> = CategoryId,
        /// The id of the branch running the promotion; null for a company-wide promotion.
        branch_id: Option<i32> = BranchId,
    }
    belongs {
        /// The product on promotion; null when the promotion covers a category.
        product: Product = product_id,
        /// The product category on promotion; null when it covers one product.
        category: ProductCategory = category_id,
        /// The branch running the promotion; null for a company-wide promotion.
        branch: Branch = branch_id,
    }
    has_many {}
    extra {}
}

node! {
    /// A change of a product's list price (调价), with the reason, such as 应对竞品降价,下调报价.
    PriceChange(price_changes) {
        filter: PriceChangeFilter, sort: PriceChangeSort, query: PriceChangeQuery,
        name: "price change",
        /// The price changes (visible to every caller).
        list: price_changes,
        /// One price change.
        one: price_change,
    }
    fields {
        /// The list price per unit before the change, in yuan (¥).
        old_price: rust_decimal::Decimal = OldPrice,
        /// The list price per unit after the change, in yuan (¥).
        new_price: rust_decimal::Decimal = NewPrice,
        /// The day the new price took or takes effect.
        effective_on: chrono::NaiveDate = EffectiveOn,
        /// Why the price changed, such as 原材料成本上涨,上调报价.
        reason: String = Reason,
        /// The version of the record; an update must name the version it read.
        version: i32 = Version,
        /// When the record was created.
        created_at: chrono::DateTime<chrono::Utc> = CreatedAt,
        /// When the record was last changed.
        updated_at: chrono::DateTime<chrono::Utc> = UpdatedAt,
    }
    ids {
        /// The id of the product whose price changed.
        product_id: i32 = ProductId,
        /// The id of the employee who approved the change.
        approved_by_id: Option<i32> = ApprovedById,
    }
    belongs {
        /// The product whose price changed.
        product: Product = product_id,
        /// The employee who approved the change.
        approved_by: Employee = approved_by_id,
    }
    has_many {}
    extra {}
}

/// Queries of the agility domain.
#[derive(MergedObject, Default)]
pub struct AgilityQuery(
    AlertRuleQuery,
    AlertQuery,
    MarketSignalQuery,
    ContingencyPlanQuery,
    ContingencyActivationQuery,
    PromotionQuery,
    PriceChangeQuery,
);
