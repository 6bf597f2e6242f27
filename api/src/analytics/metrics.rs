//! Computes an analysis: one GROUP BY query per fact table the wanted metrics need, run
//! concurrently, merged by row key; ratios derived in `Decimal` from the exact sums.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;

use rust_decimal::Decimal;
use salesgraph_entities::enums::Scope;
use salesgraph_entities::{
    customers, opportunities, sales_orders, sales_targets, survey_responses,
};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{Condition, ConnectionTrait, DbErr, QueryResult};

use super::facts::{Aggregate, CUSTOMERS, Fact, OPPORTUNITIES, ORDERS, SURVEYS, TimeKind, Window};
use super::period::{Grain, Range, elapsed, tiling_grain};
use super::sql::{Dialect, col};
use super::{Dimension, Filters, Key, Metric, Request, Row, Values, attainment, cents, pace};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::scope::Scoped;

/// The most rows one analysis returns.
pub const MAX_ROWS: usize = 10_000;
/// The most time buckets one analysis spans.
pub const MAX_BUCKETS: usize = 1_000;

/// Runs `future` only when `on`.
async fn when<T>(
    on: bool,
    future: impl Future<Output = Result<T, DbErr>>,
) -> Result<Option<T>, DbErr> {
    if on { future.await.map(Some) } else { Ok(None) }
}

/// Sums of confirmed orders.
#[derive(Clone, Copy, Default)]
struct Sales {
    revenue: Decimal,
    orders: i64,
    units: i64,
}

/// Sums of closed deals.
#[derive(Clone, Copy, Default)]
struct Deals {
    won: i64,
    lost: i64,
    won_amount: Decimal,
    won_seconds: f64,
}

/// Counts of survey answers.
#[derive(Clone, Copy, Default)]
struct Answers {
    satisfied: i64,
    csat: i64,
    promoters: i64,
    detractors: i64,
    nps: i64,
}

/// Checks a request: a sensible range, one time grain at most, no dimension twice.
pub fn validate(req: &Request) -> Result<(), ApiError> {
    if req.range.from > req.range.to {
        return Err(ApiError::bad_input("to", "must not be before from"));
    }
    if req.range.days() > 3_660 {
        return Err(ApiError::bad_input("to", "the range may span at most ten years"));
    }
    let grains = req.group_by.iter().filter(|d| matches!(d, Dimension::Time(_))).count();
    if grains > 1 {
        return Err(ApiError::bad_input(
            "groupBy",
            "at most one of DAY, WEEK, MONTH, QUARTER and YEAR",
        ));
    }
    let mut seen = req.group_by.clone();
    seen.sort();
    seen.dedup();
    if seen.len() != req.group_by.len() {
        return Err(ApiError::bad_input("groupBy", "names a dimension twice"));
    }
    if let Some(grain) = grain_of(&req.group_by)
        && req.range.buckets(grain).len() > MAX_BUCKETS
    {
        return Err(ApiError::bad_input(
            "groupBy",
            format!("more than {MAX_BUCKETS} periods: choose a coarser period or a shorter range"),
        ));
    }
    Ok(())
}

fn grain_of(dims: &[Dimension]) -> Option<Grain> {
    dims.iter().find_map(|d| if let Dimension::Time(g) = d { Some(*g) } else { None })
}

/// The analysis `req` as `principal` sees it: rows ordered by their dimension values.
pub async fn compute<C: ConnectionTrait>(
    db: &C,
    dialect: &Dialect,
    principal: &Principal,
    req: &Request,
) -> Result<Vec<Row>, ApiError> {
    validate(req)?;
    let wants = |m: &[Metric]| m.iter().any(|m| req.metrics.contains(m));
    use Metric::*;
    let grain = grain_of(&req.group_by);
    let dims = req.group_by.as_slice();
    let f = &req.filters;

    let line_level = wants(&[Units])
        || dims.iter().any(|d| matches!(d, Dimension::Product | Dimension::Category))
        || !f.products.is_empty()
        || !f.categories.is_empty();
    let sales = sales_query(dialect, principal, req.range, dims, f, line_level);
    // Growth and ratios need this period's revenue even when it is not selected itself.
    let want_sales = wants(&[
        Revenue,
        Orders,
        Units,
        AverageOrderValue,
        Attainment,
        Pace,
        YoyGrowth,
        MomGrowth,
        ProductMixShare,
    ]);

    // YoY and MoM compare with the same buckets a year (52 weeks) or a month earlier.
    let year_back = match grain {
        Some(Grain::Week) => Range {
            from: req.range.from - chrono::Duration::weeks(52),
            to: req.range.to - chrono::Duration::weeks(52),
        },
        _ => req.range.year_before(),
    };
    let yoy = sales_query(dialect, principal, year_back, dims, f, line_level);
    let mom_defined = matches!(grain, None | Some(Grain::Day | Grain::Month));
    let mom = sales_query(dialect, principal, req.range.month_before(), dims, f, line_level);

    // Product mix: a product line's revenue over all revenue of the row's other dimensions.
    let mix_dims: Vec<Dimension> = dims
        .iter()
        .copied()
        .filter(|d| !matches!(d, Dimension::Product | Dimension::Category))
        .collect();
    let mix_filters = Filters { products: Vec::new(), categories: Vec::new(), ..f.clone() };
    let mix = sales_query(dialect, principal, req.range, &mix_dims, &mix_filters, false);

    let deals = closed_deals_query(dialect, principal, req.range, dims, f);
    let pipeline = pipeline_query(dialect, principal, req.range, dims, f);
    let acquired = customers_query(principal, req.range, dims, f, "acquired_on");
    let churned = customers_query(principal, req.range, dims, f, "churned_on");
    let answers = surveys_query(principal, req.range, dims, f);
    let targets = targets_query(dialect, principal, req, grain);

    let (sales_rows, yoy_rows, mom_rows, mix_rows, deal_rows, pipeline_rows) = futures_util::try_join!(
        when(
            want_sales && sales.supported(),
            sales.run(db, dialect, sales_of(dialect, line_level))
        ),
        when(
            wants(&[YoyGrowth]) && yoy.supported(),
            yoy.run(db, dialect, sales_of(dialect, line_level))
        ),
        when(
            wants(&[MomGrowth]) && mom_defined && mom.supported(),
            mom.run(db, dialect, sales_of(dialect, line_level))
        ),
        when(
            wants(&[ProductMixShare]) && mix.supported(),
            mix.run(db, dialect, sales_of(dialect, false))
        ),
        when(
            wants(&[WinRate, WonDeals, LostDeals, AverageDealSize, SalesCycleDays])
                && deals.supported(),
            deals.run(db, dialect, deals_of(dialect)),
        ),
        when(
            wants(&[WeightedPipeline]) && pipeline.supported(),
            pipeline.run(db, dialect, pipeline_of(dialect))
        ),
    )?;
    let want_churn = wants(&[ChurnRate]);
    let (acquired_rows, churned_rows, answer_rows, target_rows) = futures_util::try_join!(
        when(
            wants(&[NewCustomers, ChurnRate]) && acquired.supported(),
            acquired.run(db, dialect, count_of)
        ),
        when(want_churn && churned.supported(), churned.run(db, dialect, count_of)),
        when(wants(&[Csat, Nps]) && answers.supported(), answers.run(db, dialect, answers_of)),
        when(
            wants(&[Target, Attainment, Pace]) && targets.is_some(),
            read_targets(db, dialect, targets.as_ref(), dims),
        ),
    )?;

    // Every series gets every bucket, so that a period without data shows as zero.
    let mut table: BTreeMap<Key, Values> = BTreeMap::new();
    let buckets: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = match grain {
        Some(g) => req.range.buckets(g),
        None => vec![(req.range.from, req.range.end())],
    };
    let mut series: Vec<Key> = Vec::new();
    {
        let mut seen = std::collections::BTreeSet::new();
        let mut note = |key: &Key| {
            if !key.before {
                seen.insert(key.series());
            }
        };
        sales_rows.iter().flatten().for_each(|(k, _)| note(k));
        deal_rows.iter().flatten().for_each(|(k, _)| note(k));
        pipeline_rows.iter().flatten().for_each(|(k, _)| note(k));
        acquired_rows.iter().flatten().for_each(|(k, _)| note(k));
        churned_rows.iter().flatten().for_each(|(k, _)| note(k));
        answer_rows.iter().flatten().for_each(|(k, _)| note(k));
        target_rows.iter().flatten().for_each(|(k, _)| note(k));
        if dims.iter().all(|d| matches!(d, Dimension::Time(_))) {
            seen.insert(Key::default());
        }
        series.extend(seen);
    }
    if series.len().saturating_mul(buckets.len()) > MAX_ROWS {
        return Err(ApiError::bad_input(
            "groupBy",
            format!(
                "more than {MAX_ROWS} rows: group by fewer dimensions, filter, or shorten the range"
            ),
        ));
    }
    for s in &series {
        for (start, _) in &buckets {
            let period = grain.map(|g| g.start_of(*start));
            table.insert(Key { period, ..s.clone() }, Values::default());
        }
    }

    let sums: HashMap<Key, Sales> = sales_rows.unwrap_or_default().into_iter().collect();
    let yoy_sums: Option<HashMap<Key, Sales>> = yoy_rows.map(|r| r.into_iter().collect());
    let mom_sums: Option<HashMap<Key, Sales>> = mom_rows.map(|r| r.into_iter().collect());
    let mix_sums: Option<HashMap<Key, Sales>> = mix_rows.map(|r| r.into_iter().collect());
    let deal_sums: Option<HashMap<Key, Deals>> = deal_rows.map(|r| r.into_iter().collect());
    let pipeline_sums: Option<HashMap<Key, Decimal>> =
        pipeline_rows.map(|r| r.into_iter().collect());
    let answer_sums: Option<HashMap<Key, Answers>> = answer_rows.map(|r| r.into_iter().collect());
    let target_sums: Option<HashMap<Key, (Decimal, i64)>> =
        target_rows.map(|r| r.into_iter().collect());
    let acquired_counts: Option<HashMap<Key, i64>> = acquired_rows.map(|r| r.into_iter().collect());
    let churned_counts: Option<HashMap<Key, i64>> = churned_rows.map(|r| r.into_iter().collect());
    let kind = target_kind(req, grain);
    let hundred = Decimal::ONE_HUNDRED;
    let ratio =
        |part: Decimal, whole: Decimal| (!whole.is_zero()).then(|| cents(part * hundred / whole));
    let growth = |now: Decimal, before: Decimal| {
        (before > Decimal::ZERO).then(|| cents((now - before) * hundred / before))
    };

    // Churn runs through the buckets in order: each opens with the customers of the last.
    let mut open_base: HashMap<Key, i64> = HashMap::new();
    if let (Some(acquired), Some(churned)) = (&acquired_counts, &churned_counts) {
        for s in &series {
            let before = Key { before: true, ..s.clone() };
            let base = acquired.get(&before).copied().unwrap_or(0)
                - churned.get(&before).copied().unwrap_or(0);
            open_base.insert(s.clone(), base);
        }
    }

    let mut rows = Vec::with_capacity(table.len());
    for (key, mut v) in table {
        let (start, end) = match grain {
            Some(g) => {
                let s = key.period.unwrap_or(req.range.from);
                (Ord::max(s, req.range.from), Ord::min(g.next(s), req.range.end()))
            }
            None => (req.range.from, req.range.end()),
        };
        if want_sales && sales.supported() {
            let s = sums.get(&key).copied().unwrap_or_default();
            v.revenue = Some(cents(s.revenue));
            v.orders = Some(s.orders);
            v.units = line_level.then_some(s.units);
            v.average_order_value =
                (s.orders > 0).then(|| cents(s.revenue / Decimal::from(s.orders)));
        }
        if let Some(before) = &yoy_sums {
            let earlier =
                Key { period: key.period.zip(grain).map(|(p, g)| g.year_before(p)), ..key.clone() };
            let prior = before.get(&earlier).map(|s| s.revenue).unwrap_or_default();
            let now = sums.get(&key).map(|s| s.revenue).unwrap_or_default();
            v.yoy_growth = growth(now, prior);
        }
        if let Some(before) = &mom_sums {
            let earlier = key.period.zip(grain).map(|(p, g)| g.month_before(p));
            if earlier != Some(None) {
                let earlier = Key { period: earlier.flatten(), ..key.clone() };
                let prior = before.get(&earlier).map(|s| s.revenue).unwrap_or_default();
                let now = sums.get(&key).map(|s| s.revenue).unwrap_or_default();
                v.mom_growth = growth(now, prior);
            }
        }
        if let Some(mix) = &mix_sums {
            let total = mix.get(&key.without_products()).map(|s| s.revenue).unwrap_or_default();
            let own = sums.get(&key).map(|s| s.revenue).unwrap_or_default();
            v.product_mix_share = ratio(own, total);
        }
        if let (Some(targets), Some(kind)) = (&target_sums, kind) {
            let periods = Range { from: start, to: end - chrono::Duration::days(1) }
                .buckets(kind)
                .len() as i64;
            // A target is known only when every period of the bucket has one.
            let target =
                targets.get(&key).filter(|(_, n)| *n == periods).map(|(amount, _)| *amount);
            v.target = target.map(cents);
            let revenue = sums.get(&key).map(|s| s.revenue).unwrap_or_default();
            v.attainment = target.and_then(|t| attainment(revenue, t));
            v.pace =
                target.and_then(|t| pace(revenue, t, elapsed(start, end, req.now, dialect.tz)));
        }
        if let Some(deals) = &deal_sums {
            let d = deals.get(&key).copied().unwrap_or_default();
            v.won_deals = Some(d.won);
            v.lost_deals = Some(d.lost);
            v.win_rate = ratio(Decimal::from(d.won), Decimal::from(d.won + d.lost));
            v.average_deal_size = (d.won > 0).then(|| cents(d.won_amount / Decimal::from(d.won)));
            // Whole seconds: SQLite's julianday arithmetic is off by microseconds.
            v.sales_cycle_days = (d.won > 0).then(|| {
                let seconds = Decimal::from(d.won_seconds.round() as i64);
                let mut days = (seconds / Decimal::from(d.won * 86_400)).round_dp_with_strategy(
                    1,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
                days.rescale(1);
                days
            });
        }
        if let Some(pipeline) = &pipeline_sums {
            v.weighted_pipeline = Some(cents(pipeline.get(&key).copied().unwrap_or_default()));
        }
        if let Some(a) = &answer_sums {
            let a = a.get(&key).copied().unwrap_or_default();
            v.csat = ratio(Decimal::from(a.satisfied), Decimal::from(a.csat));
            v.nps = ratio(Decimal::from(a.promoters - a.detractors), Decimal::from(a.nps));
        }
        if let Some(acquired) = &acquired_counts {
            v.new_customers = Some(acquired.get(&key).copied().unwrap_or(0));
        }
        if let (Some(acquired), Some(churned)) = (&acquired_counts, &churned_counts) {
            let lost = churned.get(&key).copied().unwrap_or(0);
            let base = open_base.entry(key.series()).or_insert(0);
            v.churn_rate = ratio(Decimal::from(lost), Decimal::from(*base));
            *base += acquired.get(&key).copied().unwrap_or(0) - lost;
        }
        let period = grain.map(|_| (start, end));
        rows.push(Row { key, period, values: v });
    }
    Ok(rows)
}

/// Reads the sums of confirmed orders: revenue, orders and (at line level) units.
fn sales_of(
    dialect: &Dialect,
    lines: bool,
) -> impl Fn(&QueryResult, usize) -> Result<Sales, DbErr> + '_ {
    move |row, i| {
        let units =
            if lines { row.try_get_by_index::<Option<i64>>(i + 2)?.unwrap_or(0) } else { 0 };
        Ok(Sales { revenue: dialect.money(row, i)?, orders: row.try_get_by_index(i + 1)?, units })
    }
}

/// Reads the sums of closed deals. A SUM over no rows is NULL (an ungrouped query over a
/// period without a closed deal still returns its one row): zero deals.
fn deals_of(dialect: &Dialect) -> impl Fn(&QueryResult, usize) -> Result<Deals, DbErr> + '_ {
    move |row, i| {
        let count =
            |k: usize| row.try_get_by_index::<Option<i64>>(i + k).map(Option::unwrap_or_default);
        Ok(Deals {
            won: count(0)?,
            lost: count(1)?,
            won_amount: dialect.money(row, i + 2)?,
            won_seconds: row.try_get_by_index::<Option<f64>>(i + 3)?.unwrap_or(0.0),
        })
    }
}

/// Reads the weighted pipeline: Σ amount × probability, the probability in percent.
fn pipeline_of(dialect: &Dialect) -> impl Fn(&QueryResult, usize) -> Result<Decimal, DbErr> + '_ {
    move |row, i| Ok(cents(dialect.money(row, i)? / Decimal::ONE_HUNDRED))
}

/// Reads a row count.
fn count_of(row: &QueryResult, i: usize) -> Result<i64, DbErr> {
    row.try_get_by_index(i)
}

/// Reads the counts of survey answers.
fn answers_of(row: &QueryResult, i: usize) -> Result<Answers, DbErr> {
    let n = |k: usize| row.try_get_by_index::<Option<i64>>(i + k).map(Option::unwrap_or_default);
    Ok(Answers { satisfied: n(0)?, csat: n(1)?, promoters: n(2)?, detractors: n(3)?, nps: n(4)? })
}

/// The caller's scope on a fact table.
fn scope_of(table: &str, p: &Principal) -> Condition {
    match table {
        "sales_orders" => sales_orders::Entity::visible_to(p),
        "opportunities" => opportunities::Entity::visible_to(p),
        "customers" => customers::Entity::visible_to(p),
        "survey_responses" => survey_responses::Entity::visible_to(p),
        // Every fact table has a rule above; an unknown one shows nothing.
        _ => Condition::all().add(Expr::cust("1 = 0")),
    }
}

/// The rows an aggregate covers: its range, dimensions and filters.
struct Slice<'a> {
    range: Range,
    dims: &'a [Dimension],
    filters: &'a Filters,
}

fn aggregate<'a>(
    fact: Fact,
    p: &Principal,
    Slice { range, dims, filters }: Slice<'a>,
    time: (&'static str, TimeKind),
    window: Window,
    conditions: Vec<Expr>,
    values: Vec<String>,
) -> Aggregate<'a> {
    Aggregate {
        fact,
        dims,
        filters,
        range,
        time,
        window,
        conditions,
        scope: scope_of(fact.table, p),
        values,
    }
}

fn sales_query<'a>(
    dialect: &Dialect,
    p: &Principal,
    range: Range,
    dims: &'a [Dimension],
    filters: &'a Filters,
    lines: bool,
) -> Aggregate<'a> {
    let o = |c| col("sales_orders", c);
    let values = if lines {
        vec![
            dialect.money_sum(&col("order_lines", "amount"), None),
            format!("COUNT(DISTINCT {})", o("id")),
            format!("SUM({})", col("order_lines", "quantity")),
        ]
    } else {
        vec![dialect.money_sum(&o("total_amount"), None), "COUNT(*)".to_owned()]
    };
    aggregate(
        Fact { lines, ..ORDERS },
        p,
        Slice { range, dims, filters },
        ("ordered_at", TimeKind::Timestamp),
        Window::Within,
        vec![Expr::cust(o("status")).eq("CONFIRMED")],
        values,
    )
}

fn closed_deals_query<'a>(
    dialect: &Dialect,
    p: &Principal,
    range: Range,
    dims: &'a [Dimension],
    filters: &'a Filters,
) -> Aggregate<'a> {
    let o = |c| col("opportunities", c);
    let won = format!("{} = 'WON'", o("status"));
    let one_if = |test: &str| format!("SUM(CASE WHEN {test} THEN 1 ELSE 0 END)");
    let seconds = dialect.seconds_between(&o("created_at"), &o("closed_at"));
    aggregate(
        OPPORTUNITIES,
        p,
        Slice { range, dims, filters },
        ("closed_at", TimeKind::Timestamp),
        Window::Within,
        vec![Expr::cust(o("status")).is_in(["WON", "LOST"])],
        vec![
            one_if(&won),
            one_if(&format!("{} = 'LOST'", o("status"))),
            dialect.money_sum(&format!("CASE WHEN {won} THEN {} ELSE 0 END", o("amount")), None),
            format!("SUM(CASE WHEN {won} THEN {seconds} END)"),
        ],
    )
}

fn pipeline_query<'a>(
    dialect: &Dialect,
    p: &Principal,
    range: Range,
    dims: &'a [Dimension],
    filters: &'a Filters,
) -> Aggregate<'a> {
    let o = |c| col("opportunities", c);
    aggregate(
        OPPORTUNITIES,
        p,
        Slice { range, dims, filters },
        ("expected_close_date", TimeKind::Date),
        Window::Within,
        vec![Expr::cust(o("status")).eq("OPEN")],
        vec![dialect.money_sum(&o("amount"), Some(&o("probability")))],
    )
}

fn customers_query<'a>(
    p: &Principal,
    range: Range,
    dims: &'a [Dimension],
    filters: &'a Filters,
    day: &'static str,
) -> Aggregate<'a> {
    aggregate(
        CUSTOMERS,
        p,
        Slice { range, dims, filters },
        (day, TimeKind::Date),
        Window::Through,
        Vec::new(),
        vec!["COUNT(*)".to_owned()],
    )
}

fn surveys_query<'a>(
    p: &Principal,
    range: Range,
    dims: &'a [Dimension],
    filters: &'a Filters,
) -> Aggregate<'a> {
    let s = |c| col("survey_responses", c);
    let one_if = |test: String| format!("SUM(CASE WHEN {test} THEN 1 ELSE 0 END)");
    aggregate(
        SURVEYS,
        p,
        Slice { range, dims, filters },
        ("responded_at", TimeKind::Timestamp),
        Window::Within,
        Vec::new(),
        vec![
            one_if(format!("{} >= 4", s("csat"))),
            format!("COUNT({})", s("csat")),
            one_if(format!("{} >= 9", s("nps"))),
            one_if(format!("{} <= 6", s("nps"))),
            format!("COUNT({})", s("nps")),
        ],
    )
}

/// The period kind of the targets a row is compared with: the coarsest of year, quarter and
/// month whose whole periods make up every bucket; none for days, weeks and ranges that do
/// not start and end on a month boundary.
fn target_kind(req: &Request, grain: Option<Grain>) -> Option<Grain> {
    let buckets = match grain {
        Some(Grain::Day | Grain::Week) => return None,
        Some(g) => req.range.buckets(g),
        None => vec![(req.range.from, req.range.end())],
    };
    buckets.iter().map(|(s, e)| tiling_grain(*s, *e)).min().flatten()
}

/// The query of the targets a request's rows are compared with, or none when its rows
/// cannot have one (split by product, customer or competitor; days and weeks).
///
/// The targets read are those of the finest organisational level the rows are grouped or
/// filtered by, or the caller's scope is limited to (a branch manager's company-wide view is
/// its branch's): the company's, the regions', …, the reps'.
fn targets_query(
    dialect: &Dialect,
    p: &Principal,
    req: &Request,
    grain: Option<Grain>,
) -> Option<sea_orm::sea_query::SelectStatement> {
    let f = &req.filters;
    let unsupported = req.group_by.iter().any(|d| {
        matches!(
            d,
            Dimension::Product
                | Dimension::Category
                | Dimension::CustomerSegment
                | Dimension::Competitor
        )
    }) || !(f.products.is_empty()
        && f.categories.is_empty()
        && f.segments.is_empty()
        && f.competitors.is_empty());
    if unsupported {
        return None;
    }
    let kind = target_kind(req, grain)?;
    let filtered = [
        (!f.regions.is_empty()).then_some(1),
        (!f.branches.is_empty()).then_some(2),
        (!f.teams.is_empty()).then_some(3),
        (!f.employees.is_empty()).then_some(4),
    ];
    let scoped = match p.scope {
        Scope::All => 0,
        Scope::Region => 1,
        Scope::Branch => 2,
        Scope::Own => 4,
    };
    let level = req
        .group_by
        .iter()
        .filter_map(|d| d.org_level())
        .chain(filtered.into_iter().flatten())
        .chain([scoped])
        .max()
        .unwrap_or(0);
    let scope_kind = ["COMPANY", "REGION", "BRANCH", "TEAM", "EMPLOYEE"][usize::from(level)];
    let period_kind = match kind {
        Grain::Year => "YEAR",
        Grain::Quarter => "QUARTER",
        _ => "MONTH",
    };
    let t = |c| col("sales_targets", c);
    let mut q = Query::select();
    q.from(Alias::new("sales_targets"));
    let mut groups = 0;
    for dim in &req.group_by {
        let sql = match dim {
            Dimension::Region => t("region_id"),
            Dimension::Branch => t("branch_id"),
            Dimension::Team => t("team_id"),
            Dimension::Employee => t("employee_id"),
            Dimension::Time(g) => dialect.date_bucket(&t("period_start"), *g),
            _ => return None,
        };
        groups += 1;
        q.expr(Expr::cust(sql));
    }
    q.expr(Expr::cust(dialect.money_sum(&t("amount"), None)));
    q.expr(Expr::cust(format!("COUNT(DISTINCT {})", t("period_start"))));
    q.add_group_by((1..=groups).map(|i| Expr::cust(i.to_string())));
    q.cond_where(sales_targets::Entity::visible_to(p));
    q.and_where(Expr::cust(t("metric")).eq("REVENUE"));
    q.and_where(Expr::cust(t("period_kind")).eq(period_kind));
    q.and_where(Expr::cust(t("scope_kind")).eq(scope_kind));
    q.and_where(Expr::cust(t("period_start")).gte(req.range.from));
    q.and_where(Expr::cust(t("period_start")).lte(req.range.to));
    for (column, ids) in [
        ("region_id", &f.regions),
        ("branch_id", &f.branches),
        ("team_id", &f.teams),
        ("employee_id", &f.employees),
    ] {
        if !ids.is_empty() {
            q.and_where(Expr::cust(t(column)).is_in(ids.iter().copied()));
        }
    }
    Some(q)
}

async fn read_targets<C: ConnectionTrait>(
    db: &C,
    dialect: &Dialect,
    query: Option<&sea_orm::sea_query::SelectStatement>,
    dims: &[Dimension],
) -> Result<Vec<(Key, (Decimal, i64))>, DbErr> {
    let Some(query) = query else { return Ok(Vec::new()) };
    let rows = db.query_all_raw(dialect.backend.build(query)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut key = Key::default();
        for (i, dim) in dims.iter().enumerate() {
            key.read(*dim, &row, i)?;
        }
        let n = dims.len();
        out.push((key, (dialect.money(&row, n)?, row.try_get_by_index(n + 1)?)));
    }
    Ok(out)
}
