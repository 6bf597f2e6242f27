//! `salesMetrics`: multi-dimensional sales analysis over the KPIs of DESIGN.md, computed by
//! [`crate::analytics`] in the caller's scope.

use std::collections::{BTreeSet, HashMap};

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use salesgraph_entities::enums as model;
use salesgraph_entities::product_categories;
use sea_orm::{ActiveEnum, EntityTrait};

use super::competition::Competitor;
use super::enums::CustomerSegment;
use super::loaders::belongs;
use super::organisation::{Branch, Employee, Region, Team};
use super::sales::{Product, ProductCategory};
use super::{parse_id, principal};
use crate::analytics::sql::Dialect;
use crate::analytics::{Dimension, Filters, Grain, Metric, Range, Request, Row, metrics};
use crate::error::{ApiError, ApiResult, IntoGraphql};
use crate::state::AppState;

/// What `salesMetrics` rows can be grouped by: organisation, product, customer segment,
/// competitor, and at most one period length. Periods are cut in the business time zone.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum MetricDimension {
    /// The region of the branch.
    Region,
    /// The branch of the order, deal, customer or response.
    Branch,
    /// The current team of the salesperson or owner.
    Team,
    /// The salesperson of an order, the owner of a deal or customer.
    Employee,
    /// The product of an order line.
    Product,
    /// The (direct) category of an order line's product.
    Category,
    /// The segment of the customer.
    CustomerSegment,
    /// A competitor listed on a deal (deal metrics only).
    Competitor,
    /// Business days.
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl From<MetricDimension> for Dimension {
    fn from(d: MetricDimension) -> Self {
        use MetricDimension as M;
        match d {
            M::Region => Self::Region,
            M::Branch => Self::Branch,
            M::Team => Self::Team,
            M::Employee => Self::Employee,
            M::Product => Self::Product,
            M::Category => Self::Category,
            M::CustomerSegment => Self::CustomerSegment,
            M::Competitor => Self::Competitor,
            M::Day => Self::Time(Grain::Day),
            M::Week => Self::Time(Grain::Week),
            M::Month => Self::Time(Grain::Month),
            M::Quarter => Self::Time(Grain::Quarter),
            M::Year => Self::Time(Grain::Year),
        }
    }
}

/// Which rows to analyse: each list, when given and not empty, keeps the rows matching one
/// of its values. Metrics that cannot be split by a filtered dimension are null.
#[derive(InputObject, Default)]
pub struct SalesMetricsFilter {
    /// Regions (the rows of their branches).
    pub region_ids: Option<Vec<ID>>,
    /// Branches.
    pub branch_ids: Option<Vec<ID>>,
    /// Teams (of the salesperson or owner).
    pub team_ids: Option<Vec<ID>>,
    /// Employees (salesperson of an order, owner of a deal or customer).
    pub employee_ids: Option<Vec<ID>>,
    /// Products (order metrics only).
    pub product_ids: Option<Vec<ID>>,
    /// Product categories, each with its subcategories (order metrics only).
    pub category_ids: Option<Vec<ID>>,
    /// Segments of the customer.
    pub customer_segments: Option<Vec<CustomerSegment>>,
    /// Deals on which one of these competitors was listed (deal metrics only).
    pub competitor_ids: Option<Vec<ID>>,
}

/// An analysis: a range of business days, filters and the dimensions to group by.
#[derive(InputObject)]
pub struct SalesMetricsInput {
    /// The first business day of the range.
    pub from: NaiveDate,
    /// The last business day of the range (inclusive).
    pub to: NaiveDate,
    /// The dimensions of each row; none gives one row for the whole range.
    #[graphql(default)]
    pub group_by: Vec<MetricDimension>,
    pub filter: Option<SalesMetricsFilter>,
    /// The moment pace is measured at; now by default.
    pub as_of: Option<DateTime<Utc>>,
}

/// The period of a row grouped by time.
#[derive(SimpleObject)]
pub struct MetricPeriod {
    /// The first day of the period within the range.
    pub start: NaiveDate,
    /// The last day of the period within the range.
    pub end: NaiveDate,
    /// The period's name: `2026-03-31`, `2026-W14`, `2026-03`, `2026-Q1` or `2026`.
    pub label: String,
}

/// One row of `salesMetrics`: the values of its dimensions (only the grouped ones are set)
/// and the metrics selected. A metric is null when it cannot be split by the row's
/// dimensions or filters (CSAT by product, say), or when it is a ratio over nothing.
pub struct SalesMetricsRow {
    row: Row,
    grain: Option<Grain>,
}

fn id(value: Option<i32>) -> Option<ID> {
    value.map(ID::from)
}

#[Object]
impl SalesMetricsRow {
    /// The row's region, when grouped by REGION.
    async fn region_id(&self) -> Option<ID> {
        id(self.row.key.region)
    }
    /// The row's region, when grouped by REGION (null when the caller may not see it).
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        belongs::<Region>(ctx, self.row.key.region).await
    }
    /// The id of the row's branch, when grouped by BRANCH.
    async fn branch_id(&self) -> Option<ID> {
        id(self.row.key.branch)
    }
    /// The row's branch, when grouped by BRANCH (null when the caller may not see it).
    async fn branch(&self, ctx: &Context<'_>) -> ApiResult<Option<Branch>> {
        belongs::<Branch>(ctx, self.row.key.branch).await
    }
    /// The id of the row's team, when grouped by TEAM.
    async fn team_id(&self) -> Option<ID> {
        id(self.row.key.team)
    }
    /// The row's team, when grouped by TEAM (null when the caller may not see it).
    async fn team(&self, ctx: &Context<'_>) -> ApiResult<Option<Team>> {
        belongs::<Team>(ctx, self.row.key.team).await
    }
    /// The id of the row's employee, when grouped by EMPLOYEE.
    async fn employee_id(&self) -> Option<ID> {
        id(self.row.key.employee)
    }
    /// The row's employee, when grouped by EMPLOYEE (null when the caller may not see it).
    async fn employee(&self, ctx: &Context<'_>) -> ApiResult<Option<Employee>> {
        belongs::<Employee>(ctx, self.row.key.employee).await
    }
    /// The id of the row's product, when grouped by PRODUCT.
    async fn product_id(&self) -> Option<ID> {
        id(self.row.key.product)
    }
    /// The row's product, when grouped by PRODUCT (null when the caller may not see it).
    async fn product(&self, ctx: &Context<'_>) -> ApiResult<Option<Product>> {
        belongs::<Product>(ctx, self.row.key.product).await
    }
    /// The id of the row's category, when grouped by CATEGORY.
    async fn category_id(&self) -> Option<ID> {
        id(self.row.key.category)
    }
    /// The row's category, when grouped by CATEGORY (null when the caller may not see it).
    async fn category(&self, ctx: &Context<'_>) -> ApiResult<Option<ProductCategory>> {
        belongs::<ProductCategory>(ctx, self.row.key.category).await
    }
    /// The row's customer segment, when grouped by CUSTOMER_SEGMENT.
    async fn customer_segment(&self) -> Option<CustomerSegment> {
        let text = self.row.key.segment.clone()?;
        model::CustomerSegment::try_from_value(&text).ok().map(Into::into)
    }
    /// The id of the row's competitor, when grouped by COMPETITOR.
    async fn competitor_id(&self) -> Option<ID> {
        id(self.row.key.competitor)
    }
    /// The row's competitor, when grouped by COMPETITOR (null when the caller may not see it).
    async fn competitor(&self, ctx: &Context<'_>) -> ApiResult<Option<Competitor>> {
        belongs::<Competitor>(ctx, self.row.key.competitor).await
    }
    /// The row's period, when grouped by one.
    async fn period(&self) -> Option<MetricPeriod> {
        let (start, end) = self.row.period?;
        let grain = self.grain?;
        let label = grain.label(grain.start_of(start));
        Some(MetricPeriod { start, end: end.pred_opt().unwrap_or(end), label })
    }
    /// Revenue (¥): the order-line amounts of confirmed orders.
    async fn revenue(&self) -> Option<Decimal> {
        self.row.values.revenue
    }
    /// Confirmed orders.
    async fn orders(&self) -> Option<i64> {
        self.row.values.orders
    }
    /// Units sold on confirmed orders.
    async fn units(&self) -> Option<i64> {
        self.row.values.units
    }
    /// Average order value (¥): revenue ÷ orders.
    async fn average_order_value(&self) -> Option<Decimal> {
        self.row.values.average_order_value
    }
    /// Customers acquired in the period.
    async fn new_customers(&self) -> Option<i64> {
        self.row.values.new_customers
    }
    /// The revenue target (¥) of the row's organisation and period: the targets of the finest
    /// level grouped, filtered or scoped (company, region, branch, team, rep), of the longest
    /// period kind that makes up the row's period. Null when a period of the row has no target,
    /// for days and weeks, and for rows split by product, customer or competitor.
    async fn target(&self) -> Option<Decimal> {
        self.row.values.target
    }
    /// Attainment in percent: revenue ÷ target × 100.
    async fn attainment(&self) -> Option<Decimal> {
        self.row.values.attainment
    }
    /// Pace in percent: attainment ÷ the share of the period elapsed at `asOf` (to the
    /// second); 100 means on course to meet the target. Null before the period starts.
    async fn pace(&self) -> Option<Decimal> {
        self.row.values.pace
    }
    /// Revenue growth in percent over the same period a year earlier (52 weeks for weeks);
    /// null when that period had no revenue.
    async fn yoy_growth(&self) -> Option<Decimal> {
        self.row.values.yoy_growth
    }
    /// Revenue growth in percent over the month before (the previous month of a month, the
    /// same day of the previous month for a day; the range a month earlier without a period
    /// dimension); null for weeks, quarters and years, and when the earlier period had no
    /// revenue.
    async fn mom_growth(&self) -> Option<Decimal> {
        self.row.values.mom_growth
    }
    /// Win rate in percent: won ÷ (won + lost) over deals closed in the period; grouped or
    /// filtered by competitor, over the deals where that competitor was listed.
    async fn win_rate(&self) -> Option<Decimal> {
        self.row.values.win_rate
    }
    /// Deals won in the period.
    async fn won_deals(&self) -> Option<i64> {
        self.row.values.won_deals
    }
    /// Deals lost in the period.
    async fn lost_deals(&self) -> Option<i64> {
        self.row.values.lost_deals
    }
    /// Average deal size (¥): the amount of deals won ÷ deals won.
    async fn average_deal_size(&self) -> Option<Decimal> {
        self.row.values.average_deal_size
    }
    /// Sales cycle in days: the mean time from creation to close of the deals won, to a
    /// tenth of a day.
    async fn sales_cycle_days(&self) -> Option<Decimal> {
        self.row.values.sales_cycle_days
    }
    /// CSAT in percent: responses of 4 or 5 ÷ all CSAT responses (not by team or employee).
    async fn csat(&self) -> Option<Decimal> {
        self.row.values.csat
    }
    /// NPS from −100 to 100: % of 9–10 minus % of 0–6 (not by team or employee).
    async fn nps(&self) -> Option<Decimal> {
        self.row.values.nps
    }
    /// Churn in percent: customers lost in the period ÷ customers at its start.
    async fn churn_rate(&self) -> Option<Decimal> {
        self.row.values.churn_rate
    }
    /// Product mix in percent: the row's revenue ÷ the revenue of all products with the row's
    /// other dimensions (product filters do not apply to the whole).
    async fn product_mix_share(&self) -> Option<Decimal> {
        self.row.values.product_mix_share
    }
    /// Weighted pipeline (¥): Σ amount × probability over open deals expected to close in
    /// the period.
    async fn weighted_pipeline(&self) -> Option<Decimal> {
        self.row.values.weighted_pipeline
    }
}

/// What an analysis costs before its rows, in the units of the complexity limit: as much as
/// a page of 100 rows of 10 fields, since it aggregates many more rows than it returns. At
/// most 20 fit in one request.
pub const ANALYSIS_COST: usize = 1_000;

/// The rows a `salesMetrics` request is expected to return, for its cost: its periods times a
/// typical number of values of each other dimension (the demo's organisation), at most the
/// 10,000 rows it may return. A range of more periods than allowed counts one row: the
/// resolver refuses it, naming the field.
fn expected_rows(input: &SalesMetricsInput) -> usize {
    let days = usize::try_from((input.to - input.from).num_days() + 1).unwrap_or(1).max(1);
    let periods = |n: usize| if n > metrics::MAX_BUCKETS { 1 } else { n };
    let rows = input.group_by.iter().fold(1usize, |rows, dimension| {
        let values = match dimension {
            MetricDimension::Region | MetricDimension::CustomerSegment => 5,
            MetricDimension::Branch | MetricDimension::Category | MetricDimension::Competitor => 10,
            MetricDimension::Team => 20,
            MetricDimension::Product => 30,
            MetricDimension::Employee => 50,
            MetricDimension::Day => periods(days),
            MetricDimension::Week => periods(days / 7 + 1),
            MetricDimension::Month => periods(days / 28 + 1),
            MetricDimension::Quarter => periods(days / 90 + 1),
            MetricDimension::Year => periods(days / 365 + 1),
        };
        rows.saturating_mul(values)
    });
    rows.min(metrics::MAX_ROWS)
}

/// The cost of one `salesMetrics`: [`ANALYSIS_COST`] and its expected rows times the cost of
/// a row's selection.
fn metrics_cost(input: &SalesMetricsInput, child_complexity: usize) -> usize {
    ANALYSIS_COST.saturating_add(expected_rows(input).saturating_mul(child_complexity.max(1)))
}

/// The row fields that are metrics.
const METRIC_FIELDS: &[(&str, Metric)] = &[
    ("revenue", Metric::Revenue),
    ("orders", Metric::Orders),
    ("units", Metric::Units),
    ("averageOrderValue", Metric::AverageOrderValue),
    ("newCustomers", Metric::NewCustomers),
    ("target", Metric::Target),
    ("attainment", Metric::Attainment),
    ("pace", Metric::Pace),
    ("yoyGrowth", Metric::YoyGrowth),
    ("momGrowth", Metric::MomGrowth),
    ("winRate", Metric::WinRate),
    ("wonDeals", Metric::WonDeals),
    ("lostDeals", Metric::LostDeals),
    ("averageDealSize", Metric::AverageDealSize),
    ("salesCycleDays", Metric::SalesCycleDays),
    ("csat", Metric::Csat),
    ("nps", Metric::Nps),
    ("churnRate", Metric::ChurnRate),
    ("productMixShare", Metric::ProductMixShare),
    ("weightedPipeline", Metric::WeightedPipeline),
];

fn ids(field: &str, values: Option<&Vec<ID>>) -> Result<Vec<i32>, ApiError> {
    values.into_iter().flatten().map(|v| parse_id(field, v)).collect()
}

/// The categories `roots` and all their subcategories.
async fn with_subcategories(state: &AppState, roots: Vec<i32>) -> Result<Vec<i32>, ApiError> {
    if roots.is_empty() {
        return Ok(roots);
    }
    let all = product_categories::Entity::find().all(state.db()).await?;
    let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
    for c in &all {
        if let Some(parent) = c.parent_id {
            children.entry(parent).or_default().push(c.id);
        }
    }
    let mut found: BTreeSet<i32> = BTreeSet::new();
    let mut todo = roots;
    while let Some(c) = todo.pop() {
        if found.insert(c) {
            todo.extend(children.get(&c).into_iter().flatten());
        }
    }
    Ok(found.into_iter().collect())
}

/// The analytics queries.
#[derive(Default)]
pub struct AnalyticsQuery;

#[Object]
impl AnalyticsQuery {
    /// Sales analysis: the selected metrics for each combination of the `groupBy` dimensions
    /// over the range, in the caller's scope (a branch manager sees its branch only). Rows
    /// come ordered by their dimension values; grouped by a period, every period of the range
    /// has a row for each combination seen, with zero counts when nothing happened. At most
    /// 10,000 rows and 1,000 periods. Each costs 1,000 plus its expected rows times their
    /// fields; a caller computes two analyses at a time, and the rest wait their turn.
    #[graphql(complexity = "metrics_cost(&input, child_complexity)")]
    async fn sales_metrics(
        &self,
        ctx: &Context<'_>,
        input: SalesMetricsInput,
    ) -> ApiResult<Vec<SalesMetricsRow>> {
        let principal = principal(ctx)?;
        let state = ctx.data::<AppState>()?;
        let _slot = state.analytics_slot(principal.actor).await;
        let selection = ctx.look_ahead();
        let metrics = METRIC_FIELDS
            .iter()
            .filter(|(field, _)| selection.field(field).exists())
            .map(|(_, metric)| *metric)
            .collect();
        let request = request(state, input, metrics).await.gql()?;
        let grain = request.group_by.iter().find_map(|d| match d {
            Dimension::Time(g) => Some(*g),
            _ => None,
        });
        let dialect = Dialect::new(state.db().get_database_backend(), state.settings().time_zone);
        let rows = metrics::compute(state.db(), &dialect, principal, &request).await.gql()?;
        Ok(rows.into_iter().map(|row| SalesMetricsRow { row, grain }).collect())
    }
}

async fn request(
    state: &AppState,
    input: SalesMetricsInput,
    metrics: BTreeSet<Metric>,
) -> Result<Request, ApiError> {
    let f = input.filter.unwrap_or_default();
    let filters = Filters {
        regions: ids("filter.regionIds", f.region_ids.as_ref())?,
        branches: ids("filter.branchIds", f.branch_ids.as_ref())?,
        teams: ids("filter.teamIds", f.team_ids.as_ref())?,
        employees: ids("filter.employeeIds", f.employee_ids.as_ref())?,
        products: ids("filter.productIds", f.product_ids.as_ref())?,
        categories: with_subcategories(state, ids("filter.categoryIds", f.category_ids.as_ref())?)
            .await?,
        segments: f
            .customer_segments
            .into_iter()
            .flatten()
            .map(|s| model::CustomerSegment::from(s).to_value())
            .collect(),
        competitors: ids("filter.competitorIds", f.competitor_ids.as_ref())?,
    };
    Ok(Request {
        range: Range { from: input.from, to: input.to },
        filters,
        group_by: input.group_by.into_iter().map(Dimension::from).collect(),
        metrics,
        now: input.as_of.unwrap_or_else(Utc::now),
    })
}
