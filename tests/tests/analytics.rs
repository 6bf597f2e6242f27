//! `salesMetrics` on a small hand-made company whose every figure is worked out by hand below:
//! each metric, each dimension, the month boundary in Shanghai time, periods without data,
//! growth against nothing, and the caller's scope.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use jsonwebtoken::{EncodingKey, Header, encode};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ConnectionTrait, Value as Sql};
use serde_json::{Value, json};

use crate::helpers::{Backend, TEST_SECRET, TestApp, error};

pub fn day(text: &str) -> Sql {
    NaiveDate::from_str(text).unwrap().into()
}

fn at(text: &str) -> Sql {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc).into()
}

pub fn money(text: &str) -> Sql {
    Decimal::from_str(text).unwrap().into()
}

fn none<T: Into<Sql>>(v: Option<T>) -> Sql {
    match v {
        Some(v) => v.into(),
        None => Sql::Int(None),
    }
}

/// Inserts one row (with timestamps, unless given, and a version) straight into the database.
pub async fn insert(app: &TestApp, table: &str, mut row: Vec<(&str, Sql)>) {
    let now: Sql = Utc::now().into();
    for (column, value) in [("created_at", now.clone()), ("updated_at", now), ("version", 1.into())]
    {
        if !row.iter().any(|(c, _)| *c == column) {
            row.push((column, value));
        }
    }
    let statement = Query::insert()
        .into_table(Alias::new(table))
        .columns(row.iter().map(|(c, _)| Alias::new(*c)))
        .values_panic(row.into_iter().map(|(_, v)| v.into()))
        .to_owned();
    app.db.execute(&statement).await.unwrap_or_else(|e| panic!("insert {table}: {e}"));
}

/// A signed access token for a made-up account.
pub fn token(role: &str, scope: &str, branch: Option<i32>) -> String {
    let now = Utc::now().timestamp();
    let claims = json!({
        "sub": "1", "role": role, "scope": scope, "branch_id": branch,
        "iat": now, "nbf": now, "exp": now + 600, "iss": "salesgraph", "aud": "salesgraph-api",
    });
    encode(&Header::default(), &claims, &EncodingKey::from_secret(TEST_SECRET.as_bytes())).unwrap()
}

/// The account the test tokens name (`sub` 1), so that audit entries have their author.
pub async fn admin_account(app: &TestApp) {
    insert(
        app,
        "user_accounts",
        vec![
            ("id", 1.into()),
            ("username", "admin".into()),
            ("password_hash", "-".into()),
            ("display_name", "管理员".into()),
            ("role", "HQ_ADMIN".into()),
            ("scope", "ALL".into()),
            ("is_active", true.into()),
        ],
    )
    .await;
}

/// The company: two regions, three branches (上海 and 杭州 in 华东, 广州 in 华南), a team and
/// reps in each, two products in two category trees, four customers, seven orders, five
/// deals, four survey responses and a few revenue targets.
pub async fn company(app: &TestApp) {
    admin_account(app).await;
    for (id, code, name) in [(1, "EAST", "华东大区"), (2, "SOUTH", "华南大区")] {
        insert(
            app,
            "regions",
            vec![("id", id.into()), ("code", code.into()), ("name", name.into())],
        )
        .await;
    }
    for (id, region, code, name) in
        [(1, 1, "SH", "上海分公司"), (2, 1, "HZ", "杭州分公司"), (3, 2, "GZ", "广州分公司")]
    {
        insert(
            app,
            "branches",
            vec![
                ("id", id.into()),
                ("region_id", region.into()),
                ("code", code.into()),
                ("name", name.into()),
                ("city", name.into()),
                ("status", "ACTIVE".into()),
            ],
        )
        .await;
        insert(
            app,
            "teams",
            vec![
                ("id", id.into()),
                ("branch_id", id.into()),
                ("name", format!("{name}一组").into()),
            ],
        )
        .await;
    }
    for (id, branch, name) in [(1, 1, "张伟"), (2, 1, "李娜"), (3, 2, "王芳"), (4, 3, "刘洋")]
    {
        insert(
            app,
            "employees",
            vec![
                ("id", id.into()),
                ("employee_no", format!("E{id}").into()),
                ("name", name.into()),
                ("branch_id", branch.into()),
                ("team_id", branch.into()),
                ("title", "销售代表".into()),
                ("hire_date", day("2020-01-01")),
                ("status", "ACTIVE".into()),
            ],
        )
        .await;
    }
    for (id, code, name, parent) in [
        (1, "OFFICE", "办公设备", None),
        (2, "PRINTER", "打印机", Some(1)),
        (3, "SOFTWARE", "软件", None),
    ] {
        insert(
            app,
            "product_categories",
            vec![
                ("id", id.into()),
                ("code", code.into()),
                ("name", name.into()),
                ("parent_id", none(parent)),
            ],
        )
        .await;
    }
    for (id, category, sku, name) in [(1, 2, "P-1", "激光打印机"), (2, 3, "S-1", "办公软件")]
    {
        insert(
            app,
            "products",
            vec![
                ("id", id.into()),
                ("category_id", category.into()),
                ("sku", sku.into()),
                ("name", name.into()),
                ("unit", "台".into()),
                ("list_price", money("100")),
                ("status", "ACTIVE".into()),
            ],
        )
        .await;
    }
    // (id, branch, owner, segment, acquired, churned)
    for (id, branch, owner, segment, acquired, churned) in [
        (1, 1, 1, "ENTERPRISE", "2025-06-01", None),
        (2, 1, 2, "SMB", "2026-03-10", None),
        (3, 2, 3, "GOVERNMENT", "2026-01-05", Some("2026-03-20")),
        (4, 3, 4, "ENTERPRISE", "2024-01-01", None),
    ] {
        insert(
            app,
            "customers",
            vec![
                ("id", id.into()),
                ("code", format!("C{id}").into()),
                ("name", format!("客户{id}").into()),
                ("branch_id", branch.into()),
                ("owner_id", owner.into()),
                ("segment", segment.into()),
                ("industry", "制造".into()),
                ("city", "上海".into()),
                ("status", if churned.is_some() { "CHURNED" } else { "ACTIVE" }.into()),
                ("acquired_on", day(acquired)),
                ("churned_on", churned.map_or(Sql::ChronoDate(None), day)),
            ],
        )
        .await;
    }
    // (id, customer, branch, rep, ordered at (UTC), status, lines: (product, quantity, amount))
    type Order =
        (i32, i32, i32, i32, &'static str, &'static str, &'static [(i32, i32, &'static str)]);
    let orders: [Order; 7] = [
        // 23:30 on March 31 in Shanghai: March.
        (1, 1, 1, 1, "2026-03-31T15:30:00Z", "CONFIRMED", &[(1, 2, "1000.10"), (2, 1, "500.05")]),
        // 00:30 on April 1 in Shanghai: April.
        (2, 1, 1, 1, "2026-03-31T16:30:00Z", "CONFIRMED", &[(2, 3, "300.00")]),
        (3, 2, 1, 2, "2026-03-15T02:00:00Z", "CONFIRMED", &[(1, 1, "0.10")]),
        (4, 3, 2, 3, "2026-03-10T02:00:00Z", "CONFIRMED", &[(1, 1, "0.20")]),
        (5, 4, 3, 4, "2026-02-10T02:00:00Z", "CONFIRMED", &[(2, 4, "2000.00")]),
        (6, 1, 1, 1, "2025-03-05T02:00:00Z", "CONFIRMED", &[(1, 1, "1000.00")]),
        (7, 2, 1, 2, "2026-03-20T02:00:00Z", "CANCELLED", &[(1, 9, "9999.99")]),
    ];
    let mut line = 0;
    for (id, customer, branch, rep, ordered, status, lines) in orders {
        let total: Decimal = lines.iter().map(|(_, _, a)| Decimal::from_str(a).unwrap()).sum();
        insert(
            app,
            "sales_orders",
            vec![
                ("id", id.into()),
                ("order_no", format!("SO-{id}").into()),
                ("customer_id", customer.into()),
                ("branch_id", branch.into()),
                ("salesperson_id", rep.into()),
                ("ordered_at", at(ordered)),
                ("status", status.into()),
                ("total_amount", total.into()),
                ("currency", "CNY".into()),
            ],
        )
        .await;
        for (product, quantity, amount) in lines {
            line += 1;
            insert(
                app,
                "order_lines",
                vec![
                    ("id", line.into()),
                    ("order_id", id.into()),
                    ("product_id", (*product).into()),
                    ("quantity", (*quantity).into()),
                    ("unit_price", money(amount)),
                    ("discount_pct", money("0")),
                    ("amount", money(amount)),
                ],
            )
            .await;
        }
    }
    for (id, name) in [(1, "华锐科技"), (2, "远航办公")] {
        insert(
            app,
            "competitors",
            vec![
                ("id", id.into()),
                ("name", name.into()),
                ("strengths", "价格低".into()),
                ("weaknesses", "服务弱".into()),
                ("threat_level", "HIGH".into()),
            ],
        )
        .await;
    }
    // (id, customer, branch, owner, status, amount, probability, expected, created, closed)
    let deals = [
        (
            1,
            1,
            1,
            1,
            "WON",
            "10000.00",
            100,
            "2026-03-11",
            "2026-03-01T02:00:00Z",
            Some("2026-03-11T02:00:00Z"),
        ),
        (
            2,
            2,
            1,
            2,
            "LOST",
            "5000.00",
            0,
            "2026-03-05",
            "2026-02-01T02:00:00Z",
            Some("2026-03-05T02:00:00Z"),
        ),
        (
            3,
            3,
            2,
            3,
            "WON",
            "20000.00",
            100,
            "2026-03-21",
            "2026-03-01T02:00:00Z",
            Some("2026-03-21T14:00:00Z"),
        ),
        (4, 4, 3, 4, "OPEN", "30000.00", 40, "2026-03-25", "2026-03-01T02:00:00Z", None),
        (5, 1, 1, 1, "OPEN", "10000.01", 33, "2026-04-10", "2026-03-01T02:00:00Z", None),
    ];
    for (id, customer, branch, owner, status, amount, probability, expected, created, closed) in
        deals
    {
        let stage = match status {
            "WON" => "CLOSED_WON",
            "LOST" => "CLOSED_LOST",
            _ => "PROPOSAL",
        };
        insert(
            app,
            "opportunities",
            vec![
                ("id", id.into()),
                ("name", format!("商机{id}").into()),
                ("customer_id", customer.into()),
                ("branch_id", branch.into()),
                ("owner_id", owner.into()),
                ("stage", stage.into()),
                ("status", status.into()),
                ("amount", money(amount)),
                ("probability", probability.into()),
                ("expected_close_date", day(expected)),
                ("created_at", at(created)),
                ("closed_at", closed.map_or(Sql::ChronoDateTimeUtc(None), at)),
            ],
        )
        .await;
        // 华锐 on deals 1 and 2, 远航 on deals 1 and 3: deal 1 is listed with both.
        let listed: &[i32] = match id {
            1 => &[1, 2],
            2 => &[1],
            3 => &[2],
            _ => &[],
        };
        for competitor in listed {
            insert(
                app,
                "opportunity_competitors",
                vec![
                    ("id", (id * 10 + competitor).into()),
                    ("opportunity_id", id.into()),
                    ("competitor_id", (*competitor).into()),
                    ("outcome", if status == "WON" { "WON" } else { "LOST" }.into()),
                ],
            )
            .await;
        }
    }
    // (id, customer, branch, csat, nps)
    for (id, customer, branch, csat, nps) in
        [(1, 1, 1, Some(5), 10), (2, 2, 1, Some(3), 6), (3, 3, 2, Some(4), 8), (4, 1, 1, None, 9)]
    {
        insert(
            app,
            "survey_responses",
            vec![
                ("id", id.into()),
                ("customer_id", customer.into()),
                ("branch_id", branch.into()),
                ("csat", csat.map_or(Sql::SmallInt(None), |c: i16| c.into())),
                ("nps", (nps as i16).into()),
                ("responded_at", at("2026-03-18T04:00:00Z")),
            ],
        )
        .await;
    }
    // (id, period kind, start, scope kind, key, region, branch, amount)
    let targets = [
        (1, "MONTH", "2026-03-01", "COMPANY", "COMPANY", None, None, "2000.00"),
        (2, "MONTH", "2026-03-01", "BRANCH", "BRANCH:1", Some(1), Some(1), "1200.00"),
        (3, "MONTH", "2026-03-01", "BRANCH", "BRANCH:2", Some(1), Some(2), "800.00"),
        (4, "MONTH", "2026-04-01", "COMPANY", "COMPANY", None, None, "1000.00"),
    ];
    for (id, kind, start, scope, key, region, branch, amount) in targets {
        insert(
            app,
            "sales_targets",
            vec![
                ("id", id.into()),
                ("metric", "REVENUE".into()),
                ("period_kind", kind.into()),
                ("period_start", day(start)),
                ("scope_kind", scope.into()),
                ("scope_key", key.into()),
                ("region_id", none(region)),
                ("branch_id", none(branch)),
                ("amount", money(amount)),
                ("locked", false.into()),
            ],
        )
        .await;
    }
    advance_sequences(app, COMPANY_TABLES).await;
}

/// Moves PostgreSQL's sequences of `tables` past the ids written by hand (SQLite's already
/// are).
pub async fn advance_sequences(app: &TestApp, tables: &[&str]) {
    if app.db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return;
    }
    for table in tables {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        );
        app.db.execute_unprepared(&sql).await.unwrap();
    }
}

/// The tables [`company`] writes.
const COMPANY_TABLES: &[&str] = &[
    "user_accounts",
    "regions",
    "branches",
    "teams",
    "employees",
    "product_categories",
    "products",
    "customers",
    "sales_orders",
    "order_lines",
    "competitors",
    "opportunities",
    "opportunity_competitors",
    "survey_responses",
    "sales_targets",
];

const ROW: &str = "regionId branchId teamId employeeId productId categoryId customerSegment competitorId \
    period { label start end } revenue orders units averageOrderValue newCustomers target attainment \
    pace yoyGrowth momGrowth winRate wonDeals lostDeals averageDealSize salesCycleDays csat nps \
    churnRate productMixShare weightedPipeline";

/// `salesMetrics` as `token`; the rows, or the whole body when it failed.
async fn metrics(app: &TestApp, token: &str, input: Value) -> Result<Vec<Value>, Value> {
    let query = format!("query($i: SalesMetricsInput!) {{ salesMetrics(input: $i) {{ {ROW} }} }}");
    let body = app.graphql_as(token, &query, json!({ "i": input })).await;
    match body["data"]["salesMetrics"].as_array() {
        Some(rows) => Ok(rows.clone()),
        None => Err(body),
    }
}

/// As of 00:00 on 2026-04-16 in Shanghai: half of April has passed.
const AS_OF: &str = "2026-04-15T16:00:00Z";

pub fn admin() -> String {
    token("HQ_ADMIN", "ALL", None)
}

async fn march_company_wide_every_metric(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let rows =
        metrics(&app, &admin(), json!({ "from": "2026-03-01", "to": "2026-03-31", "asOf": AS_OF }))
            .await
            .unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    // Orders 1 (23:30 on the 31st in Shanghai), 3 and 4; not 2 (April in Shanghai), not 7
    // (cancelled). 1500.15 + 0.10 + 0.20, summed exactly.
    assert_eq!(r["revenue"], "1500.45");
    assert_eq!(r["orders"], 3);
    assert_eq!(r["units"], 5); // 2 + 1 + 1 + 1
    assert_eq!(r["averageOrderValue"], "500.15"); // 1500.45 / 3
    assert_eq!(r["target"], "2000.00");
    assert_eq!(r["attainment"], "75.02"); // 75.0225
    assert_eq!(r["pace"], "75.02"); // March is over: pace = attainment
    assert_eq!(r["yoyGrowth"], "50.05"); // (1500.45 − 1000) / 1000 = 50.045%
    assert_eq!(r["momGrowth"], "-24.98"); // (1500.45 − 2000) / 2000 = −24.9775%
    assert_eq!(r["newCustomers"], 1); // customer 2
    // At March 1: customers 1, 3 and 4; customer 3 was lost on the 20th.
    assert_eq!(r["churnRate"], "33.33");
    // Deals 1 and 3 won, 2 lost; 10 and 20.5 days from creation to close.
    assert_eq!((r["wonDeals"].clone(), r["lostDeals"].clone()), (json!(2), json!(1)));
    assert_eq!(r["winRate"], "66.67");
    assert_eq!(r["averageDealSize"], "15000.00");
    assert_eq!(r["salesCycleDays"], "15.3"); // 15.25, half away from zero
    assert_eq!(r["csat"], "66.67"); // 5, 3, 4: two of three
    assert_eq!(r["nps"], "25.00"); // 10, 6, 8, 9: (2 − 1) / 4
    assert_eq!(r["weightedPipeline"], "12000.00"); // deal 4: 30000 × 40%
    assert_eq!(r["productMixShare"], "100.00");
    assert_eq!(r["period"], Value::Null);
}

async fn months_cut_in_shanghai_with_empty_periods_as_zero(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let input =
        json!({ "from": "2026-01-01", "to": "2026-04-30", "groupBy": ["MONTH"], "asOf": AS_OF });
    let rows = metrics(&app, &admin(), input).await.unwrap();
    let labels: Vec<&str> = rows.iter().map(|r| r["period"]["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["2026-01", "2026-02", "2026-03", "2026-04"]);
    assert_eq!(
        rows[1]["period"],
        json!({ "label": "2026-02", "start": "2026-02-01", "end": "2026-02-28" })
    );
    let revenue: Vec<&str> = rows.iter().map(|r| r["revenue"].as_str().unwrap()).collect();
    assert_eq!(revenue, ["0.00", "2000.00", "1500.45", "300.00"]);
    // January had nothing: zero orders, no average, and growth against nothing is null.
    assert_eq!(rows[0]["orders"], 0);
    assert_eq!(rows[0]["averageOrderValue"], Value::Null);
    assert_eq!(rows[0]["winRate"], Value::Null);
    assert_eq!(rows[1]["momGrowth"], Value::Null); // February against an empty January
    assert_eq!(rows[2]["momGrowth"], "-24.98");
    assert_eq!(rows[3]["momGrowth"], "-80.01"); // (300 − 1500.45) / 1500.45 = −80.006%
    // April: 300 of a 1000 target with half the month gone.
    assert_eq!(rows[3]["attainment"], "30.00");
    assert_eq!(rows[3]["pace"], "60.00");
    assert_eq!(rows[3]["weightedPipeline"], "3300.00"); // 10000.01 × 33% = 3300.0033
    assert_eq!(rows[0]["target"], Value::Null); // no January target
    // Churn month by month: 2 customers on January 1 (1 and 4), 3 from February.
    let churn: Vec<&str> = rows.iter().map(|r| r["churnRate"].as_str().unwrap()).collect();
    assert_eq!(churn, ["0.00", "0.00", "33.33", "0.00"]);
    let new: Vec<i64> = rows.iter().map(|r| r["newCustomers"].as_i64().unwrap()).collect();
    assert_eq!(new, [1, 0, 1, 0]);

    // Growth alone, without the revenue it is computed from in the selection.
    let body = app
        .graphql_as(
            &admin(),
            "{ salesMetrics(input: {from: \"2026-03-01\", to: \"2026-03-31\"}) { momGrowth yoyGrowth attainment } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["salesMetrics"],
        json!([{ "momGrowth": "-24.98", "yoyGrowth": "50.05", "attainment": "75.02" }]),
        "{body}"
    );

    // A year with no data at all: zeros, nulls, one row per quarter, no error.
    let input = json!({ "from": "2030-01-01", "to": "2030-12-31", "groupBy": ["QUARTER"] });
    let rows = metrics(&app, &admin(), input).await.unwrap();
    assert_eq!(rows.len(), 4);
    assert!(
        rows.iter()
            .all(|r| r["revenue"] == "0.00" && r["yoyGrowth"].is_null() && r["csat"].is_null())
    );
    assert_eq!(rows[3]["period"]["label"], "2030-Q4");
}

async fn every_dimension_splits_the_figures(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let march = |group: Value| json!({ "from": "2026-03-01", "to": "2026-03-31", "groupBy": group, "asOf": AS_OF });
    let pick = |rows: &[Value], id: &str, field: &str| -> Vec<Value> {
        rows.iter().map(|r| json!([r[id], r[field]])).collect()
    };

    let rows = metrics(&app, &admin(), march(json!(["REGION"]))).await.unwrap();
    // 华南 sold nothing in March; its open deal makes it a row, with zero revenue.
    assert_eq!(pick(&rows, "regionId", "revenue"), [json!(["1", "1500.45"]), json!(["2", "0.00"])]);
    assert_eq!(
        pick(&rows, "regionId", "weightedPipeline"),
        [json!(["1", "0.00"]), json!(["2", "12000.00"])]
    );

    let rows = metrics(&app, &admin(), march(json!(["BRANCH"]))).await.unwrap();
    assert_eq!(
        pick(&rows, "branchId", "revenue"),
        [json!(["1", "1500.25"]), json!(["2", "0.20"]), json!(["3", "0.00"])]
    );
    assert_eq!(
        pick(&rows, "branchId", "attainment"),
        [json!(["1", "125.02"]), json!(["2", "0.03"]), json!(["3", null])]
    );
    assert_eq!(
        pick(&rows, "branchId", "yoyGrowth"),
        [json!(["1", "50.03"]), json!(["2", null]), json!(["3", null])]
    );
    assert_eq!(
        pick(&rows, "branchId", "csat"),
        [json!(["1", "50.00"]), json!(["2", "100.00"]), json!(["3", null])]
    );
    assert_eq!(
        pick(&rows, "branchId", "nps"),
        [json!(["1", "33.33"]), json!(["2", "0.00"]), json!(["3", null])]
    );
    assert_eq!(
        pick(&rows, "branchId", "churnRate"),
        [json!(["1", "0.00"]), json!(["2", "100.00"]), json!(["3", "0.00"])]
    );

    let rows = metrics(&app, &admin(), march(json!(["TEAM"]))).await.unwrap();
    assert_eq!(
        pick(&rows, "teamId", "orders"),
        [json!(["1", 2]), json!(["2", 1]), json!(["3", 0])]
    );
    // Satisfaction has no team: null rather than a wrong split.
    assert!(rows.iter().all(|r| r["csat"].is_null()));

    let rows = metrics(&app, &admin(), march(json!(["EMPLOYEE"]))).await.unwrap();
    assert_eq!(
        pick(&rows, "employeeId", "revenue"),
        [json!(["1", "1500.15"]), json!(["2", "0.10"]), json!(["3", "0.20"]), json!(["4", "0.00"])]
    );
    assert_eq!(
        pick(&rows, "employeeId", "winRate"),
        [json!(["1", "100.00"]), json!(["2", "0.00"]), json!(["3", "100.00"]), json!(["4", null])]
    );

    let rows = metrics(&app, &admin(), march(json!(["PRODUCT"]))).await.unwrap();
    assert_eq!(
        pick(&rows, "productId", "revenue"),
        [json!(["1", "1000.40"]), json!(["2", "500.05"])]
    );
    assert_eq!(
        pick(&rows, "productId", "productMixShare"),
        [json!(["1", "66.67"]), json!(["2", "33.33"])]
    );
    assert_eq!(pick(&rows, "productId", "units"), [json!(["1", 4]), json!(["2", 1])]);
    assert!(rows.iter().all(|r| r["target"].is_null() && r["winRate"].is_null()));

    let rows = metrics(&app, &admin(), march(json!(["CATEGORY"]))).await.unwrap();
    assert_eq!(
        pick(&rows, "categoryId", "revenue"),
        [json!(["2", "1000.40"]), json!(["3", "500.05"])]
    );

    let rows = metrics(&app, &admin(), march(json!(["CUSTOMER_SEGMENT"]))).await.unwrap();
    assert_eq!(
        pick(&rows, "customerSegment", "revenue"),
        [json!(["ENTERPRISE", "1500.15"]), json!(["GOVERNMENT", "0.20"]), json!(["SMB", "0.10"])]
    );

    // Against 华锐 (deals 1 won, 2 lost) and 远航 (1 and 3 won).
    let rows = metrics(&app, &admin(), march(json!(["COMPETITOR"]))).await.unwrap();
    assert_eq!(
        pick(&rows, "competitorId", "winRate"),
        [json!(["1", "50.00"]), json!(["2", "100.00"])]
    );
    assert!(rows.iter().all(|r| r["revenue"].is_null()));

    // Filtered by both competitors, deal 1 counts once.
    let input = json!({ "from": "2026-03-01", "to": "2026-03-31", "filter": { "competitorIds": ["1", "2"] } });
    let rows = metrics(&app, &admin(), input).await.unwrap();
    assert_eq!((rows[0]["wonDeals"].clone(), rows[0]["lostDeals"].clone()), (json!(2), json!(1)));

    // A category includes its subcategories: 办公设备 holds 打印机.
    let input =
        json!({ "from": "2026-03-01", "to": "2026-03-31", "filter": { "categoryIds": ["1"] } });
    let rows = metrics(&app, &admin(), input).await.unwrap();
    assert_eq!(
        (rows[0]["revenue"].clone(), rows[0]["units"].clone()),
        (json!("1000.40"), json!(4))
    );

    let rows = metrics(
        &app,
        &admin(),
        json!({ "from": "2026-03-30", "to": "2026-04-01", "groupBy": ["DAY"] }),
    )
    .await
    .unwrap();
    assert_eq!(
        pick(&rows, "revenue", "orders"),
        [json!(["0.00", 0]), json!(["1500.15", 1]), json!(["300.00", 1])]
    );
    let rows = metrics(
        &app,
        &admin(),
        json!({ "from": "2026-03-23", "to": "2026-04-05", "groupBy": ["WEEK"] }),
    )
    .await
    .unwrap();
    let weeks: Vec<Value> =
        rows.iter().map(|r| json!([r["period"]["label"], r["revenue"]])).collect();
    // Monday 2026-03-23 starts ISO week 13; the 31st (order 1) and April 1 (order 2) are in 14.
    assert_eq!(weeks, [json!(["2026-W13", "0.00"]), json!(["2026-W14", "1800.15"])]);
    let rows = metrics(
        &app,
        &admin(),
        json!({ "from": "2025-01-01", "to": "2026-12-31", "groupBy": ["YEAR"] }),
    )
    .await
    .unwrap();
    let years: Vec<Value> =
        rows.iter().map(|r| json!([r["period"]["label"], r["revenue"]])).collect();
    assert_eq!(years, [json!(["2025", "1000.00"]), json!(["2026", "3800.45"])]);
}

async fn a_branch_manager_sees_only_its_branch(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    company(&app).await;
    let manager = token("BRANCH_MANAGER", "BRANCH", Some(1));
    let input =
        json!({ "from": "2026-03-01", "to": "2026-03-31", "groupBy": ["BRANCH"], "asOf": AS_OF });
    let rows = metrics(&app, &manager, input).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0]["branchId"].clone(), rows[0]["revenue"].clone()),
        (json!("1"), json!("1500.25"))
    );
    // Its company-wide view is its branch, against its branch's target.
    let rows =
        metrics(&app, &manager, json!({ "from": "2026-03-01", "to": "2026-03-31" })).await.unwrap();
    assert_eq!(
        (rows[0]["revenue"].clone(), rows[0]["target"].clone()),
        (json!("1500.25"), json!("1200.00"))
    );
    // Filtering on another branch shows nothing of it.
    let input = json!({ "from": "2026-03-01", "to": "2026-03-31", "groupBy": ["BRANCH"], "filter": { "branchIds": ["2"] } });
    assert_eq!(metrics(&app, &manager, input).await.unwrap(), Vec::<Value>::new());
}

async fn bad_requests_name_the_field(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    for (input, field) in [
        (json!({ "from": "2026-03-31", "to": "2026-03-01" }), "to"),
        (
            json!({ "from": "2026-01-01", "to": "2026-12-31", "groupBy": ["MONTH", "YEAR"] }),
            "groupBy",
        ),
        (
            json!({ "from": "2026-01-01", "to": "2026-12-31", "groupBy": ["BRANCH", "BRANCH"] }),
            "groupBy",
        ),
        (json!({ "from": "2020-01-01", "to": "2026-12-31", "groupBy": ["DAY"] }), "groupBy"),
        (
            json!({ "from": "2026-01-01", "to": "2026-12-31", "filter": { "branchIds": ["x"] } }),
            "filter.branchIds",
        ),
    ] {
        let body = metrics(&app, &admin(), input.clone()).await.unwrap_err();
        let (code, named, _) = error(&body);
        assert_eq!((code, named), ("BAD_USER_INPUT", field), "{input}: {body}");
    }
    let body = app
        .graphql(
            "{ salesMetrics(input: {from: \"2026-01-01\", to: \"2026-01-31\"}) { revenue } }",
            json!({}),
        )
        .await;
    assert_eq!(error(&body).0, "UNAUTHENTICATED");
}

crate::on_both_backends!(
    march_company_wide_every_metric,
    months_cut_in_shanghai_with_empty_periods_as_zero,
    every_dimension_splits_the_figures,
    a_branch_manager_sees_only_its_branch,
    bad_requests_name_the_field,
);
