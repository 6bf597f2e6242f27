//! The query result read into the figures the report shows. Every alias of the query must be
//! there (a missing one is a [`DataError`] naming it); values inside may be null, and a name
//! the requester may not see falls back to the record's id.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use salesgraph_report_sdk::{DataError, Locale, View};
use serde_json::Value;

use crate::query::ORDER_WINDOWS;
use crate::service::{Alerts, Tickets};

/// The whole month for the scope, with no grouping: the tile figures.
#[derive(Debug, Clone, Default)]
pub(crate) struct Totals {
    pub revenue: Option<Decimal>,
    pub target: Option<Decimal>,
    pub attainment: Option<Decimal>,
    pub pace: Option<Decimal>,
    pub yoy: Option<Decimal>,
    pub mom: Option<Decimal>,
    pub orders: Option<i64>,
    pub new_customers: Option<i64>,
    pub csat: Option<Decimal>,
    pub nps: Option<Decimal>,
    pub won: Option<i64>,
    pub lost: Option<i64>,
    pub win_rate: Option<Decimal>,
}

/// A branch (company-wide) or a team (one branch) of the ranking.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub name: String,
    pub revenue: Option<Decimal>,
    pub target: Option<Decimal>,
    pub attainment: Option<Decimal>,
    pub pace: Option<Decimal>,
    pub yoy: Option<Decimal>,
}

/// One month of the trend.
#[derive(Debug, Clone)]
pub(crate) struct Month {
    pub label: String,
    pub revenue: Option<Decimal>,
    pub target: Option<Decimal>,
}

/// A product category and its share of revenue.
#[derive(Debug, Clone)]
pub(crate) struct Category {
    pub name: String,
    pub revenue: Decimal,
    pub share: Option<Decimal>,
}

/// A customer or a rep with its revenue and confirmed orders in the month.
#[derive(Debug, Clone)]
pub(crate) struct Earner {
    pub name: String,
    pub revenue: Decimal,
    pub orders: Option<i64>,
}

/// Deals closed against one competitor.
#[derive(Debug, Clone)]
pub(crate) struct Rival {
    pub name: String,
    pub won: i64,
    pub lost: i64,
    pub win_rate: Option<Decimal>,
}

/// Everything the report shows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Data {
    /// The branch's name, when the report is about one branch the requester can see.
    pub scope_name: Option<String>,
    pub totals: Totals,
    pub units: Vec<Unit>,
    pub trend: Vec<Month>,
    pub categories: Vec<Category>,
    /// All customers with orders fetched, by revenue (largest first).
    pub customers: Vec<Earner>,
    /// Whether every confirmed order of the month was fetched for the customer ranking.
    pub customers_complete: bool,
    pub reps: Vec<Earner>,
    pub rivals: Vec<Rival>,
    pub alerts: Alerts,
    pub tickets: Tickets,
}

/// The field `key` of the root, which must be there.
pub(crate) fn required<'a>(root: &View<'a>, key: &str) -> Result<View<'a>, DataError> {
    let view = root.get(key);
    if view.exists() { Ok(view) } else { Err(view.error()) }
}

/// The nested `name` of `object`, or `fallback` and the row's id (`idField`).
fn name_of(row: &View<'_>, object: &str, id: &str, fallback: &str) -> Result<String, DataError> {
    if let Some(name) = row.get(object).get("name").str()? {
        return Ok(name.to_owned());
    }
    Ok(match row.get(id).str()? {
        Some(id) => format!("{fallback} #{id}"),
        None => fallback.to_owned(),
    })
}

pub(crate) fn moment(view: &View<'_>) -> Result<DateTime<FixedOffset>, DataError> {
    DateTime::parse_from_rfc3339(view.text()?).map_err(|_| view.error())
}

impl Data {
    /// Reads the query result; `branch` says whether the report is about one branch.
    pub(crate) fn read(data: &Value, branch: bool, locale: Locale) -> Result<Self, DataError> {
        let root = View::root(data);
        let scope_name = if branch {
            let nodes = required(&root, "scope")?.nodes()?;
            match nodes.first() {
                Some(node) => Some(node.get("name").text()?.to_owned()),
                None => None,
            }
        } else {
            None
        };
        let totals = required(&root, "total")?.list()?;
        let totals = match totals.first() {
            Some(t) => Totals {
                revenue: t.get("revenue").decimal()?,
                target: t.get("target").decimal()?,
                attainment: t.get("attainment").decimal()?,
                pace: t.get("pace").decimal()?,
                yoy: t.get("yoyGrowth").decimal()?,
                mom: t.get("momGrowth").decimal()?,
                orders: t.get("orders").int()?,
                new_customers: t.get("newCustomers").int()?,
                csat: t.get("csat").decimal()?,
                nps: t.get("nps").decimal()?,
                won: t.get("wonDeals").int()?,
                lost: t.get("lostDeals").int()?,
                win_rate: t.get("winRate").decimal()?,
            },
            None => Totals::default(),
        };
        let (object, id, fallback) = if branch {
            ("team", "teamId", locale.pick("团队", "Team"))
        } else {
            ("branch", "branchId", locale.pick("分公司", "Branch"))
        };
        let mut units = Vec::new();
        for row in required(&root, "ranking")?.list()? {
            units.push(Unit {
                name: name_of(&row, object, id, fallback)?,
                revenue: row.get("revenue").decimal()?,
                target: row.get("target").decimal()?,
                attainment: row.get("attainment").decimal()?,
                pace: row.get("pace").decimal()?,
                yoy: row.get("yoyGrowth").decimal()?,
            });
        }
        let mut trend = Vec::new();
        for row in required(&root, "trend")?.list()? {
            trend.push(Month {
                label: row.get("period.label").text()?.to_owned(),
                revenue: row.get("revenue").decimal()?,
                target: row.get("target").decimal()?,
            });
        }
        let mut categories = Vec::new();
        for row in required(&root, "categories")?.list()? {
            categories.push(Category {
                name: name_of(&row, "category", "categoryId", locale.pick("品类", "Category"))?,
                revenue: row.get("revenue").decimal_or_zero()?,
                share: row.get("productMixShare").decimal()?,
            });
        }
        categories.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.name.cmp(&b.name)));
        let mut reps = Vec::new();
        for row in required(&root, "reps")?.list()? {
            reps.push(Earner {
                name: name_of(&row, "employee", "employeeId", locale.pick("员工", "Employee"))?,
                revenue: row.get("revenue").decimal_or_zero()?,
                orders: row.get("orders").int()?,
            });
        }
        by_revenue(&mut reps);
        let mut rivals = Vec::new();
        for row in required(&root, "competitors")?.list()? {
            rivals.push(Rival {
                name: name_of(
                    &row,
                    "competitor",
                    "competitorId",
                    locale.pick("竞争对手", "Competitor"),
                )?,
                won: row.get("wonDeals").int()?.unwrap_or(0),
                lost: row.get("lostDeals").int()?.unwrap_or(0),
                win_rate: row.get("winRate").decimal()?,
            });
        }
        rivals.retain(|r| r.won + r.lost > 0);
        rivals.sort_by(|a, b| (b.won + b.lost).cmp(&(a.won + a.lost)).then(a.name.cmp(&b.name)));
        let (customers, customers_complete) = customers(&root, locale)?;
        Ok(Self {
            scope_name,
            totals,
            units,
            trend,
            categories,
            customers,
            customers_complete,
            reps,
            rivals,
            alerts: Alerts::read(&root)?,
            tickets: Tickets::read(&root)?,
        })
    }
}

/// Largest revenue first, then by name; those without revenue left out.
fn by_revenue(rows: &mut Vec<Earner>) {
    rows.retain(|r| r.revenue > Decimal::ZERO);
    rows.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.name.cmp(&b.name)));
}

/// The customers' revenue summed over the confirmed orders of the three windows.
fn customers(root: &View<'_>, locale: Locale) -> Result<(Vec<Earner>, bool), DataError> {
    let mut sums: BTreeMap<String, Earner> = BTreeMap::new();
    let mut complete = true;
    for alias in ORDER_WINDOWS {
        let window = required(root, alias)?;
        let nodes = window.nodes()?;
        let count = window.get("totalCount").int()?.unwrap_or(0);
        complete &= usize::try_from(count).is_ok_and(|c| c <= nodes.len());
        for order in nodes {
            let id = order.get("customerId").text()?.to_owned();
            let amount = order.get("totalAmount").decimal_or_zero()?;
            let name = name_of(&order, "customer", "customerId", locale.pick("客户", "Customer"))?;
            let entry =
                sums.entry(id).or_insert(Earner { name, revenue: Decimal::ZERO, orders: Some(0) });
            entry.revenue += amount;
            entry.orders = entry.orders.map(|n| n + 1);
        }
    }
    let mut rows: Vec<Earner> = sums.into_values().collect();
    by_revenue(&mut rows);
    Ok((rows, complete))
}
