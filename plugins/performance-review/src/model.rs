//! The query result read into plain records: cycles, reviews with their KPI scores,
//! improvement plans and training results. Anything missing or mis-shaped is a
//! [`DataError`] naming its path.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use salesgraph_report_sdk::{DataError, View};
use serde_json::Value;

/// A review cycle.
#[derive(Debug, Clone)]
pub(crate) struct Cycle {
    pub id: i64,
    pub name: String,
    /// YEAR, QUARTER or MONTH.
    pub kind: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Cycle {
    /// A short label of the period for a chart axis: `2026`, `2026 Q2` or `2026-05`.
    pub fn short_label(&self) -> String {
        match self.kind.as_str() {
            "YEAR" => self.start.format("%Y").to_string(),
            "QUARTER" => {
                let quarter = self.start.month().div_ceil(3);
                format!("{} Q{quarter}", self.start.format("%Y"))
            }
            "MONTH" => self.start.format("%Y-%m").to_string(),
            _ => self.name.clone(),
        }
    }
}

/// One KPI result of a review.
#[derive(Debug, Clone)]
pub(crate) struct Score {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub weight: Option<Decimal>,
    pub higher_is_better: bool,
    pub target: Decimal,
    pub actual: Option<Decimal>,
    pub score: Option<Decimal>,
    pub weighted: Option<Decimal>,
}

/// A review of an employee or a branch.
#[derive(Debug, Clone)]
pub(crate) struct Review {
    pub id: i64,
    pub cycle_id: i64,
    /// EMPLOYEE or BRANCH.
    pub kind: String,
    pub subject_key: String,
    pub rating: Option<String>,
    pub status: String,
    pub total: Option<Decimal>,
    pub employee: Option<String>,
    pub employee_title: Option<String>,
    pub branch: Option<String>,
    pub comments: Option<String>,
    pub scores: Vec<Score>,
}

/// An improvement plan with its actions.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub review_id: i64,
    pub goals: String,
    pub status: String,
    pub due: NaiveDate,
    pub actions: Vec<Action>,
}

/// One action of an improvement plan.
#[derive(Debug, Clone)]
pub(crate) struct Action {
    pub description: String,
    pub due: NaiveDate,
    pub status: String,
    pub completed_at: Option<DateTime<FixedOffset>>,
}

/// A training result: a completed or failed enrollment.
#[derive(Debug, Clone)]
pub(crate) struct Training {
    pub course: String,
    pub hours: Option<Decimal>,
    /// COMPLETED or FAILED.
    pub status: String,
    pub score: Option<Decimal>,
    /// When it was completed (or the session ended, for a failed one).
    pub at: Option<DateTime<FixedOffset>>,
}

/// The nodes of the connection `key`, which must be in the result.
pub(crate) fn connection<'a>(root: &View<'a>, key: &str) -> Result<Vec<View<'a>>, DataError> {
    let conn = root.get(key);
    if !conn.get("nodes").exists() && !conn.get("edges").exists() {
        return Err(conn.get("nodes").error());
    }
    conn.nodes()
}

/// The `totalCount` of the connection `key`, when given.
pub(crate) fn total_count(root: &View<'_>, key: &str) -> Result<Option<i64>, DataError> {
    root.get(key).get("totalCount").int()
}

fn id(v: &View<'_>) -> Result<i64, DataError> {
    v.int()?.ok_or_else(|| v.error())
}

fn date(v: &View<'_>) -> Result<NaiveDate, DataError> {
    NaiveDate::parse_from_str(v.text()?, "%Y-%m-%d").map_err(|_| v.error())
}

fn moment(v: &View<'_>) -> Result<Option<DateTime<FixedOffset>>, DataError> {
    v.str()?.map(|s| DateTime::parse_from_rfc3339(s).map_err(|_| v.error())).transpose()
}

fn owned(v: &View<'_>) -> Result<Option<String>, DataError> {
    Ok(v.str()?.map(str::to_owned))
}

/// Every cycle, in the order of the result (latest end first).
pub(crate) fn cycles(root: &View<'_>) -> Result<Vec<Cycle>, DataError> {
    connection(root, "reviewCycles")?
        .iter()
        .map(|c| {
            Ok(Cycle {
                id: id(&c.get("id"))?,
                name: c.get("name").text()?.to_owned(),
                kind: c.get("periodKind").text()?.to_owned(),
                start: date(&c.get("periodStart"))?,
                end: date(&c.get("periodEnd"))?,
            })
        })
        .collect()
}

/// Every review, with its scores when they were asked for.
///
/// `raw` is the whole result: the SDK's [`View`] reads no booleans, so `higherIsBetter` is
/// read from it directly.
pub(crate) fn reviews(root: &View<'_>, raw: &Value) -> Result<Vec<Review>, DataError> {
    connection(root, "reviews")?.iter().enumerate().map(|(i, r)| review(r, i, raw)).collect()
}

/// A boolean at the JSON `pointer` of `raw`; true when it is null or absent.
fn flag(raw: &Value, pointer: &str, error: impl Fn() -> DataError) -> Result<bool, DataError> {
    match raw.pointer(pointer) {
        None | Some(Value::Null) => Ok(true),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(error()),
    }
}

fn review(r: &View<'_>, index: usize, raw: &Value) -> Result<Review, DataError> {
    let scores = r
        .get("scores")
        .list()?
        .iter()
        .enumerate()
        .map(|(j, s)| {
            let kpi = s.get("kpi");
            Ok(Score {
                code: owned(&kpi.get("code"))?.unwrap_or_default(),
                name: owned(&kpi.get("name"))?.unwrap_or_default(),
                unit: owned(&kpi.get("unit"))?.unwrap_or_default(),
                weight: kpi.get("weight").decimal()?,
                higher_is_better: flag(
                    raw,
                    &format!("/reviews/nodes/{index}/scores/{j}/kpi/higherIsBetter"),
                    || kpi.get("higherIsBetter").error(),
                )?,
                target: s.get("target").decimal()?.ok_or_else(|| s.get("target").error())?,
                actual: s.get("actual").decimal()?,
                score: s.get("score").decimal()?,
                weighted: s.get("weightedScore").decimal()?,
            })
        })
        .collect::<Result<Vec<_>, DataError>>()?;
    Ok(Review {
        id: id(&r.get("id"))?,
        cycle_id: id(&r.get("cycleId"))?,
        kind: r.get("subjectKind").text()?.to_owned(),
        subject_key: r.get("subjectKey").text()?.to_owned(),
        rating: owned(&r.get("rating"))?,
        status: r.get("status").text()?.to_owned(),
        total: r.get("totalScore").decimal()?,
        employee: owned(&r.get("employee.name"))?,
        employee_title: owned(&r.get("employee.title"))?,
        branch: owned(&r.get("branch.name"))?,
        comments: owned(&r.get("comments"))?,
        scores,
    })
}

/// The improvement plans, if the query asked for them.
pub(crate) fn plans(root: &View<'_>) -> Result<Vec<Plan>, DataError> {
    connection(root, "improvementPlans")?
        .iter()
        .map(|p| {
            let actions = p
                .get("actions")
                .list()?
                .iter()
                .map(|a| {
                    Ok(Action {
                        description: a.get("description").text()?.to_owned(),
                        due: date(&a.get("dueDate"))?,
                        status: a.get("status").text()?.to_owned(),
                        completed_at: moment(&a.get("completedAt"))?,
                    })
                })
                .collect::<Result<Vec<_>, DataError>>()?;
            Ok(Plan {
                review_id: id(&p.get("reviewId"))?,
                goals: p.get("goals").text()?.to_owned(),
                status: p.get("status").text()?.to_owned(),
                due: date(&p.get("dueDate"))?,
                actions,
            })
        })
        .collect()
}

/// The completed and failed enrollments of an employee.
pub(crate) fn trainings(root: &View<'_>) -> Result<Vec<Training>, DataError> {
    connection(root, "enrollments")?
        .iter()
        .map(|e| {
            let session = e.get("session");
            let at = match moment(&e.get("completedAt"))? {
                Some(at) => Some(at),
                None => moment(&session.get("endsAt"))?,
            };
            let course = match session.get("course.title").str()? {
                Some(title) => title.to_owned(),
                None => String::new(),
            };
            Ok(Training {
                course,
                hours: session.get("course.hours").decimal()?,
                status: e.get("status").text()?.to_owned(),
                score: e.get("score").decimal()?,
                at,
            })
        })
        .collect()
}
