//! The target tree: splits over time and over the organisation by each strategy, exact sums
//! of awkward amounts, edits that would break a sum refused, locks, cascades, scope, and
//! `targetTree` with actuals on the hand-made company of `analytics.rs`.

use serde_json::{Value, json};

use crate::analytics::{admin, company, token};
use crate::helpers::{Backend, TestApp, error};

const TARGET: &str = "id version amount scopeKey periodStart locked children { id version amount scopeKey periodStart locked }";

async fn call(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    app.graphql_as(token, query, vars).await
}

async fn create(app: &TestApp, kind: &str, start: &str, amount: &str) -> Value {
    let q = format!(
        "mutation($i: CreateSalesTargetInput!) {{ createSalesTarget(input: $i) {{ {TARGET} }} }}"
    );
    let input =
        json!({ "metric": "REVENUE", "periodKind": kind, "periodStart": start, "amount": amount });
    let body = call(app, &admin(), &q, json!({ "i": input })).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["createSalesTarget"].clone()
}

async fn allocate_as(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: AllocateTargetInput!) {{ allocateTarget(input: $i) {{ {TARGET} }} }}"
    );
    call(app, token, &q, json!({ "i": input })).await
}

async fn allocate(app: &TestApp, input: Value) -> Value {
    let body = allocate_as(app, &admin(), input).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["allocateTarget"].clone()
}

async fn read(app: &TestApp, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ salesTarget(id: $id) {{ {TARGET} }} }}");
    call(app, &admin(), &q, json!({ "id": id })).await["data"]["salesTarget"].clone()
}

fn amounts(target: &Value) -> Vec<&str> {
    target["children"].as_array().unwrap().iter().map(|c| c["amount"].as_str().unwrap()).collect()
}

/// The amount as a number of fen, whatever the backend writes (`100` or `100.00`).
fn fen(amount: &Value) -> i64 {
    let text = amount.as_str().unwrap();
    let (whole, part) = text.split_once('.').unwrap_or((text, "0"));
    whole.parse::<i64>().unwrap() * 100 + format!("{part:0<2}")[..2].parse::<i64>().unwrap()
}

fn sum_of_children(target: &Value) -> i64 {
    target["children"].as_array().unwrap().iter().map(|c| fen(&c["amount"])).sum()
}

async fn awkward_amounts_split_exactly_by_each_strategy(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;

    // 1,000,000.01 over three months: 100,000,001 fen ÷ 3 leaves 2 fen, to the first two.
    let quarter = create(&app, "QUARTER", "2028-01-01", "1000000.01").await;
    let split =
        allocate(&app, json!({ "parentId": quarter["id"], "over": "TIME", "strategy": "EVEN" }))
            .await;
    let months = read(&app, &split["id"]).await;
    assert_eq!(amounts(&months), ["333333.34", "333333.34", "333333.33"]);
    let starts: Vec<&str> = months["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["periodStart"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2028-01-01", "2028-02-01", "2028-03-01"]);
    // Splitting again over time finds the three months and keeps them.
    allocate(&app, json!({ "parentId": quarter["id"], "over": "TIME", "strategy": "EVEN" })).await;
    assert_eq!(read(&app, &quarter["id"]).await["children"].as_array().unwrap().len(), 3);

    // 100.00 over the two regions by 2 : 1: 66.666… and 33.333…; the fen left goes to the
    // larger remainder (0.67 against 0.33).
    let year = create(&app, "YEAR", "2027-01-01", "100.00").await;
    let weights = json!([{ "unitId": "1", "weight": "2" }, { "unitId": "2", "weight": "1" }]);
    allocate(&app, json!({ "parentId": year["id"], "over": "ORGANISATION", "strategy": "BY_WEIGHTS", "weights": weights })).await;
    let year = read(&app, &year["id"]).await;
    assert_eq!(amounts(&year), ["66.67", "33.33"]);
    let keys: Vec<&str> = year["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["scopeKey"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["REGION:1", "REGION:2"]);

    // Weights must name every child once, and only children.
    for (weights, field) in [
        (json!([{ "unitId": "1", "weight": "1" }]), "weights"),
        (json!([{ "unitId": "1", "weight": "1" }, { "unitId": "9", "weight": "1" }]), "weights[1]"),
        (
            json!([{ "unitId": "1", "weight": "-1" }, { "unitId": "2", "weight": "1" }]),
            "weights[0].weight",
        ),
    ] {
        let body = allocate_as(&app, &admin(), json!({ "parentId": year["id"], "over": "ORGANISATION", "strategy": "BY_WEIGHTS", "weights": weights })).await;
        assert_eq!(error(&body).0, "BAD_USER_INPUT", "{body}");
        assert_eq!(error(&body).1, field, "{body}");
    }
    assert_eq!(
        amounts(&read(&app, &year["id"]).await),
        ["66.67", "33.33"],
        "a refused split changes nothing"
    );

    // By last year's share over time: 2026's quarters sold 3500.45 (February 2000.00 and
    // March 1500.45), 300.00 (April), nothing and nothing. 10,000 fen × 3500.45 ÷ 3800.45 =
    // 9210.62 and × 300 ÷ 3800.45 = 789.38: the fen left goes to the first quarter (0.62).
    allocate(
        &app,
        json!({ "parentId": year["id"], "over": "TIME", "strategy": "BY_LAST_YEAR_SHARE" }),
    )
    .await;
    let year = read(&app, &year["id"]).await;
    // Children by id: the two regions, then the four quarters.
    assert_eq!(amounts(&year), ["66.67", "33.33", "92.11", "7.89", "0.00", "0.00"]);

    // By last year's share over the organisation: March 2026 in 华东 was 上海 1500.25 and 杭州
    // 0.20. 50,000 fen × 1500.25 ÷ 1500.45 = 49993.34 and × 0.20 ÷ 1500.45 = 6.66: the fen
    // left goes to 杭州 (0.66 against 0.34).
    let march = create(&app, "MONTH", "2027-03-01", "1000.00").await;
    allocate(&app, json!({ "parentId": march["id"], "over": "ORGANISATION", "strategy": "EVEN" }))
        .await;
    let march = read(&app, &march["id"]).await;
    assert_eq!(amounts(&march), ["500.00", "500.00"]);
    let east = &march["children"][0];
    let split = allocate(
        &app,
        json!({ "parentId": east["id"], "over": "ORGANISATION", "strategy": "BY_LAST_YEAR_SHARE" }),
    )
    .await;
    assert_eq!(amounts(&read(&app, &split["id"]).await), ["499.93", "0.07"]);
    // 广州, alone in 华南, sold nothing in March 2026: nothing to share by.
    let south = &march["children"][1];
    let body = allocate_as(&app, &admin(), json!({ "parentId": south["id"], "over": "ORGANISATION", "strategy": "BY_LAST_YEAR_SHARE" })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "strategy"), "{body}");
    // A month has no shorter period, a rep no unit below.
    let body = allocate_as(
        &app,
        &admin(),
        json!({ "parentId": east["id"], "over": "TIME", "strategy": "EVEN" }),
    )
    .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "over"), "{body}");
}

async fn edits_that_break_a_sum_are_refused_and_changes_cascade(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let year = create(&app, "YEAR", "2027-01-01", "1200.00").await;
    allocate(&app, json!({ "parentId": year["id"], "over": "TIME", "strategy": "EVEN" })).await;
    let year = read(&app, &year["id"]).await;
    assert_eq!(amounts(&year), ["300.00", "300.00", "300.00", "300.00"]);
    let q1 = year["children"][0].clone();
    let q2 = year["children"][1].clone();
    allocate(&app, json!({ "parentId": q1["id"], "over": "TIME", "strategy": "EVEN" })).await;
    assert_eq!(amounts(&read(&app, &q1["id"]).await), ["100.00", "100.00", "100.00"]);

    // One quarter alone cannot change: the year would no longer add up.
    let update = "mutation($id: ID!, $v: Int!, $a: Decimal!) { updateSalesTarget(id: $id, version: $v, amount: $a) { id amount } }";
    let body =
        call(&app, &admin(), update, json!({ "id": q1["id"], "v": q1["version"], "a": "400.00" }))
            .await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "amount"), "{body}");
    let adjust = "mutation($p: ID!, $a: [TargetAmountInput!]!) { adjustTargets(parentId: $p, amounts: $a) { id } }";
    let body = call(
        &app,
        &admin(),
        adjust,
        json!({ "p": year["id"], "a": [{ "targetId": q1["id"], "amount": "400.00" }] }),
    )
    .await;
    let (code, field, message) = error(&body);
    assert_eq!((code, field), ("BAD_USER_INPUT", "amounts"), "{body}");
    assert!(message.contains("1300") && message.contains("1200"), "{message}");
    assert_eq!(amounts(&read(&app, &year["id"]).await), ["300.00", "300.00", "300.00", "300.00"]);

    // Moving 90.00 from Q2 to Q1 keeps the sum; Q1's months follow in proportion.
    let moved = json!([{ "targetId": q1["id"], "amount": "390.00" }, { "targetId": q2["id"], "amount": "210.00" }]);
    let body = call(&app, &admin(), adjust, json!({ "p": year["id"], "a": moved })).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(amounts(&read(&app, &year["id"]).await), ["390.00", "210.00", "300.00", "300.00"]);
    assert_eq!(amounts(&read(&app, &q1["id"]).await), ["130.00", "130.00", "130.00"]);

    // The year itself may change; everything below is re-split and still adds up.
    let year = read(&app, &year["id"]).await;
    let body = call(
        &app,
        &admin(),
        update,
        json!({ "id": year["id"], "v": year["version"], "a": "1000.01" }),
    )
    .await;
    assert_eq!(body["data"]["updateSalesTarget"]["amount"], "1000.01", "{body}");
    let year = read(&app, &year["id"]).await;
    assert_eq!(sum_of_children(&year), 100_001);
    let q1 = read(&app, &q1["id"]).await;
    assert_eq!(sum_of_children(&q1), fen(&q1["amount"]));
    // 100,001 fen by 390 : 210 : 300 : 300 is 32,500.325, 17,500.175, 25,000.25 and
    // 25,000.25: the fen left goes to the largest remainder, Q1's.
    assert_eq!(amounts(&year), ["325.01", "175.00", "250.00", "250.00"]);

    // A locked quarter stops any change that would reach it, and nothing is written.
    let q2 = read(&app, &q2["id"]).await;
    let lock = "mutation($id: ID!, $v: Int!) { setTargetLocked(id: $id, version: $v, locked: true) { locked } }";
    let body = call(&app, &admin(), lock, json!({ "id": q2["id"], "v": q2["version"] })).await;
    assert_eq!(body["data"]["setTargetLocked"]["locked"], true, "{body}");
    let body = call(
        &app,
        &admin(),
        update,
        json!({ "id": year["id"], "v": year["version"], "a": "2000.00" }),
    )
    .await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "locked"), "{body}");
    assert_eq!(read(&app, &year["id"]).await["amount"], "1000.01");
    let body = call(
        &app,
        &admin(),
        adjust,
        json!({ "p": year["id"], "a": [
        { "targetId": q1["id"], "amount": fen_text(fen(&q1["amount"]) + 100) },
        { "targetId": q2["id"], "amount": fen_text(fen(&q2["amount"]) - 100) },
    ] }),
    )
    .await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "locked"), "{body}");
    // A stale version is a conflict too.
    let body =
        call(&app, &admin(), update, json!({ "id": year["id"], "v": 1, "a": "1000.01" })).await;
    assert_eq!(error(&body).0, "CONFLICT", "{body}");
}

fn fen_text(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

async fn the_tree_shows_actuals_and_managers_split_only_their_branch(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let q1 = create(&app, "QUARTER", "2026-01-01", "5000.00").await;
    allocate(&app, json!({ "parentId": q1["id"], "over": "ORGANISATION", "strategy": "EVEN" }))
        .await;
    let east = read(&app, &q1["id"]).await["children"][0].clone();
    allocate(&app, json!({ "parentId": east["id"], "over": "ORGANISATION", "strategy": "EVEN" }))
        .await;

    let tree = "query($k: String!) { targetTree(periodKind: QUARTER, periodStart: \"2026-01-01\", scopeKey: $k, asOf: \"2026-04-16T00:00:00+08:00\") \
        { name actual attainment pace target { amount } children { name actual attainment children { name actual attainment } } } }";
    let body = call(&app, &admin(), tree, json!({ "k": "COMPANY" })).await;
    let root = &body["data"]["targetTree"];
    // Q1 2026: February 2000.00 (广州) and March 1500.45; the quarter is over, so pace = attainment.
    assert_eq!(root["name"], "公司", "{body}");
    assert_eq!(
        (root["actual"].clone(), root["attainment"].clone(), root["pace"].clone()),
        (json!("3500.45"), json!("70.01"), json!("70.01"))
    );
    let regions: Vec<Value> = root["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| json!([r["name"], r["actual"], r["attainment"]]))
        .collect();
    assert_eq!(
        regions,
        [json!(["华东大区", "1500.45", "60.02"]), json!(["华南大区", "2000.00", "80.00"])]
    );
    let branches: Vec<Value> = root["children"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| json!([b["name"], b["actual"], b["attainment"]]))
        .collect();
    assert_eq!(
        branches,
        [json!(["上海分公司", "1500.25", "120.02"]), json!(["杭州分公司", "0.20", "0.02"])]
    );

    // The 上海 manager sees its branch's node, not 杭州's, and splits only its own targets.
    let manager = token("BRANCH_MANAGER", "BRANCH", Some(1));
    let body = call(&app, &manager, tree, json!({ "k": "BRANCH:1" })).await;
    assert_eq!(body["data"]["targetTree"]["actual"], "1500.25", "{body}");
    let body = call(&app, &manager, tree, json!({ "k": "BRANCH:2" })).await;
    assert_eq!(error(&body).0, "NOT_FOUND", "{body}");
    // The company node is visible, but the manager's figures cover only 上海: no actual then,
    // rather than 上海's revenue against the company's target. Regions are not its to see.
    let body = call(&app, &manager, tree, json!({ "k": "COMPANY" })).await;
    let root = &body["data"]["targetTree"];
    assert_eq!(
        (root["actual"].clone(), root["attainment"].clone(), root["children"].clone()),
        (json!(null), json!(null), json!([])),
        "{body}"
    );
    let body = allocate_as(
        &app,
        &manager,
        json!({ "parentId": q1["id"], "over": "TIME", "strategy": "EVEN" }),
    )
    .await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let shanghai = read(&app, &east["id"]).await["children"][0].clone();
    let body = allocate_as(
        &app,
        &manager,
        json!({ "parentId": shanghai["id"], "over": "TIME", "strategy": "EVEN" }),
    )
    .await;
    assert!(body["errors"].is_null(), "{body}");
    // January, February and March: the March target of 上海 that stood on its own joined the split.
    let months = read(&app, &shanghai["id"]).await;
    let mut by_month: Vec<(&str, &str)> = months["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["periodStart"].as_str().unwrap(), c["amount"].as_str().unwrap()))
        .collect();
    by_month.sort();
    assert_eq!(
        by_month,
        [("2026-01-01", "416.67"), ("2026-02-01", "416.67"), ("2026-03-01", "416.66")]
    );
    assert_eq!(months["children"].as_array().unwrap().iter().filter(|c| c["id"] == "2").count(), 1);
    let rep = token("SALES_REP", "OWN", Some(1));
    let body = allocate_as(
        &app,
        &rep,
        json!({ "parentId": q1["id"], "over": "ORGANISATION", "strategy": "EVEN" }),
    )
    .await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
}

crate::on_both_backends!(
    awkward_amounts_split_exactly_by_each_strategy,
    edits_that_break_a_sum_are_refused_and_changes_cascade,
    the_tree_shows_actuals_and_managers_split_only_their_branch,
);
