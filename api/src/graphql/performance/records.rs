//! Plain edits of review cycles. Their KPIs change with `setKpiDefinitions`, their reviews
//! with `computeReviews` and `finalizeReview`.

use futures_util::future::BoxFuture;
use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::review_cycles;
use sea_orm::DatabaseTransaction;

use super::ReviewCycle;
use crate::error::ApiError;
use crate::graphql::crud::{Date, Enum, Table, Text, crud, ordered, visible};

const CYCLES: Table<review_cycles::Entity> = Table {
    what: "review cycle",
    actions: ["reviewCycle.create", "reviewCycle.update", "reviewCycle.delete"],
    roles: &[Role::HqAdmin],
    unique: &["name"],
    write_scope: visible,
    check: cycle_dates,
};

fn cycle_dates<'a>(
    _: &'a DatabaseTransaction,
    cycle: &'a review_cycles::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    let result = ordered("periodEnd", &cycle.period_start, Some(&cycle.period_end));
    Box::pin(std::future::ready(result))
}

crud! {
    /// Plain edits of review cycles.
    ReviewCycleMutation: ReviewCycle(review_cycles) {
        table: CYCLES,
        /// The fields of a review cycle; on update, only those given change.
        input: ReviewCycleInput,
        /// Opens a review cycle (HQ_ADMIN).
        create: create_review_cycle,
        /// Changes a review cycle (HQ_ADMIN), if it is still at the version you read.
        update: update_review_cycle,
        /// Deletes a review cycle without reviews (HQ_ADMIN); CONFLICT otherwise.
        delete: delete_review_cycle,
    }
    fields {
        /// Its name, unique, 2 to 100 characters, such as 2026年第4季度绩效考核.
        name: Text<2, 100> => name,
        /// The length of the reviewed period.
        period_kind: Enum<model::PeriodKind> => period_kind,
        /// The first day of the reviewed period.
        period_start: Date => period_start,
        /// The last day of the reviewed period, not before the first.
        period_end: Date => period_end,
        /// Its state (default PLANNED).
        status: Enum<model::CycleStatus> = model::CycleStatus::Planned => status,
    }
    server |p, now| {}
}
