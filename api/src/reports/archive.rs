//! The monthly archive: once a month has closed in the business time zone, the company's
//! monthly review and every branch's are generated once and kept. Each report is claimed by
//! inserting its run with a unique `archive_key`, so of several instances only one generates
//! it; months missed while no server ran are caught up (up to a year back).

use std::time::Duration;

use chrono::{Datelike, Months, NaiveDate};
use salesgraph_entities::{branches, report_runs};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Map, Value};

use super::runs;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::graphql::ReportSchema;
use crate::state::AppState;

/// The plugin the archive runs.
pub const KIND: &str = "monthly-review";
/// How far back a server that was down catches up.
const CATCH_UP_MONTHS: u32 = 12;

/// Claims and generates the reviews of every closed month not archived yet, as of `today`
/// (from the latest archived month on, whose claims are retried in case an instance stopped
/// half-way through it).
/// Returns how many reports this call generated; 0 when another instance got there first.
pub async fn run_once(
    state: &AppState,
    schema: &ReportSchema,
    today: NaiveDate,
) -> Result<usize, ApiError> {
    let Some(plugin) = state.registry().get(KIND).cloned() else { return Ok(0) };
    let last = first_of(today) - Months::new(1);
    let latest: Option<String> = report_runs::Entity::find()
        .select_only()
        .column(report_runs::Column::ArchiveKey)
        .filter(report_runs::Column::ArchiveKey.like(format!("{KIND}/%")))
        .order_by_desc(report_runs::Column::ArchiveKey)
        .into_tuple()
        .one(state.db())
        .await?;
    let earliest = last - Months::new(CATCH_UP_MONTHS - 1);
    let mut month = latest
        .and_then(|key| key.split('/').nth(1).map(str::to_owned))
        .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .map_or(last, |m| m)
        .max(earliest);
    let branches: Vec<i32> = branches::Entity::find()
        .select_only()
        .column(branches::Column::Id)
        .order_by_asc(branches::Column::Id)
        .into_tuple()
        .all(state.db())
        .await?;
    let system = Principal::system();
    let mut generated = 0;
    while month <= last {
        let label = month.format("%Y-%m").to_string();
        let subjects = std::iter::once(None).chain(branches.iter().copied().map(Some));
        for branch in subjects {
            let mut given = Map::new();
            given.insert("month".into(), Value::String(label.clone()));
            if let Some(b) = branch {
                given.insert("branch".into(), Value::String(b.to_string()));
            }
            let params = plugin
                .manifest()
                .resolve(&given, today)
                .map_err(|e| ApiError::bad_input(&e.param, e.message))?;
            let subject = branch.map_or("company".to_owned(), |b| format!("branch-{b}"));
            let key = format!("{KIND}/{label}/{subject}");
            let claimed = runs::enqueue(state.db(), &system, KIND, &params, Some(key)).await?;
            if let Some(run) = claimed
                && runs::execute(state, schema, run.id).await?
            {
                generated += 1;
            }
        }
        month = month + Months::new(1);
    }
    Ok(generated)
}

/// Archives now and then at every month's turn, until the server stops. Errors are logged
/// and retried at the next turn.
pub async fn keep_archiving(state: AppState, schema: ReportSchema) {
    loop {
        let today = runs::today(&state);
        match run_once(&state, &schema, today).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reports = n, "monthly archive generated"),
            Err(e) => tracing::error!(error = %crate::error::Logged(&e), "monthly archive failed"),
        }
        // Check again within the hour, so that the turn of the month is seen promptly in any
        // time zone and a failure is retried.
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

fn first_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}
