//! Plain edits of incentive plans and their tiers. Awards are granted by `computeIncentives`.

use futures_util::future::BoxFuture;
use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::{incentive_plans, incentive_tiers};
use sea_orm::DatabaseTransaction;

use super::{IncentivePlan, IncentiveTier};
use crate::error::ApiError;
use crate::graphql::crud::{
    Date, Enum, Fraction, Nullable, Number, Ref, Table, Text, crud, no_check, ordered, visible,
};

const PLANS: Table<incentive_plans::Entity> = Table {
    what: "incentive plan",
    actions: ["incentivePlan.create", "incentivePlan.update", "incentivePlan.delete"],
    roles: &[Role::HqAdmin],
    unique: &["name"],
    write_scope: visible,
    check: plan_dates,
};

fn plan_dates<'a>(
    _: &'a DatabaseTransaction,
    plan: &'a incentive_plans::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    let result = ordered("endsOn", &plan.starts_on, Some(&plan.ends_on));
    Box::pin(std::future::ready(result))
}

crud! {
    /// Plain edits of incentive plans.
    IncentivePlanMutation: IncentivePlan(incentive_plans) {
        table: PLANS,
        /// The fields of an incentive plan; on update, only those given change, and `null`
        /// empties an optional one.
        input: IncentivePlanInput,
        /// Adds an incentive plan (HQ_ADMIN).
        create: create_incentive_plan,
        /// Changes an incentive plan (HQ_ADMIN), if it is still at the version you read.
        update: update_incentive_plan,
        /// Deletes an incentive plan without awards (HQ_ADMIN); CONFLICT otherwise.
        delete: delete_incentive_plan,
    }
    fields {
        /// Its name, unique, 2 to 100 characters, such as 季度销售达成奖金.
        name: Text<2, 100> => name,
        /// Optional. What it rewards and how, at most 2,000 characters.
        description: Nullable<Text<1, 2000>> => description,
        /// The metric whose attainment it rewards.
        metric: Enum<model::TargetMetric> => metric,
        /// The period attainment is measured over.
        period_kind: Enum<model::PeriodKind> => period_kind,
        /// The first day it applies.
        starts_on: Date => starts_on,
        /// The last day it applies, not before the first.
        ends_on: Date => ends_on,
        /// Its state (default DRAFT); only ACTIVE plans grant awards.
        status: Enum<model::PlanStatus> = model::PlanStatus::Draft => status,
    }
    server |p, now| {}
}

const TIERS: Table<incentive_tiers::Entity> = Table {
    what: "incentive tier",
    actions: ["incentiveTier.create", "incentiveTier.update", "incentiveTier.delete"],
    roles: &[Role::HqAdmin],
    unique: &["min_attainment"],
    write_scope: visible,
    check: no_check,
};

crud! {
    /// Plain edits of incentive tiers.
    IncentiveTierMutation: IncentiveTier(incentive_tiers) {
        table: TIERS,
        /// The fields of an incentive tier; on update, only those given change.
        input: IncentiveTierInput,
        /// Adds a tier to a plan (HQ_ADMIN); CONFLICT when the plan has one at that minimum.
        create: create_incentive_tier,
        /// Changes a tier (HQ_ADMIN), if it is still at the version you read.
        update: update_incentive_tier,
        /// Deletes a tier (HQ_ADMIN); its awards keep their amounts.
        delete: delete_incentive_tier,
    }
    fields {
        /// The plan.
        plan_id: Ref<incentive_plans::Entity> => plan_id,
        /// The attainment in percent from which it applies, 0 to 1,000.
        min_attainment: Number<0, 1000> => min_attainment,
        /// The bonus as a share of actual revenue, 0 to 1, such as 0.035 for 3.5%.
        bonus_rate: Fraction => bonus_rate,
        /// What it awards.
        award_kind: Enum<model::AwardKind> => award_kind,
    }
    server |p, now| {}
}
