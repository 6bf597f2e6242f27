//! Plain edits of early-warning and response data: alert rules, market signals, contingency
//! plans and promotions.

use futures_util::future::BoxFuture;
use rust_decimal::Decimal;
use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::{
    alert_rules, contingency_plans, employees, market_signals, product_categories, products,
    promotions, regions,
};
use sea_orm::{ActiveEnum, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter};

use super::{AlertRule, ContingencyPlan, MarketSignal, Promotion};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::graphql::crud::{
    Date, Enum, Flag, Nullable, Number, OptionalBranchRef, Ref, Table, Text, crud, no_check,
    ordered, visible,
};
use crate::scope::branch_writes;

const ALERT_RULES: Table<alert_rules::Entity> = Table {
    what: "alert rule",
    actions: ["alertRule.create", "alertRule.update", "alertRule.delete"],
    roles: &[Role::HqAdmin],
    unique: &["name"],
    write_scope: visible,
    check: rule_fits,
};

/// The values a metric an alert rule watches can take, in its unit: a threshold outside them
/// would never fire, or always.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricRange {
    /// The least value.
    pub min: Decimal,
    /// The greatest value.
    pub max: Decimal,
    /// Whether the metric counts things, so that only whole numbers make sense.
    pub whole: bool,
    /// The unit, for messages.
    pub unit: &'static str,
}

/// The range of each metric, the one definition the rule writes check thresholds against.
/// Attainment and pace are percentages that pass 100 when ahead of target; a thousand percent
/// is as far as a rule needs to look. A revenue drop is the share lost against the comparison
/// period, 0 to 100 %. CSAT is the share of satisfied responses; NPS runs from −100 to +100;
/// SLA breaches count tickets.
pub fn metric_range(metric: model::AlertMetric) -> MetricRange {
    use model::AlertMetric::*;
    let range = |min: i64, max: i64, whole, unit| MetricRange {
        min: Decimal::from(min),
        max: Decimal::from(max),
        whole,
        unit,
    };
    match metric {
        Attainment | Pace => range(0, 1_000, false, "percent"),
        RevenueDrop | Csat => range(0, 100, false, "percent"),
        Nps => range(-100, 100, false, "NPS points"),
        SlaBreaches => range(0, 1_000_000, true, "tickets"),
    }
}

/// BAD_USER_INPUT on `threshold` unless it lies in its metric's range.
fn threshold_fits(rule: &alert_rules::Model) -> Result<(), ApiError> {
    let range = metric_range(rule.metric);
    let metric = rule.metric.to_value();
    if rule.threshold < range.min || rule.threshold > range.max {
        let message =
            format!("must be between {} and {} {} for {metric}", range.min, range.max, range.unit);
        return Err(ApiError::bad_input("threshold", message));
    }
    if range.whole && !rule.threshold.fract().is_zero() {
        let message = format!("must be a whole number of {} for {metric}", range.unit);
        return Err(ApiError::bad_input("threshold", message));
    }
    Ok(())
}

/// A rule names a branch only when it watches branches, teams or employees, and its threshold
/// is one its metric can cross. Checked on the rule as saved, so that changing the metric alone
/// is checked too.
fn rule_fits<'a>(
    _: &'a DatabaseTransaction,
    rule: &'a alert_rules::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    let company_wide =
        matches!(rule.scope_kind, model::ScopeKind::Company | model::ScopeKind::Region);
    let result = if company_wide && rule.branch_id.is_some() {
        Err(ApiError::bad_input("branchId", "must be empty for a COMPANY or REGION rule"))
    } else {
        threshold_fits(rule)
    };
    Box::pin(std::future::ready(result))
}

crud! {
    /// Plain edits of the early-warning rules.
    AlertRuleMutation: AlertRule(alert_rules) {
        table: ALERT_RULES,
        /// The fields of an alert rule; on update, only those given change, and `null` empties
        /// an optional one.
        input: AlertRuleInput,
        /// Creates an alert rule (HQ_ADMIN).
        create: create_alert_rule,
        /// Changes an alert rule (HQ_ADMIN), if it is still at the version you read.
        update: update_alert_rule,
        /// Deletes an alert rule that never fired (HQ_ADMIN); CONFLICT otherwise: deactivate
        /// it instead.
        delete: delete_alert_rule,
    }
    fields {
        /// Its name, unique, 2 to 100 characters, such as 月度达成率预警.
        name: Text<2, 100> => name,
        /// The metric it watches.
        metric: Enum<model::AlertMetric> => metric,
        /// The level it is evaluated at.
        scope_kind: Enum<model::ScopeKind> => scope_kind,
        /// Optional. The one branch it watches; none for every branch (only for BRANCH, TEAM and
        /// EMPLOYEE rules).
        branch_id: OptionalBranchRef => branch_id,
        /// How the metric is compared with the threshold.
        comparator: Enum<model::Comparator> => comparator,
        /// The threshold, in the metric's unit, at most two decimals: percent for ATTAINMENT and
        /// PACE (0 to 1,000), REVENUE_DROP and CSAT (0 to 100); NPS points for NPS (−100 to
        /// 100); a whole number of tickets for SLA_BREACHES (0 to 1,000,000).
        threshold: Number<-1_000_000_000, 1_000_000_000> => threshold,
        /// The period the metric is computed over.
        window: Enum<model::AlertWindow> => window,
        /// How serious an alert of this rule is.
        severity: Enum<model::Severity> => severity,
        /// Whether it is evaluated (default true).
        is_active: Flag = true => is_active,
    }
    server |p, now| {}
}

/// Signals: HQ writes any; a branch manager those of its branch.
fn signal_writes(p: &Principal) -> Condition {
    branch_writes(market_signals::Column::BranchId, p)
}

const MARKET_SIGNALS: Table<market_signals::Entity> = Table {
    what: "market signal",
    actions: ["marketSignal.create", "marketSignal.update", "marketSignal.delete"],
    roles: &[Role::HqAdmin, Role::HqAnalyst, Role::BranchManager],
    unique: &[],
    write_scope: signal_writes,
    check: no_check,
};

crud! {
    /// Plain edits of market signals.
    MarketSignalMutation: MarketSignal(market_signals) {
        table: MARKET_SIGNALS,
        /// The fields of a market signal; on update, only those given change, and `null`
        /// empties an optional one.
        input: MarketSignalInput,
        /// Records a market signal (HQ roles; a branch manager for its own branch). The
        /// caller is recorded as its reporter.
        create: create_market_signal,
        /// Changes a market signal (HQ roles; a branch manager those of its branch), if it is
        /// still at the version you read.
        update: update_market_signal,
        /// Deletes a market signal (HQ roles; a branch manager those of its branch).
        delete: delete_market_signal,
    }
    fields {
        /// Optional. The region it concerns.
        region_id: Nullable<Ref<regions::Entity>> => region_id,
        /// Optional. The branch it concerns; left out, a branch manager's own (HQ: none, for the
        /// whole company).
        branch_id: OptionalBranchRef => branch_id,
        /// Optional. The product category it concerns.
        category_id: Nullable<Ref<product_categories::Entity>> => category_id,
        /// What kind of signal it is.
        kind: Enum<model::SignalKind> => kind,
        /// Headline, 2 to 200 characters.
        title: Text<2, 200> => title,
        /// What was observed, 1 to 4,000 characters.
        description: Text<1, 4000> => description,
        /// Its expected impact.
        impact: Enum<model::Level> => impact,
        /// The day it was observed.
        observed_on: Date => observed_on,
        /// Optional. Where it comes from, at most 200 characters.
        source: Nullable<Text<1, 200>> => source,
    }
    server |p, now| { reported_by_id: p.employee_id }
}

const CONTINGENCY_PLANS: Table<contingency_plans::Entity> = Table {
    what: "contingency plan",
    actions: ["contingencyPlan.create", "contingencyPlan.update", "contingencyPlan.delete"],
    roles: &[Role::HqAdmin],
    unique: &["name"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of contingency plans.
    ContingencyPlanMutation: ContingencyPlan(contingency_plans) {
        table: CONTINGENCY_PLANS,
        /// The fields of a contingency plan; on update, only those given change, and `null`
        /// empties an optional one.
        input: ContingencyPlanInput,
        /// Creates a contingency plan (HQ_ADMIN).
        create: create_contingency_plan,
        /// Changes a contingency plan (HQ_ADMIN), if it is still at the version you read.
        update: update_contingency_plan,
        /// Deletes a contingency plan never activated (HQ_ADMIN); CONFLICT otherwise: retire
        /// it instead.
        delete: delete_contingency_plan,
    }
    fields {
        /// Its name, unique, 2 to 100 characters, such as 区域销量骤降应急预案.
        name: Text<2, 100> => name,
        /// When it applies, 1 to 1,000 characters.
        trigger_condition: Text<1, 1000> => trigger_condition,
        /// What to do, 1 to 4,000 characters.
        actions: Text<1, 4000> => actions,
        /// Optional. Who owns it.
        owner_id: Nullable<Ref<employees::Entity>> => owner_id,
        /// How serious the situations it answers are.
        severity: Enum<model::Severity> => severity,
        /// Its lifecycle (default DRAFT).
        status: Enum<model::LifecycleStatus> = model::LifecycleStatus::Draft => status,
    }
    server |p, now| {}
}

const PROMOTIONS: Table<promotions::Entity> = Table {
    what: "promotion",
    actions: ["promotion.create", "promotion.update", "promotion.delete"],
    roles: &[Role::HqAdmin],
    unique: &[],
    write_scope: visible,
    check: promotion_fits,
};

/// A promotion ends no earlier than it starts, and is not the same promotion twice: no other
/// promotion that is not RETIRED offers a discount on the same goods (the same product, the
/// same category, or everything) at the same place (the same branch, or the whole company) on
/// any of its days. CONFLICT on `startsOn` naming the other one.
fn promotion_fits<'a>(
    db: &'a DatabaseTransaction,
    promotion: &'a promotions::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    Box::pin(async move {
        ordered("endsOn", &promotion.starts_on, Some(&promotion.ends_on))?;
        if promotion.status == model::LifecycleStatus::Retired {
            return Ok(());
        }
        let same = |column: promotions::Column, value: Option<i32>| match value {
            Some(value) => column.eq(value),
            None => column.is_null(),
        };
        let twin = promotions::Entity::find()
            .filter(promotions::Column::Id.ne(promotion.id))
            .filter(promotions::Column::Status.ne(model::LifecycleStatus::Retired))
            .filter(same(promotions::Column::ProductId, promotion.product_id))
            .filter(same(promotions::Column::CategoryId, promotion.category_id))
            .filter(same(promotions::Column::BranchId, promotion.branch_id))
            .filter(promotions::Column::StartsOn.lte(promotion.ends_on))
            .filter(promotions::Column::EndsOn.gte(promotion.starts_on))
            .one(db)
            .await?;
        match twin {
            Some(twin) => Err(ApiError::Conflict {
                field: "startsOn".into(),
                message: format!(
                    "the promotion {} (id {}) already offers the same goods there from {} to {}",
                    twin.name, twin.id, twin.starts_on, twin.ends_on
                ),
            }),
            None => Ok(()),
        }
    })
}

crud! {
    /// Plain edits of sales promotions.
    PromotionMutation: Promotion(promotions) {
        table: PROMOTIONS,
        /// The fields of a promotion; on update, only those given change, and `null` empties
        /// an optional one.
        input: PromotionInput,
        /// Creates a promotion (HQ_ADMIN).
        create: create_promotion,
        /// Changes a promotion (HQ_ADMIN), if it is still at the version you read.
        update: update_promotion,
        /// Deletes a promotion (HQ_ADMIN).
        delete: delete_promotion,
    }
    fields {
        /// Its name, 2 to 100 characters, such as 双十一大促.
        name: Text<2, 100> => name,
        /// Optional. What it offers, at most 2,000 characters.
        description: Nullable<Text<1, 2000>> => description,
        /// Optional. The one product it applies to.
        product_id: Nullable<Ref<products::Entity>> => product_id,
        /// Optional. The category it applies to.
        category_id: Nullable<Ref<product_categories::Entity>> => category_id,
        /// Optional. The one branch it runs at; none for the whole company.
        branch_id: OptionalBranchRef => branch_id,
        /// Discount in percent, 0 to 100.
        discount_pct: Number<0, 100> => discount_pct,
        /// First day. Two promotions that are not RETIRED may not cover the same goods at the
        /// same place on the same day (CONFLICT).
        starts_on: Date => starts_on,
        /// Last day, not before the first.
        ends_on: Date => ends_on,
        /// Its lifecycle (default DRAFT).
        status: Enum<model::LifecycleStatus> = model::LifecycleStatus::Draft => status,
    }
    server |p, now| {}
}
