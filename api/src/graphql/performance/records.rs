//! Plain edits of review cycles. Their KPIs change with `setKpiDefinitions`, their reviews
//! with `computeReviews` and `finalizeReview`.

use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use salesgraph_entities::enums::{self as model, Role};
use salesgraph_entities::review_cycles;
use sea_orm::{ActiveEnum, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use super::ReviewCycle;
use crate::error::ApiError;
use crate::graphql::crud::{Date, Enum, Table, Text, crud, ordered, visible};
use crate::targets::grain_of;

const CYCLES: Table<review_cycles::Entity> = Table {
    what: "review cycle",
    actions: ["reviewCycle.create", "reviewCycle.update", "reviewCycle.delete"],
    roles: &[Role::HqAdmin],
    unique: &["name"],
    write_scope: visible,
    check: cycle_dates,
};

/// A cycle reviews exactly one period of its kind (a calendar month, quarter or year), and no
/// other cycle of the same kind reviews any of its days (CONFLICT on `periodStart`).
fn cycle_dates<'a>(
    db: &'a DatabaseTransaction,
    cycle: &'a review_cycles::Model,
) -> BoxFuture<'a, Result<(), ApiError>> {
    Box::pin(async move {
        ordered("periodEnd", &cycle.period_start, Some(&cycle.period_end))?;
        one_period(cycle.period_kind, cycle.period_start, cycle.period_end)?;
        let twin = review_cycles::Entity::find()
            .filter(review_cycles::Column::Id.ne(cycle.id))
            .filter(review_cycles::Column::PeriodKind.eq(cycle.period_kind))
            .filter(review_cycles::Column::PeriodStart.lte(cycle.period_end))
            .filter(review_cycles::Column::PeriodEnd.gte(cycle.period_start))
            .one(db)
            .await?;
        match twin {
            Some(twin) => Err(ApiError::Conflict {
                field: "periodStart".into(),
                message: format!(
                    "the {} cycle {} (id {}) already reviews {} to {}",
                    twin.period_kind.to_value(),
                    twin.name,
                    twin.id,
                    twin.period_start,
                    twin.period_end
                ),
            }),
            None => Ok(()),
        }
    })
}

/// BAD_USER_INPUT unless `start..=end` is one whole period of `kind`: `start` the first day of
/// a month, quarter or year, `end` the last day of that same one.
fn one_period(kind: model::PeriodKind, start: NaiveDate, end: NaiveDate) -> Result<(), ApiError> {
    let grain = grain_of(kind);
    let what = match kind {
        model::PeriodKind::Month => "a month",
        model::PeriodKind::Quarter => "a quarter (January, April, July or October)",
        model::PeriodKind::Year => "a year (1 January)",
    };
    let kind = kind.to_value();
    if grain.start_of(start) != start {
        let message = format!("a {kind} cycle starts on the first day of {what}");
        return Err(ApiError::bad_input("periodStart", message));
    }
    let last = grain.next(start).pred_opt().unwrap_or(start);
    if end != last {
        let message = format!("a {kind} cycle starting on {start} ends on {last}");
        return Err(ApiError::bad_input("periodEnd", message));
    }
    Ok(())
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
        /// The first day of the reviewed period: the 1st of a month for MONTH, of January,
        /// April, July or October for QUARTER, 1 January for YEAR. No other cycle of the same
        /// kind may review any of its days (CONFLICT).
        period_start: Date => period_start,
        /// The last day of the reviewed period: the last day of the month, quarter or year
        /// that `periodStart` begins.
        period_end: Date => period_end,
        /// Its state (default PLANNED).
        status: Enum<model::CycleStatus> = model::CycleStatus::Planned => status,
    }
    server |p, now| {}
}
