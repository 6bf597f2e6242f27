//! Performance scoring (绩效评估) and incentives (激励): the KPI actuals of a review cycle
//! measured from the data, the scoring formula, rating bands, and incentive tiers.
//!
//! The formula: a KPI's score is actual ÷ target × 100 (target ÷ actual × 100 when lower is
//! better), capped at 120, to the hundredth; its weighted score is score × weight ÷ 100; the
//! total is the sum of the weighted scores (the weights of a cycle and subject kind add up to
//! 100). The rating bands: EXCELLENT from 105, GOOD from 90, MEETS from 75,
//! NEEDS_IMPROVEMENT from 60, UNSATISFACTORY below. A review rated NEEDS_IMPROVEMENT or
//! UNSATISFACTORY cannot be finalised without an improvement plan.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use salesgraph_entities::enums::{Rating, SubjectKind};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};

use crate::analytics::cents;
use crate::analytics::period::day_start;
use crate::analytics::sql::{Dialect, col};
use crate::analytics::{Dimension, Filters, Metric, Range, Request, metrics};
use crate::auth::Principal;
use crate::error::ApiError;

mod reviews;

pub use reviews::{Evaluation, KpiScore, Stored, Subject, evaluate, store};

/// The KPIs that can be measured, with the subjects they apply to.
pub const KPI_CODES: &[(&str, &[SubjectKind])] = &[
    ("SALES_ATTAINMENT", &[SubjectKind::Employee, SubjectKind::Branch]),
    ("NEW_CUSTOMERS", &[SubjectKind::Employee, SubjectKind::Branch]),
    ("CSAT", &[SubjectKind::Employee, SubjectKind::Branch]),
    ("TRAINING_HOURS", &[SubjectKind::Employee]),
    ("MARKET_SHARE", &[SubjectKind::Branch]),
    ("TICKET_RESOLUTION", &[SubjectKind::Branch]),
];

/// The highest score a KPI can earn.
pub const SCORE_CAP: i64 = 120;

/// A KPI's score: actual ÷ target × 100 (or target ÷ actual × 100 when lower is better),
/// capped at 120; 0 against a zero target.
pub fn score(actual: Decimal, target: Decimal, higher_is_better: bool) -> Decimal {
    let cap = Decimal::from(SCORE_CAP);
    let raw = match (higher_is_better, target.is_zero(), actual.is_zero()) {
        (true, true, _) => Decimal::ZERO,
        (true, false, _) => actual * Decimal::ONE_HUNDRED / target,
        (false, _, true) => cap,
        (false, _, false) => target * Decimal::ONE_HUNDRED / actual,
    };
    cents(raw.min(cap))
}

/// A weighted score: score × weight ÷ 100.
pub fn weighted(score: Decimal, weight: Decimal) -> Decimal {
    cents(score * weight / Decimal::ONE_HUNDRED)
}

/// The rating band of a total score.
pub fn rating(total: Decimal) -> Rating {
    match total {
        t if t >= Decimal::from(105) => Rating::Excellent,
        t if t >= Decimal::from(90) => Rating::Good,
        t if t >= Decimal::from(75) => Rating::Meets,
        t if t >= Decimal::from(60) => Rating::NeedsImprovement,
        _ => Rating::Unsatisfactory,
    }
}

/// Whether a rating calls for an improvement plan.
pub fn needs_plan(rating: Rating) -> bool {
    matches!(rating, Rating::NeedsImprovement | Rating::Unsatisfactory)
}

/// The measured KPI values of a cycle: by KPI code, by subject id (employee or branch).
#[derive(Debug, Default)]
pub struct Actuals {
    pub employees: HashMap<(&'static str, i32), Decimal>,
    pub branches: HashMap<(&'static str, i32), Decimal>,
}

impl Actuals {
    /// The value of `code` for a subject (0 when nothing was measured), to the hundredth.
    pub fn get(&self, kind: SubjectKind, code: &str, id: i32, branch: Option<i32>) -> Decimal {
        cents(self.raw(kind, code, id, branch))
    }

    fn raw(&self, kind: SubjectKind, code: &str, id: i32, branch: Option<i32>) -> Decimal {
        let code = KPI_CODES.iter().map(|(c, _)| *c).find(|c| *c == code).unwrap_or("");
        match (kind, code) {
            // A rep has too few survey answers a quarter for a rate of its own: its branch's.
            (SubjectKind::Employee, "CSAT") => {
                branch.and_then(|b| self.branches.get(&(code, b)).copied()).unwrap_or_default()
            }
            (SubjectKind::Employee, _) => {
                self.employees.get(&(code, id)).copied().unwrap_or_default()
            }
            (SubjectKind::Branch, _) => self.branches.get(&(code, id)).copied().unwrap_or_default(),
        }
    }
}

/// Measures every KPI over `range` for all employees and branches `principal` may see.
///
/// - SALES_ATTAINMENT: revenue ÷ revenue target × 100 (the subject's targets of the period).
/// - NEW_CUSTOMERS: customers acquired in the period (owned by the rep, of the branch).
/// - CSAT: % of answers 4–5 in the branch (a rep gets its branch's).
/// - TRAINING_HOURS: hours of the courses a rep completed in the period.
/// - MARKET_SHARE: our revenue in the branch's region ÷ the estimated market size of the
///   region (every category, estimates of periods starting within the range) × 100.
/// - TICKET_RESOLUTION: % of the branch's tickets due in the period resolved by their SLA time.
pub async fn measure<C: ConnectionTrait>(
    db: &C,
    dialect: &Dialect,
    principal: &Principal,
    range: Range,
    now: DateTime<Utc>,
) -> Result<Actuals, ApiError> {
    let mut actuals = Actuals::default();
    let analyse = |dim: Dimension, wanted: &[Metric]| Request {
        range,
        filters: Filters::default(),
        group_by: vec![dim],
        metrics: wanted.iter().copied().collect::<BTreeSet<_>>(),
        now,
    };
    let per_rep = analyse(Dimension::Employee, &[Metric::Attainment, Metric::NewCustomers]);
    for row in metrics::compute(db, dialect, principal, &per_rep).await? {
        let Some(id) = row.key.employee else { continue };
        let v = &row.values;
        actuals.employees.insert(("SALES_ATTAINMENT", id), v.attainment.unwrap_or_default());
        actuals
            .employees
            .insert(("NEW_CUSTOMERS", id), cents(Decimal::from(v.new_customers.unwrap_or(0))));
    }
    let per_branch =
        analyse(Dimension::Branch, &[Metric::Attainment, Metric::NewCustomers, Metric::Csat]);
    for row in metrics::compute(db, dialect, principal, &per_branch).await? {
        let Some(id) = row.key.branch else { continue };
        let v = &row.values;
        actuals.branches.insert(("SALES_ATTAINMENT", id), v.attainment.unwrap_or_default());
        actuals
            .branches
            .insert(("NEW_CUSTOMERS", id), cents(Decimal::from(v.new_customers.unwrap_or(0))));
        actuals.branches.insert(("CSAT", id), v.csat.unwrap_or_default());
    }
    let per_region = analyse(Dimension::Region, &[Metric::Revenue]);
    let mut region_revenue = HashMap::new();
    for row in metrics::compute(db, dialect, principal, &per_region).await? {
        if let Some(id) = row.key.region {
            region_revenue.insert(id, row.values.revenue.unwrap_or_default());
        }
    }
    let backend = dialect.backend;
    let sums = |rows: Vec<sea_orm::QueryResult>,
                value: &dyn Fn(&sea_orm::QueryResult) -> Result<Decimal, DbErr>| {
        rows.iter()
            .map(|r| Ok((r.try_get_by_index::<i32>(0)?, value(r)?)))
            .collect::<Result<Vec<(i32, Decimal)>, DbErr>>()
    };
    // Market size by region.
    let m = |c| col("market_size_estimates", c);
    let market = Query::select()
        .expr(Expr::cust(m("region_id")))
        .expr(Expr::cust(dialect.money_sum(&m("amount"), None)))
        .from(Alias::new("market_size_estimates"))
        .and_where(Expr::cust(m("period_start")).gte(range.from))
        .and_where(Expr::cust(m("period_start")).lte(range.to))
        .add_group_by([Expr::cust("1")])
        .to_owned();
    let market = sums(db.query_all_raw(backend.build(&market)).await?, &|r| dialect.money(r, 1))?;
    let branch_regions: Vec<(i32, i32)> = {
        use salesgraph_entities::branches;
        use sea_orm::EntityTrait;
        branches::Entity::find().all(db).await?.into_iter().map(|b| (b.id, b.region_id)).collect()
    };
    for (region, size) in market {
        let share = (size > Decimal::ZERO).then(|| {
            cents(
                region_revenue.get(&region).copied().unwrap_or_default() * Decimal::ONE_HUNDRED
                    / size,
            )
        });
        for (branch, _) in branch_regions.iter().filter(|(_, r)| *r == region) {
            actuals.branches.insert(("MARKET_SHARE", *branch), share.unwrap_or_default());
        }
    }

    // Tickets due in the period, and those resolved by their SLA time.
    let t = |c| col("service_tickets", c);
    let (start, end) = (day_start(range.from, dialect.tz), day_start(range.end(), dialect.tz));
    let tickets = Query::select()
        .expr(Expr::cust(t("branch_id")))
        .expr(Expr::cust("COUNT(*)"))
        .expr(Expr::cust(format!(
            "SUM(CASE WHEN {r} IS NOT NULL AND {r} <= {d} THEN 1 ELSE 0 END)",
            r = t("resolved_at"),
            d = t("sla_due_at")
        )))
        .from(Alias::new("service_tickets"))
        .and_where(Expr::cust(t("sla_due_at")).gte(start))
        .and_where(Expr::cust(t("sla_due_at")).lt(end))
        .add_group_by([Expr::cust("1")])
        .to_owned();
    let rows = db.query_all_raw(backend.build(&tickets)).await?;
    for (branch, rate) in sums(rows, &|r| {
        let (all, on_time): (i64, i64) = (r.try_get_by_index(1)?, r.try_get_by_index(2)?);
        Ok(if all == 0 {
            Decimal::ZERO
        } else {
            cents(Decimal::from(on_time * 100) / Decimal::from(all))
        })
    })? {
        actuals.branches.insert(("TICKET_RESOLUTION", branch), rate);
    }

    // Course hours completed in the period.
    let (e, s, c) =
        (|x| col("enrollments", x), |x| col("training_sessions", x), |x| col("courses", x));
    let hours = Query::select()
        .expr(Expr::cust(e("employee_id")))
        .expr(Expr::cust(dialect.money_sum(&c("hours"), None)))
        .from(Alias::new("enrollments"))
        .inner_join(
            Alias::new("training_sessions"),
            Expr::cust(format!("{} = {}", s("id"), e("session_id"))),
        )
        .inner_join(Alias::new("courses"), Expr::cust(format!("{} = {}", c("id"), s("course_id"))))
        .and_where(Expr::cust(e("status")).eq("COMPLETED"))
        .and_where(Expr::cust(e("completed_at")).gte(start))
        .and_where(Expr::cust(e("completed_at")).lt(end))
        .add_group_by([Expr::cust("1")])
        .to_owned();
    let rows = db.query_all_raw(backend.build(&hours)).await?;
    for (employee, total) in sums(rows, &|r| dialect.money(r, 1))? {
        actuals.employees.insert(("TRAINING_HOURS", employee), cents(total));
    }
    Ok(actuals)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn scores_are_capped_and_lower_is_better_inverts() {
        assert_eq!(score(d("85"), d("100"), true), d("85.00"));
        assert_eq!(score(d("150.02"), d("100"), true), d("120.00"));
        assert_eq!(score(d("1"), d("3"), true), d("33.33"));
        assert_eq!(score(d("5"), d("0"), true), d("0.00"));
        // Four complaints against a target of at most two: 50; none at all: the cap.
        assert_eq!(score(d("4"), d("2"), false), d("50.00"));
        assert_eq!(score(d("0"), d("2"), false), d("120.00"));
        assert_eq!(weighted(d("62.50"), d("20")), d("12.50"));
        assert_eq!(weighted(d("75.01"), d("50")), d("37.51"));
    }

    #[test]
    fn rating_bands_start_at_their_lower_bound() {
        assert_eq!(rating(d("105")), Rating::Excellent);
        assert_eq!(rating(d("104.99")), Rating::Good);
        assert_eq!(rating(d("90")), Rating::Good);
        assert_eq!(rating(d("75")), Rating::Meets);
        assert_eq!(rating(d("74.99")), Rating::NeedsImprovement);
        assert_eq!(rating(d("59.99")), Rating::Unsatisfactory);
        assert!(needs_plan(Rating::NeedsImprovement) && !needs_plan(Rating::Meets));
    }
}
