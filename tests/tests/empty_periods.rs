//! Every KPI over periods in which nothing happened (no orders, deals, surveys, customers or
//! targets), with and without grouping: zeros and nulls, never an error; and the monthly
//! review of a branch-month without a closed deal renders.

use serde_json::{Value, json};

use crate::analytics::{admin, admin_account, company};
use crate::helpers::{Backend, TestApp};
use crate::reports::{download, generate, pdf_text};

const EVERY_METRIC: &str = "regionId branchId employeeId productId competitorId customerSegment \
    period { label } revenue orders units averageOrderValue newCustomers target attainment pace \
    yoyGrowth momGrowth winRate wonDeals lostDeals averageDealSize salesCycleDays csat nps \
    churnRate productMixShare weightedPipeline";

async fn rows(app: &TestApp, input: Value) -> Vec<Value> {
    let q =
        format!("query($i: SalesMetricsInput!) {{ salesMetrics(input: $i) {{ {EVERY_METRIC} }} }}");
    let body = app.graphql_as(&admin(), &q, json!({ "i": input })).await;
    assert!(body["errors"].is_null(), "{input}: {body}");
    body["data"]["salesMetrics"].as_array().unwrap().clone()
}

/// A row of a period without any activity: counts and sums are zero, ratios are null.
fn assert_empty(row: &Value, context: &str) {
    for zero in ["wonDeals", "lostDeals", "newCustomers"] {
        assert!(row[zero] == json!(0) || row[zero].is_null(), "{context}: {zero} in {row}");
    }
    for money in ["revenue", "weightedPipeline"] {
        assert!(row[money] == json!("0.00") || row[money].is_null(), "{context}: {money} in {row}");
    }
    for undefined in [
        "averageOrderValue",
        "target",
        "attainment",
        "pace",
        "yoyGrowth",
        "momGrowth",
        "winRate",
        "averageDealSize",
        "salesCycleDays",
        "csat",
        "nps",
        "productMixShare",
    ] {
        assert!(row[undefined].is_null(), "{context}: {undefined} in {row}");
    }
}

async fn every_kpi_over_an_empty_period(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    // Nothing happened in 2030, and there are no targets for it.
    let range = json!({ "from": "2030-01-01", "to": "2030-03-31", "asOf": "2030-02-15T00:00:00Z" });
    let whole = rows(&app, range.clone()).await;
    assert_eq!(whole.len(), 1, "{whole:?}");
    assert_empty(&whole[0], "no grouping");
    assert_eq!(whole[0]["orders"], 0);
    assert_eq!(whole[0]["units"], 0);
    assert_eq!(whole[0]["wonDeals"], 0);
    assert_eq!(whole[0]["newCustomers"], 0);
    // The customers of 2026 are still there and none was lost: churn is 0, not undefined.
    assert_eq!(whole[0]["churnRate"], "0.00");

    for group in [
        json!(["MONTH"]),
        json!(["BRANCH"]),
        json!(["REGION", "QUARTER"]),
        json!(["EMPLOYEE", "MONTH"]),
        json!(["PRODUCT"]),
        json!(["CATEGORY", "YEAR"]),
        json!(["COMPETITOR"]),
        json!(["CUSTOMER_SEGMENT", "WEEK"]),
    ] {
        let mut input = range.clone();
        input["groupBy"] = group.clone();
        for row in rows(&app, input).await {
            assert_empty(&row, &group.to_string());
        }
    }
    // Filtered to one branch, and to a competitor nobody met.
    for filter in [json!({ "branchIds": ["3"] }), json!({ "competitorIds": ["1"] })] {
        let mut input = range.clone();
        input["filter"] = filter.clone();
        let found = rows(&app, input).await;
        assert_eq!(found.len(), 1, "{filter}: {found:?}");
        assert_empty(&found[0], &filter.to_string());
    }
}

async fn every_kpi_on_a_database_with_nothing_in_it(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    // Only the account the test tokens name: no region, branch, order or customer.
    admin_account(&app).await;
    let found = rows(&app, json!({ "from": "2026-01-01", "to": "2026-12-31" })).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_empty(&found[0], "empty database");
    assert!(found[0]["churnRate"].is_null(), "no customers: churn is undefined");
    let grouped =
        rows(&app, json!({ "from": "2026-01-01", "to": "2026-12-31", "groupBy": ["MONTH"] })).await;
    assert_eq!(grouped.len(), 12);
    for row in &grouped {
        assert_empty(row, "empty database by month");
    }
}

async fn the_review_of_a_branch_month_without_deals_renders(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    // 广州 closed no deal in January 2026 (nor sold anything): the review still renders.
    let run =
        generate(&app, &admin(), "monthly-review", json!({ "month": "2026-01", "branch": "3" }))
            .await;
    assert_eq!(run["status"], "SUCCEEDED", "{run}");
    let url = run["downloadUrl"].as_str().unwrap();
    let (status, _, pdf) = download(&app, Some(&admin()), url).await;
    assert_eq!(status, 200);
    let text = pdf_text(&pdf);
    assert!(text.contains("广州分公司"), "{text}");
    assert!(text.contains("¥0.00"), "a month without sales shows zero revenue: {text}");
}

crate::on_both_backends!(
    every_kpi_over_an_empty_period,
    every_kpi_on_a_database_with_nothing_in_it,
    the_review_of_a_branch_month_without_deals_renders,
);
