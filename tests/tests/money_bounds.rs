//! Money within what both databases store and add up exactly: the largest accepted prices,
//! lines, orders, deals and targets are summed to the fen on SQLite and PostgreSQL; one fen
//! more is BAD_USER_INPUT naming the field.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::analytics::{admin, company};
use crate::helpers::{Backend, TestApp, error};

const MAX: &str = "10000000000.00";

async fn create_order(app: &TestApp, lines: Value) -> Value {
    let q = "mutation($i: CreateOrderInput!) { createOrder(input: $i) { totalAmount lines { amount } } }";
    let input = json!({ "customerId": "1", "salespersonId": "1", "orderedAt": "2026-06-15T02:00:00Z", "lines": lines });
    app.graphql_as(&admin(), q, json!({ "i": input })).await
}

fn refused(body: &Value, field: &str) {
    let (code, named, _) = error(body);
    assert_eq!((code, named), ("BAD_USER_INPUT", field), "{body}");
}

async fn the_largest_amounts_add_up_exactly(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let line = |quantity: i64, price: &str| json!({ "productId": "1", "quantity": quantity, "unitPrice": price });

    // Accepted: the largest unit price, the largest line from the largest quantity, an order
    // at the bound made of two lines, and awkward fen just under it.
    let mut expected = Decimal::ZERO;
    for lines in [
        json!([line(1, MAX)]),
        json!([line(1_000_000, "10000.00")]),
        json!([line(1, "5000000000.01"), line(1, "4999999999.99")]),
        json!([line(3, "3333333333.33")]),
        json!([line(1, "9999999999.99")]),
        json!([line(1, "0.01")]),
    ] {
        let body = create_order(&app, lines.clone()).await;
        assert!(body["errors"].is_null(), "{lines}: {body}");
        let total = Decimal::from_str(body["data"]["createOrder"]["totalAmount"].as_str().unwrap())
            .unwrap();
        assert!(total <= Decimal::from_str(MAX).unwrap());
        expected += total;
    }
    // 10,000,000,000.00 × 3 + 9,999,999,999.99 × 2 + 0.01 = 49,999,999,999.99, to the fen.
    assert_eq!(expected, Decimal::from_str("49999999999.99").unwrap());

    // Refused, each naming its field, and nothing is written.
    refused(&create_order(&app, json!([line(1, "10000000000.01")])).await, "lines[0].unitPrice");
    refused(
        &create_order(&app, json!([line(1, "99999999999999999999999")])).await,
        "lines[0].unitPrice",
    );
    refused(&create_order(&app, json!([line(1_000_000, "10000.01")])).await, "lines[0].quantity");
    refused(
        &create_order(&app, json!([line(1, "6000000000.00"), line(1, "4000000000.01")])).await,
        "lines",
    );
    refused(&create_order(&app, json!([line(1_000_001, "1.00")])).await, "lines[0].quantity");

    let q = "query($i: SalesMetricsInput!) { salesMetrics(input: $i) { branchId period { label } revenue orders averageOrderValue } }";
    let june = json!({ "from": "2026-06-01", "to": "2026-06-30" });
    let body = app.graphql_as(&admin(), q, json!({ "i": june })).await;
    let row = &body["data"]["salesMetrics"][0];
    assert_eq!(
        (row["revenue"].clone(), row["orders"].clone()),
        (json!("49999999999.99"), json!(6)),
        "{body}"
    );
    assert_eq!(row["averageOrderValue"], "8333333333.33"); // 8,333,333,333.331…
    let by_day = json!({ "from": "2026-06-01", "to": "2026-06-30", "groupBy": ["BRANCH", "DAY"] });
    let body = app.graphql_as(&admin(), q, json!({ "i": by_day })).await;
    let rows = body["data"]["salesMetrics"].as_array().unwrap();
    let day: Vec<&Value> = rows.iter().filter(|r| r["period"]["label"] == "2026-06-15").collect();
    assert_eq!(day.len(), 1, "{body}");
    assert_eq!(day[0]["revenue"], "49999999999.99");

    // A deal at the bound, weighted by 33 %: 3,300,000,000.00 of pipeline.
    let q = "mutation($i: NewOpportunityInput!) { createOpportunity(input: $i) { amount } }";
    let deal = |amount: &str| json!({ "i": { "customerId": "1", "name": "大单", "amount": amount, "expectedCloseDate": "2031-06-30", "probability": 33, "ownerId": "1" } });
    let body = app.graphql_as(&admin(), q, deal(MAX)).await;
    assert_eq!(body["data"]["createOpportunity"]["amount"], MAX, "{body}");
    refused(&app.graphql_as(&admin(), q, deal("10000000000.01")).await, "amount");
    let q = "query($i: SalesMetricsInput!) { salesMetrics(input: $i) { weightedPipeline } }";
    let body = app
        .graphql_as(&admin(), q, json!({ "i": { "from": "2031-06-01", "to": "2031-06-30" } }))
        .await;
    assert_eq!(body["data"]["salesMetrics"][0]["weightedPipeline"], "3300000000.00", "{body}");

    // A target of ¥10 trillion splits into four quarters and reads back to the fen.
    let q = "mutation($i: CreateSalesTargetInput!) { createSalesTarget(input: $i) { id amount } }";
    let target = |amount: &str| json!({ "i": { "metric": "REVENUE", "periodKind": "YEAR", "periodStart": "2031-01-01", "amount": amount } });
    refused(&app.graphql_as(&admin(), q, target("10000000000000.01")).await, "amount");
    let body = app.graphql_as(&admin(), q, target("10000000000000.00")).await;
    let id = body["data"]["createSalesTarget"]["id"].clone();
    assert!(id.is_string(), "{body}");
    let q = "mutation($i: AllocateTargetInput!) { allocateTarget(input: $i) { id } }";
    let body = app
        .graphql_as(
            &admin(),
            q,
            json!({ "i": { "parentId": id, "over": "TIME", "strategy": "EVEN" } }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let q = "query($i: SalesMetricsInput!) { salesMetrics(input: $i) { period { label } target } }";
    let body = app
        .graphql_as(
            &admin(),
            q,
            json!({ "i": { "from": "2031-01-01", "to": "2031-12-31", "groupBy": ["QUARTER"] } }),
        )
        .await;
    let targets: Vec<&Value> =
        body["data"]["salesMetrics"].as_array().unwrap().iter().map(|r| &r["target"]).collect();
    assert_eq!(targets, [&json!("2500000000000.00"); 4], "{body}");
    let body = app
        .graphql_as(&admin(), q, json!({ "i": { "from": "2031-01-01", "to": "2031-12-31" } }))
        .await;
    assert_eq!(body["data"]["salesMetrics"][0]["target"], "10000000000000.00", "{body}");
}

crate::on_both_backends!(the_largest_amounts_add_up_exactly);
