//! The customer lifecycle and the business day: the first confirmed order makes a PROSPECT
//! ACTIVE, acquired on the order's day in Shanghai (07:30 on 1 April there is 23:30 on 31
//! March in UTC), in the order's transaction and audited; it then counts as an April new
//! customer. Dates set from the clock (a churn) are Shanghai's days too.

use serde_json::{Value, json};

use crate::analytics::{admin, company};
use crate::helpers::{Backend, TestApp, business_today, number};

const CUSTOMER: &str = "id version status acquiredOn churnedOn";

async fn new_customer(app: &TestApp, code: &str) -> Value {
    let q = format!(
        "mutation($i: CreateCustomerInput!) {{ createCustomer(input: $i) {{ {CUSTOMER} }} }}"
    );
    let input = json!({ "code": code, "name": format!("新客户{code}"), "branchId": "1", "segment": "SMB", "industry": "制造", "city": "上海" });
    let body = app.graphql_as(&admin(), &q, json!({ "i": input })).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["createCustomer"].clone()
}

async fn customer(app: &TestApp, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ customer(id: $id) {{ {CUSTOMER} }} }}");
    app.graphql_as(&admin(), &q, json!({ "id": id })).await["data"]["customer"].clone()
}

async fn order(app: &TestApp, customer: &Value, at: &str, status: &str) -> Value {
    let q = "mutation($i: CreateOrderInput!) { createOrder(input: $i) { id version status } }";
    let input = json!({ "customerId": customer, "salespersonId": "1", "orderedAt": at, "status": status,
        "lines": [{ "productId": "1", "quantity": 1 }] });
    let body = app.graphql_as(&admin(), q, json!({ "i": input })).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["createOrder"].clone()
}

async fn new_customers(app: &TestApp, from: &str, to: &str) -> i64 {
    let q = "query($i: SalesMetricsInput!) { salesMetrics(input: $i) { newCustomers } }";
    let body = app.graphql_as(&admin(), q, json!({ "i": { "from": from, "to": to } })).await;
    body["data"]["salesMetrics"][0]["newCustomers"].as_i64().unwrap_or_else(|| panic!("{body}"))
}

async fn the_first_confirmed_order_wins_the_customer_on_its_shanghai_day(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let (march, april) = (
        new_customers(&app, "2026-03-01", "2026-03-31").await,
        new_customers(&app, "2026-04-01", "2026-04-30").await,
    );
    let prospect = new_customer(&app, "N1").await;
    assert_eq!(
        (prospect["status"].clone(), prospect["acquiredOn"].clone()),
        (json!("PROSPECT"), json!(null))
    );

    // A draft changes nothing; confirming it, the customer is won on 1 April (Shanghai).
    let draft = order(&app, &prospect["id"], "2026-03-31T23:30:00Z", "DRAFT").await;
    assert_eq!(customer(&app, &prospect["id"]).await["status"], "PROSPECT");
    let q = "mutation($id: ID!, $v: Int!) { setOrderStatus(id: $id, version: $v, status: CONFIRMED) { status } }";
    let body =
        app.graphql_as(&admin(), q, json!({ "id": draft["id"], "v": draft["version"] })).await;
    assert_eq!(body["data"]["setOrderStatus"]["status"], "CONFIRMED", "{body}");
    let won = customer(&app, &prospect["id"]).await;
    assert_eq!(
        (won["status"].clone(), won["acquiredOn"].clone()),
        (json!("ACTIVE"), json!("2026-04-01"))
    );
    assert_eq!(won["version"], 2, "the change bumps the customer's version");
    assert_eq!(
        new_customers(&app, "2026-03-01", "2026-03-31").await,
        march,
        "not a March customer"
    );
    assert_eq!(new_customers(&app, "2026-04-01", "2026-04-30").await, april + 1);
    let audited = number(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'customer.acquire'",
    )
    .await;
    assert_eq!(audited, 1);

    // Booked confirmed at 00:30 on 1 May in Shanghai: a May customer. A later order does not
    // move the day; an earlier one (imported history) does.
    let other = new_customer(&app, "N2").await;
    order(&app, &other["id"], "2026-04-30T16:30:00Z", "CONFIRMED").await;
    assert_eq!(customer(&app, &other["id"]).await["acquiredOn"], "2026-05-01");
    order(&app, &other["id"], "2026-06-01T02:00:00Z", "CONFIRMED").await;
    assert_eq!(customer(&app, &other["id"]).await["acquiredOn"], "2026-05-01");
    order(&app, &other["id"], "2026-04-20T02:00:00Z", "CONFIRMED").await;
    assert_eq!(customer(&app, &other["id"]).await["acquiredOn"], "2026-04-20");
    // A cancelled order is not a sale.
    let third = new_customer(&app, "N3").await;
    let q = "mutation($id: ID!, $v: Int!) { setOrderStatus(id: $id, version: $v, status: CANCELLED) { status } }";
    let draft = order(&app, &third["id"], "2026-04-02T02:00:00Z", "DRAFT").await;
    app.graphql_as(&admin(), q, json!({ "id": draft["id"], "v": draft["version"] })).await;
    assert_eq!(customer(&app, &third["id"]).await["status"], "PROSPECT");
}

async fn a_churn_is_dated_by_the_business_day(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let before = business_today().to_string();
    let current = customer(&app, &json!("1")).await;
    let q = format!(
        "mutation($id: ID!, $v: Int!) {{ updateCustomer(id: $id, version: $v, input: {{ status: CHURNED }}) {{ {CUSTOMER} }} }}"
    );
    let body = app.graphql_as(&admin(), &q, json!({ "id": "1", "v": current["version"] })).await;
    let after = business_today().to_string();
    let churned = body["data"]["updateCustomer"]["churnedOn"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    assert!(
        churned == before || churned == after,
        "churned on {churned}, Shanghai's day is {before}"
    );
}

crate::on_both_backends!(
    the_first_confirmed_order_wins_the_customer_on_its_shanghai_day,
    a_churn_is_dated_by_the_business_day,
);
