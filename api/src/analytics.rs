//! Sales analytics: every KPI of DESIGN.md computed in SQL, once, for the API and the reports.
//!
//! A [`Request`] names a range of business days, filters, the dimensions to group by and the
//! metrics wanted. [`metrics::compute`] aggregates each fact table the metrics need with one
//! GROUP BY query (in the caller's scope), and derives the ratios from those sums exactly, in
//! `Decimal`. Periods are cut in the business time zone.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{DbErr, QueryResult};

pub mod allocate;
pub mod facts;
pub mod metrics;
pub mod period;
pub mod sql;

pub use period::{Grain, Range};

/// `value` rounded half away from zero to two decimals, and always written with two: how
/// every amount and percentage of the analytics is shown.
pub fn cents(value: Decimal) -> Decimal {
    let mut v =
        value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    v
}

/// Attainment in percent: `actual` ÷ `target` × 100; none against a target of zero.
pub fn attainment(actual: Decimal, target: Decimal) -> Option<Decimal> {
    (target > Decimal::ZERO).then(|| cents(actual * Decimal::ONE_HUNDRED / target))
}

/// Pace in percent: attainment ÷ the share of the period elapsed, `(elapsed, length)` in
/// seconds, kept as one exact quotient; none before the period starts or against a zero target.
pub fn pace(actual: Decimal, target: Decimal, (gone, length): (i64, i64)) -> Option<Decimal> {
    (target > Decimal::ZERO && gone > 0).then(|| {
        cents(
            actual * Decimal::ONE_HUNDRED * Decimal::from(length) / (target * Decimal::from(gone)),
        )
    })
}

/// What rows can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Region,
    Branch,
    Team,
    Employee,
    Product,
    Category,
    CustomerSegment,
    Competitor,
    Time(Grain),
}

impl Dimension {
    /// Organisation levels, finest first, with the dimension that names them.
    pub fn org_level(self) -> Option<u8> {
        match self {
            Self::Employee => Some(4),
            Self::Team => Some(3),
            Self::Branch => Some(2),
            Self::Region => Some(1),
            _ => None,
        }
    }
}

/// Rows to keep: each list, when not empty, keeps the rows matching one of its values.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub regions: Vec<i32>,
    pub branches: Vec<i32>,
    pub teams: Vec<i32>,
    pub employees: Vec<i32>,
    pub products: Vec<i32>,
    /// Product categories, each with its subcategories.
    pub categories: Vec<i32>,
    /// Customer segments, as stored (`ENTERPRISE`, …).
    pub segments: Vec<String>,
    pub competitors: Vec<i32>,
}

/// The KPIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    Revenue,
    Orders,
    Units,
    AverageOrderValue,
    NewCustomers,
    Target,
    Attainment,
    Pace,
    YoyGrowth,
    MomGrowth,
    WinRate,
    WonDeals,
    LostDeals,
    AverageDealSize,
    SalesCycleDays,
    Csat,
    Nps,
    ChurnRate,
    ProductMixShare,
    WeightedPipeline,
}

impl Metric {
    /// The metric that measures the actual of a target of `metric`.
    pub fn measuring(metric: salesgraph_entities::enums::TargetMetric) -> Self {
        use salesgraph_entities::enums::TargetMetric as T;
        match metric {
            T::Revenue => Self::Revenue,
            T::Orders => Self::Orders,
            T::NewCustomers => Self::NewCustomers,
        }
    }
}

/// One analysis.
#[derive(Clone, Debug)]
pub struct Request {
    pub range: Range,
    pub filters: Filters,
    /// The dimensions, at most one of them a time grain.
    pub group_by: Vec<Dimension>,
    pub metrics: BTreeSet<Metric>,
    /// The moment pace is measured at (now, unless a report asks as of another day).
    pub now: DateTime<Utc>,
}

/// The dimension values of a row: only the grouped ones are set.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub region: Option<i32>,
    pub branch: Option<i32>,
    pub team: Option<i32>,
    pub employee: Option<i32>,
    pub product: Option<i32>,
    pub category: Option<i32>,
    pub segment: Option<String>,
    pub competitor: Option<i32>,
    /// The first day of the row's time bucket.
    pub period: Option<NaiveDate>,
    /// For opening balances only: the row counts what happened before the range.
    pub before: bool,
}

impl Key {
    /// Reads dimension `dim` from column `index`.
    fn read(&mut self, dim: Dimension, row: &QueryResult, index: usize) -> Result<(), DbErr> {
        let id = || row.try_get_by_index::<Option<i32>>(index);
        match dim {
            Dimension::Region => self.region = id()?,
            Dimension::Branch => self.branch = id()?,
            Dimension::Team => self.team = id()?,
            Dimension::Employee => self.employee = id()?,
            Dimension::Product => self.product = id()?,
            Dimension::Category => self.category = id()?,
            Dimension::Competitor => self.competitor = id()?,
            Dimension::CustomerSegment => self.segment = row.try_get_by_index(index)?,
            Dimension::Time(_) => {
                let text: Option<String> = row.try_get_by_index(index)?;
                self.period = text.as_deref().and_then(facts::parse_day);
                self.before = text.is_none();
            }
        }
        Ok(())
    }

    /// The key without the product dimensions (for the product-mix denominator).
    fn without_products(&self) -> Self {
        Self { product: None, category: None, ..self.clone() }
    }

    /// The key without its period (the series a bucket belongs to).
    fn series(&self) -> Self {
        Self { period: None, ..self.clone() }
    }
}

/// The metric values of a row: null when not asked for, or when the metric cannot be split
/// by the row's dimensions, or when it is undefined (a ratio over nothing).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Values {
    pub revenue: Option<Decimal>,
    pub orders: Option<i64>,
    pub units: Option<i64>,
    pub average_order_value: Option<Decimal>,
    pub new_customers: Option<i64>,
    pub target: Option<Decimal>,
    pub attainment: Option<Decimal>,
    pub pace: Option<Decimal>,
    pub yoy_growth: Option<Decimal>,
    pub mom_growth: Option<Decimal>,
    pub win_rate: Option<Decimal>,
    pub won_deals: Option<i64>,
    pub lost_deals: Option<i64>,
    pub average_deal_size: Option<Decimal>,
    pub sales_cycle_days: Option<Decimal>,
    pub csat: Option<Decimal>,
    pub nps: Option<Decimal>,
    pub churn_rate: Option<Decimal>,
    pub product_mix_share: Option<Decimal>,
    pub weighted_pipeline: Option<Decimal>,
}

impl Values {
    /// The value of a target's measuring metric ([`Metric::measuring`]): revenue, orders or
    /// new customers; zero when absent.
    pub fn measured(&self, metric: Metric) -> Decimal {
        match metric {
            Metric::Orders => self.orders.map(Decimal::from),
            Metric::NewCustomers => self.new_customers.map(Decimal::from),
            _ => self.revenue,
        }
        .unwrap_or_default()
    }
}

/// One row of an analysis.
#[derive(Clone, Debug)]
pub struct Row {
    pub key: Key,
    /// The row's bucket, `[start, end)`, clipped to the range; none without a time dimension.
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub values: Values,
}
