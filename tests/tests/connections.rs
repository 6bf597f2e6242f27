//! Connections over every area of the model: filters, orderings and pages in both directions
//! checked against plain SQL on the same database; cursors that survive inserts; a fixed
//! number of SQL statements whatever the page size; clear errors for bad paging input.

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error};

/// One connection query and the SQL that must select the same rows in the same order.
struct Case {
    list: &'static str,
    args: &'static str,
    table: &'static str,
    sql_where: &'static str,
    sql_order: &'static str,
}

/// One per area of the model (DESIGN.md §1–11); the platform's audit log is covered by the
/// mutation tests.
const CASES: &[Case] = &[
    Case {
        list: "employees",
        args: r#"filter: { status: { eq: ACTIVE }, branchId: { in: ["1", "2"] } }, orderBy: HIRE_DATE, direction: DESC"#,
        table: "employees",
        sql_where: "status = 'ACTIVE' AND branch_id IN (1, 2)",
        sql_order: "hire_date DESC, id DESC",
    },
    Case {
        list: "branchReports",
        args: "filter: { status: { in: [SUBMITTED, REVIEWED] }, kind: { eq: MONTHLY } }, orderBy: PERIOD_START",
        table: "branch_reports",
        sql_where: "status IN ('SUBMITTED', 'REVIEWED') AND kind = 'MONTHLY'",
        sql_order: "period_start ASC, id ASC",
    },
    Case {
        list: "orders",
        args: r#"filter: { branchId: { eq: "1" }, status: { eq: CONFIRMED }, totalAmount: { gte: "200000" } }, orderBy: TOTAL_AMOUNT, direction: DESC"#,
        table: "sales_orders",
        sql_where: "branch_id = 1 AND status = 'CONFIRMED' AND total_amount >= 200000",
        sql_order: "total_amount DESC, id DESC",
    },
    Case {
        list: "customers",
        args: r#"filter: { name: { contains: "科技" }, churnedOn: { isNull: true } }, orderBy: NAME"#,
        table: "customers",
        sql_where: "name LIKE '%科技%' AND churned_on IS NULL",
        sql_order: "name ASC, id ASC",
    },
    Case {
        list: "salesTargets",
        args: "filter: { periodKind: { eq: MONTH }, scopeKind: { eq: BRANCH } }, orderBy: AMOUNT",
        table: "sales_targets",
        sql_where: "period_kind = 'MONTH' AND scope_kind = 'BRANCH'",
        sql_order: "amount ASC, id ASC",
    },
    Case {
        list: "alerts",
        args: "filter: { severity: { eq: CRITICAL } }, orderBy: TRIGGERED_AT, direction: DESC",
        table: "alerts",
        sql_where: "severity = 'CRITICAL'",
        sql_order: "triggered_at DESC, id DESC",
    },
    Case {
        list: "enrollments",
        args: r#"filter: { score: { gte: "80" } }, orderBy: SCORE, direction: DESC"#,
        table: "enrollments",
        sql_where: "score >= 80",
        sql_order: "score DESC NULLS LAST, id DESC",
    },
    Case {
        list: "surveyResponses",
        args: r#"filter: { nps: { gte: 9 }, branchId: { eq: "2" } }, orderBy: RESPONDED_AT"#,
        table: "survey_responses",
        sql_where: "nps >= 9 AND branch_id = 2",
        sql_order: "responded_at ASC, id ASC",
    },
    Case {
        list: "serviceTickets",
        args: "filter: { priority: { eq: HIGH }, not: { status: { eq: RESOLVED } } }, orderBy: SLA_DUE_AT",
        table: "service_tickets",
        sql_where: "priority = 'HIGH' AND NOT (status = 'RESOLVED')",
        sql_order: "sla_due_at ASC, id ASC",
    },
    Case {
        list: "reviews",
        args: "filter: { rating: { isNull: false } }, orderBy: RATING, direction: DESC",
        table: "reviews",
        sql_where: "rating IS NOT NULL",
        sql_order: "rating DESC NULLS LAST, id DESC",
    },
    Case {
        list: "tasks",
        args: "filter: { or: [{ status: { eq: DONE } }, { priority: { eq: URGENT } }] }, orderBy: DUE_DATE",
        table: "tasks",
        sql_where: "status = 'DONE' OR priority = 'URGENT'",
        sql_order: "due_date ASC NULLS FIRST, id ASC",
    },
    Case {
        list: "priceObservations",
        args: r#"filter: { price: { lt: "1000" } }, orderBy: OBSERVED_ON, direction: DESC"#,
        table: "price_observations",
        sql_where: "price < 1000",
        sql_order: "observed_on DESC, id DESC",
    },
];

/// The ids SQL selects for a case.
async fn oracle(app: &TestApp, case: &Case) -> Vec<String> {
    let sql = format!(
        "SELECT id FROM {} WHERE {} ORDER BY {}",
        case.table, case.sql_where, case.sql_order
    );
    let backend = app.db.get_database_backend();
    let rows = app.db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap();
    rows.iter().map(|r| r.try_get::<i32>("", "id").unwrap().to_string()).collect()
}

/// One page: the ids, the page info and the total count.
async fn page(app: &TestApp, token: &str, list: &str, args: &str) -> (Vec<String>, Value, Value) {
    let query = format!(
        "{{ {list}({args}) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} edges {{ cursor node {{ id }} }} }} }}"
    );
    let body = app.graphql_as(token, &query, json!({})).await;
    let connection = &body["data"][list];
    let edges = connection["edges"].as_array().unwrap_or_else(|| panic!("{query}: {body}"));
    let ids = edges.iter().map(|e| e["node"]["id"].as_str().unwrap().to_owned()).collect();
    (ids, connection["pageInfo"].clone(), connection["totalCount"].clone())
}

async fn every_area_pages_through_a_filtered_ordered_connection(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("admin").await;
    for case in CASES {
        let list = case.list;
        let expected = oracle(&app, case).await;
        let n = expected.len();
        assert!((6..=500).contains(&n), "{list}: the fixture should match 6 to 500 rows, got {n}");
        let k = n / 3;

        let (all, info, total) =
            page(&app, &token, list, &format!("first: 500, {}", case.args)).await;
        assert_eq!(all, expected, "{list}: the whole list");
        assert_eq!(total, json!(n), "{list}: totalCount");
        assert_eq!(info["hasNextPage"], false, "{list}");

        // Forward: two pages of k.
        let (first, info, _) =
            page(&app, &token, list, &format!("first: {k}, {}", case.args)).await;
        assert_eq!(first, expected[..k], "{list}: first page");
        assert_eq!(
            (info["hasPreviousPage"].clone(), info["hasNextPage"].clone()),
            (json!(false), json!(true)),
            "{list}"
        );
        let after = info["endCursor"].as_str().unwrap();
        let args = format!(r#"first: {k}, after: "{after}", {}"#, case.args);
        let (second, info, total) = page(&app, &token, list, &args).await;
        assert_eq!(second, expected[k..2 * k], "{list}: second page");
        assert_eq!(info["hasPreviousPage"], true, "{list}");
        assert_eq!(total, json!(n), "{list}: totalCount ignores the cursor");

        // Backward: the last two pages of k.
        let (last, info, _) = page(&app, &token, list, &format!("last: {k}, {}", case.args)).await;
        assert_eq!(last, expected[n - k..], "{list}: last page");
        assert_eq!(
            (info["hasPreviousPage"].clone(), info["hasNextPage"].clone()),
            (json!(true), json!(false)),
            "{list}"
        );
        let before = info["startCursor"].as_str().unwrap();
        let args = format!(r#"last: {k}, before: "{before}", {}"#, case.args);
        let (previous, info, _) = page(&app, &token, list, &args).await;
        assert_eq!(previous, expected[n - 2 * k..n - k], "{list}: the page before the last");
        assert_eq!(info["hasNextPage"], true, "{list}");
    }
    app.stop().await;
}

async fn text_filters_match_chinese_literally_and_latin_without_case(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("admin").await;
    let skus = |body: &Value| -> Vec<String> {
        body["data"]["products"]["edges"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|e| e["node"]["sku"].as_str().unwrap().to_owned())
            .collect()
    };
    let query =
        "query($f: ProductFilter) { products(first: 100, filter: $f) { edges { node { sku } } } }";
    let exact = app
        .graphql_as(&token, query, json!({ "f": { "sku": { "startsWith": "network-" } } }))
        .await;
    assert!(skus(&exact).is_empty(), "case-sensitive by default: {exact}");
    let folded = app
        .graphql_as(
            &token,
            query,
            json!({ "f": { "sku": { "startsWith": "network-", "caseInsensitive": true } } }),
        )
        .await;
    let folded = skus(&folded);
    assert!(!folded.is_empty() && folded.iter().all(|s| s.starts_with("NETWORK-")), "{folded:?}");
    // LIKE wildcards in the input are plain characters.
    let wildcard =
        app.graphql_as(&token, query, json!({ "f": { "sku": { "contains": "%" } } })).await;
    assert!(skus(&wildcard).is_empty(), "{wildcard}");

    let query = "query($f: CustomerFilter) { customers(first: 500, filter: $f) { totalCount edges { node { name city } } } }";
    let body = app
        .graphql_as(
            &token,
            query,
            json!({ "f": { "city": { "eq": "上海" }, "name": { "contains": "医疗" } } }),
        )
        .await;
    let edges = body["data"]["customers"]["edges"].as_array().unwrap_or_else(|| panic!("{body}"));
    assert!(!edges.is_empty(), "{body}");
    for e in edges {
        assert_eq!(e["node"]["city"], "上海");
        assert!(e["node"]["name"].as_str().unwrap().contains("医疗"), "{e}");
    }
    app.stop().await;
}

async fn cursors_stay_valid_while_rows_are_inserted(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("mgr.sh").await;
    let (_, info, _) = page(&app, &token, "customers", "first: 5").await;
    let after = info["endCursor"].as_str().unwrap().to_owned();
    let (before_insert, _, _) =
        page(&app, &token, "customers", &format!(r#"first: 5, after: "{after}""#)).await;
    let (desc_first, info, _) = page(&app, &token, "customers", "first: 5, direction: DESC").await;
    let desc_after = info["endCursor"].as_str().unwrap().to_owned();
    let (desc_second, _, _) = page(
        &app,
        &token,
        "customers",
        &format!(r#"first: 5, direction: DESC, after: "{desc_after}""#),
    )
    .await;

    let created = app
        .graphql_as(
            &token,
            "mutation { createCustomer(input: { code: \"CSHNEW01\", name: \"上海新客户有限公司\", segment: SMB, industry: \"零售\", city: \"上海\" }) { id } }",
            json!({}),
        )
        .await;
    let new_id = created["data"]["createCustomer"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();

    let (after_insert, _, _) =
        page(&app, &token, "customers", &format!(r#"first: 5, after: "{after}""#)).await;
    assert_eq!(after_insert, before_insert, "the same page after an insert");
    let (desc_again, _, _) = page(
        &app,
        &token,
        "customers",
        &format!(r#"first: 5, direction: DESC, after: "{desc_after}""#),
    )
    .await;
    assert_eq!(desc_again, desc_second, "a descending page holds still too");
    let (desc_top, _, _) = page(&app, &token, "customers", "first: 5, direction: DESC").await;
    assert_eq!(desc_top[0], new_id, "the new customer leads the descending list");
    assert_eq!(desc_top[1..], desc_first[..4]);
    app.stop().await;
}

const ORDERS_WITH_EVERYTHING: &str = "query($n: Int!) { orders(first: $n, orderBy: ORDERED_AT, direction: DESC) { edges { node { orderNo totalAmount customer { name owner { name } } salesperson { name team { name } } branch { name region { name } } lines { quantity amount product { name category { name } } } } } } }";

async fn nested_relations_take_a_fixed_number_of_statements(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("admin").await;
    let mut counts = Vec::new();
    for n in [5, 100, 300] {
        let before = app.state.statements_run();
        let body = app.graphql_as(&token, ORDERS_WITH_EVERYTHING, json!({ "n": n })).await;
        let after = app.state.statements_run();
        let edges = body["data"]["orders"]["edges"].as_array().unwrap_or_else(|| panic!("{body}"));
        assert_eq!(edges.len(), n);
        let first = &edges[0]["node"];
        assert!(
            first["customer"]["name"].is_string() && first["branch"]["region"]["name"].is_string(),
            "{first}"
        );
        assert!(first["lines"][0]["product"]["category"]["name"].is_string(), "{first}");
        counts.push(after - before);
    }
    // The orders, then one batch per relation: customers, employees (salespeople and owners),
    // teams, branches, regions, lines, products, categories.
    assert!(counts[0] <= 10, "statements for 5 orders: {counts:?}");
    assert_eq!(counts[0], counts[1], "5 and 100 orders: {counts:?}");
    assert_eq!(counts[1], counts[2], "100 and 300 orders: {counts:?}");
    app.stop().await;
}

async fn bad_paging_and_ids_are_clear_errors(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("mgr.sh").await;
    let ask = |q: &'static str| app.graphql_as(&token, q, json!({}));

    let body = ask("{ orders(first: 501) { edges { cursor } } }").await;
    assert_eq!(error(&body).0, "BAD_USER_INPUT");
    assert_eq!(error(&body).1, "first");
    let body = ask("{ orders(last: -1) { edges { cursor } } }").await;
    assert_eq!(error(&body).1, "last");
    let body = ask(r#"{ orders(after: "not-a-cursor") { edges { cursor } } }"#).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "after"));
    // A cursor made for one ordering is refused for another.
    let (_, info, _) = page(&app, &token, "orders", "first: 1, orderBy: TOTAL_AMOUNT").await;
    let cursor = info["endCursor"].as_str().unwrap();
    let q =
        format!(r#"{{ orders(after: "{cursor}", orderBy: ORDERED_AT) {{ edges {{ cursor }} }} }}"#);
    let body = app.graphql_as(&token, &q, json!({})).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "after"));

    let body = ask(r#"{ order(id: "abc") { id } }"#).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "id"));
    let body = ask(r#"{ order(id: "99999999") { id } }"#).await;
    assert_eq!(error(&body).0, "NOT_FOUND");
    let body =
        ask(r#"{ orders(filter: { customerId: { in: ["1", "x"] } }) { edges { cursor } } }"#).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "customerId"));

    // A row of 华南 is not found for a manager of 华东, exactly like a row that does not exist.
    let guangzhou_order: i32 = {
        let backend = app.db.get_database_backend();
        let sql = "SELECT o.id FROM sales_orders o JOIN branches b ON b.id = o.branch_id WHERE b.code = 'GZ' ORDER BY o.id LIMIT 1";
        let row =
            app.db.query_one_raw(Statement::from_string(backend, sql)).await.unwrap().unwrap();
        row.try_get("", "id").unwrap()
    };
    let q = format!(r#"{{ order(id: "{guangzhou_order}") {{ id }} }}"#);
    let body = app.graphql_as(&token, &q, json!({})).await;
    assert_eq!(error(&body).0, "NOT_FOUND", "{body}");
    assert_eq!(body["errors"][0]["message"], "order not found");
    app.stop().await;
}

async fn limits_refuse_deep_complex_and_large_requests(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (token, _) = app.login("admin").await;
    let deep = format!(
        "{{ regions {{ edges {{ node {{ {} name {} }} }} }} }}",
        "branches { region { ".repeat(8),
        "} } ".repeat(8)
    );
    let body = app.graphql_as(&token, &deep, json!({})).await;
    assert!(
        body["errors"][0]["message"].as_str().unwrap_or("").contains("nested 20 levels deep"),
        "{body}"
    );
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");

    // Five pages of 500 orders with a dozen fields each: 30,000 fields' worth of work.
    let page = "orders(first: 500) { edges { node { id orderNo status totalAmount orderedAt note currency version customerId branchId } } }";
    let heavy = format!("{{ a: {page} b: {page} c: {page} d: {page} e: {page} }}");
    let body = app.graphql_as(&token, &heavy, json!({})).await;
    let message = body["errors"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("at most 20000 is allowed"), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], 20_000, "{body}");
    // One such page is fine.
    let body = app.graphql_as(&token, &format!("{{ {page} }}"), json!({})).await;
    assert_eq!(body["data"]["orders"]["edges"].as_array().map(Vec::len), Some(500), "{body}");

    let huge = format!("{{ __typename }} # {}", "x".repeat(2 * 1024 * 1024));
    let sent = (app.client.post(app.url("/graphql")))
        .header("authorization", format!("Bearer {token}"))
        .json(&json!({ "query": huge }))
        .send()
        .await;
    // The server answers 413 as soon as it sees the length, and may close the connection
    // while the client is still writing the body: a broken pipe is the same refusal.
    match sent {
        Ok(response) => {
            assert_eq!(response.status().as_u16(), 413, "a body over the limit is refused")
        }
        Err(err) => assert!(err.is_request(), "the request failed otherwise: {err}"),
    }
    app.stop().await;
}

crate::on_both_backends!(
    limits_refuse_deep_complex_and_large_requests,
    every_area_pages_through_a_filtered_ordered_connection,
    text_filters_match_chinese_literally_and_latin_without_case,
    cursors_stay_valid_while_rows_are_inserted,
    nested_relations_take_a_fixed_number_of_statements,
    bad_paging_and_ids_are_clear_errors,
);
