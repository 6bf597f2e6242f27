//! The fact tables the KPIs are aggregated from, and the one query builder they share: the
//! caller's scope, the filters, the period and the GROUP BY of the wanted dimensions, over
//! joins chosen from what the query needs.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{Condition, ConnectionTrait, DbErr, QueryResult};

use super::period::{Grain, Range, day_start};
use super::sql::{Dialect, col};
use super::{Dimension, Filters, Key};

/// How a fact's time column is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeKind {
    /// A UTC timestamp, cut into business days in the business time zone.
    Timestamp,
    /// A business day already.
    Date,
}

/// A table facts are counted in, and where its dimensions live.
#[derive(Clone, Copy, Debug)]
pub struct Fact {
    pub table: &'static str,
    /// The column naming the row's branch.
    pub branch: &'static str,
    /// The employee the row belongs to (salesperson, owner), for TEAM and EMPLOYEE.
    pub employee: Option<&'static str>,
    /// The customer of the row, for CUSTOMER_SEGMENT (`id` for the customers table).
    pub customer: Option<&'static str>,
    /// Orders only: join the lines (and products) for PRODUCT, CATEGORY and units.
    pub lines: bool,
    /// Opportunities only: join the competitors listed on each, for COMPETITOR.
    pub competitors: bool,
}

/// Confirmed orders, at order level (their totals) or line level.
pub const ORDERS: Fact = Fact {
    table: "sales_orders",
    branch: "branch_id",
    employee: Some("salesperson_id"),
    customer: Some("customer_id"),
    lines: false,
    competitors: false,
};
/// Opportunities, by their owner.
pub const OPPORTUNITIES: Fact = Fact {
    table: "opportunities",
    branch: "branch_id",
    employee: Some("owner_id"),
    customer: Some("customer_id"),
    lines: false,
    competitors: true,
};
/// Customers, by their owner.
pub const CUSTOMERS: Fact = Fact {
    table: "customers",
    branch: "branch_id",
    employee: Some("owner_id"),
    customer: Some("id"),
    lines: false,
    competitors: false,
};
/// Satisfaction survey responses: no employee of their own.
pub const SURVEYS: Fact = Fact {
    table: "survey_responses",
    branch: "branch_id",
    employee: None,
    customer: Some("customer_id"),
    lines: false,
    competitors: false,
};

/// Which rows of a fact fall in the period.
#[derive(Clone, Copy, Debug)]
pub enum Window {
    /// Rows whose time lies in the range.
    Within,
    /// Every row up to the end of the range; those before it have a null period (the
    /// opening balance of churn). The period column is always selected.
    Through,
}

/// One aggregate query over a fact.
pub struct Aggregate<'a> {
    pub fact: Fact,
    pub dims: &'a [Dimension],
    pub filters: &'a Filters,
    pub range: Range,
    /// The time column and how it is stored.
    pub time: (&'static str, TimeKind),
    pub window: Window,
    /// Row conditions of the metric (status, …).
    pub conditions: Vec<Expr>,
    /// The caller's scope on the fact table.
    pub scope: Condition,
    /// Aggregate expressions, selected after the dimensions.
    pub values: Vec<String>,
}

impl Aggregate<'_> {
    /// Whether this fact can be split and filtered as asked.
    pub fn supported(&self) -> bool {
        let f = &self.fact;
        let needs_employee =
            self.dims.iter().any(|d| matches!(d, Dimension::Team | Dimension::Employee))
                || !self.filters.teams.is_empty()
                || !self.filters.employees.is_empty();
        let needs_lines =
            self.dims.iter().any(|d| matches!(d, Dimension::Product | Dimension::Category))
                || !self.filters.products.is_empty()
                || !self.filters.categories.is_empty();
        let needs_segment =
            self.dims.contains(&Dimension::CustomerSegment) || !self.filters.segments.is_empty();
        let needs_competitor =
            self.dims.contains(&Dimension::Competitor) || !self.filters.competitors.is_empty();
        (!needs_employee || f.employee.is_some())
            && (!needs_lines || f.lines)
            && (!needs_segment || f.customer.is_some())
            && (!needs_competitor || f.competitors)
    }

    /// The SELECT: one column per dimension (ids, segment text, period start text), then
    /// the period column of a [`Window::Through`] query when no time dimension is grouped,
    /// then the values.
    pub fn statement(&self, dialect: &Dialect) -> SelectStatement {
        let f = &self.fact;
        let t = f.table;
        let mut q = Query::select();
        q.from(Alias::new(t));
        let wants = |d: Dimension| self.dims.contains(&d);
        let mut joins = BTreeSet::new();
        if wants(Dimension::Region) || !self.filters.regions.is_empty() {
            joins.insert("branches");
        }
        if wants(Dimension::Team) || !self.filters.teams.is_empty() {
            joins.insert("employees");
        }
        let segment_here = f.customer == Some("id");
        if (wants(Dimension::CustomerSegment) || !self.filters.segments.is_empty()) && !segment_here
        {
            joins.insert("customers");
        }
        if f.lines {
            joins.insert("order_lines");
        }
        if wants(Dimension::Category) || !self.filters.categories.is_empty() {
            joins.insert("products");
        }
        // Grouped by competitor, a deal counts once per competitor listed on it; only
        // filtered, it counts once (see `filter`).
        if wants(Dimension::Competitor) {
            joins.insert("opportunity_competitors");
        }
        let on = |sql: String| Expr::cust(sql);
        // Lines before products: products join on the line.
        for join in [
            "order_lines",
            "products",
            "branches",
            "employees",
            "customers",
            "opportunity_competitors",
        ] {
            if !joins.contains(join) {
                continue;
            }
            let condition = match join {
                "order_lines" => format!("{} = {}", col(join, "order_id"), col(t, "id")),
                "products" => format!("{} = {}", col(join, "id"), col("order_lines", "product_id")),
                "branches" => format!("{} = {}", col(join, "id"), col(t, f.branch)),
                "employees" => {
                    format!("{} = {}", col(join, "id"), col(t, f.employee.unwrap_or("id")))
                }
                "customers" => {
                    format!("{} = {}", col(join, "id"), col(t, f.customer.unwrap_or("id")))
                }
                _ => format!("{} = {}", col(join, "opportunity_id"), col(t, "id")),
            };
            // An owner may be missing (a customer nobody owns): keep the row, with no team.
            if join == "employees" {
                q.left_join(Alias::new(join), on(condition));
            } else {
                q.inner_join(Alias::new(join), on(condition));
            }
        }

        let (time_col, time_kind) = (col(t, self.time.0), self.time.1);
        let bucket = |grain: Grain| match time_kind {
            TimeKind::Timestamp => dialect.timestamp_bucket(&time_col, grain, &self.range),
            TimeKind::Date => dialect.date_bucket(&time_col, grain),
        };
        let before = self.before_range(&time_col);
        let mut groups = 0;
        for dim in self.dims {
            let sql = match dim {
                Dimension::Region => col("branches", "region_id"),
                Dimension::Branch => col(t, f.branch),
                Dimension::Team => col("employees", "team_id"),
                Dimension::Employee => col(t, f.employee.unwrap_or("id")),
                Dimension::Product => col("order_lines", "product_id"),
                Dimension::Category => col("products", "category_id"),
                Dimension::CustomerSegment if segment_here => col(t, "segment"),
                Dimension::CustomerSegment => col("customers", "segment"),
                Dimension::Competitor => col("opportunity_competitors", "competitor_id"),
                Dimension::Time(grain) => match (&self.window, &before) {
                    (Window::Through, Some(before)) => {
                        format!("CASE WHEN {before} THEN NULL ELSE {} END", bucket(*grain))
                    }
                    _ => bucket(*grain),
                },
            };
            groups += 1;
            q.expr(Expr::cust(sql));
        }
        if let (Window::Through, Some(before), false) =
            (&self.window, &before, self.dims.iter().any(|d| matches!(d, Dimension::Time(_))))
        {
            groups += 1;
            q.expr(Expr::cust(format!("CASE WHEN {before} THEN NULL ELSE 'IN' END")));
        }
        for value in &self.values {
            q.expr(Expr::cust(value.clone()));
        }
        // By position: PostgreSQL would not match a SELECT expression with its GROUP BY twin.
        q.add_group_by((1..=groups).map(|i| Expr::cust(i.to_string())));

        q.cond_where(self.scope.clone());
        for condition in &self.conditions {
            q.and_where(condition.clone());
        }
        let time = Expr::cust(time_col.clone());
        match time_kind {
            TimeKind::Timestamp => {
                if let Window::Within = self.window {
                    q.and_where(time.clone().gte(day_start(self.range.from, dialect.tz)));
                }
                q.and_where(time.lt(day_start(self.range.end(), dialect.tz)));
            }
            TimeKind::Date => {
                if let Window::Within = self.window {
                    q.and_where(time.clone().gte(self.range.from));
                }
                q.and_where(time.lte(self.range.to));
            }
        }
        self.filter(&mut q, t);
        q
    }

    /// The SQL test of a row dated before the range, for [`Window::Through`].
    fn before_range(&self, time_col: &str) -> Option<String> {
        match self.time.1 {
            TimeKind::Date => {
                Some(format!("{time_col} < '{}'", self.range.from.format("%Y-%m-%d")))
            }
            // Only date columns are read through the range (customers acquired and lost).
            TimeKind::Timestamp => None,
        }
    }

    fn filter(&self, q: &mut SelectStatement, t: &str) {
        let f = &self.fact;
        let filters = self.filters;
        let mut is_in = |column: String, ids: &[i32]| {
            if !ids.is_empty() {
                q.and_where(Expr::cust(column).is_in(ids.iter().copied()));
            }
        };
        is_in(col("branches", "region_id"), &filters.regions);
        is_in(col(t, f.branch), &filters.branches);
        is_in(col("employees", "team_id"), &filters.teams);
        is_in(col(t, f.employee.unwrap_or("id")), &filters.employees);
        is_in(col("order_lines", "product_id"), &filters.products);
        is_in(col("products", "category_id"), &filters.categories);
        if self.dims.contains(&Dimension::Competitor) {
            is_in(col("opportunity_competitors", "competitor_id"), &filters.competitors);
        } else if !filters.competitors.is_empty() {
            let listed = Query::select()
                .column(Alias::new("opportunity_id"))
                .from(Alias::new("opportunity_competitors"))
                .and_where(
                    Expr::col(Alias::new("competitor_id"))
                        .is_in(filters.competitors.iter().copied()),
                )
                .to_owned();
            q.and_where(Expr::cust(col(t, "id")).in_subquery(listed));
        }
        if !filters.segments.is_empty() {
            let segment = if f.customer == Some("id") {
                col(t, "segment")
            } else {
                col("customers", "segment")
            };
            q.and_where(Expr::cust(segment).is_in(filters.segments.iter().cloned()));
        }
    }

    /// Runs the query and returns each row's key with its values, which `read` takes from
    /// the row starting at the column it is given.
    pub async fn run<C: ConnectionTrait, T>(
        &self,
        conn: &C,
        dialect: &Dialect,
        read: impl Fn(&QueryResult, usize) -> Result<T, DbErr>,
    ) -> Result<Vec<(Key, T)>, DbErr> {
        let statement = dialect.backend.build(&self.statement(dialect));
        let rows = conn.query_all_raw(statement).await?;
        let through_flag = matches!(self.window, Window::Through)
            && !self.dims.iter().any(|d| matches!(d, Dimension::Time(_)));
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut key = Key::default();
            for (i, dim) in self.dims.iter().enumerate() {
                key.read(*dim, &row, i)?;
            }
            let mut first_value = self.dims.len();
            if through_flag {
                // The opening balance is keyed by a null period, like a time bucket.
                let inside: Option<String> = row.try_get_by_index(first_value)?;
                key.before = inside.is_none();
                first_value += 1;
            }
            out.push((key, read(&row, first_value)?));
        }
        Ok(out)
    }
}

/// Parses a `YYYY-MM-DD` period start read back from the database.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}
