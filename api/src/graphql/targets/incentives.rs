//! `computeIncentives`: the awards an ended period earned under the active incentive plans,
//! created once however often it runs.

use std::collections::{BTreeSet, HashMap};

use async_graphql::{Context, Object, SimpleObject};
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use salesgraph_entities::enums::{
    AwardKind, AwardStatus, PlanStatus, ScopeKind, SubjectKind, TargetMetric,
};
use salesgraph_entities::keys::subject_key;
use salesgraph_entities::{incentive_awards, incentive_plans, incentive_tiers, sales_targets};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use super::IncentiveAward;
use crate::analytics::sql::Dialect;
use crate::analytics::{Dimension, Filters, Metric, Range, Request, attainment, cents, metrics};
use crate::audit::Entry;
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::graphql::enums::PeriodKind;
use crate::graphql::{audit, principal};
use crate::state::AppState;
use crate::targets::grain_of;

/// What `computeIncentives` did.
#[derive(SimpleObject)]
pub struct IncentiveComputation {
    /// The awards created by this run.
    pub created: Vec<IncentiveAward>,
    /// Awards of the period that already existed and were kept as they were.
    pub existing: i32,
}

/// The award of `attainment` under a plan's tiers: the tier with the highest minimum it
/// reaches, if any.
pub fn tier_for(
    tiers: &[incentive_tiers::Model],
    attainment: Decimal,
) -> Option<&incentive_tiers::Model> {
    tiers.iter().filter(|t| attainment >= t.min_attainment).max_by_key(|t| t.min_attainment)
}

/// Incentive mutations.
#[derive(Default)]
pub struct IncentiveMutation;

#[Object]
impl IncentiveMutation {
    /// Grants the awards earned in an ended period (HQ_ADMIN): for every ACTIVE plan of that
    /// period kind in force on its first day, every rep with a target of the plan's metric for
    /// the period is measured (attainment = actual ÷ target × 100, to the hundredth) and earns
    /// the tier with the highest minimum it reaches. A BONUS on a revenue plan is the actual
    /// revenue × the tier's bonus rate, to the fen. Awards start PROPOSED. Running it again
    /// creates nothing new: an award exists once per plan, period and recipient. Writes an
    /// audit entry `incentiveAward.compute`.
    async fn compute_incentives(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The period kind.")] period_kind: PeriodKind,
        #[graphql(desc = "The first day of the period.")] period_start: NaiveDate,
    ) -> ApiResult<IncentiveComputation> {
        let p = principal(ctx)?;
        crate::graphql::write::require_company_admin(p).gql()?;
        let state = ctx.data::<AppState>()?;
        let _slot = state.analytics_slot(p.actor).await;
        let db = state.db();
        let now = Utc::now();
        let kind: salesgraph_entities::enums::PeriodKind = period_kind.into();
        let grain = grain_of(kind);
        if grain.start_of(period_start) != period_start {
            return Err(ApiError::bad_input(
                "periodStart",
                "is not the first day of such a period",
            ))
            .gql();
        }
        let end = grain.next(period_start);
        let range = Range { from: period_start, to: end.pred_opt().unwrap_or(end) };
        let today = state.business_day(now);
        if end > today {
            return Err(ApiError::bad_input("periodStart", "the period has not ended yet")).gql();
        }
        let plans = incentive_plans::Entity::find()
            .filter(incentive_plans::Column::Status.eq(PlanStatus::Active))
            .filter(incentive_plans::Column::PeriodKind.eq(kind))
            .filter(incentive_plans::Column::StartsOn.lte(period_start))
            .filter(incentive_plans::Column::EndsOn.gte(period_start))
            .all(db)
            .await
            .gql()?;
        let dialect = Dialect::new(db.get_database_backend(), state.settings().time_zone);
        let txn = crate::db::begin_write(db).await.gql()?;
        let mut created = Vec::new();
        let mut existing = 0;
        for plan in plans {
            let tiers = incentive_tiers::Entity::find()
                .filter(incentive_tiers::Column::PlanId.eq(plan.id))
                .all(&txn)
                .await
                .gql()?;
            let targets: HashMap<i32, Decimal> = sales_targets::Entity::find()
                .filter(sales_targets::Column::Metric.eq(plan.metric))
                .filter(sales_targets::Column::PeriodKind.eq(kind))
                .filter(sales_targets::Column::PeriodStart.eq(period_start))
                .filter(sales_targets::Column::ScopeKind.eq(ScopeKind::Employee))
                .all(&txn)
                .await
                .gql()?
                .into_iter()
                .filter_map(|t| t.employee_id.map(|e| (e, t.amount)))
                .collect();
            let metric = Metric::measuring(plan.metric);
            let request = Request {
                range,
                filters: Filters {
                    employees: targets.keys().copied().collect(),
                    ..Filters::default()
                },
                group_by: vec![Dimension::Employee],
                metrics: BTreeSet::from([metric]),
                now,
            };
            let mut actual: HashMap<i32, Decimal> = HashMap::new();
            if !targets.is_empty() {
                for row in metrics::compute(db, &dialect, p, &request).await.gql()? {
                    if let Some(e) = row.key.employee {
                        actual.insert(e, row.values.measured(metric));
                    }
                }
            }
            let already: BTreeSet<String> = incentive_awards::Entity::find()
                .filter(incentive_awards::Column::PlanId.eq(plan.id))
                .filter(incentive_awards::Column::PeriodStart.eq(period_start))
                .all(&txn)
                .await
                .gql()?
                .into_iter()
                .map(|a| a.recipient_key)
                .collect();
            let mut reps: Vec<(&i32, &Decimal)> = targets.iter().collect();
            reps.sort();
            for (rep, target) in reps {
                let done = actual.get(rep).copied().unwrap_or_default();
                // A zero target earns nothing.
                let Some(attainment) = attainment(done, *target) else { continue };
                let key = subject_key(SubjectKind::Employee, *rep);
                let Some(tier) = tier_for(&tiers, attainment) else { continue };
                if already.contains(&key) {
                    existing += 1;
                    continue;
                }
                let amount = (tier.award_kind == AwardKind::Bonus
                    && plan.metric == TargetMetric::Revenue
                    && tier.bonus_rate > Decimal::ZERO)
                    .then(|| cents(done * tier.bonus_rate));
                let award = incentive_awards::ActiveModel {
                    id: NotSet,
                    plan_id: Set(plan.id),
                    tier_id: Set(Some(tier.id)),
                    recipient_kind: Set(SubjectKind::Employee),
                    recipient_key: Set(key),
                    employee_id: Set(Some(*rep)),
                    branch_id: Set(None),
                    period_start: Set(period_start),
                    kind: Set(tier.award_kind),
                    attainment: Set(Some(attainment)),
                    amount: Set(amount),
                    reason: Set(format!(
                        "达成率 {attainment}%,达到 {}% 档",
                        tier.min_attainment.normalize()
                    )),
                    status: Set(AwardStatus::Proposed),
                    awarded_at: Set(now),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(&txn)
                .await
                // A concurrent run won the race for this award: nothing is lost by stopping.
                .map_err(|e| crate::graphql::write::db_error(e, "periodStart"))
                .gql()?;
                created.push(award);
            }
        }
        let entry = Entry::by(p, "incentiveAward.compute", "incentive_awards", 0).with_changes(
            json!({ "periodStart": period_start, "created": created.len(), "existing": existing }),
        );
        audit(ctx, &txn, entry, now).await.gql()?;
        txn.commit().await.gql()?;
        Ok(IncentiveComputation {
            created: created.into_iter().map(IncentiveAward).collect(),
            existing,
        })
    }
}
