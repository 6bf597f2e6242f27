//! Mutations: an order booked with its lines in one transaction and its totals computed by
//! the server; invalid input named field by field with nothing half-written; optimistic
//! versions; unique and foreign-key violations as CONFLICT without database text; write rules;
//! sensitive fields masked.

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, number};

/// Words of database errors that must never reach a client.
const DATABASE_WORDS: &[&str] = &[
    "sql",
    "unique",
    "constraint",
    "duplicate",
    "violat",
    "foreign",
    "relation",
    "syntax",
    "panic",
];

fn assert_no_database_text(body: &Value) {
    let text = body["errors"].to_string().to_lowercase();
    for word in DATABASE_WORDS {
        assert!(!text.contains(word), "{word:?} reached the client: {body}");
    }
}

const CREATE_ORDER: &str = "mutation($i: CreateOrderInput!) { createOrder(input: $i) { id orderNo status totalAmount branch { code } salesperson { name } customer { id } lines { quantity unitPrice discountPct amount product { id } } } }";

/// A customer of rep.sh and two products on sale with their list prices.
async fn fixture(app: &TestApp, rep: &str) -> (String, Vec<(String, String)>) {
    let body = app
        .graphql_as(
            rep,
            "{ customers(first: 1) { edges { node { id } } } products(first: 2, filter: { status: { eq: ACTIVE } }) { edges { node { id listPrice } } } }",
            json!({}),
        )
        .await;
    let customer = body["data"]["customers"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let products = body["data"]["products"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["id"].as_str().unwrap().to_owned(),
                e["node"]["listPrice"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (customer, products)
}

async fn an_order_is_booked_with_its_lines_and_server_side_totals(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (rep, _) = app.login("rep.sh").await;
    let (customer, products) = fixture(&app, &rep).await;
    let input = json!({ "i": {
        "customerId": customer,
        "note": "首单,请加急",
        "lines": [
            { "productId": products[0].0, "quantity": 3, "unitPrice": "1234.56", "discountPct": "12.5" },
            { "productId": products[1].0, "quantity": 1 },
        ],
    }});
    let body = app.graphql_as(&rep, CREATE_ORDER, input).await;
    let order = &body["data"]["createOrder"];
    assert!(order.is_object(), "{body}");
    // 3 × 1,234.56 = 3,703.68, less 12.5% = 3,240.72; the second line is at list price.
    assert_eq!(order["lines"][0]["amount"], "3240.72");
    assert_eq!(order["lines"][1]["unitPrice"], products[1].1);
    assert_eq!(
        order["lines"][1]["amount"].as_str().unwrap().parse::<f64>().unwrap(),
        products[1].1.parse::<f64>().unwrap()
    );
    let list_price: rust_decimal::Decimal = products[1].1.parse().unwrap();
    let expected_total = rust_decimal::Decimal::new(324_072, 2) + list_price;
    assert_eq!(
        order["totalAmount"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap(),
        expected_total
    );
    assert_eq!(order["status"], "CONFIRMED");
    assert_eq!(order["branch"]["code"], "SH");
    assert_eq!(order["customer"]["id"], customer.as_str());
    let order_no = order["orderNo"].as_str().unwrap();
    assert!(order_no.starts_with("SO") && order_no.contains("SH-"), "{order_no}");

    // HQ sees who did it in the audit log, with the lines.
    let (admin, _) = app.login("admin").await;
    let audit = app
        .graphql_as(&admin, r#"{ auditEntries(filter: { action: { eq: "order.create" } }) { edges { node { entity entityId actorUserId changes requestId } } } }"#, json!({}))
        .await;
    let entry = &audit["data"]["auditEntries"]["edges"][0]["node"];
    assert_eq!(entry["entity"], "sales_orders", "{audit}");
    assert_eq!(entry["entityId"], order["id"]);
    assert_eq!(entry["changes"]["lines"]["after"].as_array().map(Vec::len), Some(2), "{entry}");
    assert!(entry["requestId"].is_string());
    // Other principals' audit queries see nothing.
    let hidden = app.graphql_as(&rep, "{ auditEntries { totalCount } }", json!({})).await;
    assert_eq!(hidden["data"]["auditEntries"]["totalCount"], 0);
    app.stop().await;
}

async fn invalid_orders_name_the_field_and_write_nothing(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (rep, _) = app.login("rep.sh").await;
    let (customer, products) = fixture(&app, &rep).await;
    let orders_before = number(&app, "SELECT COUNT(*) FROM sales_orders").await;
    let lines_before = number(&app, "SELECT COUNT(*) FROM order_lines").await;
    let audit_before = number(&app, "SELECT COUNT(*) FROM audit_log").await;
    let good = json!({ "productId": products[0].0, "quantity": 2 });
    let guangzhou_customer = number(&app, "SELECT CAST(MIN(c.id) AS BIGINT) FROM customers c JOIN branches b ON b.id = c.branch_id WHERE b.code = 'GZ'").await;
    let cases = [
        (json!({ "customerId": customer, "lines": [] }), "lines"),
        (
            json!({ "customerId": customer, "lines": [good, { "productId": products[1].0, "quantity": 0 }] }),
            "lines[1].quantity",
        ),
        (
            json!({ "customerId": customer, "lines": [good, { "productId": products[1].0, "quantity": 1, "discountPct": "120" }] }),
            "lines[1].discountPct",
        ),
        (
            json!({ "customerId": customer, "lines": [{ "productId": products[0].0, "quantity": 1, "unitPrice": "-5" }] }),
            "lines[0].unitPrice",
        ),
        (
            json!({ "customerId": customer, "lines": [{ "productId": products[0].0, "quantity": 1, "unitPrice": "9.999" }] }),
            "lines[0].unitPrice",
        ),
        (
            json!({ "customerId": customer, "lines": [good, { "productId": "99999", "quantity": 1 }] }),
            "lines[1].productId",
        ),
        (
            json!({ "customerId": customer, "lines": [{ "productId": "p-1", "quantity": 1 }] }),
            "lines[0].productId",
        ),
        (json!({ "customerId": guangzhou_customer.to_string(), "lines": [good] }), "customerId"),
        (json!({ "customerId": customer, "salespersonId": "1", "lines": [good] }), "salespersonId"),
        (
            json!({ "customerId": customer, "orderedAt": "2099-01-01T00:00:00Z", "lines": [good] }),
            "orderedAt",
        ),
        (json!({ "customerId": customer, "status": "CANCELLED", "lines": [good] }), "status"),
    ];
    for (input, field) in cases {
        let body = app.graphql_as(&rep, CREATE_ORDER, json!({ "i": input })).await;
        assert_eq!(error(&body).0, "BAD_USER_INPUT", "{field}: {body}");
        assert_eq!(error(&body).1, field, "{body}");
        assert!(body["data"].is_null(), "{body}");
    }
    assert_eq!(number(&app, "SELECT COUNT(*) FROM sales_orders").await, orders_before);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM order_lines").await, lines_before);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM audit_log").await, audit_before);

    // Roles that may not write sales data are refused outright.
    let (analyst, _) = app.login("analyst").await;
    let body = app.graphql_as(&analyst, CREATE_ORDER, json!({ "i": { "customerId": customer, "lines": [{ "productId": products[0].0, "quantity": 1 }] } })).await;
    assert_eq!(error(&body).0, "FORBIDDEN");
    app.stop().await;
}

const UPDATE_CUSTOMER: &str = "mutation($id: ID!, $v: Int!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, version: $v, input: $i) { id name version status churnedOn } }";

async fn stale_versions_conflict_and_out_of_scope_writes_are_forbidden(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (manager, _) = app.login("mgr.sh").await;
    let body = app
        .graphql_as(
            &manager,
            "{ customers(first: 1) { edges { node { id version name } } } }",
            json!({}),
        )
        .await;
    let customer = &body["data"]["customers"]["edges"][0]["node"];
    let (id, version) =
        (customer["id"].as_str().unwrap().to_owned(), customer["version"].as_i64().unwrap());

    let first = app.graphql_as(&manager, UPDATE_CUSTOMER, json!({ "id": id, "v": version, "i": { "name": "上海华信科技(集团)有限公司", "status": "CHURNED" } })).await;
    let updated = &first["data"]["updateCustomer"];
    assert_eq!(updated["name"], "上海华信科技(集团)有限公司", "{first}");
    assert_eq!(updated["version"], version + 1);
    assert_eq!(updated["status"], "CHURNED");
    assert!(updated["churnedOn"].is_string(), "churning records the day: {first}");

    // A second writer still holding the old version is refused, and nothing changes.
    let stale = app
        .graphql_as(
            &manager,
            UPDATE_CUSTOMER,
            json!({ "id": id, "v": version, "i": { "name": "旧名字" } }),
        )
        .await;
    assert_eq!((error(&stale).0, error(&stale).1), ("CONFLICT", "version"), "{stale}");
    let q = format!(r#"{{ customer(id: "{id}") {{ name version }} }}"#);
    let now = app.graphql_as(&manager, &q, json!({})).await;
    assert_eq!(now["data"]["customer"]["name"], "上海华信科技(集团)有限公司");

    let bad = app
        .graphql_as(
            &manager,
            UPDATE_CUSTOMER,
            json!({ "id": id, "v": version + 1, "i": { "name": " " } }),
        )
        .await;
    assert_eq!((error(&bad).0, error(&bad).1), ("BAD_USER_INPUT", "name"));

    // 华南's customer: FORBIDDEN to write for a manager of 华东, NOT_FOUND to read.
    let guangzhou = number(&app, "SELECT CAST(MIN(c.id) AS BIGINT) FROM customers c JOIN branches b ON b.id = c.branch_id WHERE b.code = 'GZ'").await;
    let body = app
        .graphql_as(
            &manager,
            UPDATE_CUSTOMER,
            json!({ "id": guangzhou.to_string(), "v": 1, "i": { "name": "改名" } }),
        )
        .await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    let body = app
        .graphql_as(
            &manager,
            UPDATE_CUSTOMER,
            json!({ "id": "99999999", "v": 1, "i": { "name": "改名" } }),
        )
        .await;
    assert_eq!(error(&body).0, "NOT_FOUND", "{body}");
    app.stop().await;
}

const CREATE_PRODUCT: &str =
    "mutation($i: ProductInput!) { createProduct(input: $i) { id sku name listPrice version } }";

async fn unique_and_foreign_key_violations_are_conflicts_without_database_text(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let input = |sku: &str| json!({ "i": { "sku": sku, "name": "智能会议平板 X1", "categoryId": "1", "unit": "台", "listPrice": "15999.00" } });

    let created = app.graphql_as(&admin, CREATE_PRODUCT, input("MEET-X1")).await;
    assert_eq!(created["data"]["createProduct"]["name"], "智能会议平板 X1", "{created}");
    let duplicate = app.graphql_as(&admin, CREATE_PRODUCT, input("MEET-X1")).await;
    assert_eq!((error(&duplicate).0, error(&duplicate).1), ("CONFLICT", "sku"), "{duplicate}");
    assert_no_database_text(&duplicate);

    // An update onto another product's SKU: the same CONFLICT.
    let id = created["data"]["createProduct"]["id"].as_str().unwrap();
    let q = "mutation($id: ID!, $i: ProductInput!) { updateProduct(id: $id, version: 1, input: $i) { sku } }";
    let body = app.graphql_as(&admin, q, json!({ "id": id, "i": { "sku": "NETWORK-001" } })).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "sku"), "{body}");
    assert_no_database_text(&body);

    // A product with order history cannot be removed; a new one can.
    let sold = number(&app, "SELECT CAST(MIN(product_id) AS BIGINT) FROM order_lines").await;
    let q = "mutation($id: ID!) { deleteProduct(id: $id) }";
    let body = app.graphql_as(&admin, q, json!({ "id": sold.to_string() })).await;
    assert_eq!(error(&body).0, "CONFLICT", "{body}");
    assert_no_database_text(&body);
    assert_eq!(number(&app, &format!("SELECT COUNT(*) FROM products WHERE id = {sold}")).await, 1);
    let body = app.graphql_as(&admin, q, json!({ "id": id })).await;
    assert_eq!(body["data"]["deleteProduct"], id, "{body}");

    // Input errors on products.
    let body = app.graphql_as(&admin, CREATE_PRODUCT, json!({ "i": { "sku": "A1", "name": "X", "categoryId": "1", "unit": "台", "listPrice": "1" } })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "name"));
    let body = app.graphql_as(&admin, CREATE_PRODUCT, json!({ "i": { "sku": "A1B2", "name": "新产品", "categoryId": "999", "unit": "台", "listPrice": "1" } })).await;
    assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", "categoryId"));
    // Only HQ_ADMIN edits the catalogue.
    let (manager, _) = app.login("mgr.sh").await;
    let body = app.graphql_as(&manager, CREATE_PRODUCT, input("MEET-X2")).await;
    assert_eq!(error(&body).0, "FORBIDDEN");
    app.stop().await;
}

const CREATE_KEY: &str = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
const AWARDS: &str = "{ incentiveAwards(first: 500, filter: { kind: { eq: BONUS } }) { totalCount edges { node { amount attainment employee { branchId } } } } }";

async fn award_amounts_are_shown_only_to_hq_the_subject_and_their_manager(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let amounts = |body: &Value| -> Vec<Value> {
        body["data"]["incentiveAwards"]["edges"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|e| e["node"]["amount"].clone())
            .collect()
    };
    let (analyst, _) = app.login("analyst").await;
    let all = app.graphql_as(&analyst, AWARDS, json!({})).await;
    assert!(!amounts(&all).is_empty() && amounts(&all).iter().all(Value::is_string), "{all}");
    let (manager, _) = app.login("mgr.sh").await;
    let mine = app.graphql_as(&manager, AWARDS, json!({})).await;
    assert!(!amounts(&mine).is_empty() && amounts(&mine).iter().all(Value::is_string), "{mine}");

    // An integrator's key for the same branch sees the awards, not their amounts.
    let (admin, _) = app.login("admin").await;
    let key = app
        .graphql_as(&admin, CREATE_KEY, json!({ "i": { "name": "上海 BI", "role": "INTEGRATOR", "scope": "BRANCH", "branchId": "1" } }))
        .await;
    let key = key["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("{key}"))
        .to_owned();
    let seen = app.graphql_as(&key, AWARDS, json!({})).await;
    assert_eq!(
        seen["data"]["incentiveAwards"]["totalCount"],
        mine["data"]["incentiveAwards"]["totalCount"]
    );
    assert!(amounts(&seen).iter().all(Value::is_null), "{seen}");
    // Nor can a filter on the amount reveal it: the field is not filterable.
    let probe = app
        .graphql_as(
            &key,
            "{ incentiveAwards(filter: { amount: { gt: \"1000\" } }) { totalCount } }",
            json!({}),
        )
        .await;
    assert!(probe["errors"][0]["message"].as_str().unwrap().contains("amount"), "{probe}");
    app.stop().await;
}

/// A mutation that fails after its audit entry is written leaves neither the change nor the
/// entry. PostgreSQL: a deferred constraint trigger refuses the new order at COMMIT, after every
/// statement of the mutation (audit entry included) has run. SQLite has no deferred triggers:
/// there the audit insert itself is refused, after the order and its lines were written.
async fn a_failed_mutation_leaves_no_audit_entry(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (rep, _) = app.login("rep.sh").await;
    let (customer, products) = fixture(&app, &rep).await;
    let refuse = match app.db.get_database_backend() {
        sea_orm::DbBackend::Postgres => vec![
            "CREATE FUNCTION refuse_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$",
            "CREATE CONSTRAINT TRIGGER refuse_order AFTER INSERT ON sales_orders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_order()",
        ],
        _ => vec![
            "CREATE TRIGGER refuse_order_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'order.create' BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
        ],
    };
    for sql in refuse {
        app.db.execute_unprepared(sql).await.unwrap();
    }
    let orders = number(&app, "SELECT COUNT(*) FROM sales_orders").await;
    let lines = number(&app, "SELECT COUNT(*) FROM order_lines").await;
    let input = json!({ "i": { "customerId": customer, "lines": [{ "productId": products[0].0, "quantity": 1 }] } });
    let body = app.graphql_as(&rep, CREATE_ORDER, input).await;
    assert_eq!(error(&body).0, "INTERNAL", "{body}");
    assert!(
        !body.to_string().contains("refused by test"),
        "database text reached the client: {body}"
    );
    assert_eq!(number(&app, "SELECT COUNT(*) FROM sales_orders").await, orders);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM order_lines").await, lines);
    let entries =
        number(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'order.create'").await;
    assert_eq!(entries, 0, "the audit entry went with the change");
    app.stop().await;
}

const REPRICE: &str = "mutation($p: ID!, $v: Int!, $price: Decimal!, $r: String!) { changeProductPrice(productId: $p, version: $v, newPrice: $price, reason: $r) { id oldPrice newPrice reason effectiveOn approvedById product { listPrice version } } }";

async fn a_price_change_is_recorded_and_priced_into_new_orders(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let (admin, _) = app.login("admin").await;
    let (manager, _) = app.login("mgr.sh").await;
    let body = app.graphql_as(&admin, "{ products(first: 1, filter: { status: { eq: ACTIVE } }) { edges { node { id version listPrice } } } }", json!({})).await;
    let product = &body["data"]["products"]["edges"][0]["node"];
    let (id, version) =
        (product["id"].as_str().unwrap().to_owned(), product["version"].as_i64().unwrap());
    let old = product["listPrice"].clone();
    let changes = "SELECT COUNT(*) FROM price_changes";
    let count = number(&app, changes).await;
    let vars =
        |v: i64, price: &str, reason: &str| json!({ "p": id, "v": v, "price": price, "r": reason });

    let body = app.graphql_as(&manager, REPRICE, vars(version, "99.00", "成本上涨")).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    for (vars, field) in [
        (vars(version, "-1", "成本上涨"), "newPrice"),
        (vars(version, "12.345", "成本上涨"), "newPrice"),
        (vars(version, old.as_str().unwrap(), "成本上涨"), "newPrice"),
        (vars(version, "99.00", "涨"), "reason"),
    ] {
        let body = app.graphql_as(&admin, REPRICE, vars).await;
        assert_eq!((error(&body).0, error(&body).1), ("BAD_USER_INPUT", field), "{body}");
    }
    let body = app.graphql_as(&admin, REPRICE, vars(version + 1, "99.00", "成本上涨")).await;
    assert_eq!((error(&body).0, error(&body).1), ("CONFLICT", "version"), "{body}");
    assert_eq!(number(&app, changes).await, count);

    let body = app.graphql_as(&admin, REPRICE, vars(version, "1288.80", "原材料成本上涨")).await;
    let change = &body["data"]["changeProductPrice"];
    assert_eq!(change["oldPrice"], old, "{body}");
    assert_eq!(change["newPrice"].as_str().unwrap().parse::<f64>().unwrap(), 1288.8, "{body}");
    assert_eq!(change["reason"], "原材料成本上涨");
    assert_eq!(change["product"]["version"].as_i64(), Some(version + 1));
    assert_eq!(change["product"]["listPrice"], change["newPrice"], "{body}");
    assert_eq!(number(&app, changes).await, count + 1);

    // An order booked now takes the new price.
    let customer = number(&app, "SELECT CAST(MIN(c.id) AS BIGINT) FROM customers c JOIN branches b ON b.id = c.branch_id WHERE b.code = 'SH'").await;
    let order = "mutation($i: CreateOrderInput!) { createOrder(input: $i) { totalAmount lines { unitPrice } } }";
    let body = app.graphql_as(&manager, order, json!({ "i": { "customerId": customer.to_string(), "lines": [{ "productId": id, "quantity": 2 }] } })).await;
    let booked = &body["data"]["createOrder"];
    assert_eq!(
        booked["lines"][0]["unitPrice"].as_str().unwrap().parse::<f64>().unwrap(),
        1288.8,
        "{body}"
    );
    assert_eq!(booked["totalAmount"].as_str().unwrap().parse::<f64>().unwrap(), 2577.6, "{body}");
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'product.changePrice' AND entity_id = '{id}'"
    );
    assert_eq!(number(&app, &audited).await, 1);
    app.stop().await;
}

async fn branch_scoped_callers_create_for_their_own_branch_by_default(backend: Backend) {
    let app = TestApp::spawn_seeded(&backend).await;
    let sh = number(&app, "SELECT CAST(id AS BIGINT) FROM branches WHERE code = 'SH'").await;
    let rep_employee = number(
        &app,
        "SELECT CAST(employee_id AS BIGINT) FROM user_accounts WHERE username = 'rep.sh'",
    )
    .await;
    let (manager, _) = app.login("mgr.sh").await;
    let (rep, _) = app.login("rep.sh").await;
    let (admin, _) = app.login("admin").await;
    let team = (
        "mutation($i: TeamInput!) { createTeam(input: $i) { branchId } }",
        "createTeam",
        json!({ "name": "新兴行业组" }),
    );
    let project = (
        "mutation($i: ProjectInput!) { createProject(input: $i) { branchId } }",
        "createProject",
        json!({ "name": "浦东重点客户攻坚", "ownerId": rep_employee.to_string(), "startsOn": "2026-12-01" }),
    );
    let signal = (
        "mutation($i: MarketSignalInput!) { createMarketSignal(input: $i) { branchId } }",
        "createMarketSignal",
        json!({ "kind": "PRICE", "title": "原材料涨价", "description": "芯片涨价 5%", "impact": "MEDIUM", "observedOn": "2026-11-21" }),
    );
    let feedback = (
        "mutation($i: MarketFeedbackInput!) { createMarketFeedback(input: $i) { branchId } }",
        "createMarketFeedback",
        json!({ "category": "PRICE", "sentiment": "NEGATIVE", "content": "客户反映报价比竞品高 8%" }),
    );
    let customer = (
        "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { branchId } }",
        "createCustomer",
        json!({ "code": "C-SH-9001", "name": "上海新客户有限公司", "segment": "SMB", "industry": "制造业", "city": "上海" }),
    );

    // Left out, the branch is the caller's own: a manager's, a rep's.
    for (token, (mutation, name, input)) in [
        (&manager, &team),
        (&manager, &project),
        (&manager, &signal),
        (&manager, &feedback),
        (&rep, &feedback),
        (&rep, &customer),
    ] {
        let body = app.graphql_as(token, mutation, json!({ "i": input })).await;
        assert_eq!(body["data"][*name]["branchId"], json!(sh.to_string()), "{name}: {body}");
    }

    // HQ has no branch of its own: where a row needs one, the field is named; where it may
    // concern the whole company, it does.
    for (mutation, name, input) in [&team, &feedback, &customer] {
        let body = app.graphql_as(&admin, mutation, json!({ "i": input })).await;
        assert_eq!(
            (error(&body).0, error(&body).1),
            ("BAD_USER_INPUT", "branchId"),
            "{name}: {body}"
        );
    }
    for (mutation, name, input) in [&project, &signal] {
        let body = app.graphql_as(&admin, mutation, json!({ "i": input })).await;
        assert!(
            body["data"][*name].is_object() && body["data"][*name]["branchId"].is_null(),
            "{name}: {body}"
        );
    }
    // A manager's explicit null is a company-wide row, which is HQ's.
    let mut company_wide = signal.2.clone();
    company_wide["branchId"] = json!(null);
    let body = app.graphql_as(&manager, signal.0, json!({ "i": company_wide })).await;
    assert_eq!(error(&body).0, "FORBIDDEN", "{body}");
    app.stop().await;
}

crate::on_both_backends!(
    branch_scoped_callers_create_for_their_own_branch_by_default,
    a_failed_mutation_leaves_no_audit_entry,
    an_order_is_booked_with_its_lines_and_server_side_totals,
    invalid_orders_name_the_field_and_write_nothing,
    stale_versions_conflict_and_out_of_scope_writes_are_forbidden,
    unique_and_foreign_key_violations_are_conflicts_without_database_text,
    award_amounts_are_shown_only_to_hq_the_subject_and_their_manager,
    a_price_change_is_recorded_and_priced_into_new_orders,
);
