//! The one GraphQL request of the report: `salesMetrics` groupings under aliases, the month's
//! confirmed orders, alerts and service tickets, narrowed to the branch when one is given.
//!
//! Moments are cut in the business time zone the host passes in the parameters, so the lists
//! cover the same month as `salesMetrics`.

use chrono::{Days, Months, NaiveDate};
use salesgraph_report_sdk::{Params, Query};
use serde_json::{Map, Value};

/// How many orders one window of the customer ranking fetches (the API's page limit).
pub(crate) const ORDER_PAGE: usize = 500;
/// How many alerts are fetched, most recent first.
pub(crate) const ALERT_PAGE: usize = 100;
/// How many service tickets are fetched.
pub(crate) const TICKET_PAGE: usize = 500;

/// The aliases of the three order windows (days 1–10, 11–20, 21–end): one page of 500 each
/// keeps the request under the API's complexity limit while covering busy months.
pub(crate) const ORDER_WINDOWS: [&str; 3] = ["ordersA", "ordersB", "ordersC"];

const TOTAL_FIELDS: &str = "revenue target attainment pace yoyGrowth momGrowth orders \
                            newCustomers csat nps wonDeals lostDeals winRate";

/// The request for the `month` parameter (its first day), company-wide or for one branch.
pub(crate) fn build(params: &Params) -> Query {
    let (month, branch) = (params.month("month"), params.id("branch"));
    let next = month + Months::new(1);
    let to = next.pred_opt().unwrap_or(month);
    let at = |d: NaiveDate| Value::String(params.day_start(d).to_rfc3339());
    let mut vars = Map::new();
    vars.insert("from".into(), Value::String(month.to_string()));
    vars.insert("to".into(), Value::String(to.to_string()));
    vars.insert("trendFrom".into(), Value::String((month - Months::new(11)).to_string()));
    vars.insert("asOf".into(), at(next));
    vars.insert("start".into(), at(month));
    vars.insert("day11".into(), at(month + Days::new(10)));
    vars.insert("day21".into(), at(month + Days::new(20)));
    vars.insert("end".into(), at(next));
    if let Some(id) = branch {
        vars.insert("branch".into(), Value::String(id.to_string()));
    }
    Query { text: text(branch.is_some()), variables: Value::Object(vars) }
}

/// The query text; `branch` adds the `$branch` variable and the filters that use it.
pub(crate) fn text(branch: bool) -> String {
    // `salesMetrics` filter and connection filter for the branch, when there is one.
    let (metrics_filter, list_filter) = if branch {
        (", filter: { branchIds: [$branch] }", ", branchId: { eq: $branch }")
    } else {
        ("", "")
    };
    let month = "from: $from, to: $to";
    let mut q = String::with_capacity(4096);
    q.push_str(
        "query MonthlyReview($from: NaiveDate!, $to: NaiveDate!, $trendFrom: NaiveDate!, \
         $asOf: DateTime!, $start: DateTime!, $day11: DateTime!, $day21: DateTime!, \
         $end: DateTime!",
    );
    if branch {
        q.push_str(", $branch: ID!");
    }
    q.push_str(") {\n");
    if branch {
        q.push_str(
            "  scope: branches(first: 1, filter: { id: { eq: $branch } }) { nodes { id name } }\n",
        );
    }
    q.push_str(&format!(
        "  total: salesMetrics(input: {{ {month}, asOf: $asOf{metrics_filter} }}) {{ {TOTAL_FIELDS} }}\n"
    ));
    // Company-wide: the branches; for one branch, its teams (they have targets of their
    // own, so attainment and pace mean the same as for branches; the reps are ranked by
    // revenue further down).
    let (dimension, unit) =
        if branch { ("TEAM", "teamId team") } else { ("BRANCH", "branchId branch") };
    q.push_str(&format!(
        "  ranking: salesMetrics(input: {{ {month}, asOf: $asOf, groupBy: [{dimension}]{metrics_filter} }}) \
         {{ {unit} {{ name }} revenue target attainment pace yoyGrowth }}\n"
    ));
    q.push_str(&format!(
        "  trend: salesMetrics(input: {{ from: $trendFrom, to: $to, groupBy: [MONTH]{metrics_filter} }}) \
         {{ period {{ label }} revenue target }}\n"
    ));
    q.push_str(&format!(
        "  categories: salesMetrics(input: {{ {month}, groupBy: [CATEGORY]{metrics_filter} }}) \
         {{ categoryId category {{ name }} revenue productMixShare }}\n"
    ));
    q.push_str(&format!(
        "  reps: salesMetrics(input: {{ {month}, groupBy: [EMPLOYEE]{metrics_filter} }}) \
         {{ employeeId employee {{ name }} revenue orders }}\n"
    ));
    q.push_str(&format!(
        "  competitors: salesMetrics(input: {{ {month}, groupBy: [COMPETITOR]{metrics_filter} }}) \
         {{ competitorId competitor {{ name }} wonDeals lostDeals winRate }}\n"
    ));
    let windows = [("$start", "$day11"), ("$day11", "$day21"), ("$day21", "$end")];
    for (alias, (from, to)) in ORDER_WINDOWS.iter().zip(windows) {
        q.push_str(&format!(
            "  {alias}: orders(first: {ORDER_PAGE}, orderBy: TOTAL_AMOUNT, direction: DESC, \
             filter: {{ status: {{ eq: CONFIRMED }}, orderedAt: {{ gte: {from}, lt: {to} }}{list_filter} }}) \
             {{ totalCount nodes {{ customerId totalAmount customer {{ name }} }} }}\n"
        ));
    }
    let alert_filter = format!("triggeredAt: {{ gte: $start, lt: $end }}{list_filter}");
    q.push_str(&format!(
        "  alerts(first: {ALERT_PAGE}, orderBy: TRIGGERED_AT, direction: DESC, filter: {{ {alert_filter} }}) \
         {{ totalCount nodes {{ triggeredAt severity message branch {{ name }} }} }}\n"
    ));
    for (alias, severity) in [("alertsCritical", "CRITICAL"), ("alertsWarning", "WARNING")] {
        q.push_str(&format!(
            "  {alias}: alerts(first: 1, filter: {{ {alert_filter}, severity: {{ eq: {severity} }} }}) \
             {{ totalCount }}\n"
        ));
    }
    q.push_str(&format!(
        "  tickets: serviceTickets(first: {TICKET_PAGE}, orderBy: OPENED_AT, \
         filter: {{ openedAt: {{ gte: $start, lt: $end }}{list_filter} }}) \
         {{ totalCount nodes {{ priority slaDueAt resolvedAt }} }}\n"
    ));
    q.push_str("}\n");
    q
}
