//! History import: a company's first day brings years of customers, deals, orders and survey
//! answers. HQ_ADMIN (or an API key with the import right) creates them with their dates;
//! `salesMetrics` over those past periods then shows what they imply. Dates are refused in the
//! future, a close before the creation, a churn before the acquisition; anyone else dating a
//! record far back is FORBIDDEN with the field named; each import is audited as one.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use crate::analytics::{day, insert, money, token};
use crate::helpers::{Backend, TestApp, error, number};

const CREATE_CUSTOMER: &str = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id status acquiredOn churnedOn } }";
const CREATE_DEAL: &str = "mutation($i: NewOpportunityInput!) { createOpportunity(input: $i) { id status stage probability createdAt closedAt lostReason version competitors { competitorId outcome } } }";
const CREATE_ORDER: &str = "mutation($i: CreateOrderInput!) { createOrder(input: $i) { id orderNo status orderedAt totalAmount lines { amount } } }";
const RECORD_SURVEY: &str = "mutation($i: RecordSurveyResponseInput!) { recordSurveyResponse(input: $i) { id respondedAt } }";
const METRICS: &str = "query($i: SalesMetricsInput!) { salesMetrics(input: $i) { period { label } revenue orders wonDeals lostDeals winRate averageDealSize salesCycleDays newCustomers churnRate csat nps } }";

/// Shanghai has kept +08:00 all year since 1991.
fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// The business day of an instant.
fn business_day(text: &str) -> NaiveDate {
    instant(text).with_timezone(&shanghai()).date_naive()
}

fn decimal(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A percentage as the API gives it: two decimals, half away from zero.
fn percent(part: i64, whole: i64) -> String {
    let mut p = (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    p.rescale(2);
    p.to_string()
}

/// One region, the 上海 branch with a team, two reps (李娜 has left since), a competitor and
/// two products, one of them discontinued since; the account the test tokens name.
async fn empty_company(app: &TestApp) {
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
    insert(
        app,
        "regions",
        vec![("id", 1.into()), ("code", "EAST".into()), ("name", "华东大区".into())],
    )
    .await;
    insert(
        app,
        "branches",
        vec![
            ("id", 1.into()),
            ("region_id", 1.into()),
            ("code", "SH".into()),
            ("name", "上海分公司".into()),
            ("city", "上海".into()),
            ("status", "ACTIVE".into()),
        ],
    )
    .await;
    insert(
        app,
        "teams",
        vec![("id", 1.into()), ("branch_id", 1.into()), ("name", "上海一组".into())],
    )
    .await;
    for (id, name, status) in [(1, "张伟", "ACTIVE"), (2, "李娜", "LEFT")] {
        insert(
            app,
            "employees",
            vec![
                ("id", id.into()),
                ("employee_no", format!("E{id}").into()),
                ("name", name.into()),
                ("branch_id", 1.into()),
                ("team_id", 1.into()),
                ("title", "销售代表".into()),
                ("hire_date", day("2020-01-01")),
                ("status", status.into()),
            ],
        )
        .await;
    }
    insert(
        app,
        "product_categories",
        vec![("id", 1.into()), ("code", "OFFICE".into()), ("name", "办公设备".into())],
    )
    .await;
    for (id, sku, name, price, status) in [
        (1, "P-1", "激光打印机", "1234.56", "ACTIVE"),
        (2, "P-2", "旧款复印机", "500.00", "DISCONTINUED"),
    ] {
        insert(
            app,
            "products",
            vec![
                ("id", id.into()),
                ("category_id", 1.into()),
                ("sku", sku.into()),
                ("name", name.into()),
                ("unit", "台".into()),
                ("list_price", money(price)),
                ("status", status.into()),
            ],
        )
        .await;
    }
    insert(
        app,
        "competitors",
        vec![
            ("id", 1.into()),
            ("name", "竞争者甲".into()),
            ("strengths", "价格低".into()),
            ("weaknesses", "服务差".into()),
            ("threat_level", "HIGH".into()),
        ],
    )
    .await;
}

/// The data of a successful mutation, else a panic showing the response.
fn ok<'a>(body: &'a Value, field: &str) -> &'a Value {
    let data = &body["data"][field];
    assert!(data.is_object(), "{field}: {body}");
    data
}

/// A deal of the history: (customer, created, closed, WON/LOST, amount, owner).
type Deal = (usize, &'static str, &'static str, &'static str, &'static str, i32);

async fn imported_history_shows_in_sales_metrics(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    empty_company(&app).await;
    let admin = token("HQ_ADMIN", "ALL", None);

    // Customers: 华信 won in March 2024, 海天 won in June 2024 and lost in February 2025,
    // 东方 won in January 2025.
    let customers = [
        ("C1", "上海华信科技有限公司", json!({ "acquiredOn": "2024-03-15" }), "ACTIVE"),
        (
            "C2",
            "海天贸易有限公司",
            json!({ "status": "CHURNED", "acquiredOn": "2024-06-01", "churnedOn": "2025-02-10" }),
            "CHURNED",
        ),
        (
            "C3",
            "东方制造有限公司",
            json!({ "status": "ACTIVE", "acquiredOn": "2025-01-20" }),
            "ACTIVE",
        ),
    ];
    let mut customer_ids = Vec::new();
    for (code, name, lifecycle, status) in &customers {
        let mut input = json!({ "code": code, "name": name, "branchId": "1", "ownerId": "1", "segment": "ENTERPRISE", "industry": "制造业", "city": "上海" });
        input.as_object_mut().unwrap().extend(lifecycle.as_object().unwrap().clone());
        let body = app.graphql_as(&admin, CREATE_CUSTOMER, json!({ "i": input })).await;
        let customer = ok(&body, "createCustomer");
        assert_eq!(customer["status"], *status, "{body}");
        assert_eq!(customer["acquiredOn"], lifecycle["acquiredOn"]);
        customer_ids.push(customer["id"].as_str().unwrap().to_owned());
    }

    // Deals, with offsets: the last one closed at 07:30 on April 1 in Shanghai, which is
    // still March 31 in UTC; 李娜, who has left since, owned the 2024 one.
    let deals: [Deal; 5] = [
        (0, "2024-05-01T10:00:00+08:00", "2024-06-01T10:00:00+08:00", "LOST", "30000.00", 2),
        (0, "2024-11-01T10:00:00+08:00", "2025-01-15T10:00:00+08:00", "WON", "120000.00", 1),
        (0, "2025-01-05T09:00:00+08:00", "2025-02-10T09:00:00+08:00", "LOST", "50000.00", 1),
        (2, "2025-02-01T00:00:00+08:00", "2025-03-03T12:00:00+08:00", "WON", "80000.50", 1),
        (2, "2025-03-20T10:00:00+08:00", "2025-04-01T07:30:00+08:00", "WON", "9999.99", 1),
    ];
    for (i, &(customer, created, closed, outcome, amount, owner)) in deals.iter().enumerate() {
        let mut closing = json!({ "outcome": outcome, "closedAt": closed });
        if outcome == "LOST" {
            closing["lostReason"] = json!("价格高于竞品");
        }
        let input = json!({
            "customerId": customer_ids[customer], "name": format!("历史商机{i}"), "amount": amount,
            "expectedCloseDate": business_day(closed).to_string(), "ownerId": owner.to_string(),
            "createdAt": created, "closing": closing, "competitorIds": ["1"],
        });
        let body = app.graphql_as(&admin, CREATE_DEAL, json!({ "i": input })).await;
        let deal = ok(&body, "createOpportunity");
        assert_eq!(deal["status"], outcome, "{body}");
        assert_eq!(deal["stage"], format!("CLOSED_{outcome}"));
        assert_eq!(deal["probability"], if outcome == "WON" { 100 } else { 0 });
        assert_eq!(instant(deal["createdAt"].as_str().unwrap()), instant(created));
        assert_eq!(instant(deal["closedAt"].as_str().unwrap()), instant(closed));
        // The competitor known on the deal takes its outcome, as closeOpportunity does.
        assert_eq!(deal["competitors"], json!([{ "competitorId": "1", "outcome": outcome }]));
    }

    // Orders of 2025, priced by the same code as every order: 3 × 1,234.56 less 12.5% and
    // a copier discontinued since, at its list price; 00:30 on March 1 in Shanghai is March
    // (February in UTC); a cancelled and a draft order bring no revenue.
    let orders = [
        (
            "2025-02-14T10:00:00+08:00",
            "CONFIRMED",
            json!([{ "productId": "1", "quantity": 3, "discountPct": "12.5" }, { "productId": "2", "quantity": 1 }]),
            &["3240.72", "500.00"][..],
            "3740.72",
        ),
        (
            "2025-03-01T00:30:00+08:00",
            "CONFIRMED",
            json!([{ "productId": "1", "quantity": 1, "unitPrice": "100.00" }]),
            &["100.00"][..],
            "100.00",
        ),
        (
            "2025-03-05T10:00:00+08:00",
            "CANCELLED",
            json!([{ "productId": "1", "quantity": 2 }]),
            &["2469.12"][..],
            "2469.12",
        ),
        (
            "2025-03-06T10:00:00+08:00",
            "DRAFT",
            json!([{ "productId": "1", "quantity": 1 }]),
            &["1234.56"][..],
            "1234.56",
        ),
    ];
    for (at, status, lines, amounts, total) in &orders {
        let input = json!({ "customerId": customer_ids[0], "salespersonId": "1", "orderedAt": at, "status": status, "lines": lines });
        let body = app.graphql_as(&admin, CREATE_ORDER, json!({ "i": input })).await;
        let order = ok(&body, "createOrder");
        assert_eq!(order["status"], *status, "{body}");
        assert_eq!(order["totalAmount"], *total, "{body}");
        let got: Vec<&str> = order["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["amount"].as_str().unwrap())
            .collect();
        assert_eq!(got, *amounts);
        assert_eq!(instant(order["orderedAt"].as_str().unwrap()), instant(at));
        // The order number carries the business month.
        let month = business_day(at).format("SO%Y%mSH-").to_string();
        assert!(order["orderNo"].as_str().unwrap().starts_with(&month), "{body}");
    }

    // Survey answers of the first quarter of 2025: (csat, nps).
    let answers = [
        ("2025-01-10T10:00:00+08:00", Some(5), Some(10)),
        ("2025-02-20T10:00:00+08:00", Some(4), None),
        ("2025-03-15T10:00:00+08:00", Some(2), Some(6)),
        ("2025-03-20T10:00:00+08:00", Some(3), Some(9)),
    ];
    for (at, csat, nps) in answers {
        let input = json!({ "customerId": customer_ids[0], "csat": csat, "nps": nps, "respondedAt": at, "comment": "服务专业,响应及时" });
        let body = app.graphql_as(&admin, RECORD_SURVEY, json!({ "i": input })).await;
        assert_eq!(
            instant(ok(&body, "recordSurveyResponse")["respondedAt"].as_str().unwrap()),
            instant(at)
        );
    }

    // The expected figures of a period, from the inputs above.
    let within = |text: &str, from: &str, to: &str| {
        let d = business_day(text);
        d >= from.parse::<NaiveDate>().unwrap() && d <= to.parse::<NaiveDate>().unwrap()
    };
    let (app_ref, admin_ref) = (&app, &admin);
    let metrics = move |from: &'static str, to: &'static str| {
        let (app, admin) = (app_ref, admin_ref);
        async move {
            let input = json!({ "from": from, "to": to });
            let body = app.graphql_as(admin, METRICS, json!({ "i": input })).await;
            let row = &body["data"]["salesMetrics"][0];
            assert!(row.is_object(), "{from}..{to}: {body}");
            row.clone()
        }
    };

    // 2025 Q1: deals closed in it, by their business day.
    let (from, to) = ("2025-01-01", "2025-03-31");
    let closed: Vec<&Deal> = deals.iter().filter(|d| within(d.2, from, to)).collect();
    let won: Vec<&&Deal> = closed.iter().filter(|d| d.3 == "WON").collect();
    let lost = closed.len() - won.len();
    assert_eq!((won.len(), lost), (2, 1), "the deal closed on April 1 in Shanghai is not Q1");
    let won_amount: Decimal = won.iter().map(|d| decimal(d.4)).sum();
    let mut average = won_amount / Decimal::from(won.len());
    average.rescale(2);
    let seconds: i64 = won.iter().map(|d| (instant(d.2) - instant(d.1)).num_seconds()).sum();
    let mut cycle = (Decimal::from(seconds) / Decimal::from(won.len() as i64 * 86_400))
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    cycle.rescale(1);
    let revenue: Decimal = orders
        .iter()
        .filter(|o| o.1 == "CONFIRMED" && within(o.0, from, to))
        .map(|o| decimal(o.4))
        .sum();
    let csats: Vec<i32> = answers.iter().filter_map(|a| a.1).collect();
    let satisfied = csats.iter().filter(|&&c| c >= 4).count() as i64;
    let npss: Vec<i32> = answers.iter().filter_map(|a| a.2).collect();
    let promoters = npss.iter().filter(|&&n| n >= 9).count() as i64;
    let detractors = npss.iter().filter(|&&n| n <= 6).count() as i64;
    let q1 = metrics(from, to).await;
    assert_eq!(q1["wonDeals"], json!(won.len()), "{q1}");
    assert_eq!(q1["lostDeals"], json!(lost));
    assert_eq!(q1["winRate"], percent(won.len() as i64, closed.len() as i64)); // 66.67
    assert_eq!(q1["averageDealSize"], average.to_string()); // (120000 + 80000.50) / 2
    assert_eq!(q1["salesCycleDays"], cycle.to_string()); // (75 + 30.5) / 2 = 52.75 → 52.8
    assert_eq!(q1["salesCycleDays"], "52.8");
    assert_eq!(q1["revenue"], format!("{revenue:.2}")); // 3740.72 + 100.00
    assert_eq!(q1["orders"], 2);
    assert_eq!(q1["csat"], percent(satisfied, csats.len() as i64)); // 2 of 4
    assert_eq!(q1["nps"], percent(promoters - detractors, npss.len() as i64)); // (2 − 1) / 3
    // 东方 won in January; of the two customers on January 1 (华信, 海天), 海天 was lost.
    assert_eq!(q1["newCustomers"], 1);
    assert_eq!(q1["churnRate"], percent(1, 2));

    // Month by month: revenue cut in Shanghai time, the April close in April.
    let input = json!({ "from": "2025-01-01", "to": "2025-04-30", "groupBy": ["MONTH"] });
    let body = app.graphql_as(&admin, METRICS, json!({ "i": input })).await;
    let rows = body["data"]["salesMetrics"].as_array().unwrap_or_else(|| panic!("{body}"));
    let revenue: Vec<&str> = rows.iter().map(|r| r["revenue"].as_str().unwrap()).collect();
    assert_eq!(revenue, ["0.00", "3740.72", "100.00", "0.00"]);
    let won: Vec<i64> = rows.iter().map(|r| r["wonDeals"].as_i64().unwrap()).collect();
    assert_eq!(won, [1, 0, 1, 1]);
    // February: 3 customers at its start (华信, 海天, 东方), 海天 lost.
    assert_eq!(rows[1]["churnRate"], percent(1, 3));

    // 2024: the two customers won, the one deal lost, no deal won.
    let year = metrics("2024-01-01", "2024-12-31").await;
    assert_eq!(year["newCustomers"], 2, "{year}");
    assert_eq!((year["wonDeals"].clone(), year["lostDeals"].clone()), (json!(0), json!(1)));
    assert_eq!(year["winRate"], "0.00");
    assert_eq!(year["averageDealSize"], Value::Null);
    // March 2024 closed no deal: only its new customers are asked for.
    let input = json!({ "i": { "from": "2024-03-01", "to": "2024-03-31" } });
    let query = "query($i: SalesMetricsInput!) { salesMetrics(input: $i) { newCustomers } }";
    let body = app.graphql_as(&admin, query, input).await;
    assert_eq!(body["data"]["salesMetrics"], json!([{ "newCustomers": 1 }]), "{body}");

    // The audit log shows each record as an import, by the admin, with its dates.
    let body = app
        .graphql_as(
            &admin,
            r#"{ c: auditEntries(filter: { action: { eq: "customer.import" } }) { totalCount }
                 o: auditEntries(filter: { action: { eq: "opportunity.import" } }) { totalCount edges { node { entity entityId actorUserId changes } } }
                 s: auditEntries(filter: { action: { eq: "order.import" } }) { totalCount }
                 r: auditEntries(filter: { action: { eq: "surveyResponse.import" } }) { totalCount }
                 plain: auditEntries(filter: { action: { in: ["customer.create", "opportunity.create", "order.create", "surveyResponse.record"] } }) { totalCount } }"#,
            json!({}),
        )
        .await;
    let d = &body["data"];
    assert_eq!(d["c"]["totalCount"], 3, "{body}");
    assert_eq!(d["o"]["totalCount"], 5);
    assert_eq!(d["s"]["totalCount"], 4);
    assert_eq!(d["r"]["totalCount"], 4);
    assert_eq!(d["plain"]["totalCount"], 0);
    let entries = d["o"]["edges"].as_array().unwrap();
    let first =
        entries.iter().find(|e| e["node"]["changes"]["name"]["after"] == "历史商机0").unwrap();
    let entry = &first["node"];
    assert_eq!(entry["entity"], "opportunities");
    assert_eq!(entry["actorUserId"], "1");
    assert_eq!(entry["changes"]["status"]["after"], "LOST");
    assert_eq!(entry["changes"]["owner_id"]["after"], 2);
    let closed_at = entry["changes"]["closed_at"]["after"].as_str().unwrap();
    assert_eq!(instant(closed_at), instant(deals[0].2));
}

async fn bad_history_is_refused_with_the_field_named(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    empty_company(&app).await;
    let admin = token("HQ_ADMIN", "ALL", None);
    let manager = token("BRANCH_MANAGER", "BRANCH", Some(1));
    let customer = |extra: Value| {
        let mut input = json!({ "code": "C9", "name": "上海华信科技有限公司", "branchId": "1", "segment": "SMB", "industry": "制造业", "city": "上海" });
        input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({ "i": input })
    };
    let body = app
        .graphql_as(
            &admin,
            CREATE_CUSTOMER,
            customer(json!({ "code": "C1", "acquiredOn": "2024-03-15" })),
        )
        .await;
    let c1 = ok(&body, "createCustomer")["id"].as_str().unwrap().to_owned();
    let now = Utc::now();
    let tomorrow = (now.with_timezone(&shanghai()).date_naive() + Duration::days(1)).to_string();
    let future = (now + Duration::hours(1)).to_rfc3339();
    let long_ago = "2025-03-01T10:00:00+08:00";
    let deal = |extra: Value| {
        let mut input = json!({ "customerId": c1, "name": "历史商机", "amount": "1000.00", "expectedCloseDate": "2025-06-30", "ownerId": "1" });
        input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({ "i": input })
    };
    let order = |extra: Value| {
        let mut input = json!({ "customerId": c1, "salespersonId": "1", "lines": [{ "productId": "1", "quantity": 1 }] });
        input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({ "i": input })
    };
    let survey = |at: &str| json!({ "i": { "customerId": c1, "csat": 5, "respondedAt": at } });
    let won = |at: &str| json!({ "outcome": "WON", "closedAt": at });
    let count = "SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM opportunities) \
                 + (SELECT COUNT(*) FROM sales_orders) + (SELECT COUNT(*) FROM survey_responses) \
                 + (SELECT COUNT(*) FROM audit_log)";
    let before = number(&app, count).await;

    let cases: Vec<(&str, &String, &str, Value, &str, &str)> = vec![
        // Not in the future, even for an importer.
        (
            "customer",
            &admin,
            CREATE_CUSTOMER,
            customer(json!({ "acquiredOn": tomorrow })),
            "BAD_USER_INPUT",
            "acquiredOn",
        ),
        (
            "customer",
            &admin,
            CREATE_CUSTOMER,
            customer(json!({ "acquiredOn": "2024-01-01", "churnedOn": tomorrow })),
            "BAD_USER_INPUT",
            "churnedOn",
        ),
        (
            "deal",
            &admin,
            CREATE_DEAL,
            deal(json!({ "createdAt": future })),
            "BAD_USER_INPUT",
            "createdAt",
        ),
        (
            "deal",
            &admin,
            CREATE_DEAL,
            deal(json!({ "createdAt": long_ago, "closing": won(&future) })),
            "BAD_USER_INPUT",
            "closing.closedAt",
        ),
        (
            "order",
            &admin,
            CREATE_ORDER,
            order(json!({ "orderedAt": future })),
            "BAD_USER_INPUT",
            "orderedAt",
        ),
        ("survey", &admin, RECORD_SURVEY, survey(&future), "BAD_USER_INPUT", "respondedAt"),
        // Closed before created, churned before acquired, a lifecycle that disagrees.
        (
            "deal",
            &admin,
            CREATE_DEAL,
            deal(json!({ "createdAt": long_ago, "closing": won("2025-02-28T23:59:59+08:00") })),
            "BAD_USER_INPUT",
            "closing.closedAt",
        ),
        (
            "deal",
            &admin,
            CREATE_DEAL,
            deal(
                json!({ "createdAt": long_ago, "closing": { "outcome": "LOST", "closedAt": "2025-04-01T10:00:00+08:00" } }),
            ),
            "BAD_USER_INPUT",
            "closing.lostReason",
        ),
        (
            "customer",
            &admin,
            CREATE_CUSTOMER,
            customer(json!({ "acquiredOn": "2024-06-01", "churnedOn": "2024-05-31" })),
            "BAD_USER_INPUT",
            "churnedOn",
        ),
        (
            "customer",
            &admin,
            CREATE_CUSTOMER,
            customer(json!({ "status": "CHURNED", "acquiredOn": "2024-06-01" })),
            "BAD_USER_INPUT",
            "churnedOn",
        ),
        (
            "customer",
            &admin,
            CREATE_CUSTOMER,
            customer(json!({ "status": "ACTIVE" })),
            "BAD_USER_INPUT",
            "acquiredOn",
        ),
        (
            "customer",
            &admin,
            CREATE_CUSTOMER,
            customer(json!({ "status": "PROSPECT", "acquiredOn": "2024-06-01" })),
            "BAD_USER_INPUT",
            "acquiredOn",
        ),
        // A branch manager may not date records far back, nor set what only an import sets.
        (
            "customer",
            &manager,
            CREATE_CUSTOMER,
            customer(json!({ "acquiredOn": "2024-03-15" })),
            "FORBIDDEN",
            "acquiredOn",
        ),
        (
            "customer",
            &manager,
            CREATE_CUSTOMER,
            customer(json!({ "status": "CHURNED" })),
            "FORBIDDEN",
            "status",
        ),
        (
            "deal",
            &manager,
            CREATE_DEAL,
            deal(json!({ "createdAt": long_ago })),
            "FORBIDDEN",
            "createdAt",
        ),
        (
            "deal",
            &manager,
            CREATE_DEAL,
            deal(json!({ "closing": won(&now.to_rfc3339()) })),
            "FORBIDDEN",
            "closing",
        ),
        (
            "order",
            &manager,
            CREATE_ORDER,
            order(json!({ "orderedAt": long_ago })),
            "FORBIDDEN",
            "orderedAt",
        ),
        (
            "order",
            &manager,
            CREATE_ORDER,
            order(json!({ "status": "CANCELLED" })),
            "BAD_USER_INPUT",
            "status",
        ),
        ("survey", &manager, RECORD_SURVEY, survey(long_ago), "FORBIDDEN", "respondedAt"),
    ];
    for (what, caller, query, vars, code, field) in cases {
        let body = app.graphql_as(caller, query, vars.clone()).await;
        let (got_code, got_field, message) = error(&body);
        assert_eq!((got_code, got_field), (code, field), "{what} {vars}: {body}");
        assert!(!message.is_empty());
    }
    assert_eq!(number(&app, count).await, before, "nothing refused was kept or audited");

    // A late entry (last week's order) is no import: the manager books it.
    let last_week = (now - Duration::days(3)).to_rfc3339();
    let body =
        app.graphql_as(&manager, CREATE_ORDER, order(json!({ "orderedAt": last_week }))).await;
    ok(&body, "createOrder");
    let sql = "SELECT COUNT(*) FROM audit_log WHERE action = 'order.create'";
    assert_eq!(number(&app, sql).await, 1);
}

async fn an_api_key_imports_only_with_the_right(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    empty_company(&app).await;
    let admin = token("HQ_ADMIN", "ALL", None);
    let create_key = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id role canImport } } }";
    let key = |role: &str, can_import: bool| json!({ "i": { "name": "历史导入", "role": role, "scope": "BRANCH", "branchId": "1", "canImport": can_import } });
    let body = app.graphql_as(&admin, create_key, key("HQ_ANALYST", true)).await;
    assert_eq!(error(&body).0, "BAD_USER_INPUT", "{body}");
    assert_eq!(error(&body).1, "canImport");
    let body = app.graphql_as(&admin, create_key, key("INTEGRATOR", false)).await;
    let plain = ok(&body, "createApiKey")["secret"].as_str().unwrap().to_owned();
    assert_eq!(body["data"]["createApiKey"]["apiKey"]["canImport"], false);
    let body = app.graphql_as(&admin, create_key, key("INTEGRATOR", true)).await;
    let created = ok(&body, "createApiKey");
    assert_eq!(created["apiKey"]["canImport"], true);
    let importer = created["secret"].as_str().unwrap().to_owned();
    let key_id: i64 = created["apiKey"]["id"].as_str().unwrap().parse().unwrap();

    let customer = json!({ "i": { "code": "C1", "name": "深圳华强电子有限公司", "segment": "SMB", "industry": "电子", "city": "深圳", "acquiredOn": "2024-03-15" } });
    // A key without the right reads, but writes nothing.
    let body = app.graphql_as(&plain, CREATE_CUSTOMER, customer.clone()).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    // The importing key imports into its branch (the default for a BRANCH key).
    let body = app.graphql_as(&importer, CREATE_CUSTOMER, customer).await;
    let c1 = ok(&body, "createCustomer")["id"].as_str().unwrap().to_owned();
    let input = json!({ "i": { "customerId": c1, "salespersonId": "1", "orderedAt": "2025-02-14T10:00:00+08:00", "lines": [{ "productId": "1", "quantity": 2 }] } });
    let body = app.graphql_as(&importer, CREATE_ORDER, input).await;
    assert_eq!(ok(&body, "createOrder")["totalAmount"], "2469.12", "{body}");
    let sql = format!(
        "SELECT COUNT(*) FROM audit_log WHERE actor_api_key_id = {key_id} AND action IN ('customer.import', 'order.import')"
    );
    assert_eq!(number(&app, &sql).await, 2);
    // It changes nothing else: customers are updated by people.
    let update = format!(
        r#"mutation {{ updateCustomer(id: "{c1}", version: 1, input: {{ city: "广州" }}) {{ id }} }}"#
    );
    let body = app.graphql_as(&importer, &update, json!({})).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
}

crate::on_both_backends!(
    imported_history_shows_in_sales_metrics,
    bad_history_is_refused_with_the_field_named,
    an_api_key_imports_only_with_the_right,
);
